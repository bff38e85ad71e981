"""The storage layer: transactions, migrations, the one time convention, old files upgraded."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot import storage
from bot.debate import DebateService
from bot.debate._outbox import Outbox
from bot.facts import FactService
from bot.search import SearchEngine
from bot.services import Services
from bot.store import Store

SAVED_SCHEMA = Path(__file__).parents[1] / "data" / "schema_before_storage.sql"


@pytest.fixture
def path(tmp_path) -> Path:
    return tmp_path / "db.sqlite3"


@pytest.fixture
def db(path) -> storage.SqliteDatabase:
    found = storage.sqlite(sqlite3.connect(str(path)))
    found.execute("create table t (id integer primary key, name text unique)")
    return found


def committed(path: Path) -> list[str]:
    """What another connection (another process) sees."""
    other = sqlite3.connect(str(path))
    try:
        return [row[0] for row in other.execute("select name from t order by id")]
    finally:
        other.close()


def test_a_write_on_its_own_is_committed_at_once(db, path):
    written = db.execute("insert into t (name) values (?)", ["a"])
    assert written.rowcount == 1 and written.lastrowid == 1
    assert committed(path) == ["a"]


def test_a_write_inside_a_transaction_waits_for_the_transaction(db, path):
    with db.transaction():
        db.execute("insert into t (name) values (?)", ["a"])
        assert db.in_transaction and committed(path) == []
    assert committed(path) == ["a"]


def test_a_failed_transaction_leaves_nothing(db, path):
    with pytest.raises(RuntimeError), db.transaction():
        db.execute("insert into t (name) values (?)", ["a"])
        raise RuntimeError("boom")
    assert committed(path) == [] and not db.in_transaction


def test_a_nested_unit_is_a_savepoint_undone_on_its_own(db, path):
    with db.transaction():
        db.execute("insert into t (name) values (?)", ["kept"])
        with pytest.raises(storage.ConstraintError), db.transaction():
            db.execute("insert into t (name) values (?)", ["dropped"])
            db.execute("insert into t (name) values (?)", ["kept"])  # unique: refused
        with db.transaction():
            db.execute("insert into t (name) values (?)", ["also kept"])
    assert committed(path) == ["kept", "also kept"]


def test_user_text_travels_as_parameters(db):
    name = "x'); drop table t; --"
    db.execute("insert into t (name) values (?)", [name])
    assert db.one("select name from t") == {"name": name}
    assert db.query("select id, name from t where name = :n", {"n": name}) == [
        {"id": 1, "name": name}
    ]


@pytest.mark.parametrize(
    "value",
    [
        datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
        datetime(2026, 3, 2, 10, 0, 30, 5, tzinfo=timezone(timedelta(hours=1))),
    ],
)
def test_times_are_stored_in_utc_and_read_back_as_the_same_instant(value):
    text = storage.to_db(value)
    assert text is not None and text.endswith("+00:00")
    back = storage.from_db(text)
    assert back == value and back.tzinfo == UTC


def test_times_before_the_layer_read_back_and_naive_ones_are_refused():
    assert storage.from_db("2026-03-02T10:00:00+01:00") == datetime(2026, 3, 2, 9, tzinfo=UTC)
    assert storage.from_db(None) is None and storage.to_db(None) is None
    with pytest.raises(ValueError):
        storage.to_db(datetime(2026, 3, 2, 9))


def schema(feature: str, *steps: storage.Step) -> storage.Schema:
    return storage.Schema(
        feature,
        tuple(storage.Migration(n, f"step {n}", (step,)) for n, step in enumerate(steps, 1)),
    )


def test_migrations_run_in_order_once_and_are_recorded(db):
    ran: list[str] = []
    first = schema(
        "demo",
        "create table demo (id integer primary key)",
        lambda d: ran.append("function step"),
        storage.add_column("demo", "label", "text"),
    )
    assert db.migrate(first) == [1, 2, 3]
    assert ran == ["function step"] and db.columns("demo") == {"id", "label"}
    assert db.migrate(first) == []
    again = storage.sqlite(db.conn)  # a restart: a new layer over the same file
    assert again.migrate(first) == [] and again.version("demo") == 3
    rows = db.query("select feature, version from storage_migrations order by version")
    assert rows == [{"feature": "demo", "version": n} for n in (1, 2, 3)]


def test_a_failed_migration_stops_at_the_last_whole_version(db):
    broken = schema(
        "broken", "create table b1 (id integer)", "create table b2 (", "create table b3 (id)"
    )
    with pytest.raises(sqlite3.OperationalError):
        db.migrate(broken)
    assert db.version("broken") == 1 and db.columns("b1") and not db.columns("b2")
    fixed = schema("broken", "create table b1 (id integer)", "create table b2 (id)")
    assert db.migrate(fixed) == [2]


@pytest.mark.parametrize("numbers", [(2,), (1, 3), (2, 1)])
def test_migrations_are_numbered_from_one_without_gaps(numbers):
    with pytest.raises(ValueError):
        storage.Schema("bad", tuple(storage.Migration(n, "x", ()) for n in numbers))


def test_a_file_from_before_the_storage_layer_upgrades_without_losing_rows(path):
    old = sqlite3.connect(str(path))
    old.executescript(SAVED_SCHEMA.read_text())
    old.executescript(
        """
        insert into debate_debates (id, guild_id, channel_id, motion, format, status,
            moderator_id, moderator_name, created_at)
            values (1, 10, 20, 'Kept motion', '{"name": "short", "rounds": []}', 'ended',
            1, 'teacher', '2026-03-01T09:00:00+00:00');
        insert into debate_votes values (1, 'before', 5, 'sincere', '2026-03-01T09:01:00+00:00');
        insert into debate_outbox (debate_id, kind, text, channel_id, until)
            values (1, 'warning', 'kept warning', 20, '2026-03-01T09:02:00+00:00');
        insert into facts_schedules (guild_id, channel_id, local_time, timezone, active_since)
            values (10, 30, '09:00', 'UTC', '2026-03-01T00:00:00+00:00');
        insert into facts_posts (guild_id, channel_id, fact_id, round, local_date, kind, status)
            values (10, 30, 'fact-1', 1, '2026-03-01', 'daily', 'sent');
        insert into quote_queries values ('abc123', 'secret speech');
        """
    )
    old.commit()
    old.close()

    services = Services.open(path)
    debates = DebateService(services.store, services.search)
    facts = FactService(services.store)
    outbox = Outbox(services.store.sql)
    db = services.store.sql
    assert {s.feature: db.version(s.feature) for s in storage.declared()} == {
        s.feature: s.version for s in storage.declared()
    }
    assert debates.get(1).motion == "Kept motion"
    assert [v.member_id for v in debates.repo.votes(1)] == [5]
    assert [p.event.text for p in outbox.pending()] == ["kept warning"]
    assert facts.repo.schedule(10).channel_id == 30
    assert [row["fact_id"] for row in facts.repo.posts(10)] == ["fact-1"]
    assert db.one("select query from quote_queries") == {"query": "secret speech"}

    reopened = Store(path)  # a second start: nothing to apply, everything still there
    assert storage.migrate_declared(reopened.sql) == {s.feature: [] for s in storage.declared()}
    again = DebateService(reopened, SearchEngine(reopened))
    assert again.get(1).created_at == datetime(2026, 3, 1, 9, tzinfo=UTC)
