"""The fact tables (``facts_`` prefix) on the store's SQLite file.

A corpus rebuild never drops them. A server has one schedule per channel. The tables
are :data:`FACTS_SCHEMA`'s migrations (:mod:`bot.storage`); every write is one statement
or one explicit transaction, and none commits inside a caller's transaction. The claim is
one transaction guarded by a unique index on (server, channel, local day) for daily posts:
a second claim for the same day fails in the database itself, so no restart, retry or
second process can post a day twice in a channel.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from bot import storage
from bot.facts._calendar import EVERY_DAY, days_value, stored_days
from bot.facts._rotation import Used
from bot.facts._school import SCHOOL_TABLES

log = logging.getLogger(__name__)

SCHEDULES = "facts_schedules"
POSTS = "facts_posts"
# Statuses a post goes through; a 'claimed' row whose send never confirmed counts as used.
USED_STATUSES = ("claimed", "sent", "skipped")
# The same condition as SQL text, so the partial index below serves the queries using it.
_USED = "status in ({})".format(", ".join(f"'{status}'" for status in USED_STATUSES))
SCHEDULE_COLUMNS = (
    "guild_id",
    "channel_id",
    "local_time",
    "timezone",
    "role_id",
    "thread",
    "paused",
    "pause_reason",
    "moderator_id",
    "active_since",
    "last_posted_date",
    "updated_at",
    "weekdays",
)


def _schedules_by_channel(db: storage.Database) -> None:
    """Key schedules by (server, channel) and add their weekdays, keeping every row.

    SQLite cannot change a primary key in place, so the table is copied. Schedules from
    before keep posting every day (they were set up for that): their weekdays stay empty,
    which :func:`stored_days` reads as every day."""
    old = db.columns(SCHEDULES)
    if "weekdays" in old:
        return
    kept = ", ".join(name for name in SCHEDULE_COLUMNS if name in old)
    db.execute(f"alter table {SCHEDULES} rename to {SCHEDULES}_before")
    db.execute(
        f"create table {SCHEDULES} (guild_id integer not null, channel_id integer not null, "
        "local_time text not null, timezone text not null, role_id integer, "
        "thread integer default 0, paused integer default 0, pause_reason text, "
        "moderator_id integer, active_since text not null, last_posted_date text, "
        "updated_at text, weekdays text, primary key (guild_id, channel_id))"
    )
    db.execute(f"insert into {SCHEDULES} ({kept}) select {kept} from {SCHEDULES}_before")
    db.execute(f"drop table {SCHEDULES}_before")


FACTS_SCHEMA = storage.declare(
    storage.Schema(
        "facts",
        (
            # "if not exists" adopts the tables files made before migrations were recorded.
            storage.Migration(
                1,
                "schedules and posts, one daily post per server and day",
                (
                    f"create table if not exists {SCHEDULES} (guild_id integer primary key, "
                    "channel_id integer not null, local_time text not null, "
                    "timezone text not null, role_id integer, thread integer default 0, "
                    "paused integer default 0, pause_reason text, moderator_id integer, "
                    "active_since text not null, last_posted_date text, updated_at text)",
                    f"create table if not exists {POSTS} (id integer primary key, "
                    "guild_id integer not null, channel_id integer, fact_id text not null, "
                    "round integer not null, local_date text not null, kind text not null, "
                    "status text not null, message_id integer, reason text, claimed_at text, "
                    "updated_at text)",
                    f"create unique index if not exists {POSTS}_one_daily_per_day "
                    f"on {POSTS} (guild_id, local_date) where kind = 'daily'",
                    f"create index if not exists {POSTS}_by_guild on {POSTS} (guild_id, round)",
                    # The due check reads only the latest round through these: its cost never
                    # grows with the server's history (one index seek, then one round's rows).
                    f"create index if not exists {POSTS}_used on {POSTS} (guild_id, round) "
                    f"where {_USED}",
                    f"create index if not exists {POSTS}_by_status on {POSTS} (guild_id, status)",
                ),
            ),
            storage.Migration(
                2,
                "one schedule per channel (several per server), each with its weekdays",
                (
                    _schedules_by_channel,
                    f"drop index if exists {POSTS}_one_daily_per_day",
                    f"create unique index if not exists {POSTS}_one_daily_per_channel_day "
                    f"on {POSTS} (guild_id, channel_id, local_date) where kind = 'daily'",
                ),
            ),
            storage.Migration(3, "holidays and exclusions (school days)", SCHOOL_TABLES),
        ),
    )
)


@dataclass(frozen=True, slots=True)
class Schedule:
    """A server's daily post: where, when (local wall time in an IANA zone), and its state."""

    guild_id: int
    channel_id: int
    local_time: time
    timezone: str
    role_id: int | None = None
    thread: bool = False
    paused: bool = False
    pause_reason: str | None = None
    moderator_id: int | None = None
    active_since: datetime = datetime(1970, 1, 1, tzinfo=UTC)
    last_posted: date | None = None
    weekdays: frozenset[int] = EVERY_DAY  # 0 = Monday; setup's default is Monday to Friday

    @property
    def zone(self) -> ZoneInfo:
        """The server's time zone."""
        return ZoneInfo(self.timezone)


