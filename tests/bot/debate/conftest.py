"""Fixtures for the debate tests: a writable store, a clock tests move, people, debates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.debate import AFTER, BEFORE, POLITICAL, SINCERE, Actor, Debate, DebateService
from bot.search import SearchEngine
from bot.store import Store

GUILD, CHANNEL = 100, 200


class FakeClock:
    """A clock tests move by hand: ``clock()`` is the current UTC instant."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> datetime:
        self.now += timedelta(seconds=seconds)
        return self.now


class People:
    """The class: a moderator and five students."""

    teacher = Actor(1, "teacher", is_moderator=True)
    alice = Actor(2, "alice")
    bob = Actor(3, "bob")
    carol = Actor(4, "carol")
    dave = Actor(5, "dave")
    erin = Actor(6, "erin")


def copy_store(source: Store, path: Path | None = None) -> Store:
    """A writable store holding the indexed corpus (copied, not rebuilt: fast)."""
    target = Store(path)
    source.db.conn.backup(target.db.conn)
    return target


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))


@pytest.fixture
def db(store: Store) -> Store:
    return copy_store(store)


@pytest.fixture
def service(db: Store, clock: FakeClock) -> DebateService:
    return DebateService(db, SearchEngine(db), clock)


@pytest.fixture
def people() -> type[People]:
    return People


@pytest.fixture
def lobby(service: DebateService, people: type[People]) -> Debate:
    """A classroom debate with alice and carol on Sincere, bob and dave on Political."""
    debate = service.open(people.teacher, GUILD, CHANNEL)
    for student in (people.alice, people.bob, people.carol, people.dave):
        service.join(student, debate.id)
    return service.get(debate.id)


@pytest.fixture
def running(service: DebateService, lobby: Debate, people: type[People]) -> Debate:
    """The same debate started: alice gives the Sincere opening (4:00, POIs allowed)."""
    debate = service.start(people.teacher, lobby.id)
    assert debate.current is not None and debate.current.side == SINCERE
    return debate


FRANK = Actor(7, "frank")


def _by_stance(db, stance: str) -> str:
    return next(p.id for p in db.passages() if p.stance == stance)


@pytest.fixture
def played(service, people, clock, db):
    """A short debate: an early end, a full speech, a skip, speeches not held, a flag."""
    mine, theirs = _by_stance(db, SINCERE), _by_stance(db, POLITICAL)
    debate = service.open(people.teacher, GUILD, CHANNEL, format_text="short")
    for student in (people.alice, people.bob, people.carol, people.dave, people.erin, FRANK):
        service.join(student, debate.id)
    service.assign(people.teacher, debate.id, FRANK, SINCERE)
    service.assign(people.teacher, debate.id, people.erin, SINCERE)
    service.vote(people.alice, debate.id, BEFORE, SINCERE)
    service.vote(people.bob, debate.id, BEFORE, POLITICAL)
    service.start(people.teacher, debate.id)
    clock.advance(45)
    service.suggest_to_speaker(FRANK, debate.id, mine, "try this")
    argued = service.argue(people.alice, debate.id, "A real break", "", f"{mine}, {theirs}")
    service.offer_poi(people.bob, debate.id)
    service.answer_poi(people.alice, debate.id, accept=False)
    clock.advance(60)
    service.advance(people.teacher, debate.id)  # alice: 1:45 of 2:00, ended early
    service.argue(people.bob, debate.id, "He wanted power", "", theirs)
    clock.advance(120)
    service.advance(people.teacher, debate.id)  # bob: the full 2:00
    service.skip(people.teacher, debate.id)  # the Sincere rebuttal, at once: skipped
    clock.advance(40)
    service.counter(people.dave, debate.id, argued.id, theirs, "Saving face")
    service.end(people.teacher, debate.id, vote_after=True)  # the closings are not held
    service.vote(people.alice, debate.id, AFTER, POLITICAL)
    service.end(people.teacher, debate.id)
    return debate.id, mine, theirs
