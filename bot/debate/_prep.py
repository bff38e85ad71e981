"""The preparation period: between Start and the first speech, both sides prepare.

``/debate start prep:`` (minutes) puts a started debate in the ``prep`` state: the
speaking order is fixed, every speech is pending and ``prep_until`` says when the first
one begins. The timer loop (:func:`prep_events`) posts "1 minute" and "30 seconds" of
preparation left and, when it is over, starts the first speech; a moderator's Next starts
it at once. Everything is in the debate's row (``prep_until``, ``prep_announced``), each
step claimed with a compare-and-set, so a restart resumes the countdown and no warning or
start happens twice.
"""

from __future__ import annotations

from datetime import datetime

from bot.debate._models import LIVE, PENDING, PREP, RUNNING, Debate, TimerEvent
from bot.debate._repo import DebateRepo
from bot.debate._rows import DEBATES, SPEECHES, marks
from bot.debate._transcript import who
from bot.errors import BadInput
from bot.storage import to_db

MIN_PREP, MAX_PREP = 1, 30  # minutes
PREP_WARNINGS = {60: "1 minute", 30: "30 seconds"}


def prep_seconds(minutes: int | None) -> int:
    """The preparation asked for, in seconds (0: none); BadInput outside 1 to 30 minutes."""
    if not minutes:
        return 0
    if not MIN_PREP <= int(minutes) <= MAX_PREP:
        raise BadInput(f"Preparation time can be {MIN_PREP} to {MAX_PREP} minutes.")
    return int(minutes) * 60


def prep_left(debate: Debate, now: datetime) -> float:
    """Seconds of preparation left (0 when there is none or it is over)."""
    if debate.status != PREP or debate.prep_until is None:
        return 0.0
    return max(0.0, (debate.prep_until - now).total_seconds())


def begin_speeches(repo: DebateRepo, debate: Debate, now: datetime) -> bool:
    """End the preparation and start the first speech; False if someone else just did."""
    with repo.transaction():
        cursor = repo.db.execute(
            f"update {DEBATES} set status = ? where id = ? and status = ?",
            [RUNNING, debate.id, PREP],
        )
        if cursor.rowcount != 1:
            return False
        first = next(s for s in debate.speeches if s.status == PENDING)
        repo.db.execute(
            f"update {SPEECHES} set status = ?, started_at = ? where id = ?",
            [LIVE, to_db(now), first.id],
        )
    return True


def prep_events(repo: DebateRepo, debates: list[Debate], now: datetime) -> list[TimerEvent]:
    """Preparation warnings due and preparations over (the first speech starts), once each."""
    events: list[TimerEvent] = []
    for debate in debates:
        left = prep_left(debate, now)
        if left <= 0:
            if begin_speeches(repo, debate, now):
                first = next(s for s in debate.speeches if s.status == PENDING)
                text = f"Preparation is over. Now speaking: {who(first, debate.names)}."
                events.append(TimerEvent(debate.id, "prep_over", text, debate.where, first.id, 0))
            continue
        due = [
            m
            for m in PREP_WARNINGS
            if left <= m < debate.prep_seconds and m not in debate.prep_announced
        ]
        if due and _claim(repo, debate, debate.prep_announced | frozenset(due)):
            mark = min(due)  # after downtime only the most urgent
            text = f"{PREP_WARNINGS[mark]} of preparation left."
            events.append(TimerEvent(debate.id, "prep_warning", text, debate.where, None, mark))
    return events


def _claim(repo: DebateRepo, debate: Debate, announced: frozenset[int]) -> bool:
    with repo.transaction():  # compare and set: a warning is claimed once
        cursor = repo.db.execute(
            f"update {DEBATES} set prep_announced = ? "
            "where id = ? and coalesce(prep_announced, '') = ?",
            [marks(announced), debate.id, marks(debate.prep_announced)],
        )
    return cursor.rowcount == 1
