"""A locked, full, damaged or deleted database: one clear sentence, never a frozen bot."""

from __future__ import annotations

import shutil
import sqlite3
import time

import pytest

from bot.errors import Busy, StorageError
from bot.facts import FactService
from bot.services import Services
from bot.store import Store
from cogs.errors import user_message
from console import cli


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A database file with the readings indexed, copied by each test that needs one."""
    path = tmp_path_factory.mktemp("db") / "thawbot.sqlite3"
    conn = Services.open(path).store.db.conn
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


@pytest.fixture
def db_file(built, tmp_path):
    path = tmp_path / "thawbot.sqlite3"
    shutil.copy(built, path)
    return path


def hold_write_lock(path):
    other = sqlite3.connect(str(path), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    return other


def test_a_write_under_another_process_lock_fails_fast_with_a_retry_message(db_file):
    services = Services.open(db_file)
    facts = FactService(services.store)
    other = hold_write_lock(db_file)
    try:
        started = time.monotonic()
        with pytest.raises(sqlite3.OperationalError) as caught:
            facts.setup(1, 2, "09:00", "UTC")
        waited = time.monotonic() - started
        # reads are not blocked in WAL mode: /quote and /help keep working
        assert services.search.search("secret speech").hits
    finally:
        other.rollback()
        other.close()
    assert waited < 1.5  # SQLite's default would hold the event loop for 5 s
    assert "busy" in user_message(caught.value) and "Try again" in user_message(caught.value)
    facts.setup(1, 2, "09:00", "UTC")  # and once the lock is gone, the write goes through


def test_start_up_under_a_lock_is_one_sentence(tmp_path, monkeypatch, capsys):
    path = tmp_path / "thawbot.sqlite3"
    sqlite3.connect(str(path)).execute("PRAGMA journal_mode=WAL").close()
    monkeypatch.setenv("THAWBOT_DB", str(path))
    other = hold_write_lock(path)
    try:
        status = cli.main(["search", "secret", "speech"])
    finally:
        other.rollback()
        other.close()
    err = capsys.readouterr().err.strip()
    assert status == 1
    assert err.count("\n") == 0 and "locked by another program" in err
    assert "Traceback" not in err


def corrupt(path):
    """Overwrite pages in the middle of the file, as a failing disk would."""
    with open(path, "r+b") as handle:
        handle.seek(0, 2)
        size = handle.tell()
        handle.seek(size // 2)
        handle.write(b"\xa5" * 8192)


def test_a_damaged_database_is_refused_at_start_up_with_what_to_do(db_file, monkeypatch, capsys):
    corrupt(db_file)
    with pytest.raises(StorageError, match=r"is damaged.*restore it from a backup"):
        Store(db_file)
    monkeypatch.setenv("THAWBOT_DB", str(db_file))
    assert cli.main(["sources"]) == 1
    err = capsys.readouterr().err.strip()
    assert "damaged" in err and err.count("\n") == 0


def test_a_full_disk_while_running_is_one_sentence(tmp_path):
    store = Services.open(tmp_path / "thawbot.sqlite3").store
    facts = FactService(store)
    store.db.execute("VACUUM")  # no free pages left: the next growth needs a new page
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(sqlite3.OperationalError) as caught:
        for guild in range(1, 2000):  # until the file would have to grow
            facts.setup(guild, 2, "09:00", "UTC")
    assert user_message(caught.value) == (
        "The disk holding the database is full: free some space, then try again."
    )


def test_a_first_start_on_a_full_disk_is_one_sentence(tmp_path, monkeypatch, capsys):
    import bot.store

    real = bot.store.connect

    def tiny_disk(path, timeout):
        conn = real(path, timeout)
        conn.execute("PRAGMA max_page_count = 40")  # a disk with room for 160 KB
        return conn

    monkeypatch.setattr(bot.store, "connect", tiny_disk)
    monkeypatch.setenv("THAWBOT_DB", str(tmp_path / "thawbot.sqlite3"))
    assert cli.main(["search", "thaw"]) == 1
    err = capsys.readouterr().err.strip()
    assert err == "thawbot: The disk holding the database is full: free some space, then try again."


def test_deleting_the_database_while_running_is_noticed(db_file):
    store = Store(db_file)
    assert store.file_problem() is None
    db_file.unlink()
    assert "was deleted or replaced" in (store.file_problem() or "")


def test_replacing_the_database_while_running_is_noticed(db_file, tmp_path):
    store = Store(db_file)
    shutil.copy(db_file, tmp_path / "copy")
    (tmp_path / "copy").replace(db_file)
    assert "was deleted or replaced" in (store.file_problem() or "")


def test_busy_is_a_domain_error_with_a_retry():
    assert isinstance(
        __import__("bot.storefaults").storefaults.domain_error(
            sqlite3.OperationalError("database is locked")
        ),
        Busy,
    )


def test_the_console_says_busy_and_goes_on(db_file):
    import io

    from rich.console import Console

    from bot.settings import load_settings
    from console.session import run_console

    out = Console(file=io.StringIO(), width=200)
    settings = load_settings(database=db_file)
    run_console(settings, stdin=io.StringIO("/help\n"), out=Console(file=io.StringIO()))
    other = hold_write_lock(db_file)
    try:
        status = run_console(settings, stdin=io.StringIO("/debate open\n/help\n"), out=out)
    finally:
        other.rollback()
        other.close()
    text = out.file.getvalue()
    assert status == 0
    assert "The database is busy" in text and "Every answer quotes the readings" in text
