"""The one storage layer every feature uses: tables, migrations, transactions, times.

A feature declares its tables as a :class:`Schema`: numbered :class:`Migration` steps,
applied in order when the feature opens the database, each in its own transaction and
recorded in one table (``storage_migrations``: feature, version). Features then talk to
the small :class:`Database` interface (``execute``, ``query``, ``one``, ``transaction``,
``migrate``), never to ``sqlite3`` or sqlite-utils, so a second backend (PostgreSQL for
a bot run as several processes) is one more implementation of that interface.

Rules every feature follows:

- A write outside a transaction is its own transaction; inside one it joins it and
  never commits on its own. ``with db.transaction():`` is ``BEGIN IMMEDIATE`` (the write
  lock is taken first, so a compare-and-set cannot race); nested, it is a savepoint.
- Times are stored with :func:`to_db` and read with :func:`from_db`: ISO 8601 in UTC.
- User text only travels as parameters; table and column names come from the code.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol
from weakref import WeakKeyDictionary

log = logging.getLogger(__name__)

MIGRATIONS = "storage_migrations"
Params = Sequence[Any] | Mapping[str, Any]
Row = dict[str, Any]


class ConstraintError(Exception):
    """A write broke a rule the schema enforces (a unique index, a primary key)."""


# ---- times ----


def to_db(value: datetime | None) -> str | None:
    """A time as stored: ISO 8601 in UTC (``2026-03-02T09:00:00+00:00``); None stays None.

    Every stored time is UTC with its offset, so text order is time order and a query
    can compare times as strings. A naive time is a bug (whose clock?): it is refused.
    """
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError(f"a naive datetime cannot be stored: {value!r}")
    return value.astimezone(UTC).isoformat()


def from_db(text: str | None) -> datetime | None:
    """A stored time back as an aware UTC datetime (rows older than this layer included)."""
    if not text:
        return None
    found = datetime.fromisoformat(text)
    if found.tzinfo is None:
        return found.replace(tzinfo=UTC)
    return found.astimezone(UTC)


def required(text: str) -> datetime:
    """:func:`from_db` for a column the schema declares ``not null``."""
    found = from_db(text)
    if found is None:
        raise ValueError("a required time is missing")
    return found


# ---- schema and migrations ----

Step = str | Callable[["Database"], None]


@dataclass(frozen=True, slots=True)
class Migration:
    """One numbered change to a feature's tables: SQL statements or small functions."""

    version: int
    description: str
    steps: tuple[Step, ...]


@dataclass(frozen=True, slots=True)
class Schema:
    """A feature's tables: its name and its migrations, numbered 1, 2, 3... in order."""

    feature: str
    migrations: tuple[Migration, ...]

    def __post_init__(self) -> None:
        numbers = [m.version for m in self.migrations]
        if numbers != list(range(1, len(numbers) + 1)):
            raise ValueError(f"{self.feature}: migrations must be numbered 1..n, not {numbers}")

    @property
    def version(self) -> int:
        """The version a database has once every migration is applied."""
        return len(self.migrations)


_DECLARED: dict[str, Schema] = {}


def declare(schema: Schema) -> Schema:
    """Register a feature's schema so :func:`migrate_declared` applies it at open."""
    known = _DECLARED.get(schema.feature)
    if known is not None and _described(known) != _described(schema):
        raise ValueError(f"two schemas are declared for the feature {schema.feature!r}")
    _DECLARED[schema.feature] = schema
    return schema


def _described(schema: Schema) -> list[str]:
    return [migration.description for migration in schema.migrations]


def declared() -> list[Schema]:
    """Every schema declared so far (by the feature modules imported), by feature name."""
    return [_DECLARED[name] for name in sorted(_DECLARED)]


def add_column(table: str, column: str, kind: str) -> Callable[[Database], None]:
    """A step adding a column unless the table has it already (files older than migrations)."""

    def step(db: Database) -> None:
        if column not in db.columns(table):
            db.execute(f"alter table {table} add column {column} {kind}")

    step.__name__ = f"add_column_{table}_{column}"
    return step


# ---- the interface ----


@dataclass(frozen=True, slots=True)
class Written:
    """What a write did: rows changed, and the new row's id for an insert."""

    rowcount: int
    lastrowid: int | None


class Database(Protocol):
    """What a feature may ask of its storage (implemented by :class:`SqliteDatabase`)."""

    @property
    def in_transaction(self) -> bool: ...

    @property
    def unit(self) -> int | None: ...

    @property
    def writes(self) -> int: ...

    def execute(self, sql: str, params: Params = ()) -> Written: ...

    def query(self, sql: str, params: Params = ()) -> list[Row]: ...

    def one(self, sql: str, params: Params = ()) -> Row | None: ...

    def transaction(self) -> AbstractContextManager[None]: ...

    def columns(self, table: str) -> set[str]: ...

    def migrate(self, schema: Schema) -> list[int]: ...


