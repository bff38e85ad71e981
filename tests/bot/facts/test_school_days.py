"""Facts on school days: weekdays, holidays, term calendars, several channels, exclusions."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlite_utils

from bot.errors import BadInput, NotFound
from bot.facts import FactService
from bot.facts._calendar import EVERY_DAY, SCHOOL_WEEK, days_text, parse_days, read_ics
from bot.facts._repo import FactRepo

GUILD, CHANNEL, OTHER, MOD = 100, 200, 201, 400
CALENDAR = Path(__file__).parents[2] / "data" / "calendars" / "term-2026-27.ics"


@pytest.fixture
def service(fresh_store, clock) -> FactService:
    return FactService(fresh_store, clock=clock)


@pytest.mark.parametrize(
    ("typed", "days"),
    [
        ("", SCHOOL_WEEK),
        ("mon-fri", SCHOOL_WEEK),
        ("Mon, Wed, Fri", frozenset({0, 2, 4})),
        ("tue thu", frozenset({1, 3})),
        ("daily", EVERY_DAY),
        ("fri-mon", frozenset({4, 5, 6, 0})),
        ("monday,tuesday", frozenset({0, 1})),
    ],
)
def test_days_are_read_from_what_a_teacher_types(typed, days):
    assert parse_days(typed) == days


@pytest.mark.parametrize("typed", ["someday", "mon-", "mon-fri-sat", "1,2,3"])
def test_days_that_are_not_days_are_refused_with_an_example(typed):
    with pytest.raises(BadInput, match="mon-fri"):
        parse_days(typed)


def test_days_are_shown_in_words():
    assert days_text(SCHOOL_WEEK) == "Mon–Fri"
    assert days_text(frozenset({0, 2, 4})) == "Mon, Wed, Fri"
    assert days_text(EVERY_DAY) == "every day"


@pytest.mark.parametrize(
    ("first", "last", "message"),
    [
        ("2026-13-01", None, "not a date"),
        ("21/12/2026", None, "YYYY-MM-DD"),
        ("2026-12-21", "2026-12-20", "before the first"),
        ("2026-01-01", "2028-01-01", "at most a year"),
    ],
)
def test_typed_holidays_are_checked(service, first, last, message):
    with pytest.raises(BadInput, match=message):
        service.add_holiday(GUILD, first, last)


def test_a_term_calendar_gives_all_day_multi_day_and_timed_events_in_the_servers_zone():
    data = CALENDAR.read_bytes()
    la = {(h.first, h.last): h.name for h in read_ics(data, ZoneInfo("America/Los_Angeles"))}
    assert la[(date(2026, 11, 25), date(2026, 11, 27))] == "Thanksgiving Break"  # DTEND exclusive
    assert (date(2026, 12, 21), date(2027, 1, 1)) in la  # across the new year
    assert (date(2027, 1, 18), date(2027, 1, 18)) in la  # all day, no DTEND
    assert (date(2027, 1, 15), date(2027, 1, 15)) in la  # timed, in its own zone
    assert (date(2027, 3, 29), date(2027, 4, 2)) in la  # UTC times, midnight to midnight
    auckland = {(h.first, h.last) for h in read_ics(data, ZoneInfo("Pacific/Auckland"))}
    assert (date(2027, 1, 16), date(2027, 1, 16)) in auckland  # 08:00 LA is Saturday there


@pytest.mark.parametrize("data", [b"", b"not a calendar", b"BEGIN:VCALENDAR\nEND:VCALENDAR\n"])
def test_a_file_that_is_not_a_term_calendar_is_refused(data):
    with pytest.raises(BadInput):
        read_ics(data, ZoneInfo("UTC"))


def _run(service: FactService, clock, start: datetime, days: int, step_minutes: int = 60):
    """Tick the clock every ``step_minutes`` for ``days``; every claim, sent at once."""
    claims = []
    clock.now = start
    end = start + timedelta(days=days)
    while clock.now < end:
        for claim in service.claim_due():
            service.mark_sent(claim, 1)
            claims.append((clock.now, claim))
        clock.advance(minutes=step_minutes)
    return claims


def _probe(service: FactService, clock, zone: str, at: str, first: date, days: int):
    """Tick around each local day: just before and after the post time, noon, 23:59."""
    tz, (hour, minute) = ZoneInfo(zone), map(int, at.split(":"))
    claims = []
    for n in range(days):
        day = first + timedelta(days=n)
        post = datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz).astimezone(UTC)
        noon = datetime(day.year, day.month, day.day, 12, tzinfo=tz).astimezone(UTC)
        late = datetime(day.year, day.month, day.day, 23, 59, tzinfo=tz).astimezone(UTC)
        for when in sorted({post - timedelta(minutes=1), post + timedelta(minutes=1), noon, late}):
            clock.now = when
            for claim in service.claim_due():
                service.mark_sent(claim, 1)
                claims.append((when, claim))
    return claims


@pytest.mark.parametrize("zone", ["Pacific/Auckland", "America/Los_Angeles", "Europe/London"])
@pytest.mark.parametrize("at", ["00:05", "08:30", "23:55"])
def test_a_weekday_schedule_never_posts_on_a_weekend_or_holiday(service, clock, zone, at):
    """Six weeks spanning both hemispheres' daylight-saving changes (8 Mar, 29 Mar, 5 Apr)."""
    tz = ZoneInfo(zone)
    clock.now = datetime(2026, 2, 27, 12, tzinfo=tz).astimezone(UTC)
    service.setup(GUILD, CHANNEL, at, zone, moderator_id=MOD)  # default: Monday to Friday
    service.add_holiday(GUILD, "2026-03-16", "2026-03-20", "Term break")
    service.add_holiday(GUILD, "2026-04-03", name="Good Friday")
    claims = _probe(service, clock, zone, at, date(2026, 2, 28), 45)
    posted = [claim.local_date for _when, claim in claims]
    holidays = {date(2026, 3, 16) + timedelta(days=n) for n in range(5)} | {date(2026, 4, 3)}
    days = [date(2026, 2, 28) + timedelta(days=n) for n in range(45)]
    assert posted == [d for d in days if d.weekday() < 5 and d not in holidays]  # each once
    for when, claim in claims:
        local = when.astimezone(tz).date()
        assert local == claim.local_date  # sent on its own (school) day
    assert len({claim.fact.id for _when, claim in claims}) == len(claims)  # no repeats


