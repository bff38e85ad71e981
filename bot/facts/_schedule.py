"""When a daily post is due: pure functions of a UTC instant, a local time and a zone.

Posts are keyed by the server's local calendar day, never by a UTC instant, so a
daylight-saving change can neither skip a day nor post twice:

* a time that does not exist that day (02:30 when clocks spring forward) posts at the
  first valid instant after it (03:00);
* a time that happens twice (01:30 when clocks fall back) posts once, at the first;
* after downtime only the most recent missed day is due, so a restart posts at most once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.errors import BadInput

IsOpen = Callable[[date], bool]
HORIZON_DAYS = 3660  # how far ahead the next post is looked for (ten years of holidays)
_TIME = re.compile(r"^\s*(\d{1,2})(?::(\d{2}))?\s*([ap])?\.?\s*m?\.?\s*$", re.IGNORECASE)


def parse_time(text: str) -> time:
    """A time of day from "07:30", "7:30", "19:05", "7:30pm" or "7 pm"; BadInput otherwise."""
    match = _TIME.match(text or "")
    if match is None or (match.group(2) is None and match.group(3) is None):
        raise BadInput(_time_help(text))
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    meridiem = (match.group(3) or "").lower()
    if meridiem:
        if not 1 <= hour <= 12:
            raise BadInput(_time_help(text))
        hour = hour % 12 + (12 if meridiem == "p" else 0)
    if hour > 23 or minute > 59:
        raise BadInput(_time_help(text))
    return time(hour, minute)


def _time_help(text: str) -> str:
    shown = (text or "").strip()[:20]
    return f"“{shown}” is not a time of day. Use 24-hour HH:MM, e.g. 07:30 or 17:00."


def post_instant(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of the post for local ``day`` at wall time ``at`` in ``zone``.

    In a fold the first occurrence wins; in a gap, the first valid instant after it.
    """
    wall = datetime.combine(day, at)
    first = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
    if first.astimezone(zone).replace(tzinfo=None) == wall:
        return first
    return _end_of_gap(wall, zone)


def _end_of_gap(wall: datetime, zone: ZoneInfo) -> datetime:
    """The first instant whose local wall time is at or after ``wall`` (which a gap skips)."""
    low = wall.replace(tzinfo=zone, fold=1).astimezone(UTC)  # the later offset: too early
    high = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)  # the earlier offset: too late
    low, high = min(low, high), max(low, high)
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(zone).replace(tzinfo=None) >= wall:
            high = middle
        else:
            low = middle
    return high.replace(microsecond=0)


def local_day(now: datetime, zone: ZoneInfo) -> date:
    """The calendar day in ``zone`` at UTC instant ``now``."""
    return now.astimezone(zone).date()


def latest_due_day(now: datetime, at: time, zone: ZoneInfo) -> date:
    """The most recent local day whose post instant is at or before ``now``."""
    today = local_day(now, zone)
    if post_instant(today, at, zone) <= now:
        return today
    return today - timedelta(days=1)


def _every_day(day: date) -> bool:
    return True


def due_day(
    now: datetime,
    at: time,
    zone: ZoneInfo,
    last_posted: date | None,
    active_since: datetime,
    is_open: IsOpen = _every_day,
) -> date | None:
    """The local day to post for now, or None: at most one, the most recent one missed.

    A day is due once its post instant has passed, if it comes after the last day posted
    and its instant is not before ``active_since`` (set up or resumed), so setting up at
    noon for 09:00 waits for tomorrow, and a week of downtime yields one post, not seven.
    Both that day and today (in ``zone``) must be school days (``is_open``): a Friday
    missed is never caught up on Saturday.
    """
    day = latest_due_day(now, at, zone)
    if not (is_open(day) and is_open(local_day(now, zone))):
        return None
    if last_posted is not None and day <= last_posted:
        return None
    if post_instant(day, at, zone) < active_since:
        return None
    return day


def next_post(
    now: datetime,
    at: time,
    zone: ZoneInfo,
    last_posted: date | None,
    active_since: datetime,
    is_open: IsOpen = _every_day,
) -> datetime | None:
    """The UTC instant of the next scheduled post (now, if one is due and unsent).

    None when no school day comes within :data:`HORIZON_DAYS`."""
    if due_day(now, at, zone, last_posted, active_since, is_open) is not None:
        return now
    upcoming = next_posts(now, at, zone, last_posted, 1, is_open)
    return upcoming[0] if upcoming else None


def next_posts(
    now: datetime,
    at: time,
    zone: ZoneInfo,
    last_posted: date | None,
    count: int,
    is_open: IsOpen = _every_day,
) -> list[datetime]:
    """The UTC instants of the next ``count`` posts after ``now``, school days only."""
    found: list[datetime] = []
    day = local_day(now, zone)
    for _ in range(HORIZON_DAYS):
        instant = post_instant(day, at, zone)
        if instant > now and (last_posted is None or day > last_posted) and is_open(day):
            found.append(instant)
            if len(found) == count:
                break
        day += timedelta(days=1)
    return found
