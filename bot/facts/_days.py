"""FactService's school-day half: holidays, term calendars and exclusions, per server.

A mixin so :class:`~bot.facts.FactService` keeps one public face while this file keeps
the rules: which days a schedule posts on, what a term calendar adds, and which facts,
passages or readings a moderator took out of a server's posts.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from bot.errors import BadInput, NotFound
from bot.facts._calendar import Holiday, holiday_from, is_school_day, parse_day, read_ics
from bot.facts._extract import Fact
from bot.facts._repo import Schedule
from bot.facts._school import SchoolRepo

if TYPE_CHECKING:
    from bot.facts._repo import FactRepo
    from bot.store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Exclusion:
    """Something a server keeps out of its daily facts, and what it is."""

    kind: str  # 'fact', 'passage' or 'reading'
    target: str
    label: str = ""

    def to_json(self) -> dict[str, str]:
        return {"kind": self.kind, "id": self.target, "label": self.label}


class SchoolDays:
    """Holidays, calendars and exclusions; mixed into FactService."""

    store: Store
    repo: FactRepo
    clock: Callable[[], datetime]

    def __init__(self, db: Any) -> None:
        self.school = SchoolRepo(db)

    def facts(self) -> list[Fact]:  # provided by FactService
        raise NotImplementedError

    def reading_of(self, fact: Fact) -> str:  # provided by FactService
        raise NotImplementedError

    # school days

    def is_open(self, schedule: Schedule) -> Callable[[date], bool]:
        """The schedule's test for a school day: its weekdays, minus its holidays.

        Holidays over before yesterday are not read: the day due is today or yesterday."""
        today = self.clock().astimezone(schedule.zone).date()
        since = today - timedelta(days=1)
        holidays = self.school.holidays(schedule.guild_id, schedule.channel_id, since=since)
        return lambda day: is_school_day(day, schedule.weekdays, holidays)

    def add_holiday(
        self,
        guild_id: int,
        first: str,
        last: str | None = None,
        name: str | None = None,
        channel_id: int | None = None,
    ) -> Holiday:
        """A holiday typed as dates (``last`` empty: one day); BadInput with an example."""
        holiday = replace(holiday_from(first, last, name), channel_id=channel_id)
        added = self.school.add_holidays(guild_id, [holiday], "typed", self.clock())
        if not added:
            raise BadInput(f"{_span(holiday)} is already a holiday.")
        return added[0]

    def remove_holiday(self, guild_id: int, first: str, channel_id: int | None = None) -> int:
        """Remove the holidays starting on a typed date; NotFound when there is none."""
        day = parse_day(first, "first day")
        removed = self.school.remove_holidays(guild_id, day, channel_id)
        if not removed:
            raise NotFound(f"No holiday starts on {day}. /facts holidays list shows them.")
        return removed

    def holidays(self, guild_id: int, channel_id: int | None = None) -> list[Holiday]:
        """The server's holidays (and the channel's), from today on, earliest first."""
        schedule = self.repo.schedule(guild_id, channel_id) or self.repo.schedule(guild_id)
        zone = schedule.zone if schedule else ZoneInfo("UTC")
        today = self.clock().astimezone(zone).date()
        return self.school.holidays(guild_id, channel_id, since=today)

    def import_calendar(
        self, guild_id: int, data: bytes, channel_id: int | None = None, zone: str | None = None
    ) -> tuple[list[Holiday], int]:
        """Every event of a term calendar as a holiday; (those added, repeats skipped).

        Events are read in the server's zone (the channel's schedule's, else the
        server's first); ``zone`` names one when facts are not set up yet."""
        schedule = self.repo.schedule(guild_id, channel_id) or self.repo.schedule(guild_id)
        if zone is None and schedule is None:
            raise BadInput(
                "Set up daily facts first: a calendar is read in the server's time zone."
            )
        tz = ZoneInfo(zone) if zone else schedule.zone  # type: ignore[union-attr]
        found = [replace(h, channel_id=channel_id) for h in read_ics(data, tz)]
        added = self.school.add_holidays(guild_id, found, "calendar", self.clock())
        log.info("calendar import for guild %s: %d of %d added", guild_id, len(added), len(found))
        return added, len(found) - len(added)

    def import_calendar_file(
        self, guild_id: int, path: str | Path, channel_id: int | None = None
    ) -> tuple[list[Holiday], int]:
        """:meth:`import_calendar` from a file path (the command line and the console)."""
        file = Path(path).expanduser()
        if not file.is_file():
            raise BadInput(f"There is no file “{str(path)[:80]}”.")
        return self.import_calendar(guild_id, file.read_bytes(), channel_id)

    # exclusions

    def exclude(self, guild_id: int, target: str, moderator_id: int | None = None) -> Exclusion:
        """Keep a fact, a passage (all its facts) or a whole reading out of daily posts."""
        found = self._exclusion(target)
        if not self.school.exclude(guild_id, found.kind, found.target, moderator_id, self.clock()):
            raise BadInput(f"{found.label} is already excluded here.")
        return found

    def include(self, guild_id: int, target: str) -> Exclusion:
        """Undo an exclusion; NotFound when the target was not excluded."""
        key = target.strip().lower()
        removed = self.school.include(guild_id, key)
        if not removed:
            raise NotFound(f"“{target[:40]}” is not excluded here. /facts excluded lists them.")
        kind, found = removed[0]
        return Exclusion(kind, found, self._label(kind, found))

    def exclusions(self, guild_id: int) -> list[Exclusion]:
        """What the server keeps out of its daily facts."""
        return [
            Exclusion(kind, target, self._label(kind, target))
            for kind, target in self.school.exclusions(guild_id)
        ]

    def without_excluded(self, guild_id: int, facts: Sequence[Fact]) -> list[Fact]:
        """``facts`` minus the server's exclusions."""
        out: dict[str, set[str]] = {"fact": set(), "passage": set(), "reading": set()}
        for kind, target in self.school.exclusions(guild_id):
            out.setdefault(kind, set()).add(target)
        if not any(out.values()):
            return list(facts)
        return [
            f
            for f in facts
            if f.id not in out["fact"]
            and f.passage_id not in out["passage"]
            and self.reading_of(f) not in out["reading"]
        ]

    def _exclusion(self, target: str) -> Exclusion:
        key = target.strip().lower()
        if not key:
            raise BadInput("Say what to exclude: a fact id, a passage id or a reading id.")
        facts = {fact.id: fact for fact in self.facts()}
        if key in facts:
            return Exclusion("fact", key, self._label("fact", key))
        if any(fact.passage_id == key for fact in facts.values()):
            return Exclusion("passage", key, self._label("passage", key))
        if any(source.id == key for source, _n in self.store.sources()):
            return Exclusion("reading", key, self._label("reading", key))
        raise NotFound(
            f"No fact, passage or reading has the id “{target[:40]}”. "
            "Ids look like fact-liu-001-1, liu-001 or liu (see /sources)."
        )

    def _label(self, kind: str, target: str) -> str:
        if kind == "reading":
            titles = {source.id: source.title for source, _n in self.store.sources()}
            title = titles.get(target)
            return f"the reading “{title}” ({target})" if title else f"the reading {target}"
        return f"the {kind} {target}"


def _span(holiday: Holiday) -> str:
    if holiday.first == holiday.last:
        return str(holiday.first)
    return f"{holiday.first} to {holiday.last}"
