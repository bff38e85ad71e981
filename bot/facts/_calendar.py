"""School days: which weekdays a schedule posts on, the holidays it skips, term calendars.

Pure functions over local calendar days. A day is a school day when its weekday is one
of the schedule's and no holiday (a single date or an inclusive range) covers it; the
server's zone decides which day it is, never UTC. A term calendar (iCalendar ``.ics``)
is read with the ``icalendar`` package: every event becomes a holiday over the local
days it covers, all-day and multi-day events included.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.errors import BadInput

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SCHOOL_WEEK = frozenset(range(5))  # Monday to Friday
EVERY_DAY = frozenset(range(7))
NAME_LIMIT = 100
ICS_LIMIT = 2_000_000  # bytes: a term calendar is a few kilobytes
_WORDS = {
    "daily": EVERY_DAY,
    "every day": EVERY_DAY,
    "everyday": EVERY_DAY,
    "weekdays": SCHOOL_WEEK,
    "school days": SCHOOL_WEEK,
    "weekends": frozenset({5, 6}),
}
DAYS_HELP = 'Use day names such as "mon-fri", "mon,wed,fri" or "daily".'

IsOpen = Callable[[date], bool]


@dataclass(frozen=True, slots=True)
class Holiday:
    """Days off: ``first`` to ``last`` inclusive, for one channel's schedule or the server's."""

    first: date
    last: date
    name: str = ""
    channel_id: int | None = None  # None: every schedule of the server
    id: int | None = None

    def covers(self, day: date) -> bool:
        return self.first <= day <= self.last

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "from": self.first.isoformat(),
            "to": self.last.isoformat(),
            "name": self.name,
            "channel_id": self.channel_id,
        }


def parse_days(text: str | None) -> frozenset[int]:
    """Weekdays from "mon-fri", "mon,wed,fri", "tue thu", "daily"; BadInput otherwise."""
    cleaned = (text or "").strip().lower()
    if not cleaned:
        return SCHOOL_WEEK
    if cleaned in _WORDS:
        return _WORDS[cleaned]
    days: set[int] = set()
    for part in re.split(r"[,\s;/]+", cleaned):
        if not part:
            continue
        ends = part.split("-")
        if len(ends) > 2 or not all(_day_index(end) is not None for end in ends):
            raise BadInput(f"“{part[:20]}” is not a day of the week. {DAYS_HELP}")
        first, last = _day_index(ends[0]), _day_index(ends[-1])
        assert first is not None and last is not None
        span = range(first, last + 1) if first <= last else [*range(first, 7), *range(last + 1)]
        days.update(span)
    if not days:
        raise BadInput(f"Say which days to post on. {DAYS_HELP}")
    return frozenset(days)


def _day_index(word: str) -> int | None:
    word = word.strip()[:3]
    return DAY_NAMES.index(word) if word in DAY_NAMES else None


def days_text(days: frozenset[int]) -> str:
    """ "Mon–Fri", "Mon, Wed, Fri" or "every day"."""
    if days == EVERY_DAY:
        return "every day"
    ordered = sorted(days)
    if len(ordered) > 2 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"{DAY_NAMES[ordered[0]].title()}–{DAY_NAMES[ordered[-1]].title()}"
    return ", ".join(DAY_NAMES[day].title() for day in ordered)


def days_value(days: frozenset[int]) -> str:
    """How a set of weekdays is stored: "mon,tue,wed"."""
    return ",".join(DAY_NAMES[day] for day in sorted(days))


def stored_days(value: str | None) -> frozenset[int]:
    """The weekdays a stored schedule posts on (a schedule made before weekdays: every day)."""
    if not value:
        return EVERY_DAY
    return frozenset(DAY_NAMES.index(part) for part in value.split(",") if part in DAY_NAMES)


def parse_day(text: str, label: str = "date") -> date:
    """A calendar date typed as YYYY-MM-DD; BadInput with an example otherwise."""
    shown = (text or "").strip()
    try:
        return date.fromisoformat(shown)
    except ValueError:
        raise BadInput(
            f"The {label} “{shown[:20]}” is not a date. Use YYYY-MM-DD, e.g. 2026-12-21."
        ) from None


def holiday_from(first: str, last: str | None = None, name: str | None = None) -> Holiday:
    """A holiday from typed dates (``last`` empty: one day), checked for order and length."""
    start = parse_day(first, "first day")
    end = parse_day(last, "last day") if last and last.strip() else start
    if end < start:
        raise BadInput(f"The last day ({end}) comes before the first ({start}).")
    if (end - start).days > 366:
        raise BadInput("A holiday can last at most a year; add each term break on its own.")
    label = " ".join((name or "").split())
    if len(label) > NAME_LIMIT:
        raise BadInput(f"Keep the holiday's name under {NAME_LIMIT} characters.")
    return Holiday(start, end, label)


def is_school_day(day: date, days: frozenset[int], holidays: Iterable[Holiday]) -> bool:
    """True when ``day`` is one of the weekdays and no holiday covers it."""
    return day.weekday() in days and not any(h.covers(day) for h in holidays)


def read_ics(data: bytes, zone: ZoneInfo) -> list[Holiday]:
    """Every event of an iCalendar file as a holiday over the local days it covers.

    All-day events run from DTSTART to the day before DTEND (iCalendar's DTEND is
    exclusive); timed events cover each local day they touch in ``zone``. Recurring
    rules are not expanded: a term calendar lists its breaks one by one.
    """
    import icalendar  # local: only an import needs it

    if len(data) > ICS_LIMIT:
        raise BadInput(f"The calendar is over {ICS_LIMIT // 1_000_000} MB; is it a term calendar?")
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except ValueError as exc:
        raise BadInput(f"This is not an iCalendar (.ics) file: {str(exc)[:120]}") from None
    found = []
    for event in calendar.walk("VEVENT"):
        span = _event_days(event, zone)
        if span is not None:
            name = " ".join(str(event.get("SUMMARY", "")).split())[:NAME_LIMIT]
            found.append(Holiday(span[0], span[1], name))
    if not found:
        raise BadInput("The calendar has no events (VEVENT) with a start date.")
    return sorted(found, key=lambda h: (h.first, h.last))


def _event_days(event: object, zone: ZoneInfo) -> tuple[date, date] | None:
    start_prop = event.get("DTSTART")  # type: ignore[attr-defined]
    if start_prop is None:
        return None
    start = start_prop.dt
    end_prop = event.get("DTEND")  # type: ignore[attr-defined]
    end = end_prop.dt if end_prop is not None else None
    if end is None and event.get("DURATION") is not None:  # type: ignore[attr-defined]
        end = start + event.get("DURATION").dt  # type: ignore[attr-defined]
    if not isinstance(start, datetime):  # an all-day event: DTEND is the day after
        last = (end - timedelta(days=1)) if isinstance(end, date) and end > start else start
        return start, _as_date(last)
    first = _local(start, zone).date()
    if end is None or end <= start:
        return first, first
    local_end = _local(end, zone)
    last = local_end.date() - timedelta(days=1) if local_end.time() == time(0) else local_end.date()
    return first, max(first, last)


def _local(moment: datetime, zone: ZoneInfo) -> datetime:
    """A floating time is the server's wall time; a zoned one is converted to it."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=zone)
    return moment.astimezone(zone)


def _as_date(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value
