"""Ballots end to end: the real discord.py client against the local stand-in for Discord."""

from __future__ import annotations

import csv
import io

from tests.e2e.test_debate import _modal_values, clock, fill, ids, open_debate, slash, text_of
from tests.fakediscord import FakeDiscord

__all__ = ["clock"]  # the fixture, shared with test_debate


async def _ended(fake: FakeDiscord) -> int:
    """A short debate, started and ended (the speeches not held, the vote after closed)."""
    lobby, _thread = await open_debate(fake)
    await fill(fake, lobby)
    debate_id = int(ids(lobby)[0].split(":")[2])
    for op in ("start", "end", "end"):
        rec = await slash(fake, op, user="teacher", channel="debate")
        assert rec.ephemeral, rec.content
    return debate_id


def _inputs(rec) -> dict[str, dict]:
    """The modal's text inputs by label (discord.py gives them random custom ids)."""
    return {row["components"][0]["label"]: row["components"][0] for row in rec.modal["components"]}


async def test_a_ballot_is_filled_released_and_read_privately(thawbot, fake_discord, clock):
    fake = fake_discord
    rec = await slash(fake, "ballot", user="teacher", channel="debate")
    assert rec.ephemeral and "No debate has been held in this channel yet" in rec.content
    lobby, _ = await open_debate(fake)
    await fill(fake, lobby)
    rec = await slash(fake, "ballot", user="teacher", channel="debate")
    assert rec.ephemeral and "still running" in rec.content
    for op in ("start", "end", "end"):
        await slash(fake, op, user="teacher", channel="debate")
    debate_id = int(ids(lobby)[0].split(":")[2])

    rec = await slash(fake, "ballot", user="alice", channel="debate")
    assert rec.ephemeral and "Only a moderator can fill in a ballot" in rec.content
    rec = await fake.autocomplete("debate ballot", "student", "a", user="teacher", channel="debate")
    await rec.wait_done()
    names = [c["name"] for c in rec.choices]
    assert names == ["Alice (Sincere)", "Carol (Sincere)", "Dave (Political)"]
    alice_id = next(c["value"] for c in rec.choices if c["name"].startswith("Alice"))

    listing = await slash(fake, "ballot", user="teacher", channel="debate")
    assert listing.ephemeral and f"Ballots: debate {debate_id}" in text_of(listing.original)
    button = f"debate:ballot:{debate_id}:{alice_id}"
    assert button in ids(listing.original) and len(ids(listing.original)) == 4
    rec = await fake.click(listing, button, user="teacher")
    await rec.wait_done()
    assert rec.modal is not None and rec.modal["title"] == "Ballot: Alice"
    boxes = _inputs(rec)
    assert list(boxes) == [
        "Evidence (1-4)",
        "Reasoning (1-4)",
        "Rebuttal (1-4)",
        "Delivery (1-4)",
        "Feedback for the student",
    ]
    assert boxes["Evidence (1-4)"]["value"] == "1"  # suggested: no passage cited
    refused = await fake.submit_modal(rec, _modal_values(rec, "4", "four", "3", "2", "Good"))
    await refused.wait_done()
    shown = text_of(refused.original)
    assert refused.ephemeral and "Reasoning must be a whole number from 1 to 4" in shown
    assert "Nothing was saved" in shown and "Good" in shown  # the feedback is not lost
    rec = await fake.click(refused, button, user="teacher")  # Fill in again
    await rec.wait_done()
    saved = await fake.submit_modal(
        rec, _modal_values(rec, "4", "3", "3", "2", "Use a second reading; **well** argued")
    )
    await saved.wait_done()
    assert saved.ephemeral and "Ballot saved for Alice" in text_of(saved.original)

    by_command = await slash(
        fake, "ballot", {"student": alice_id}, user="teacher", channel="debate"
    )
    assert _inputs(by_command)["Reasoning (1-4)"]["value"] == "3"  # the saved ballot, to edit

    rec = await slash(fake, "feedback", user="alice", channel="history")
    assert rec.ephemeral and "not released yet" in rec.content
    rec = await slash(fake, "release", user="alice", channel="debate")
    assert rec.ephemeral and "Only a moderator can release the ballots" in rec.content
    rec = await slash(fake, "release", user="teacher", channel="debate")
    assert rec.ephemeral and "Released 1 ballot" in rec.content

    rec = await slash(fake, "feedback", user="alice", channel="history")
    shown = text_of(rec.original)
    assert rec.ephemeral and f"Your ballot: debate {debate_id}" in shown
    assert "Evidence: 4 / 4" in shown and "Total\n12 / 16" in shown
    assert r"\*\*well\*\*" in shown  # typed text shown literally
    rec = await slash(fake, "feedback", user="bob", channel="history")
    assert rec.ephemeral and "You have no ballot on this server yet." in rec.content

    rec = await slash(fake, "export", user="teacher", channel="debate")
    [(_name, data)] = rec.original.files.items()
    rows = {r["student"]: r for r in csv.DictReader(io.StringIO(data.decode("utf-8-sig")))}
    assert (rows["Alice"]["evidence"], rows["Alice"]["rubric total"]) == ("4", "12")
    assert rows["Alice"]["ballot released"] == "yes" and rows["Bob"]["evidence"] == ""
    assert not any(m.content and "well" in m.content for m in fake.messages("debate"))
    assert not fake.violations


async def test_the_rubric_is_shown_and_reworded_per_server(thawbot, fake_discord, clock):
    fake = fake_discord
    rec = await fake.slash("rubric", {}, user="alice", channel="history")
    await rec.wait_done()
    assert rec.ephemeral and "Debate rubric" in text_of(rec.original)
    rec = await fake.slash("rubric", {"criterion": "delivery"}, user="alice", channel="history")
    await rec.wait_done()
    assert "Only a moderator can change the rubric" in rec.content and not rec.modal
    rec = await fake.slash("rubric", {"criterion": "delivery"}, user="teacher", channel="history")
    await rec.wait_done()
    assert _inputs(rec)["Name"]["value"] == "Delivery"
    done = await fake.submit_modal(
        rec, _modal_values(rec, "Speaking", "Silent", "Halting", "Clear", "Compelling")
    )
    await done.wait_done()
    assert "Compelling" in text_of(done.original) and "reworded" in text_of(done.original)
    debate_id = await _ended(fake)
    listing = await slash(fake, "ballot", user="teacher", channel="debate")
    rec = await fake.click(listing, ids(listing.original)[0], user="teacher")
    await rec.wait_done()
    assert rec.modal["components"][3]["components"][0]["label"] == "Speaking (1-4)"
    assert debate_id and not fake.violations
