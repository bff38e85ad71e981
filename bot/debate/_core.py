"""What every part of the debate service shares: the store, the clock and the rules.

The refusals live here so every action words them the same way: who may act
(:func:`require_moderator`) and what the debate's state allows (:func:`require_status`).
"""

from __future__ import annotations

from datetime import datetime

from bot.auth import require_moderator as require_moderator  # one check, bot.auth
from bot.debate._models import (
    ENDED,
    LOBBY,
    PAUSED,
    RUNNING,
    VOTING,
    Clock,
    Debate,
    system_clock,
)
from bot.debate._repo import DebateRepo
from bot.errors import Conflict, NotFound
from bot.search import SearchEngine
from bot.store import Store

STATE_SENTENCES = {
    LOBBY: "The debate has not started yet.",
    RUNNING: "The debate is under way.",
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
        self.repo = DebateRepo(store.db)

    def get(self, debate_id: int) -> Debate:
        """A debate with its roster and speeches; NotFound if there is none."""
        return self.repo.debate(int(debate_id))

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
