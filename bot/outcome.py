"""What a handler returns, for whichever front end shows it: one type for every feature.

An outcome is the answer to the person who acted (a reply, or a form to fill) plus what
the channel must show next: new posts, which standing messages to refresh (edits), and
which vote (a native poll on Discord) opens or closes. Each front end has exactly one
interpreter of it: :mod:`cogs.outcomes` turns it into Discord messages, edits and polls;
:mod:`console.outcome` prints it as one answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.presentation import Form, Reply

if TYPE_CHECKING:
    from bot.debate._models import Debate


@dataclass
class Outcome:
    """The answer to the actor, and what the channel must show next."""

    reply: Reply | Form
    debate: Debate | None = None  # the debate whose messages the rest refers to
    posts: list[Reply] = field(default_factory=list)  # new messages (a debate's thread)
    refresh: set[str] = field(default_factory=set)  # 'lobby', 'timer': edit (or first send)
    opened: bool = False  # a new debate: make its lobby message and thread
    poll_open: str | None = None  # the vote that opens now ('before' or 'after')
    poll_close: str | None = None  # the vote that closes now
    summary: bool = False  # post the summary (after closing the vote, so it counts every vote)
    ended_speech: int | None = None  # a speech that just ended: its timer message is closed

    @property
    def plain(self) -> bool:
        """True when only the actor is answered: nothing is posted, edited or polled."""
        return self.debate is None and not self.posts


def as_outcome(result: Reply | Form | Outcome) -> Outcome:
    """A handler's result as an outcome (a bare reply or form answers only the actor)."""
    return result if isinstance(result, Outcome) else Outcome(result)
