"""Sides and speaking order: joining, leaving, moderator assignment and balancing.

A join without a side goes to the smaller side, and a side has room for the whole
class: members without a speech in the format still offer points of information and
suggest evidence to their side's speaker. Every change runs in one transaction
(``BEGIN IMMEDIATE``), so two students joining at the same moment are counted one
after the other and the sides stay balanced.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from bot.debate._core import Core, require_moderator, require_status
from bot.debate._formats import Format
from bot.debate._models import (
    LOBBY,
    OTHER_SIDE,
    POLITICAL,
    SIDES,
    SINCERE,
    Actor,
    Participant,
)
from bot.errors import BadInput, NotAllowed, NotFound


@dataclass(frozen=True, slots=True)
class PlannedSpeech:
    """One slot of the speaking order: round, side and speaker."""

    position: int
    round_name: str
    seconds: int
    pois: bool
    side: str
    speaker_id: int
    speaker_name: str


def plan(fmt: Format, participants: tuple[Participant, ...]) -> list[PlannedSpeech]:
    """The speaking order: each round, Sincere then Political, speakers taking turns.

    A side's members speak in join order and start again from the first when a side
    has fewer members than rounds. A side with nobody on it gets no slot.
    """
    sides = {side: [p for p in participants if p.side == side] for side in SIDES}
    slots: list[PlannedSpeech] = []
    for index, round_ in enumerate(fmt.rounds):
        for side in SIDES:
            members = sides[side]
            if not members:
                continue
            speaker = members[index % len(members)]
            slots.append(
                PlannedSpeech(
                    len(slots),
                    round_.name,
                    round_.seconds,
                    round_.pois,
                    side,
                    speaker.member_id,
                    speaker.name,
                )
            )
    return slots


def without_slot(fmt: Format, participants: tuple[Participant, ...]) -> list[Participant]:
    """Members who get no speech: a side speaks once a round, so only its first few do."""
    rounds = len(fmt.rounds)
    left_out: list[Participant] = []
    for side in SIDES:
        left_out += [p for p in participants if p.side == side][rounds:]
    return left_out


class RosterMixin(Core):
    """Joining, leaving, assigning and balancing sides (only before the debate starts)."""

    def join(
        self, actor: Actor, debate_id: int, side: str | None = None, now: datetime | None = None
    ) -> Participant:
        """Put ``actor`` on ``side``, or on the smaller side when no side is given."""
        if side is not None and side not in SIDES:
            raise BadInput("Pick one of the two sides.")
        with self.repo.transaction():
            debate = self.get(debate_id)
            require_status(debate, (LOBBY,), "join a side")
            mine = debate.participant(actor.id)
            if mine is not None and side in (None, mine.side):
                return mine
            if mine is not None and mine.assigned:
                raise NotAllowed(
                    f"The moderator put you on {debate.label(mine.side)}; ask them to move you."
                )
            chosen = side or _smaller(debate.participants, actor.id)
            seq = mine.seq if mine else self.repo.next_seq(debate.id)
            joined = Participant(
                debate.id, actor.id, actor.name, chosen, seq, self._now(now), assigned=False
            )
            self._member(debate, joined)
        return joined

    def leave(self, actor: Actor, debate_id: int) -> Participant:
        """Leave your side before the debate starts."""
        with self.repo.transaction():
            debate = self.get(debate_id)
            require_status(debate, (LOBBY,), "leave a side")
            mine = debate.participant(actor.id)
            if mine is None:
                raise NotFound("You are not on a side in this debate.")
            self._unmember(debate, actor.id)
        return mine

    def assign(
        self, actor: Actor, debate_id: int, member: Actor, side: str, now: datetime | None = None
    ) -> Participant:
        """A moderator puts a student on a side; balancing will not move them."""
        require_moderator(actor, "assign sides")
        if side not in SIDES:
            raise BadInput("Pick one of the two sides.")
        with self.repo.transaction():
            debate = self.get(debate_id)
            require_status(debate, (LOBBY,), "assign sides")
            current = debate.participant(member.id)
            seq = current.seq if current else self.repo.next_seq(debate.id)
            joined_at = current.joined_at if current else self._now(now)
            placed = Participant(debate.id, member.id, member.name, side, seq, joined_at, True)
            self._member(debate, placed)
        return placed

    def balance(self, actor: Actor, debate_id: int) -> list[Participant]:
        """Move the latest self-chosen joiners from the bigger side until sides differ by ≤1."""
        require_moderator(actor, "balance the sides")
        moved: list[Participant] = []
        with self.repo.transaction():
            debate = self.get(debate_id)
            require_status(debate, (LOBBY,), "balance the sides")
            people = list(debate.participants)
            while True:
                counts = {side: sum(p.side == side for p in people) for side in SIDES}
                bigger = SINCERE if counts[SINCERE] > counts[POLITICAL] else POLITICAL
                if counts[bigger] - counts[OTHER_SIDE[bigger]] <= 1:
                    break
                movable = [p for p in people if p.side == bigger and not p.assigned]
                if not movable:
                    break
                person = max(movable, key=lambda p: p.seq)
                switched = replace(person, side=OTHER_SIDE[bigger])
                people[people.index(person)] = switched
                debate = self._member(debate, switched)
                moved.append(switched)
        return moved


def _smaller(participants: tuple[Participant, ...], member_id: int) -> str:
    """The side with fewer members (not counting the one joining); Sincere on a tie."""
    others = [p for p in participants if p.member_id != member_id]
    sincere = sum(p.side == SINCERE for p in others)
    political = sum(p.side == POLITICAL for p in others)
    return POLITICAL if political < sincere else SINCERE