@dataclass(frozen=True, slots=True)
class PostRow:
    """What the claim recorded, before anything is sent."""

    guild_id: int
    channel_id: int
    fact_id: str
    round: int
    local_date: date
    kind: str  # 'daily', 'now' or 'skip'
    status: str = "claimed"


class FactRepo:
    """Reads and writes the two tables; brings them up to date on opening."""

    def __init__(self, db: storage.Database | Any) -> None:
        self.db = storage.adopt(db)
        self.db.migrate(FACTS_SCHEMA)

    def save_schedule(self, schedule: Schedule, now: datetime) -> None:
        """Insert or replace a channel's schedule."""
        row = _schedule_row(schedule, now)
        names = ", ".join(SCHEDULE_COLUMNS)
        marks = ", ".join("?" for _ in SCHEDULE_COLUMNS)
        updates = ", ".join(f"{name} = excluded.{name}" for name in SCHEDULE_COLUMNS[2:])
        self.db.execute(
            f"insert into {SCHEDULES} ({names}) values ({marks}) "
            f"on conflict (guild_id, channel_id) do update set {updates}",
            [row[name] for name in SCHEDULE_COLUMNS],
        )

    def schedule(self, guild_id: int, channel_id: int | None = None) -> Schedule | None:
        """A channel's schedule (``channel_id`` None: the server's first), or None."""
        found = self.schedules(guild_id)
        if channel_id is not None:
            found = [s for s in found if s.channel_id == channel_id]
        return found[0] if found else None

    def schedules(self, guild_id: int) -> list[Schedule]:
        """The server's schedules, one per channel, oldest channel id first."""
        rows = self.db.query(
            f"select * from {SCHEDULES} where guild_id = ? order by channel_id", [guild_id]
        )
        return [_schedule(row) for row in rows]

    def delete_schedule(self, guild_id: int, channel_id: int) -> bool:
        """Stop a channel's daily posts for good (its posts stay in the rotation)."""
        written = self.db.execute(
            f"delete from {SCHEDULES} where guild_id = ? and channel_id = ?",
            [guild_id, channel_id],
        )
        return written.rowcount > 0

    def active_schedules(self) -> list[Schedule]:
        """Every schedule that is not paused."""
        rows = self.db.query(
            f"select * from {SCHEDULES} where paused = 0 order by guild_id, channel_id"
        )
        return [_schedule(row) for row in rows]

    def history(self, guild_id: int) -> list[Used]:
        """The facts the server used (posted, claimed or skipped), oldest first."""
        rows = self.db.query(
            f"select fact_id, round from {POSTS} where guild_id = ? and {_USED} order by id",
            [guild_id],
        )
        return [Used(row["fact_id"], row["round"]) for row in rows]

    def latest_round(self, guild_id: int) -> list[Used]:
        """What the server used in its latest round, oldest first: all the rotation needs.

        Two indexed reads (the round number, then that round's rows), so a claim costs
        the same after a year of posts as on the first day.
        """
        found = self.db.one(
            f"select round from {POSTS} where guild_id = ? and {_USED} order by round desc limit 1",
            [guild_id],
        )
        if found is None:
            return []
        rows = self.db.query(
            f"select fact_id, round from {POSTS} where guild_id = ? and round = ? and {_USED} "
            "order by id",
            [guild_id, found["round"]],
        )
        return [Used(row["fact_id"], row["round"]) for row in rows]

    def unconfirmed(self, guild_id: int) -> int:
        """How many claims never had their send confirmed (e.g. a crash mid-send)."""
        row = self.db.one(
            f"select count(*) as n from {POSTS} where guild_id = ? and status = 'claimed'",
            [guild_id],
        )
        return int(row["n"]) if row else 0

    def claim(self, post: PostRow, now: datetime) -> int | None:
        """Record a post before it is sent; its id, or None if that day is already claimed.

        A daily claim also moves the schedule's last posted day, in the same transaction.
        """
        stamp = storage.to_db(now)
        try:
            with self.db.transaction():
                written = self.db.execute(
                    f"insert into {POSTS} (guild_id, channel_id, fact_id, round, local_date, "
                    "kind, status, claimed_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        post.guild_id,
                        post.channel_id,
                        post.fact_id,
                        post.round,
                        post.local_date.isoformat(),
                        post.kind,
                        post.status,
                        stamp,
                        stamp,
                    ],
                )
                if post.kind == "daily":
                    self.db.execute(
                        f"update {SCHEDULES} set last_posted_date = ?, updated_at = ? "
                        "where guild_id = ? and channel_id = ?",
                        [post.local_date.isoformat(), stamp, post.guild_id, post.channel_id],
                    )
        except storage.ConstraintError:
            log.info("day %s already claimed for guild %s", post.local_date, post.guild_id)
            return None
        return written.lastrowid

    def finish(
        self,
        post_id: int,
        status: str,
        now: datetime,
        message_id: int | None = None,
        reason: str | None = None,
    ) -> None:
        """Record how a claimed post ended: 'sent' with its message, or 'failed' with why."""
        self.db.execute(
            f"update {POSTS} set status = ?, message_id = ?, reason = ?, updated_at = ? "
            "where id = ?",
            [status, message_id, reason, storage.to_db(now), post_id],
        )

    def posts(self, guild_id: int) -> list[dict[str, Any]]:
        """Every post row of a server, oldest first (for status and tests)."""
        return self.db.query(f"select * from {POSTS} where guild_id = ? order by id", [guild_id])

    def set_paused(
        self, guild_id: int, reason: str | None, now: datetime, channel_id: int | None = None
    ) -> None:
        """Pause with a reason the moderator will read (``reason`` None resumes from now).

        ``channel_id`` None: every schedule of the server."""
        changes: dict[str, Any] = {
            "paused": int(reason is not None),
            "pause_reason": reason,
            "updated_at": storage.to_db(now),
        }
        if reason is None:
            changes["active_since"] = storage.to_db(now)
        sets = ", ".join(f"{column} = ?" for column in changes)
        where, params = "guild_id = ?", [guild_id]
        if channel_id is not None:
            where, params = "guild_id = ? and channel_id = ?", [guild_id, channel_id]
        self.db.execute(
            f"update {SCHEDULES} set {sets} where {where}", [*changes.values(), *params]
        )