class SqliteDatabase:
    """The :class:`Database` interface over one ``sqlite3`` connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._depth = 0  # savepoints open inside the current transaction
        self._units = 0  # outermost transactions begun so far on this connection
        self._open = False  # whether the open transaction is one this layer began
        self.writes = 0  # statements run through execute: a read before the last one may be stale
        self._current: dict[str, int] = {}  # features known to be up to date on this file

    @property
    def in_transaction(self) -> bool:
        """Whether a transaction is open on the connection (ours or a caller's)."""
        return self.conn.in_transaction

    @property
    def unit(self) -> int | None:
        """A number naming the open transaction this layer began (None outside one).

        What was read inside one unit stays true until that unit writes, since its
        ``BEGIN IMMEDIATE`` holds the write lock: callers may cache reads per unit.
        """
        return self._units if self._open else None

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic unit: ``BEGIN IMMEDIATE`` outside, a savepoint when nested.

        A nested unit that fails is undone on its own (the outer one may go on); the
        outer unit commits only when its block ends without an exception.
        """
        if self.conn.in_transaction:
            yield from self._savepoint()
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._units += 1
        self._open = True
        try:
            yield
        except BaseException:
            if self.conn.in_transaction:
                self.conn.rollback()
            raise
        else:
            self.conn.commit()
        finally:
            self._open = False

    def _savepoint(self) -> Iterator[None]:
        self._depth += 1
        name = f"unit_{self._depth}"
        self.conn.execute(f"savepoint {name}")
        try:
            yield
        except BaseException:
            if self.conn.in_transaction:  # SQLite may already have rolled it all back
                self.conn.execute(f"rollback to {name}")
                self.conn.execute(f"release {name}")
            raise
        finally:
            self._depth -= 1
        self.conn.execute(f"release {name}")

    def execute(self, sql: str, params: Params = ()) -> Written:
        """Run one statement; outside a transaction it is committed at once."""
        if self.conn.in_transaction:
            return self._run(sql, params)
        with self.transaction():
            return self._run(sql, params)

    def _run(self, sql: str, params: Params) -> Written:
        self.writes += 1
        try:
            cursor = self.conn.execute(sql, params)
        except sqlite3.IntegrityError as exc:
            raise ConstraintError(str(exc)) from exc
        return Written(cursor.rowcount, cursor.lastrowid)

    def query(self, sql: str, params: Params = ()) -> list[Row]:
        """Every row of a select, as dicts keyed by column name."""
        cursor = self.conn.execute(sql, params)
        names = [column[0] for column in cursor.description or ()]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def one(self, sql: str, params: Params = ()) -> Row | None:
        """The first row of a select, or None."""
        cursor = self.conn.execute(sql, params)
        row = cursor.fetchone()
        if row is None:
            return None
        return dict(zip([column[0] for column in cursor.description], row, strict=True))

    def columns(self, table: str) -> set[str]:
        """The table's column names (empty when there is no such table)."""
        return {row[1] for row in self.conn.execute(f"pragma table_info({table})")}

    def migrate(self, schema: Schema) -> list[int]:
        """Apply the feature's migrations this file lacks, in order; the versions applied.

        Each migration runs in its own transaction with its record, so a failure leaves
        the file at the last whole version and the next start tries again from there.
        """
        if self._current.get(schema.feature) == schema.version:
            return []
        applied = self._applied(schema.feature)
        done: list[int] = []
        for migration in schema.migrations:
            if migration.version in applied:
                continue
            with self.transaction():
                if migration.version in self._applied(schema.feature):
                    continue  # another process applied it while this one waited for the lock
                self._ensure_migrations_table()
                for step in migration.steps:
                    if isinstance(step, str):
                        self._run(step, ())
                    else:
                        step(self)
                self._run(
                    f"insert into {MIGRATIONS} (feature, version, description, applied_at) "
                    "values (?, ?, ?, ?)",
                    [schema.feature, migration.version, migration.description, _now()],
                )
            log.info(
                "%s: migration %d applied (%s)",
                schema.feature,
                migration.version,
                migration.description,
            )
            done.append(migration.version)
        self._current[schema.feature] = schema.version
        return done

    def version(self, feature: str) -> int:
        """The highest migration of ``feature`` this file has recorded (0: none)."""
        return max(self._applied(feature), default=0)

    def _applied(self, feature: str) -> set[int]:
        if not self.columns(MIGRATIONS):
            return set()
        rows = self.conn.execute(
            f"select version from {MIGRATIONS} where feature = ?", [feature]
        ).fetchall()
        return {row[0] for row in rows}

    def _ensure_migrations_table(self) -> None:
        self._run(
            f"create table if not exists {MIGRATIONS} (feature text not null, "
            "version integer not null, description text not null, applied_at text not null, "
            "primary key (feature, version))",
            (),
        )


_ADOPTED: WeakKeyDictionary[Any, SqliteDatabase] = WeakKeyDictionary()


def sqlite(conn: sqlite3.Connection) -> SqliteDatabase:
    """The storage layer over one SQLite connection (the store keeps the one it opened)."""
    return SqliteDatabase(conn)


def adopt(handle: Any) -> Database:
    """The storage layer for ``handle``: a :class:`Database` as it is, or a handle holding
    a SQLite connection as ``.conn`` (sqlite-utils' Database), one layer per handle, so
    code written before this layer (and its tests) keeps working."""
    if isinstance(handle, SqliteDatabase):
        return handle
    if isinstance(handle, sqlite3.Connection):
        return SqliteDatabase(handle)
    found = _ADOPTED.get(handle)
    if found is None:
        found = _ADOPTED[handle] = SqliteDatabase(handle.conn)
    return found


def migrate_declared(db: Database) -> dict[str, list[int]]:
    """Bring every declared feature's tables up to date (at open); what was applied."""
    return {schema.feature: db.migrate(schema) for schema in declared()}


def _now() -> str:
    return datetime.now(UTC).isoformat()
