"""Fixtures for the fact tests: the extracted facts, a controllable clock, a writable store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.facts import Fact, extract_facts
from bot.models import Source
from bot.store import Store


class FakeClock:
    """A clock tests move by hand: ``clock()`` is the current UTC instant."""

    def __init__(self, start: datetime) -> None:
        self.now = start.astimezone(UTC)

    def __call__(self) -> datetime:
        return self.now

    def set_local(self, zone: str, *args: int) -> None:
        """Jump to a local wall time, e.g. ``set_local("Europe/London", 2026, 3, 29, 9)``."""
        self.now = datetime(*args, tzinfo=ZoneInfo(zone)).astimezone(UTC)

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture(scope="session")
def sources(store: Store) -> dict[str, Source]:
    return {source.id: source for source, _count in store.sources()}


@pytest.fixture(scope="session")
def facts(store: Store, sources: dict[str, Source]) -> list[Fact]:
    return extract_facts(store.passages(), sources)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 1, 5, 12, 0, tzinfo=UTC))


@pytest.fixture
def fresh_store(tmp_path) -> Store:
    """A writable store on a file (so a second service can reopen it, as after a restart)."""
    built = Store(tmp_path / "facts.sqlite3")
    built.ensure_corpus()
    return built
