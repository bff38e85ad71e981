"""The daily post across daylight-saving changes, with a clock stepped minute by minute."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.errors import BadInput
from bot.facts import due_day, next_post, parse_time, post_instant

NEW_YORK = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("07:30", time(7, 30)),
        ("7:30", time(7, 30)),
        ("19:05", time(19, 5)),
        ("00:00", time(0, 0)),
        ("7:30pm", time(19, 30)),
        ("7:30 PM", time(19, 30)),
        ("12:15am", time(0, 15)),
        ("12 pm", time(12, 0)),
        (" 9am ", time(9, 0)),
    ],
)
def test_parse_time(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["25:00", "7:60", "noon", "", "7", "13pm", "7:3", "-1:00"])
def test_bad_times_say_how_to_write_one(text):
    with pytest.raises(BadInput, match="HH:MM"):
        parse_time(text)


@pytest.mark.parametrize(
    ("zone", "day", "at", "utc"),
    [
        # New York springs forward 2026-03-08 02:00 -> 03:00: 02:30 does not exist.
        (NEW_YORK, date(2026, 3, 7), time(9), datetime(2026, 3, 7, 14, tzinfo=UTC)),
        (NEW_YORK, date(2026, 3, 8), time(9), datetime(2026, 3, 8, 13, tzinfo=UTC)),
        (NEW_YORK, date(2026, 3, 8), time(2, 30), datetime(2026, 3, 8, 7, tzinfo=UTC)),
        # New York falls back 2026-11-01 02:00 -> 01:00: 01:30 happens twice; the first wins.
        (NEW_YORK, date(2026, 11, 1), time(1, 30), datetime(2026, 11, 1, 5, 30, tzinfo=UTC)),
        (NEW_YORK, date(2026, 11, 1), time(9), datetime(2026, 11, 1, 14, tzinfo=UTC)),
        # London springs forward 2026-03-29 01:00 -> 02:00: 01:30 does not exist.
        (LONDON, date(2026, 3, 29), time(1, 30), datetime(2026, 3, 29, 1, tzinfo=UTC)),
        (LONDON, date(2026, 3, 29), time(9), datetime(2026, 3, 29, 8, tzinfo=UTC)),
        # London falls back 2026-10-25 02:00 -> 01:00: 01:30 happens twice.
        (LONDON, date(2026, 10, 25), time(1, 30), datetime(2026, 10, 25, 0, 30, tzinfo=UTC)),
        (LONDON, date(2026, 10, 26), time(9), datetime(2026, 10, 26, 9, tzinfo=UTC)),
    ],
)
def test_post_instant(zone, day, at, utc):
    assert post_instant(day, at, zone) == utc


CHANGE_DAYS = [
    (NEW_YORK, date(2026, 3, 8)),
    (NEW_YORK, date(2026, 11, 1)),
    (LONDON, date(2026, 3, 29)),
    (LONDON, date(2026, 10, 25)),
]


@pytest.mark.parametrize(("zone", "change"), CHANGE_DAYS)
@pytest.mark.parametrize("at", [time(9), time(1, 30), time(2, 30), time(0, 0), time(23, 59)])
def test_exactly_one_post_a_day_across_a_change(zone, change, at):
    """A clock ticking every minute for three days yields one post per local day, on time."""
    start = datetime.combine(change - timedelta(days=1), time(0), zone).astimezone(UTC)
    end = datetime.combine(change + timedelta(days=2), time(0), zone).astimezone(UTC)
    posts: dict[date, datetime] = {}
    last: date | None = None
    now = start
    while now < end:
        day = due_day(now, at, zone, last, start)
        if day is not None:
            assert day not in posts
            posts[day], last = now, day
        now += timedelta(minutes=1)
    days = [change - timedelta(days=1), change, change + timedelta(days=1)]
    assert list(posts) == days
    for day in days:
        assert posts[day] == post_instant(day, at, zone)
        assert posts[day].astimezone(zone).date() == day


def test_downtime_posts_the_missed_day_once():
    at = time(9)
    last = date(2026, 3, 1)
    back = datetime(2026, 3, 6, 15, tzinfo=UTC)  # five days later, after 09:00 New York time
    assert due_day(back, at, NEW_YORK, last, EPOCH) == date(2026, 3, 6)
    assert due_day(back, at, NEW_YORK, date(2026, 3, 6), EPOCH) is None


def test_downtime_before_todays_time_posts_yesterday_once_then_today():
    at = time(9)
    early = datetime(2026, 3, 6, 12, tzinfo=UTC)  # 07:00 in New York
    assert due_day(early, at, NEW_YORK, date(2026, 3, 1), EPOCH) == date(2026, 3, 5)
    assert due_day(early, at, NEW_YORK, date(2026, 3, 5), EPOCH) is None
    assert due_day(early + timedelta(hours=2), at, NEW_YORK, date(2026, 3, 5), EPOCH) == date(
        2026, 3, 6
    )


def test_setting_up_after_todays_time_waits_for_tomorrow():
    set_up = datetime(2026, 3, 6, 16, tzinfo=UTC)  # 11:00 in New York, for a 09:00 post
    assert due_day(set_up, time(9), NEW_YORK, None, set_up) is None
    assert next_post(set_up, time(9), NEW_YORK, None, set_up) == datetime(
        2026, 3, 7, 14, tzinfo=UTC
    )
    tomorrow = datetime(2026, 3, 7, 14, tzinfo=UTC)
    assert due_day(tomorrow, time(9), NEW_YORK, None, set_up) == date(2026, 3, 7)


def test_next_post_after_posting_today_is_tomorrow_in_summer_time():
    now = datetime(2026, 3, 7, 15, tzinfo=UTC)
    assert next_post(now, time(9), NEW_YORK, date(2026, 3, 7), EPOCH) == datetime(
        2026, 3, 8, 13, tzinfo=UTC
    )