def test_a_friday_missed_is_not_caught_up_on_saturday(service, clock):
    clock.set_local("America/Los_Angeles", 2026, 3, 5, 10)
    service.setup(GUILD, CHANNEL, "09:00", "America/Los_Angeles")
    clock.set_local("America/Los_Angeles", 2026, 3, 7, 10)  # down all Friday; now Saturday
    assert service.claim_due() == []
    clock.set_local("America/Los_Angeles", 2026, 3, 9, 9, 0)
    assert [c.local_date for c in service.claim_due()] == [date(2026, 3, 9)]


def test_a_restart_mid_holiday_loses_nothing(fresh_store, clock):
    zone = "Pacific/Auckland"
    first = FactService(fresh_store, clock=clock)
    clock.set_local(zone, 2026, 4, 5, 12)  # Sunday, the day NZ daylight time ends
    first.setup(GUILD, CHANNEL, "08:00", zone, moderator_id=MOD)
    first.add_holiday(GUILD, "2026-04-08", "2026-04-14", "Easter holidays")
    sent = [c for _w, c in _run(first, clock, clock.now, 3)]  # Mon 6, Tue 7 posted
    assert [c.local_date for c in sent] == [date(2026, 4, 6), date(2026, 4, 7)]
    expected_next = first.preview(GUILD).fact.id
    clock.set_local(zone, 2026, 4, 10, 9)  # the process dies mid-holiday and restarts
    restarted = FactService(type(fresh_store)(fresh_store.path), clock=clock)
    assert restarted.claim_due() == []
    status = restarted.status(GUILD)
    assert status.upcoming[0].astimezone(ZoneInfo(zone)).date() == date(2026, 4, 15)
    after = [c for _w, c in _run(restarted, clock, clock.now, 6)]
    assert [c.local_date for c in after] == [date(2026, 4, 15), date(2026, 4, 16)]
    assert after[0].fact.id == expected_next  # the rotation picks up where it stopped
    assert len({c.fact.id for c in sent + after}) == 4


def test_status_lists_the_next_five_school_days(service, clock):
    clock.set_local("America/Los_Angeles", 2026, 11, 23, 10)  # Monday of Thanksgiving week
    service.setup(GUILD, CHANNEL, "09:00", "America/Los_Angeles")
    service.import_calendar_file(GUILD, CALENDAR)
    upcoming = service.status(GUILD).upcoming
    la = ZoneInfo("America/Los_Angeles")
    assert [t.astimezone(la).date().day for t in upcoming] == [24, 30, 1, 2, 3]
    assert all(t.astimezone(la).hour == 9 for t in upcoming)


def test_importing_a_calendar_twice_adds_nothing_the_second_time(service, clock):
    service.setup(GUILD, CHANNEL, "09:00", "America/Los_Angeles")
    added, repeats = service.import_calendar_file(GUILD, CALENDAR)
    assert len(added) == 6 and repeats == 0
    again, repeats = service.import_calendar_file(GUILD, CALENDAR)
    assert again == [] and repeats == 6


def test_a_calendar_needs_a_zone_and_a_file(service):
    with pytest.raises(BadInput, match="time zone"):
        service.import_calendar_file(GUILD, CALENDAR)
    with pytest.raises(BadInput, match="no file"):
        service.import_calendar_file(GUILD, CALENDAR.with_name("missing.ics"))


