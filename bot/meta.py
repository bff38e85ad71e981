"""/sources and /help: what the bot can quote from, and how to use it."""

from __future__ import annotations

from bot import cards
from bot.actions import Context, command
from bot.presentation import Reply


@command("/sources", "/sources")
def sources(ctx: Context, _text: str = "") -> Reply:
    """The readings with their metadata and passage counts."""
    return cards.sources_reply(ctx.services.store.visible_sources(ctx.guild_id or None))


@command("/help", "/help")
def help_(ctx: Context, _text: str = "") -> Reply:
    """Every command with an example."""
    return cards.help_reply()
