"""What can go wrong with the SQLite file, in one sentence each.

SQLite reports a locked, full, damaged or vanished database as ``sqlite3`` exceptions
deep inside any read or write. :func:`domain_error` turns each into a domain error
(:class:`bot.errors.Busy` or :class:`bot.errors.StorageError`) whose message says what
to do, so the central error handlers show it instead of "Something went wrong".
"""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path

from bot.errors import Busy, StorageError, ThawbotError

log = logging.getLogger(__name__)

# A write waits this long for another process's lock, then the user is told to retry:
# short, so a lock held elsewhere never blocks the event loop for SQLite's usual 5 s.
BUSY_TIMEOUT_SECONDS = 0.25
# At start-up nothing else is waiting on the process, so it waits a little longer.
STARTUP_BUSY_TIMEOUT_SECONDS = 2.0

BUSY = "The database is busy (another program is writing to it). Try again in a moment."
FULL = "The disk holding the database is full: free some space, then try again."
GONE = (
    "The database file {path} was deleted or replaced while the bot was running: "
    "stop the bot, restore the file from a backup (or let it start a new one), then restart."
)


def _name(exc: sqlite3.Error) -> str:
    """SQLite's error name (SQLITE_BUSY...), from the exception or its message."""
    name = getattr(exc, "sqlite_errorname", None)
    if name:
        return str(name)
    text = str(exc).lower()
    for needle, guess in (
        ("locked", "SQLITE_BUSY"),
        ("busy", "SQLITE_BUSY"),
        ("disk is full", "SQLITE_FULL"),
        ("malformed", "SQLITE_CORRUPT"),
        ("not a database", "SQLITE_NOTADB"),
        ("disk i/o", "SQLITE_IOERR"),
        ("readonly", "SQLITE_READONLY"),
        ("unable to open", "SQLITE_CANTOPEN"),
    ):
        if needle in text:
            return guess
    return ""


def domain_error(exc: sqlite3.Error, path: object = None) -> ThawbotError | None:
    """The domain error for a storage failure, or None when it is a plain bug (bad SQL)."""
    name = _name(exc)
    where = f" {path}" if path else ""
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return Busy(BUSY)
    if name == "SQLITE_FULL":
        return StorageError(FULL)
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return StorageError(damaged(path, str(exc)))
    if name.startswith("SQLITE_READONLY"):
        return StorageError(
            f"The database{where} cannot be written (read-only file or folder): "
            "give the bot write access to it."
        )
    if name.startswith(("SQLITE_IOERR", "SQLITE_CANTOPEN")):
        return StorageError(
            f"The database{where} cannot be read or written ({exc}): check that its disk "
            "is mounted and the file still exists, then restart the bot."
        )
    return None


def startup_error(exc: sqlite3.Error, path: object) -> ThawbotError:
    """One sentence for a storage failure while starting: never a traceback."""
    found = domain_error(exc, path)
    if isinstance(found, Busy):
        return StorageError(
            f"The database {path} is locked by another program (a second Thawbot?): "
            "stop it, then start again."
        )
    return found or StorageError(f"Cannot open the database {path}: {exc}.")


def damaged(path: object, detail: str) -> str:
    """What to do about a damaged file."""
    where = f" {path}" if path else ""
    detail = " ".join(detail.split())[:120]
    return (
        f"The database{where} is damaged ({detail}): restore it from a backup, or move "
        "it aside to start a new one (the readings are indexed again; debates and fact "
        "schedules stay in the old file)."
    )


def quick_check(conn: sqlite3.Connection, path: Path) -> None:
    """Raise StorageError with what to do when SQLite's quick check finds damage."""
    rows = [str(row[0]) for row in conn.execute("PRAGMA quick_check").fetchall()]
    if rows != ["ok"]:
        log.error("quick_check of %s: %s", path, rows[:5])
        lines = [line for row in rows for line in row.splitlines() if not line.startswith("***")]
        raise StorageError(damaged(path, f"quick_check: {lines[0] if lines else rows[0]}"))


class FileWatch:
    """Notices when the open database file is deleted or replaced under the process.

    SQLite keeps writing to the open (now unlinked) file, so without this every later
    write would be lost silently at the next restart.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._identity = _identity(path)

    def problem(self) -> str | None:
        """None while the file on disk is the one opened, else the sentence to report."""
        if _identity(self.path) == self._identity:
            return None
        return GONE.format(path=self.path)


def _identity(path: Path) -> tuple[int, int]:
    """The file's (device, inode); (-1, -1) once it is gone."""
    try:
        stat = os.stat(path)
    except OSError:
        return (-1, -1)
    return (stat.st_dev, stat.st_ino)
