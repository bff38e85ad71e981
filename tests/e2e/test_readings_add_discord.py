"""/readings add from Discord, end to end with the real discord.py client: a file (.html,
.pdf) or pasted text, the private check report, Confirm or Cancel, the server's view."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.fixtures_ingest import html_bytes, pdf_bytes
from bot import readings
from bot.corpus.ingest import MAX_BYTES
from bot.errors import Conflict
from bot.models import Actor
from bot.readings_pending import confirm
from tests.fakediscord import FakeFile
from tests.fakediscord.attachments import NITRO_UPLOAD_LIMIT

BLOG = Path(__file__).parents[1] / "data" / "readings_heldout" / "sheilaomalley-secret-speech.txt"
PARAGRAPHS = [
    "The Virgin Lands campaign opened vast steppe in Kazakhstan to wheat in 1954.",
    "Zhdanovite censorship eased after 1956, and Ilya Ehrenburg's novel gave the Thaw its name.",
    "Many former prisoners returned from the camps to find their homes taken by others.",
]
META = {"title": "The Thaw in practice", "author": "A. Teacher", "kind": "article"}
QUERY = "Virgin Lands steppe Kazakhstan wheat"


def _shown(rec_or_msg) -> str:
    return (rec_or_msg.content or "") + " ".join(str(e) for e in rec_or_msg.embeds)


async def _add(fake, name: str, data: bytes, user: str = "teacher", **extra):
    options = {**META, "kind": META["kind"], "file": FakeFile(name, data), **extra}
    rec = await fake.slash("readings add", options, user=user)
    await rec.wait_followups(1, timeout=20)
    return rec, rec.followups[0]


async def _pressed(fake, message, custom_id: str, user: str, expect: str):
    """Press a control and wait for the message it edits (after a deferred update) to say
    ``expect``, or for a private answer; returns the text shown."""
    press = await fake.click(message, custom_id, user=user)

    def shown() -> str:
        return _shown(press.original) if press.original else ""

    def done() -> bool:
        return expect in shown() or bool(press.followups)

    await fake.wait_until(done, 20, expect)
    return shown() + " ".join(m.content or "" for m in press.followups)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("thaw.html", html_bytes(PARAGRAPHS, "The Thaw in practice")),
        ("thaw.pdf", pdf_bytes(PARAGRAPHS)),
    ],
)
async def test_a_file_is_checked_confirmed_and_searched_in_this_server_only(
    thawbot, fake_discord, name, data
):
    rec, report = await _add(fake_discord, name, data, id="thaw-practice")
    assert rec.ephemeral and report.data.get("flags", 0) & 64
    text = _shown(report)
    assert "3 passages" in text or "passages" in text
    assert "Check: The Thaw in practice" in text
    assert readings.listed(thawbot.services.store) == []  # nothing added before Confirm
    ids = [c["custom_id"] for row in report.data["components"] for c in row["components"]]
    confirm = next(i for i in ids if ":confirm:" in i)
    added = "Added “The Thaw in practice” (thaw-practice)"
    assert added in await _pressed(fake_discord, report, confirm, "teacher", added)
    found = await fake_discord.slash("quote", {"query": QUERY}, user="alice")
    await found.wait_done()
    assert "Virgin Lands" in _shown(found) and "thaw-practice" in _shown(found)
    engine = thawbot.services.search
    assert all(
        h.passage.source != "thaw-practice"
        for h in engine.search(QUERY, server=fake_discord.guild_id + 1).hits
    )
    [added] = readings.listed(thawbot.services.store)
    assert added.guild_id == fake_discord.guild_id and added.file == name


async def test_cancel_leaves_nothing(thawbot, fake_discord):
    _rec, report = await _add(fake_discord, "thaw.html", html_bytes(PARAGRAPHS))
    ids = [c["custom_id"] for row in report.data["components"] for c in row["components"]]
    cancel = next(i for i in ids if ":cancel:" in i)
    done = "Cancelled: nothing was added."
    assert done in await _pressed(fake_discord, report, cancel, "teacher", done)
    assert readings.listed(thawbot.services.store) == []
    assert not report.data["components"]  # Discord shows no buttons to press any more
    token = next(i for i in ids if ":confirm:" in i).rsplit(":", 1)[1]
    teacher = Actor(fake_discord.member("teacher").id, "teacher", is_moderator=True)
    with pytest.raises(Conflict):  # a press from a copy of the old message
        confirm(thawbot.services.store, token, teacher)
    assert readings.listed(thawbot.services.store) == []


async def test_only_the_moderator_who_started_may_confirm_and_twice_adds_once(
    thawbot, fake_discord
):
    _rec, report = await _add(fake_discord, "thaw.pdf", pdf_bytes(PARAGRAPHS))
    ids = [c["custom_id"] for row in report.data["components"] for c in row["components"]]
    confirm = next(i for i in ids if ":confirm:" in i)
    other = await _pressed(fake_discord, report, confirm, "alice", "Added")
    assert "Only the moderator who started" in other
    first = await fake_discord.click(report, confirm, user="teacher", wait=False)
    second = await fake_discord.click(report, confirm, user="teacher", wait=False)

    def answered() -> bool:
        texts = [_shown(p.original) if p.original else "" for p in (first, second)]
        return any("Added" in t for t in texts) and bool(first.followups or second.followups)

    await fake_discord.wait_until(answered, 20, "both presses answered")
    refusals = [m.content for p in (first, second) for m in p.followups]
    assert len(refusals) == 1 and "already been added" in refusals[0]
    assert len(readings.listed(thawbot.services.store)) == 1


async def test_students_cannot_add(thawbot, fake_discord):
    rec = await fake_discord.slash(
        "readings add", {**META, "file": FakeFile("thaw.pdf", pdf_bytes(PARAGRAPHS))}, user="alice"
    )
    await rec.wait_done()
    assert "Only a moderator can add a reading." in rec.text()
    assert fake_discord.store.attachment_downloads == []


async def test_a_too_large_file_is_refused_before_download(thawbot, fake_discord):
    fake_discord.store.upload_limit = NITRO_UPLOAD_LIMIT  # Discord lets a Nitro user send it
    big = FakeFile("huge.pdf", b"%PDF-1.4\n" + b"0" * (MAX_BYTES + 1))
    rec = await fake_discord.slash("readings add", {**META, "file": big}, user="teacher")
    await rec.wait_done()
    assert rec.ephemeral and "the limit is 10 MB" in rec.text()
    assert fake_discord.store.attachment_downloads == []


async def test_discords_own_upload_limit_is_kept(thawbot, fake_discord):
    big = FakeFile("huge.pdf", b"0" * (10 * 1024 * 1024 + 1))
    with pytest.raises(AssertionError, match="upload limit"):
        await fake_discord.slash("readings add", {**META, "file": big}, user="teacher")


async def test_pasted_text_through_the_modal_and_keep_a_line(thawbot, fake_discord):
    rec = await fake_discord.slash("readings add", {**META, "id": "pasted"}, user="teacher")
    await rec.wait_done()
    assert rec.modal is not None
    text = "\n\n".join([*PARAGRAPHS, "Share this:", "Khrushchev spoke for four hours."])
    [field] = [c for row in rec.modal["components"] for c in row["components"]]
    submitted = await fake_discord.submit_modal(rec, {field["custom_id"]: text}, user="teacher")
    await submitted.wait_done()
    report = submitted.original
    assert report is not None and "Share this:" in _shown(report)
    ids = [c["custom_id"] for row in report.data["components"] for c in row["components"]]
    keep_id = next(i for i in ids if ":keep:" in i)
    kept = await fake_discord.select(report, keep_id, ["0"], user="teacher")
    await kept.wait_done()
    confirm = next(i for i in ids if ":confirm:" in i)
    assert "Added" in await _pressed(fake_discord, report, confirm, "teacher", "Added")
    passages = [p.text for p in thawbot.services.store.passages() if p.source == "pasted"]
    assert any("Virgin Lands" in p for p in passages)