def _schedule_row(schedule: Schedule, now: datetime) -> dict[str, Any]:
    return {
        "guild_id": schedule.guild_id,
        "channel_id": schedule.channel_id,
        "local_time": schedule.local_time.strftime("%H:%M"),
        "timezone": schedule.timezone,
        "role_id": schedule.role_id,
        "thread": int(schedule.thread),
        "paused": int(schedule.paused),
        "pause_reason": schedule.pause_reason,
        "moderator_id": schedule.moderator_id,
        "active_since": storage.to_db(schedule.active_since),
        "last_posted_date": schedule.last_posted.isoformat() if schedule.last_posted else None,
        "updated_at": storage.to_db(now),
        "weekdays": days_value(schedule.weekdays),
    }


def _schedule(row: dict[str, Any]) -> Schedule:
    last = row["last_posted_date"]
    return Schedule(
        guild_id=row["guild_id"],
        channel_id=row["channel_id"],
        local_time=time.fromisoformat(row["local_time"]),
        timezone=row["timezone"],
        role_id=row["role_id"],
        thread=bool(row["thread"]),
        paused=bool(row["paused"]),
        pause_reason=row["pause_reason"],
        moderator_id=row["moderator_id"],
        active_since=storage.required(row["active_since"]),
        last_posted=date.fromisoformat(last) if last else None,
        weekdays=stored_days(row.get("weekdays")),
    )
