"""The result of every debate action, for whichever front end shows it."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.debate._models import Debate
from bot.presentation import Form, Reply


@dataclass
class Outcome:
    """The answer to the actor, and what the debate's channel must show next."""

    reply: Reply | Form
    debate: Debate | None = None
    posts: list[Reply] = field(default_factory=list)  # new messages in the debate's thread
    refresh: set[str] = field(default_factory=set)  # 'lobby', 'timer': edit (or first send)
    opened: bool = False  # a new debate: make its lobby message and thread
    poll_open: str | None = None  # the vote that opens now ('before' or 'after')
    poll_close: str | None = None  # the vote that closes now
    summary: bool = False  # post the summary (after closing the vote, so it counts every vote)
    ended_speech: int | None = None  # a speech that just ended: its timer message is closed
