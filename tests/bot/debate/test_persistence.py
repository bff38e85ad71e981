"""A restart is a new DebateService over the same file: it sees exactly the same debate."""

from __future__ import annotations

import threading

import pytest
import sqlite_utils

from bot.debate import POLITICAL, SINCERE, Actor, DebateService
from bot.debate._repo import DebateRepo
from bot.debate._rows import SCHEMA
from bot.debate._timer import remaining
from bot.errors import Conflict
from bot.search import SearchEngine
from bot.store import Store
from tests.bot.debate.conftest import CHANNEL, GUILD, copy_store


@pytest.fixture
def path(store, tmp_path):
    target = tmp_path / "thawbot.sqlite3"
    copy_store(store, target)
    return target


def restart(path, clock) -> DebateService:
    reopened = Store(path)
    return DebateService(reopened, SearchEngine(reopened), clock)


def test_a_restart_mid_debate_loses_nothing(path, people, clock):
    first = restart(path, clock)
    debate = first.open(people.teacher, GUILD, CHANNEL, format_text="short")
    for student in (people.alice, people.bob, people.carol, people.dave):
        first.join(student, debate.id)
    first.vote(people.erin, debate.id, "before", SINCERE)
    first.start(people.teacher, debate.id)
    first.set_message(debate.id, "thread", 555)
    first.set_message(debate.id, "timer", 777)
    clock.advance(40)
    argument = first.argue(people.alice, debate.id, "Sincere", "Because", "listenit-010")
    first.offer_poi(people.bob, debate.id)
    clock.advance(25)
    first.pause(people.teacher, debate.id)
    state = first.record(debate.id)

    second = restart(path, clock)
    assert second.record(debate.id) == state
    assert [d.id for d in second.running()] == [debate.id]
    assert second.arguments(debate.id)[0] == argument
    clock.advance(600)  # paused: the clock does not move
    second.resume(people.teacher, debate.id)
    timer = second.get(debate.id).current.timer
    assert remaining(timer, clock.now) == 120 - 65
    assert second.find_message(777)[0].id == debate.id


def test_timers_resume_after_a_restart_without_repeats_or_misses(path, people, clock):
    first = restart(path, clock)
    debate = first.open(people.teacher, GUILD, CHANNEL, format_text="opening 2")
    first.join(people.alice, debate.id)
    first.join(people.bob, debate.id)
    first.start(people.teacher, debate.id)
    clock.advance(61)
    assert [e.seconds_left for e in first.due_events()] == [60]
    clock.advance(100)  # the bot was down when time ran out
    second = restart(path, clock)
    assert [e.kind for e in second.due_events()] == ["time_up"]
    assert restart(path, clock).due_events() == []


def test_a_corpus_rebuild_keeps_debates_and_their_evidence(path, people, clock, store):
    service = restart(path, clock)
    debate = service.open(people.teacher, GUILD, CHANNEL)
    service.join(people.alice, debate.id)
    service.join(people.bob, debate.id)
    service.start(people.teacher, debate.id)
    service.argue(people.alice, debate.id, "Sincere", "", "listenit-010")
    reopened = Store(path)
    reopened.set_meta("corpus_hash", "stale")
    assert reopened.ensure_corpus() is True
    again = DebateService(reopened, SearchEngine(reopened), clock)
    assert again.arguments(debate.id)[0].evidence[0].text == store.passage("listenit-010").text


def test_concurrent_joins_keep_the_sides_balanced(path, people, clock):
    debate = restart(path, clock).open(people.teacher, GUILD, CHANNEL)
    errors: list[Exception] = []

    def join(number: int) -> None:
        try:
            restart(path, clock).join(Actor(100 + number, f"s{number}"), debate.id)
        except Exception as exc:  # collected: a thread must not swallow failures
            errors.append(exc)

    threads = [threading.Thread(target=join, args=(n,)) for n in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    final = restart(path, clock).get(debate.id)
    assert len(final.participants) == 10
    assert len(final.side(SINCERE)) == len(final.side(POLITICAL)) == 5
    assert sorted(p.seq for p in final.participants) == list(range(1, 11))


def test_concurrent_opens_in_one_channel_make_one_debate(path, people, clock):
    outcomes: list[str] = []

    def open_one() -> None:
        try:
            restart(path, clock).open(people.teacher, GUILD, CHANNEL)
            outcomes.append("opened")
        except Conflict:
            outcomes.append("conflict")

    threads = [threading.Thread(target=open_one) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict"] * 3 + ["opened"]


def test_a_database_from_before_per_speech_timers_is_migrated(tmp_path):
    db = sqlite_utils.Database(tmp_path / "old.sqlite3")
    old = SCHEMA.replace(", timer_message_id integer", "").replace(", speech_seconds real", "")
    db.conn.executescript(old)
    db.conn.execute(
        "insert into debate_speeches (debate_id, position, round_name, side, speaker_id, "
        "speaker_name, seconds, pois_allowed, status) values (1, 0, 'Opening', 'sincere', 2, "
        "'alice', 120, 1, 'pending')"
    )
    db.conn.commit()
    assert "timer_message_id" not in db["debate_speeches"].columns_dict
    repo = DebateRepo(db)
    repo.set_speech_message(1, 777)
    assert [row["timer_message_id"] for row in db["debate_speeches"].rows] == [777]
    assert "speech_seconds" in db["debate_pois"].columns_dict
    DebateRepo(db)  # a second start finds nothing to add


@pytest.mark.parametrize("op", ["advance", "skip"])
def test_two_presses_on_one_timer_card_move_the_debate_on_once(path, people, clock, op):
    """Two moderators (or a double click) press Next/Skip on speech 1's card at once."""
    first = restart(path, clock)
    debate = first.open(people.teacher, GUILD, CHANNEL, format_text="short")
    for student in (people.alice, people.bob, people.carol, people.dave):
        first.join(student, debate.id)
    first.start(people.teacher, debate.id)
    outcomes: list[str] = []
    ready = threading.Barrier(2)

    def press() -> None:
        service = restart(path, clock)
        ready.wait()
        try:
            getattr(service, op)(people.teacher, debate.id, speech=1)
            outcomes.append("moved")
        except Conflict as exc:
            outcomes.append(str(exc))

    threads = [threading.Thread(target=press) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["That speech has already moved on.", "moved"]
    final = restart(path, clock).get(debate.id)
    assert final.current is not None and final.current.position == 1  # speech 2, not 3
    assert [s.status for s in final.speeches[2:]] == ["pending"] * (len(final.speeches) - 2)
