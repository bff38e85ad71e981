"""Lone surrogates in typed text: kept (as U+FFFD), the user told, never "went wrong"."""

from __future__ import annotations

from bot.debate import debates_for
from bot.typed import NOTE, REPLACEMENT, readable
from tests.e2e.test_debate import slash


def test_readable_replaces_only_lone_surrogates():
    assert readable("Thaw \ud800 was \U0001f600 real") == (
        f"Thaw {REPLACEMENT} was \U0001f600 real",
        True,
    )
    assert readable("plain") == ("plain", False)


async def test_a_motion_with_a_lone_surrogate_is_kept_and_the_user_told(thawbot, fake_discord):
    options = {"format": "short", "motion": "The Thaw \ud83d was a sincere break"}
    rec = await slash(fake_discord, "open", options, user="teacher", channel="debate")
    assert "Something went wrong" not in (rec.content or "")
    assert "Debate opened" in rec.content
    await fake_discord.wait_until(
        lambda: any(m.content == NOTE for m in rec.followups), 5.0, "the note"
    )
    service = debates_for(thawbot.services)
    [debate] = service.running() or [service.current_in(fake_discord.channel("debate").id)]
    assert debate.motion == f"The Thaw {REPLACEMENT} was a sincere break"
