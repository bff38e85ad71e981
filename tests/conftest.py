"""Shared fixtures: an indexed in-memory store and a search engine over it."""

from __future__ import annotations

import pytest

from bot.search import SearchEngine
from bot.store import Store


@pytest.fixture(scope="session")
def store() -> Store:
    """A real in-memory SQLite store with the readings indexed (read-only in tests)."""
    built = Store(None)
    built.ensure_corpus()
    return built


@pytest.fixture(scope="session")
def engine(store: Store) -> SearchEngine:
    return SearchEngine(store)


@pytest.fixture
def tmp_db(tmp_path, monkeypatch):
    """A fresh database file for tests that write; also what the CLI opens."""
    path = tmp_path / "thawbot.sqlite3"
    monkeypatch.setenv("THAWBOT_DB", str(path))
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    return path


@pytest.fixture(autouse=True)
def _console_files(tmp_path_factory, monkeypatch):
    """Files the console saves (transcripts) go to a temporary folder, not the checkout."""
    monkeypatch.setenv("THAWBOT_CONSOLE_FILES", str(tmp_path_factory.mktemp("console-files")))


pytest_plugins = ["tests.fakediscord.fixtures"]
