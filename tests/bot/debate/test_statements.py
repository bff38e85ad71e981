"""A press reads its debate once and runs a small, fixed number of SQL statements.

Counted with SQLite's own trace callback (every statement the connection runs,
``BEGIN``/``COMMIT`` and savepoints included), so a change that reloads the debate
or loops over rows fails here rather than slowing every button on Discord.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from bot.debate import Outcome, press
from bot.debate._service import MOVED_ON
from bot.errors import Conflict
from bot.search import SearchEngine
from bot.store import Store
from tests.bot.debate.conftest import CHANNEL, GUILD, copy_store

LOAD = "from debate_debates where id = ?"

# The most statements each press may run: BEGIN, the one read of the debate (its row,
# roster, speeches, waiting point), the press's own savepoint, its writes, COMMIT.
# Before the storage layer and this change: next 53, skip 53, end 61, join 54, vote 27.
BOUNDS = {
    "join": 10,  # + next_seq, the upsert
    "next": 12,  # + the two speeches, a waiting point lapsed, the debate's status
    "skip": 12,  # next's, less the point, plus one probe for arguments in the speech
    "pause": 10,  # + the speech's timer, the debate's status
    "poi": 9,  # + the point
    "end": 12,  # + the probe, the live speech, every speech to come (one statement), status
    "vote": 9,  # + the vote
}


def traced(store: Store, act: Callable[[], Outcome]) -> tuple[Outcome, list[str]]:
    statements: list[str] = []
    store.db.conn.set_trace_callback(statements.append)
    try:
        outcome = act()
    finally:
        store.db.conn.set_trace_callback(None)
    return outcome, statements


def check(service, db, name: str, act: Callable[[], Outcome]) -> Outcome:
    outcome, statements = traced(db, act)
    loads = [s for s in statements if "from debate_debates where id =" in s]
    assert len(loads) == 1, f"{name}: the debate was read {len(loads)} times"
    assert len(statements) <= BOUNDS[name], f"{name}: {len(statements)} statements\n" + "\n".join(
        statements
    )
    assert outcome.debate == service.get(outcome.debate.id)  # what it carries is the truth
    return outcome


def test_joining_in_the_lobby(service, db, people):
    debate = service.open(people.teacher, GUILD, CHANNEL)
    service.join(people.alice, debate.id)
    joined = check(
        service, db, "join", lambda: press(service, people.bob, f"debate:join:{debate.id}:")
    )
    assert [p.name for p in joined.debate.participants] == ["alice", "bob"]
    moved = check(
        service, db, "join", lambda: press(service, people.bob, f"debate:join:{debate.id}:sincere")
    )
    assert "You moved from Political to Sincere" in moved.reply.content


def test_the_moderators_controls_on_a_running_debate(service, db, running, people, clock):
    def ctl(op: str) -> Callable[[], Outcome]:
        return lambda: press(service, people.teacher, f"debate:ctl:{running.id}:{op}")

    clock.advance(45)
    check(service, db, "poi", lambda: press(service, people.bob, f"debate:poi:{running.id}:offer"))
    moved = check(service, db, "next", ctl("next:1"))
    assert moved.debate.current.position == 1 and moved.debate.pending_poi is None
    check(service, db, "pause", ctl("pause"))
    check(service, db, "pause", ctl("resume"))
    check(service, db, "pause", ctl("extend"))
    skipped = check(service, db, "skip", ctl("skip:2"))
    assert skipped.debate.current.position == 2 and "Skipped: bob" in skipped.posts[0].content
    early = check(service, db, "end", ctl("end"))
    assert early.debate.status == "voting" and early.poll_open == "after"
    check(
        service,
        db,
        "vote",
        lambda: press(service, people.erin, f"debate:vote:{running.id}:after:sincere"),
    )
    ended = check(service, db, "end", ctl("end"))
    assert ended.debate.status == "ended" and ended.summary


def test_a_speech_run_to_its_end_and_the_last_one(service, db, running, people, clock):
    for number in range(1, len(running.speeches) + 1):
        clock.advance(60)
        last = check(
            service,
            db,
            "next",
            lambda n=number: press(service, people.teacher, f"debate:ctl:{running.id}:next:{n}"),
        )
    assert last.debate.status == "voting" and last.poll_open == "after"


def test_a_refused_press_changes_nothing_and_says_why(service, db, running, people):
    with pytest.raises(Conflict, match=MOVED_ON):
        press(service, people.teacher, f"debate:ctl:{running.id}:next:2")
    assert service.get(running.id) == running


@pytest.mark.parametrize("op", ["next", "skip"])
def test_two_presses_at_once_in_two_processes_move_on_once(store, tmp_path, people, clock, op):
    path = tmp_path / "thawbot.sqlite3"
    first = _service(copy_store(store, path), clock)
    debate = first.open(people.teacher, GUILD, CHANNEL, format_text="short")
    for student in (people.alice, people.bob, people.carol, people.dave):
        first.join(student, debate.id)
    first.start(people.teacher, debate.id)
    outcomes: list[str] = []
    ready = threading.Barrier(2)

    def one() -> None:
        service = _service(Store(path), clock)
        ready.wait()
        try:
            press(service, people.teacher, f"debate:ctl:{debate.id}:{op}:1")
            outcomes.append("moved")
        except Conflict as exc:
            outcomes.append(str(exc))

    threads = [threading.Thread(target=one) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == sorted(["moved", MOVED_ON])
    assert _service(Store(path), clock).get(debate.id).current.position == 1


def _service(store: Store, clock):
    from bot.debate import DebateService

    return DebateService(store, SearchEngine(store), clock)
