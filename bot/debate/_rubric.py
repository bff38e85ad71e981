"""The grading rubric: four criteria scored 1 to 4, and what a student's record suggests.

The criteria's keys (evidence, reasoning, rebuttal, delivery) are fixed: they are the
export's columns. Their names and the four level descriptions are a server's own
(``/debate rubric``); :data:`DEFAULT` is what a server starts with (the README prints it).
A suggestion is only a starting point for the moderator's form, computed from the
per-student record as :func:`suggest` says.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from bot.debate._record import StudentRecord
from bot.errors import BadInput

CRITERIA = ("evidence", "reasoning", "rebuttal", "delivery")
LEVELS = (1, 2, 3, 4)
MAX_NAME, MAX_LEVEL = 40, 200


@dataclass(frozen=True, slots=True)
class Criterion:
    """One row of the rubric: its key, the name shown and a description per level 1-4."""

    key: str
    name: str
    levels: tuple[str, str, str, str]

    def level(self, score: int) -> str:
        return self.levels[score - 1]


@dataclass(frozen=True, slots=True)
class Rubric:
    criteria: tuple[Criterion, ...]

    def get(self, key: str) -> Criterion:
        return next(c for c in self.criteria if c.key == key)

    def with_criterion(self, criterion: Criterion) -> Rubric:
        return Rubric(tuple(criterion if c.key == criterion.key else c for c in self.criteria))


DEFAULT = Rubric(
    (
        Criterion(
            "evidence",
            "Evidence",
            (
                "No passage cited, or passages that do not bear on the claim.",
                "One or two passages, from a single reading.",
                "Several relevant passages, quoted and cited correctly.",
                "Well-chosen passages from several readings and kinds of source.",
            ),
        ),
        Criterion(
            "reasoning",
            "Reasoning",
            (
                "A position without reasons.",
                "Reasons given, but they do not follow from the evidence.",
                "Clear reasons that link the evidence to the claim.",
                "Reasons that link evidence to claim and weigh what it does not prove.",
            ),
        ),
        Criterion(
            "rebuttal",
            "Rebuttal",
            (
                "Did not engage with the other side.",
                "Answered the other side once, in general terms.",
                "Answered specific arguments of the other side with evidence.",
                "Took apart the other side's strongest arguments with evidence.",
            ),
        ),
        Criterion(
            "delivery",
            "Delivery",
            (
                "Did not speak, or read without engaging the audience.",
                "Spoke for under half the time allowed, or hard to follow.",
                "Used most of the time, clear and organised.",
                "Used the time well: clear, organised, answered points of information.",
            ),
        ),
    )
)


def parse_score(text: str, name: str) -> int:
    """A score typed in a form: the digits 1 to 4, nothing else."""
    cleaned = (text or "").strip()
    if cleaned not in {str(n) for n in LEVELS}:
        shown = cleaned[:20] or "nothing"
        raise BadInput(f"{name} must be a whole number from 1 to 4 (you gave “{shown}”).")
    return int(cleaned)


def checked_criterion(key: str, name: str, levels: list[str]) -> Criterion:
    """A server's wording of one criterion, refused when empty or too long."""
    if key not in CRITERIA:
        raise BadInput(f"The rubric's criteria are {', '.join(CRITERIA)}.")
    name = " ".join((name or "").split())
    texts = [" ".join((t or "").split()) for t in levels]
    if not name or len(name) > MAX_NAME:
        raise BadInput(f"Give the criterion a name of 1 to {MAX_NAME} characters.")
    if len(texts) != len(LEVELS) or any(not t or len(t) > MAX_LEVEL for t in texts):
        raise BadInput(f"Describe each of the four levels in 1 to {MAX_LEVEL} characters.")
    return Criterion(key, name, (texts[0], texts[1], texts[2], texts[3]))


def suggest(student: StudentRecord) -> dict[str, int]:
    """Suggested levels from the record (the README's "How the form is prefilled").

    - evidence: 1 with no passage cited; 2 for one or two; 3 for three or more; 4 for
      three or more from at least two readings. A passage that reads for the other side
      does not count.
    - reasoning: 1 with no argument; 2 for one; 3 for two; 4 for three or more, where
      an argument without a cited passage counts half.
    - rebuttal: counters plus points of information offered: 0 gives 1, 1 gives 2, 2
      gives 3, 3 or more give 4.
    - delivery: the share of the allowed time used in the speeches held: under 40% 1,
      under 70% 2, under 90% 3, else 4; a student without a held speech gets 1.
    """
    own = [c for c in student.citations if c not in student.against_side]
    cited = len(own)
    evidence = 1 if not cited else 2 if cited < 3 else 4 if len(student.readings) >= 2 else 3
    argued = student.arguments - 0.5 * student.uncited_arguments
    reasoning = 1 if argued <= 0 else min(4, 1 + math.ceil(argued))
    rebuttal = min(4, 1 + student.counters + student.pois_offered)
    share = student.seconds_spoken / student.seconds_allowed if student.seconds_allowed else 0.0
    delivery = 1 if share < 0.4 else 2 if share < 0.7 else 3 if share < 0.9 else 4
    return {
        "evidence": evidence,
        "reasoning": reasoning,
        "rebuttal": rebuttal,
        "delivery": delivery,
    }


def why(student: StudentRecord) -> str:
    """One line saying what the suggestion rests on (the form's placeholder, the teacher's view)."""
    pct = (
        round(100 * student.seconds_spoken / student.seconds_allowed)
        if student.seconds_allowed
        else 0
    )
    return (
        f"{len(student.citations)} passages from {len(student.readings)} readings, "
        f"{student.arguments} arguments, {student.counters} counters, "
        f"{student.pois_offered} POIs offered, {pct}% of speaking time used"
    )
