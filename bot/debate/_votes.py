"""Audience votes before and after the debate: one changeable vote per member per stage.

The vote before is open while the debate is in its lobby; the vote after opens when the
speeches end (the last one, or a moderator's End while they run) and closes when the
moderator ends the debate. Discord's native polls
feed the same table (:meth:`VoteMixin.sync_votes` merges a poll's final answers): a
vote cast with ``/debate vote`` (e.g. by a student whose client shows no polls) still
counts after the poll closes, and for a member who voted both ways the poll's answer wins.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from bot.debate._core import Core
from bot.debate._models import (
    AFTER,
    BEFORE,
    ENDED,
    FLOOR,
    LOBBY,
    POLITICAL,
    SIDES,
    SINCERE,
    STAGES,
    VOTING,
    Actor,
    Debate,
    Results,
    Tally,
    Vote,
)
from bot.errors import BadInput, Conflict

OPEN_WHILE = {BEFORE: LOBBY, AFTER: VOTING}


class VoteMixin(Core):
    """Recording votes and reporting the result and the swing."""

    def vote(
        self, actor: Actor, debate_id: int, stage: str, side: str, now: datetime | None = None
    ) -> Vote:
        """Record (or change) ``actor``'s vote for ``stage``."""
        if side not in SIDES:
            raise BadInput("Vote for one of the two sides.")
        with self.repo.transaction():
            debate = self.get(debate_id)
            _require_open(debate, stage)
            vote = Vote(debate.id, stage, actor.id, side, self._now(now))
            self.repo.put_vote(vote)
            self._keep(debate)  # votes are not part of the debate's own state
        return vote

    def unvote(self, actor: Actor, debate_id: int, stage: str, side: str | None = None) -> bool:
        """Withdraw a vote (only the vote for ``side``, when given). True if one was removed."""
        with self.repo.transaction():
            debate = self.get(debate_id)
            _require_open(debate, stage)
            return self.repo.delete_vote(debate.id, stage, actor.id, side) > 0

    def sync_votes(
        self, debate_id: int, stage: str, votes: Mapping[int, str], now: datetime | None = None
    ) -> Results:
        """Merge a closed poll's final answers (member id -> side) into a stage's votes.

        Called by the front end when Discord closes a native poll, so votes cast while
        the bot was offline are counted too. Only the votes of members who answered the
        poll are replaced: votes cast with ``/debate vote`` by anyone else are kept.
        """
        if stage not in STAGES or any(side not in SIDES for side in votes.values()):
            raise BadInput("A poll result needs a stage (before/after) and sides.")
        at = self._now(now)
        with self.repo.transaction():
            debate = self.get(debate_id)
            for member_id, side in votes.items():
                self.repo.put_vote(Vote(debate.id, stage, int(member_id), side, at))
        return self.results(debate.id)

    def results(self, debate_id: int) -> Results:
        """Votes before and after, with the swing and how many changed their mind."""
        votes = self.repo.votes(int(debate_id))
        by_stage = {
            stage: {v.member_id: v.side for v in votes if v.stage == stage} for stage in STAGES
        }
        before, after = by_stage[BEFORE], by_stage[AFTER]
        changed = sum(1 for member, side in after.items() if before.get(member, side) != side)
        return Results(_tally(BEFORE, before), _tally(AFTER, after), changed)

    def voting_open(self, debate: Debate, stage: str) -> bool:
        """Whether ``stage``'s vote is open in the debate's current state."""
        return OPEN_WHILE.get(stage) == debate.status


def _require_open(debate: Debate, stage: str) -> None:
    if stage not in STAGES:
        raise BadInput("A vote is either before or after the debate.")
    if OPEN_WHILE[stage] == debate.status:
        return
    reopens = "opens when the last speech ends, or when the moderator ends the debate early"
    if debate.status == ENDED:
        raise Conflict("Voting has closed: the debate has ended.")
    if stage == BEFORE:
        if debate.status in FLOOR:
            raise Conflict(f"The vote before the debate has closed; the vote after {reopens}.")
        raise Conflict("The vote before the debate has closed.")
    raise Conflict(f"The vote after the debate {reopens}.")


def _tally(stage: str, votes: Mapping[int, str]) -> Tally:
    sides = list(votes.values())
    return Tally(stage, sides.count(SINCERE), sides.count(POLITICAL))
