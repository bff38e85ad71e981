"""The domain services one process shares: the store and the search engine over it."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from bot import storage
from bot.search import SearchEngine
from bot.store import Store, settle
from bot.storefaults import startup_error


@dataclass
class Services:
    """Everything the front ends (Discord, console, CLI) call into."""

    store: Store
    search: SearchEngine
    default_zone: str = "UTC"  # THAWBOT_TIMEZONE: /facts setup's zone when none is given
    retention_days: int = 0  # THAWBOT_RETENTION_DAYS: days ended debates are kept (0: off)

    @classmethod
    def open(
        cls,
        database: str | Path | None,
        seeds_dir: Path | None = None,
        default_zone: str = "UTC",
        retention_days: int = 0,
    ) -> Services:
        """Open (creating on first start) the SQLite file and make sure the corpus is indexed
        (the readings in ``seeds_dir``, by default the checkout's ``seeds/``)."""
        from bot.actions import load_features  # local: the features build on the services

        load_features()  # every feature declares its tables on import: all are known here
        store = Store(database)
        try:
            store.ensure_corpus(seeds_dir)
            storage.migrate_declared(store.sql)  # every feature's tables, up to date
        except sqlite3.Error as exc:  # locked, full or damaged: one sentence, no traceback
            raise startup_error(exc, database) from None
        settle(store)
        search = SearchEngine(store)
        return cls(store, search, default_zone=default_zone, retention_days=retention_days)
