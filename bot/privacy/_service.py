"""PrivacyService: what is stored about students, how long it is kept, and forgetting one.

Moderator rules are checked here (the actor), whatever front end asks. Retention is per
server (``privacy_settings``), with the default from ``THAWBOT_RETENTION_DAYS`` (0: keep
until deleted); a purge deletes ended debates older than that, with all their rows.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from bot import storage
from bot.errors import BadInput, NotAllowed
from bot.models import Actor
from bot.privacy._erase import Erased, delete_where, forget
from bot.privacy._schema import DEBATES, USER_COLUMNS, read_schema

log = logging.getLogger(__name__)

SETTINGS = "privacy_settings"
MAX_DAYS = 3650
PRIVACY_SCHEMA = storage.declare(
    storage.Schema(
        "privacy",
        (
            storage.Migration(
                1,
                "each server's retention",
                (
                    f"create table if not exists {SETTINGS} (guild_id integer primary key, "
                    "retention_days integer not null, moderator_id integer, "
                    "updated_at text not null)",
                ),
            ),
        ),
    )
)


@dataclass(frozen=True, slots=True)
class Stored:
    """One table holding rows about people: what columns say who, and what else it keeps."""

    table: str
    people: tuple[str, ...]
    names: tuple[str, ...]
    other: tuple[str, ...]


class PrivacyService:
    """Retention and forgetting over the store's SQLite file."""

    def __init__(
        self,
        db: storage.Database | Any,
        default_days: int = 0,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        found = storage.adopt(db)
        if not isinstance(found, storage.SqliteDatabase):  # forgetting reads SQLite's schema
            raise TypeError("privacy needs the SQLite backend")
        self.db = found
        self.default_days = default_days
        self.clock = clock
        found.migrate(PRIVACY_SCHEMA)

    # what is stored

    def stored(self) -> list[Stored]:
        """Every table with rows about people, read from the schema as it is now."""
        schema = read_schema(self.db.conn)
        found = []
        for table in schema.people_tables():
            people = tuple(schema.user_columns(table))
            names = tuple(schema.name_columns(table))
            other = tuple(
                c.name
                for c in schema.columns[table]
                if c.name not in people + names and c.name not in {"id", "debate_id"}
            )
            found.append(Stored(table, people, names, other))
        return found

    # retention

    def retention(self, guild_id: int | None) -> int:
        """Days an ended debate is kept in a server (0: until deleted)."""
        if guild_id is not None:
            row = self.db.one(
                f"select retention_days from {SETTINGS} where guild_id = ?", [guild_id]
            )
            if row is not None:
                return int(row["retention_days"])
        return self.default_days

    def set_retention(self, actor: Actor, guild_id: int, days: int) -> int:
        """A moderator sets how long this server's ended debates are kept (0: off)."""
        _require_moderator(actor)
        if not 0 <= days <= MAX_DAYS:
            raise BadInput(f"Give a number of days from 0 (keep until deleted) to {MAX_DAYS}.")
        self.db.execute(
            f"insert into {SETTINGS} (guild_id, retention_days, moderator_id, updated_at) "
            "values (?, ?, ?, ?) on conflict (guild_id) do update set "
            "retention_days = excluded.retention_days, moderator_id = excluded.moderator_id, "
            "updated_at = excluded.updated_at",
            [guild_id, days, actor.id, storage.to_db(self.clock())],
        )
        return days

    def purge(self, guild_id: int | None = None) -> dict[int, Erased]:
        """Delete ended debates older than each server's retention; per debate, what went."""
        if not self.db.columns(DEBATES):
            return {}
        now = self.clock()
        sql = f"select id, guild_id, ended_at from {DEBATES} where status = 'ended'"
        params: list[object] = []
        if guild_id is not None:
            sql += " and guild_id = ?"
            params.append(guild_id)
        done: dict[int, Erased] = {}
        for row in self.db.query(sql, params):
            days = self.retention(row["guild_id"])
            ended = storage.from_db(row["ended_at"])
            if days <= 0 or ended is None:
                continue
            if ended <= now - timedelta(days=days):
                done[row["id"]] = delete_where(self.db, DEBATES, "id = ?", [row["id"]])
        if done:
            log.info("retention: deleted %d ended debate(s)", len(done))
        return done

    # forgetting

    def forget(self, actor: Actor | None, user_id: int, guild_id: int | None) -> Erased:
        """Delete one student's rows in a server (``guild_id`` None: everywhere).

        ``actor`` None is the command line (the host's operator); a Discord or console
        user must be a moderator."""
        if actor is not None:
            _require_moderator(actor)
        if user_id <= 0:
            raise BadInput("Give the student's Discord user id (digits only).")
        done = forget(self.db, user_id, guild_id)
        log.info("forgot user %s in %s: %d rows", user_id, guild_id or "every server", done.total)
        return done


def _require_moderator(actor: Actor) -> None:
    if not actor.is_moderator:
        raise NotAllowed("Only a moderator can change what the bot keeps about students.")


__all__ = ["USER_COLUMNS", "PrivacyService", "Stored"]
