"""Ballots: a moderator's rubric scores and written feedback for each student of a debate.

Three tables, made on first use next to the other ``debate_*`` tables:
``debate_ballots`` (one per student per debate; the student is ``member_id``, the
moderator who wrote it ``moderator_id``), ``debate_ballot_releases`` (a debate whose
ballots its students may read) and ``debate_rubrics`` (a server's wording of the rubric).
Every rule lives here: who may write or release (moderators), which scores are valid,
and that a student reads only their own ballot, only once it is released.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.debate._core import require_moderator
from bot.debate._models import ENDED, VOTING, Actor, Debate
from bot.debate._record import StudentRecord, store_lookup, students
from bot.debate._rows import BALLOTS, RELEASES, RUBRICS
from bot.debate._rubric import CRITERIA, DEFAULT, Criterion, Rubric, parse_score
from bot.debate._service import DebateService
from bot.errors import BadInput, Conflict, NotFound
from bot.storage import required, to_db

MAX_FEEDBACK = 1000


@dataclass(frozen=True, slots=True)
class Ballot:
    """One student's scores (criterion key -> 1..4) and feedback in one debate."""

    debate_id: int
    member_id: int
    name: str
    scores: dict[str, int]
    feedback: str
    moderator_name: str
    at: datetime

    @property
    def total(self) -> int:
        return sum(self.scores.values())


