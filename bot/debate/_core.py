"""What every part of the debate service shares: the store, the clock and the rules.

The refusals live here so every action words them the same way: who may act
(:func:`require_moderator`) and what the debate's state allows (:func:`require_status`).

A press reads its debate once: inside one unit of work (``BEGIN IMMEDIATE``) the debate
read is kept, and each change is written and applied to that copy from the same fields
(:meth:`Core._set`, :meth:`Core._speech`...), so later steps of the same unit, and the
caller, get the new state without reading it again. Any other write drops the copy.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from bot.auth import require_moderator as require_moderator  # one check, bot.auth
from bot.debate._models import (
    ENDED,
    LOBBY,
    PAUSED,
    PENDING,
    PREP,
    RUNNING,
    VOTING,
    Clock,
    Debate,
    Participant,
    system_clock,
)
from bot.debate._repo import DebateRepo
from bot.errors import Conflict, NotFound
from bot.search import SearchEngine
from bot.store import Store

STATE_SENTENCES = {
    LOBBY: "The debate has not started yet.",
    RUNNING: "The debate is under way.",
    PREP: "The speakers are preparing.",
    PAUSED: "The debate is paused.",
    VOTING: "The speeches are over and the audience is voting.",
    ENDED: "This debate has ended.",
}


def require_status(debate: Debate, allowed: tuple[str, ...], doing: str) -> None:
    """Conflict, in words a student understands, when the debate's state forbids ``doing``."""
    if debate.status not in allowed:
        raise Conflict(f"{STATE_SENTENCES[debate.status]} You cannot {doing} now.")


class Core:
    """The store, the search engine, the clock and the repository, shared by the mixins."""

    def __init__(
        self, store: Store, search: SearchEngine | None = None, clock: Clock = system_clock
    ) -> None:
        self.store = store
        self.search = search or SearchEngine(store)
        self.clock = clock
        self.repo = DebateRepo(store.sql)
        self._read: tuple[int, int, Debate] | None = None  # (unit, writes, debate)

    def get(self, debate_id: int) -> Debate:
        """A debate with its roster and speeches; NotFound if there is none.

        Inside a unit of work that has read it and written nothing else since, the
        debate as that unit left it (no statement is run).
        """
        held = self._read
        fresh = held is not None and held[:2] == (self.repo.unit, self.repo.writes)
        if fresh and held is not None and held[2].id == int(debate_id):
            return held[2]
        return self._keep(self.repo.debate(int(debate_id)))

    def _keep(self, debate: Debate) -> Debate:
        """Remember ``debate`` as the open unit's current state of it (outside one: no)."""
        unit = self.repo.unit
        self._read = None if unit is None else (unit, self.repo.writes, debate)
        return debate

    # changes: each written, and applied to the unit's copy from the same fields

    def _set(self, debate: Debate, **fields: Any) -> Debate:
        """Change the debate's own columns (status, started_at, ended_at)."""
        self.repo.update_debate(debate.id, **fields)
        return self._keep(replace(debate, **fields))

    def _speech(self, debate: Debate, speech_id: int, **fields: Any) -> Debate:
        """Change one speech (status, times, timer fields)."""
        self.repo.update_speech(speech_id, **fields)
        speeches = tuple(replace(s, **fields) if s.id == speech_id else s for s in debate.speeches)
        return self._keep(replace(debate, speeches=speeches))

    def _unheld(self, debate: Debate, status: str) -> Debate:
        """Every speech still to come gets ``status`` (the debate ended before them)."""
        self.repo.set_pending_speeches(debate.id, status)
        speeches = tuple(
            replace(s, status=status) if s.status == PENDING else s for s in debate.speeches
        )
        return self._keep(replace(debate, speeches=speeches))

    def _close_poi(self, debate: Debate, poi_id: int, **fields: Any) -> Debate:
        """Answer or lapse the waiting point of information: none is waiting after."""
        self.repo.update_poi(poi_id, **fields)
        return self._keep(replace(debate, pending_poi=None))

    def _member(self, debate: Debate, member: Participant) -> Debate:
        """Put a member on a side (a join, a move or an assignment)."""
        self.repo.upsert_participant(member)
        others = [p for p in debate.participants if p.member_id != member.member_id]
        people = tuple(sorted([*others, member], key=lambda p: p.seq))
        return self._keep(replace(debate, participants=people))

    def _unmember(self, debate: Debate, member_id: int) -> Debate:
        """Take a member off the roster."""
        self.repo.delete_participant(debate.id, member_id)
        people = tuple(p for p in debate.participants if p.member_id != member_id)
        return self._keep(replace(debate, participants=people))

    def current_in(self, channel_id: int) -> Debate:
        """The channel's (or thread's) debate that has not ended."""
        found = self.repo.open_in(channel_id)
        if found is None:
            raise NotFound(
                "No debate is open in this channel. A moderator can open one with /debate open."
            )
        return self.get(found)

    def latest_in(self, channel_id: int) -> Debate:
        """The channel's newest debate, ended or not (for the transcript later)."""
        found = self.repo.latest_in(channel_id)
        if found is None:
            raise NotFound("No debate has been held in this channel yet.")
        return self.get(found)

    def _now(self, now: datetime | None) -> datetime:
        return now if now is not None else self.clock()
