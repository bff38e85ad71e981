"""The school-day tables: holidays a schedule skips and what a server keeps out of its facts.

``facts_holidays`` holds days off (typed by a moderator or imported from a term
calendar), for one channel's schedule or the whole server. ``facts_exclusions`` holds
the facts, passages and readings a moderator took out of a server's daily posts (a
reading can contain errors). Both are additive tables beside the schedules; a corpus
rebuild never drops them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from bot import storage
from bot.facts._calendar import Holiday

HOLIDAYS = "facts_holidays"
EXCLUSIONS = "facts_exclusions"
KINDS = ("fact", "passage", "reading")


# Facts migration 3 (:data:`bot.facts._repo.FACTS_SCHEMA`) creates these.
SCHOOL_TABLES = (
    f"create table if not exists {HOLIDAYS} (id integer primary key, "
    "guild_id integer not null, channel_id integer, first_day text not null, "
    "last_day text not null, name text not null default '', source text not null, "
    "added_at text not null)",
    f"create index if not exists {HOLIDAYS}_by_guild on {HOLIDAYS} (guild_id, last_day)",
    f"create table if not exists {EXCLUSIONS} (guild_id integer not null, "
    "kind text not null, target text not null, moderator_id integer, "
    "added_at text not null, primary key (guild_id, kind, target))",
)


class SchoolRepo:
    """Holidays and exclusions per server (the tables are facts migration 3)."""

    def __init__(self, db: storage.Database | Any) -> None:
        self.db = storage.adopt(db)

    # holidays

    def add_holidays(
        self, guild_id: int, holidays: list[Holiday], source: str, now: datetime
    ) -> list[Holiday]:
        """Store holidays in one transaction, skipping exact repeats; those added."""
        added = []
        with self.db.transaction():
            for holiday in holidays:
                if self._has(guild_id, holiday):
                    continue
                written = self.db.execute(
                    f"insert into {HOLIDAYS} (guild_id, channel_id, first_day, last_day, name, "
                    "source, added_at) values (?, ?, ?, ?, ?, ?, ?)",
                    [
                        guild_id,
                        holiday.channel_id,
                        holiday.first.isoformat(),
                        holiday.last.isoformat(),
                        holiday.name,
                        source,
                        storage.to_db(now),
                    ],
                )
                added.append(_with_id(holiday, written.lastrowid))
        return added

    def _has(self, guild_id: int, holiday: Holiday) -> bool:
        row = self.db.one(
            f"select 1 from {HOLIDAYS} where guild_id = ? and channel_id is ? and first_day = ? "
            "and last_day = ?",
            [guild_id, holiday.channel_id, holiday.first.isoformat(), holiday.last.isoformat()],
        )
        return row is not None

    def holidays(
        self, guild_id: int, channel_id: int | None = None, since: date | None = None
    ) -> list[Holiday]:
        """The server's holidays (and a channel's own, when given), earliest first.

        ``since`` leaves out holidays that ended before it."""
        sql = f"select * from {HOLIDAYS} where guild_id = ?"
        params: list[object] = [guild_id]
        if channel_id is not None:
            sql += " and (channel_id is null or channel_id = ?)"
            params.append(channel_id)
        if since is not None:
            sql += " and last_day >= ?"
            params.append(since.isoformat())
        rows = self.db.query(sql + " order by first_day, last_day, id", params)
        return [_holiday(row) for row in rows]

    def remove_holidays(self, guild_id: int, first: date, channel_id: int | None = None) -> int:
        """Remove the holidays starting on ``first`` (in one channel, or all); how many."""
        sql = f"delete from {HOLIDAYS} where guild_id = ? and first_day = ?"
        params: list[object] = [guild_id, first.isoformat()]
        if channel_id is not None:
            sql += " and channel_id = ?"
            params.append(channel_id)
        return self.db.execute(sql, params).rowcount

    # exclusions

    def exclude(
        self, guild_id: int, kind: str, target: str, moderator_id: int | None, now: datetime
    ) -> bool:
        """Keep a fact, passage or reading out of the server's posts; False if it already was."""
        written = self.db.execute(
            f"insert or ignore into {EXCLUSIONS} (guild_id, kind, target, moderator_id, "
            "added_at) values (?, ?, ?, ?, ?)",
            [guild_id, kind, target, moderator_id, storage.to_db(now)],
        )
        return written.rowcount > 0

    def include(self, guild_id: int, target: str) -> list[tuple[str, str]]:
        """Undo an exclusion by its target; the (kind, target) pairs removed."""
        where = f"from {EXCLUSIONS} where guild_id = ? and target = ?"
        with self.db.transaction():
            rows = self.db.query(f"select kind, target {where}", [guild_id, target])
            self.db.execute(f"delete {where}", [guild_id, target])
        return [(row["kind"], row["target"]) for row in rows]

    def exclusions(self, guild_id: int) -> list[tuple[str, str]]:
        """(kind, target) of everything the server keeps out, by kind then target."""
        rows = self.db.query(
            f"select kind, target from {EXCLUSIONS} where guild_id = ? order by kind, target",
            [guild_id],
        )
        return [(row["kind"], row["target"]) for row in rows]


def _holiday(row: dict[str, Any]) -> Holiday:
    first, last = date.fromisoformat(row["first_day"]), date.fromisoformat(row["last_day"])
    return Holiday(first, last, row["name"], row["channel_id"], row["id"])


def _with_id(holiday: Holiday, hid: int | None) -> Holiday:
    return Holiday(holiday.first, holiday.last, holiday.name, holiday.channel_id, hid)
