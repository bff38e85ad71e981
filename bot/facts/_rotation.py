"""Which fact a server sees next: a shuffled deck per round, no repeat until all are used.

Each round is a shuffle seeded by the server and the round number, so the order is
stable across restarts without being stored. Facts with a full date (day and month)
go to the back of the deck: they are meant for their anniversary, when they jump the
queue ("On this day in 1956..."), and are drawn at random only if a round ends first.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.facts._extract import Fact


@dataclass(frozen=True, slots=True)
class Pick:
    """The fact chosen for a day, the round it belongs to, and its anniversary line."""

    fact: Fact
    round: int
    on_this_day: str | None = None


@dataclass(frozen=True, slots=True)
class Used:
    """A fact a server has already used (posted, claimed or skipped), in posting order."""

    fact_id: str
    round: int


def deck(facts: Sequence[Fact], guild_id: int, round_no: int) -> list[Fact]:
    """The round's order: a seeded shuffle, facts with an anniversary at the back."""
    rng = random.Random(f"facts:{guild_id}:{round_no}")
    ordinary = sorted((f for f in facts if not _has_anniversary(f)), key=lambda f: f.id)
    dated = sorted((f for f in facts if _has_anniversary(f)), key=lambda f: f.id)
    rng.shuffle(ordinary)
    rng.shuffle(dated)
    return ordinary + dated


def pick(facts: Sequence[Fact], guild_id: int, history: Sequence[Used], day: date) -> Pick:
    """The next fact for ``day``: an unused anniversary first, else the deck's next.

    ``history`` lists what the server used, oldest first. When every fact of the current
    round is used a new round starts, never opening with the fact that closed the last.
    """
    if not facts:
        raise ValueError("no facts to pick from")
    round_no = max((used.round for used in history), default=1)
    remaining = _remaining(facts, guild_id, history, round_no)
    if not remaining:
        round_no += 1
        remaining = deck(facts, guild_id, round_no)
        if history and len(remaining) > 1 and remaining[0].id == history[-1].fact_id:
            remaining = remaining[1:] + remaining[:1]
    for fact in remaining:
        if fact.date is not None and fact.date.is_anniversary(day):
            return Pick(fact, round_no, f"On this day in {fact.date.year}")
    return Pick(remaining[0], round_no)


def round_progress(
    facts: Sequence[Fact], guild_id: int, history: Sequence[Used]
) -> tuple[int, int]:
    """(round number, facts used in it) for the status card."""
    round_no = max((used.round for used in history), default=1)
    left = len(_remaining(facts, guild_id, history, round_no))
    return round_no, len(facts) - left


def _remaining(
    facts: Sequence[Fact], guild_id: int, history: Sequence[Used], round_no: int
) -> list[Fact]:
    used = {u.fact_id for u in history if u.round == round_no}
    return [f for f in deck(facts, guild_id, round_no) if f.id not in used]


def _has_anniversary(fact: Fact) -> bool:
    return fact.date is not None and fact.date.day is not None
