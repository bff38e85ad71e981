"""Preparation time end to end: the real discord.py client against the fake Discord."""

from __future__ import annotations

from tests.e2e.test_debate import _posted, click, clock, fill, ids, open_debate, slash, text_of

__all__ = ["clock"]  # the fixture, shared with test_debate


async def test_preparation_counts_down_then_the_first_speech_starts(thawbot, fake_discord, clock):
    fake = fake_discord
    cog = thawbot.get_cog("Debates")
    service = cog.service
    lobby, thread = await open_debate(fake)
    await fill(fake, lobby)
    debate_id = int(ids(lobby)[0].split(":")[2])
    rec = await slash(fake, "start", {"prep": 1}, user="alice", channel="debate")
    assert rec.ephemeral and "Only a moderator" in rec.content
    rec = await slash(fake, "start", {"prep": 1}, user="teacher", channel="debate")
    assert rec.ephemeral and rec.content == "Started: preparation time."
    await _posted(fake, thread, "1 minute of preparation, then Alice (Opening · Sincere)")
    card = await _posted(fake, thread, "Preparation: 1:00 left")
    assert f"debate:ctl:{debate_id}:next:0" in ids(card)
    await fake.wait_until(
        lambda: service.get(debate_id).prep_message_id == card.id, 5.0, "the card is kept"
    )

    for user in ("alice", "bob"):  # each side's evidence, privately
        help_ = await click(fake, card, f"debate:evidence:{debate_id}", user)
        assert help_.ephemeral and help_.original.embeds
    rec = await slash(fake, "argue", user="alice", channel=thread)
    assert rec.ephemeral and not rec.modal and "preparing" in text_of(rec.original)

    clock.advance(31)
    assert [e.kind for e in await cog.tick()] == ["prep_warning"]
    await _posted(fake, thread, "30 seconds of preparation left.")
    await fake.wait_until(
        lambda: "Preparation: 0:29 left" in text_of(fake.message(card.id)), 5.0, "countdown"
    )
    clock.advance(30)
    assert [e.kind for e in await cog.tick()] == ["prep_over"]
    await _posted(fake, thread, "Preparation is over. Now speaking: Alice (Opening · Sincere).")
    speech = service.get(debate_id).speeches[0]
    await fake.wait_until(lambda: service.get(debate_id).speeches[0].timer_message_id, 5.0, "card")
    timer = fake.message(service.get(debate_id).speeches[0].timer_message_id)
    assert "Opening: Alice (Sincere)" in text_of(timer) and speech.status == "live"
    closed = fake.message(card.id)
    assert "Preparation over" in text_of(closed) and not closed.components
    assert await cog.tick() == []
    assert not fake.violations


async def test_next_on_the_preparation_card_starts_the_first_speech_once(
    thawbot, fake_discord, clock
):
    fake = fake_discord
    service = thawbot.get_cog("Debates").service
    lobby, thread = await open_debate(fake)
    await fill(fake, lobby)
    debate_id = int(ids(lobby)[0].split(":")[2])
    await slash(fake, "start", {"prep": 5}, user="teacher", channel="debate")
    card = await _posted(fake, thread, "Preparation: 5:00 left")
    start = f"debate:ctl:{debate_id}:next:0"
    rec = await click(fake, card, start, "alice")
    assert "Only a moderator" in rec.content
    rec = await click(fake, card, start, "teacher")
    assert rec.ephemeral and "Now speaking: Alice" in rec.content
    rec = await click(fake, card, start, "teacher")  # a double press
    assert rec.ephemeral and "already moved on" in rec.content
    debate = service.get(debate_id)
    assert debate.current is not None and debate.current.position == 0
    await _posted(fake, thread, "Preparation is over. Now speaking: Alice")
    assert not fake.violations
