"""School-day facts through the real discord.py client: days, holidays, channels, exclusions."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.e2e.test_facts import NY, Clock, tick


@pytest.fixture
def clock(thawbot) -> Clock:
    made = Clock()
    made.local(2026, 3, 2, 8, 0)  # Monday, an hour before the 09:00 post
    thawbot.get_cog("Facts").service.clock = made
    return made


async def slash(fake, command: str, options: dict | None = None, user: str = "teacher"):
    rec = await fake.slash(command, options or {}, user=user)
    await rec.wait_done()
    return rec


async def test_days_and_a_second_channel_each_keep_their_own_schedule(thawbot, fake_discord, clock):
    options = {"time": "09:00", "timezone": NY}
    rec = await slash(fake_discord, "facts setup", {"channel": "history", **options})
    assert "on Mon–Fri" in rec.text()
    days = {"channel": "debate", "days": "mon,wed,fri", **options}
    rec = await slash(fake_discord, "facts setup", {**days})
    assert "Mon, Wed, Fri" in rec.text()
    here = await slash(fake_discord, "facts status")  # typed in #history: its schedule
    assert "Mon–Fri" in here.text() and "Other channels" in here.text() and here.ephemeral
    status = await slash(fake_discord, "facts status", {"channel": "debate"})
    text = status.text()
    assert "Next 5 posts" in text and "Mon 02 Mar 2026, 09:00 EST" in text
    assert "Fri 06 Mar 2026" in text and "Tue 03 Mar 2026" not in text
    clock.local(2026, 3, 3, 9, 1)  # Tuesday: history only
    await tick(thawbot, fake_discord, "history")
    assert fake_discord.messages("debate") == []
    bad = await slash(fake_discord, "facts setup", {**days, "days": "someday"})
    assert "not a day of the week" in bad.text() and "mon-fri" in bad.text()


async def test_holidays_are_typed_checked_listed_and_kept(thawbot, fake_discord, clock):
    await slash(fake_discord, "facts setup", {"channel": "history", "time": "09:00"})
    student = await slash(fake_discord, "facts holidays add", {"from": "2026-03-03"}, "alice")
    assert "Only a moderator" in student.text() and student.ephemeral
    bad = await slash(fake_discord, "facts holidays add", {"from": "3/3/2026"})
    assert "is not a date" in bad.text() and "YYYY-MM-DD" in bad.text() and bad.ephemeral
    backwards = {"from": "2026-03-05", "to": "2026-03-03"}
    assert "before the first" in (await slash(fake_discord, "facts holidays add", backwards)).text()
    name = "**Spring** break @everyone"
    week = {"from": "2026-03-03", "to": "2026-03-06", "name": name}
    added = await slash(fake_discord, "facts holidays add", week)
    assert "2026-03-03 to 2026-03-06" in added.text() and "\\*\\*Spring\\*\\*" in added.text()
    listed = await slash(fake_discord, "facts holidays list", user="alice")
    assert "2026-03-03 to 2026-03-06" in listed.text()
    clock.local(2026, 3, 3, 9, 1, zone="UTC")
    assert await thawbot.get_cog("Facts").tick() == []
    service = thawbot.get_cog("Facts").service
    next_post = service.status(fake_discord.guild_id).upcoming[0]
    assert next_post.astimezone(ZoneInfo("UTC")).date() == datetime(2026, 3, 9).date()
    removed = await slash(fake_discord, "facts holidays remove", {"from": "2026-03-03"})
    assert "Removed 1 holiday" in removed.text()


async def test_a_moderator_excludes_a_reading_and_undoes_it(thawbot, fake_discord, clock):
    service = thawbot.get_cog("Facts").service
    reading = service.reading_of(service.facts()[0])
    student = await slash(fake_discord, "facts exclude", {"what": reading}, "alice")
    assert "Only a moderator" in student.text()
    done = await slash(fake_discord, "facts exclude", {"what": reading})
    assert "will not be posted" in done.text() and done.ephemeral
    listed = await slash(fake_discord, "facts excluded", user="alice")
    assert reading in listed.text()
    left = service.server_facts(fake_discord.guild_id)
    assert left and all(service.reading_of(f) != reading for f in left)
    unknown = await slash(fake_discord, "facts exclude", {"what": "no-such-reading"})
    assert "No fact, passage or reading" in unknown.text()
    back = await slash(fake_discord, "facts include", {"what": reading})
    assert "Back in daily facts" in back.text()


async def test_a_term_calendar_uploaded_in_discord_becomes_holidays(thawbot, fake_discord, clock):
    """The .ics arrives as an attachment option; a student or a wrong file is refused
    before anything is downloaded, and importing twice adds nothing the second time."""
    from pathlib import Path

    from tests.fakediscord import FakeFile

    data = (Path(__file__).parents[1] / "data" / "calendars" / "term-2026-27.ics").read_bytes()
    await slash(fake_discord, "facts setup", {"channel": "history", "time": "09:00"})
    upload = {"file": FakeFile("term-2026-27.ics", data)}
    student = await slash(fake_discord, "facts holidays import", upload, "alice")
    assert "Only a moderator" in student.text() and student.ephemeral
    wrong = await slash(fake_discord, "facts holidays import", {"file": FakeFile("t.pdf", data)})
    assert "not an iCalendar file" in wrong.text() and wrong.ephemeral
    assert fake_discord.store.attachment_downloads == []
    imported = await slash(fake_discord, "facts holidays import", upload)
    assert "Term calendar imported" in imported.text() and imported.ephemeral
    assert "Veterans Day" in imported.text()
    again = await slash(fake_discord, "facts holidays import", upload)
    assert "0 holiday(s) added" in again.text() and "already listed" in again.text()
    listed = await slash(fake_discord, "facts holidays list", user="alice")
    assert "Veterans Day" in listed.text()