def test_holidays_are_listed_and_removed(service, clock):
    clock.set_local("UTC", 2026, 1, 5, 12)
    service.setup(GUILD, CHANNEL, "09:00", "UTC")
    service.add_holiday(GUILD, "2026-02-16", "2026-02-20", "Half term")
    service.add_holiday(GUILD, "2025-12-22", "2026-01-02", "Over already")
    assert [h.name for h in service.holidays(GUILD)] == ["Half term"]
    with pytest.raises(BadInput, match="already"):
        service.add_holiday(GUILD, "2026-02-16", "2026-02-20")
    assert service.remove_holiday(GUILD, "2026-02-16") == 1
    with pytest.raises(NotFound):
        service.remove_holiday(GUILD, "2026-02-16")


def test_a_channels_own_holiday_leaves_the_other_channel_posting(service, clock):
    clock.set_local("UTC", 2026, 3, 1, 12)
    service.setup(GUILD, CHANNEL, "09:00", "UTC")
    service.setup(GUILD, OTHER, "10:00", "UTC", days="mon,wed,fri")
    service.add_holiday(GUILD, "2026-03-02", channel_id=CHANNEL)
    claims = [c for _w, c in _run(service, clock, clock.now, 3)]
    assert [(c.channel_id, c.local_date.day) for c in claims] == [
        (OTHER, 2),  # Monday: a holiday in CHANNEL only
        (CHANNEL, 3),  # Tuesday: not one of OTHER's days
        (CHANNEL, 4),
        (OTHER, 4),
    ]


def test_several_schedules_per_server_share_one_rotation(service, clock):
    clock.set_local("UTC", 2026, 3, 1, 12)
    service.setup(GUILD, CHANNEL, "09:00", "UTC")
    service.setup(GUILD, OTHER, "09:00", "UTC")
    assert {s.channel_id for s in service.schedules(GUILD)} == {CHANNEL, OTHER}
    with pytest.raises(BadInput, match="say which channel"):
        service.status(GUILD)
    service.pause(GUILD, channel_id=OTHER)
    assert not service.schedule(GUILD, CHANNEL).paused
    service.resume(GUILD, channel_id=OTHER)
    claims = [c for _w, c in _run(service, clock, clock.now, 2)]
    assert {c.channel_id for c in claims} == {CHANNEL, OTHER}
    assert len({c.fact.id for c in claims}) == len(claims) == 4  # one rotation, no repeat
    service.stop(GUILD, OTHER)
    assert service.schedule(GUILD).channel_id == CHANNEL
    with pytest.raises(NotFound, match="That channel"):
        service.status(GUILD, OTHER)


def test_an_older_file_keeps_its_schedule_and_posts_every_day(tmp_path):
    db = sqlite_utils.Database(tmp_path / "old.sqlite3")
    db.execute(
        "create table facts_schedules (guild_id integer primary key, channel_id integer not "
        "null, local_time text not null, timezone text not null, role_id integer, thread "
        "integer default 0, paused integer default 0, pause_reason text, moderator_id integer, "
        "active_since text not null, last_posted_date text, updated_at text)"
    )
    db["facts_schedules"].insert(
        {
            "guild_id": 1,
            "channel_id": 2,
            "local_time": "09:00",
            "timezone": "UTC",
            "active_since": "2026-01-01T00:00:00+00:00",
        }
    )
    repo = FactRepo(db)
    [schedule] = repo.schedules(1)
    assert schedule.weekdays == EVERY_DAY
    assert db["facts_schedules"].pks == ["guild_id", "channel_id"]


def test_an_excluded_reading_passage_or_fact_never_posts(service, clock):
    clock.set_local("UTC", 2026, 3, 1, 12)
    service.setup(GUILD, CHANNEL, "09:00", "UTC", days="daily")
    facts = service.facts()
    reading = service.reading_of(facts[0])
    excluded = service.exclude(GUILD, reading, MOD)
    assert excluded.kind == "reading"
    one = next(f for f in facts if service.reading_of(f) != reading)
    assert service.exclude(GUILD, one.id).kind == "fact"
    left = service.server_facts(GUILD)
    assert one not in left and all(service.reading_of(f) != reading for f in left)
    claims = [c for _w, c in _run(service, clock, clock.now, len(left) + 2)]
    assert claims and all(c.fact in left for c in claims)
    assert {e.target for e in service.exclusions(GUILD)} == {reading, one.id}
    assert service.include(GUILD, reading).kind == "reading"
    with pytest.raises(NotFound):
        service.include(GUILD, reading)
    passage = facts[0].passage_id
    assert service.exclude(GUILD, passage).kind == "passage"
    assert all(f.passage_id != passage for f in service.server_facts(GUILD))
    assert service.server_facts(GUILD + 1) == facts  # another server is untouched


def test_excluding_is_checked(service):
    with pytest.raises(NotFound, match="No fact, passage or reading"):
        service.exclude(GUILD, "no-such-thing")
    fact = service.facts()[0]
    service.exclude(GUILD, fact.id)
    with pytest.raises(BadInput, match="already excluded"):
        service.exclude(GUILD, fact.id)