class Ballots:
    """The ballot rules over a :class:`DebateService` (its store, clock and repository)."""

    def __init__(self, service: DebateService) -> None:
        self.service = service
        self.repo = service.repo

    # the rubric

    def rubric(self, guild_id: int) -> Rubric:
        """The server's rubric: the default, with any criterion it reworded."""
        rubric = DEFAULT
        for row in self._rows(f"select * from {RUBRICS} where guild_id = ?", [guild_id]):
            if row["criterion"] in CRITERIA:
                levels = tuple(json.loads(row["levels"]))
                rubric = rubric.with_criterion(Criterion(row["criterion"], row["name"], levels))
        return rubric

    def set_criterion(self, actor: Actor, guild_id: int, criterion: Criterion) -> Rubric:
        """Reword one criterion for this server (moderators)."""
        require_moderator(actor, "change the rubric")
        with self.repo.transaction():
            self.repo.db.execute(
                f"insert into {RUBRICS} (guild_id, criterion, name, levels, moderator_id, at) "
                "values (?, ?, ?, ?, ?, ?) on conflict (guild_id, criterion) do update set "
                "name = excluded.name, levels = excluded.levels, "
                "moderator_id = excluded.moderator_id, at = excluded.at",
                [
                    guild_id,
                    criterion.key,
                    criterion.name,
                    json.dumps(list(criterion.levels)),
                    actor.id,
                    to_db(self.service.clock()),
                ],
            )
        return self.rubric(guild_id)

    def reset_rubric(self, actor: Actor, guild_id: int) -> Rubric:
        """Back to the default rubric (moderators)."""
        require_moderator(actor, "change the rubric")
        with self.repo.transaction():
            self.repo.db.execute(f"delete from {RUBRICS} where guild_id = ?", [guild_id])
        return DEFAULT

    # ballots

    def debate(self, guild_id: int, debate_id: int) -> Debate:
        """A debate of this server (another server's number is not found here)."""
        debate = self.service.get(debate_id)
        if debate.guild_id != guild_id:
            raise NotFound(f"There is no debate number {debate_id} on this server.")
        return debate

    def student(self, debate: Debate, member_id: int) -> StudentRecord:
        """The per-student record of someone on the debate's roster."""
        for found in self.records(debate):
            if found.member_id == member_id:
                return found
        raise NotFound(f"That student did not take part in debate {debate.id}.")

    def records(self, debate: Debate) -> list[StudentRecord]:
        """Every student's record, citations for the other side flagged (teacher only)."""
        record = self.service.record(debate.id)
        return students(
            record, self.service.clock(), store_lookup(self.service.store, debate.guild_id)
        )

    def check_can_grade(self, actor: Actor, debate: Debate) -> None:
        """Moderators grade, once the speeches are over."""
        require_moderator(actor, "fill in a ballot")
        if debate.status not in (VOTING, ENDED):
            raise Conflict(
                f"Debate {debate.id} is still running: fill in ballots once its speeches are over."
            )

    def save(self, actor: Actor, debate: Debate, member_id: int, values: dict[str, str]) -> Ballot:
        """Store (or replace) a student's ballot from a submitted form's text."""
        self.check_can_grade(actor, debate)
        student = self.student(debate, member_id)
        rubric = self.rubric(debate.guild_id)
        scores = {key: parse_score(values.get(key, ""), rubric.get(key).name) for key in CRITERIA}
        feedback = (values.get("feedback") or "").strip()
        if len(feedback) > MAX_FEEDBACK:
            raise BadInput(f"Keep the feedback under {MAX_FEEDBACK} characters.")
        now = self.service.clock()
        with self.repo.transaction():
            self.repo.db.execute(
                f"insert into {BALLOTS} (debate_id, member_id, name, evidence, reasoning, "
                "rebuttal, delivery, feedback, moderator_id, moderator_name, at) values "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (debate_id, member_id) do update "
                "set name = excluded.name, evidence = excluded.evidence, "
                "reasoning = excluded.reasoning, rebuttal = excluded.rebuttal, "
                "delivery = excluded.delivery, feedback = excluded.feedback, "
                "moderator_id = excluded.moderator_id, moderator_name = excluded.moderator_name, "
                "at = excluded.at",
                [
                    debate.id,
                    member_id,
                    student.name,
                    *(scores[key] for key in CRITERIA),
                    feedback,
                    actor.id,
                    actor.name,
                    to_db(now),
                ],
            )
        return Ballot(debate.id, member_id, student.name, scores, feedback, actor.name, now)

    def ballots(self, debate_id: int) -> dict[int, Ballot]:
        """Every ballot of a debate, by student."""
        rows = self._rows(f"select * from {BALLOTS} where debate_id = ?", [debate_id])
        return {row["member_id"]: _ballot(row) for row in rows}

    def released_at(self, debate_id: int) -> datetime | None:
        rows = self._rows(f"select at from {RELEASES} where debate_id = ?", [debate_id])
        return required(rows[0]["at"]) if rows else None

    def release(self, actor: Actor, debate: Debate) -> int:
        """Let the debate's students read their ballots; the number released.

        Ballots written afterwards are readable at once. Releasing twice is refused.
        """
        require_moderator(actor, "release the ballots")
        with self.repo.transaction():
            count = len(self.ballots(debate.id))
            if not count:
                raise Conflict(
                    f"Debate {debate.id} has no ballots yet: fill them in with /debate ballot."
                )
            if self.released_at(debate.id) is not None:
                raise Conflict(f"The ballots of debate {debate.id} are already released.")
            self.repo.db.execute(
                f"insert into {RELEASES} (debate_id, moderator_id, at) values (?, ?, ?)",
                [debate.id, actor.id, to_db(self.service.clock())],
            )
        return count

    def own(self, actor: Actor, guild_id: int, debate_id: int | None) -> Ballot:
        """The actor's own ballot, only once released (else a clear refusal)."""
        if debate_id is None:
            rows = self._rows(
                f"select b.debate_id from {BALLOTS} b join debate_debates d on d.id = b.debate_id "
                "where b.member_id = ? and d.guild_id = ? order by b.debate_id desc limit 1",
                [actor.id, guild_id],
            )
            if not rows:
                raise NotFound("You have no ballot on this server yet.")
            debate_id = int(rows[0]["debate_id"])
        debate = self.debate(guild_id, debate_id)
        mine = self.ballots(debate.id).get(actor.id)
        if mine is None:
            raise NotFound(f"You have no ballot for debate {debate.id}.")
        if self.released_at(debate.id) is None:
            raise Conflict(
                f"Your ballot for debate {debate.id} is not released yet: "
                "your teacher releases it when every ballot is ready."
            )
        return mine

    def _rows(self, sql: str, params: list[Any]) -> list[dict[str, Any]]:
        return list(self.repo.db.query(sql, params))


def _ballot(row: dict[str, Any]) -> Ballot:
    return Ballot(
        row["debate_id"],
        row["member_id"],
        row["name"],
        {key: int(row[key]) for key in CRITERIA},
        row["feedback"],
        row["moderator_name"],
        required(row["at"]),
    )
