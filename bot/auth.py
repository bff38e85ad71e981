"""Who may do what: every moderator, owner and posting check, for every front end.

Front ends only say who is acting (:class:`bot.models.Actor`: a moderator? the bot's
owner? allowed to post in this channel?); the domain decides here, so Discord and the
console refuse with the same sentence from one place.
"""

from __future__ import annotations

from bot.errors import NotAllowed
from bot.models import Actor


def require_moderator(actor: Actor, doing: str) -> None:
    """Only a moderator (the moderator role or Manage Server on Discord; the console's
    "teacher") may ``doing``: e.g. "change or post daily facts"."""
    if not actor.is_moderator:
        raise NotAllowed(f"Only a moderator can {doing}.")


def require_owner(actor: Actor, doing: str) -> None:
    """Only the bot's owner may ``doing`` (e.g. "sync commands")."""
    if not actor.is_owner:
        raise NotAllowed(f"Only the bot's owner can {doing}.")


def require_may_post(actor: Actor) -> None:
    """The bot posts for someone only where they may post themselves: it never lends its
    own permissions to someone who may not write in a channel."""
    if not actor.may_post:
        raise NotAllowed("You cannot post in this channel, so the bot will not post for you.")


def sync_allowed(actor: Actor) -> None:
    """``/sync`` pushes the commands to Discord: the bot's owner only."""
    require_owner(actor, "sync commands")
