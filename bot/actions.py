"""Routing for buttons and forms, shared by Discord and the console.

Every button's ``custom_id`` starts with a feature prefix (``quote:nav:...``). A feature
registers one handler per prefix; Discord's single persistent dynamic item and the
console's numbered choices both call :func:`dispatch`, so a button does the same thing
in both front ends and keeps working after a restart.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.errors import BadInput
from bot.models import Actor
from bot.presentation import Form, Reply

if TYPE_CHECKING:
    from bot.services import Services

log = logging.getLogger(__name__)


@dataclass
class Context:
    """What a handler knows about the request: who, where, and the shared services."""

    services: Services
    actor: Actor
    guild_id: int = 0
    channel_id: int = 0
    values: dict[str, str] = field(default_factory=dict)  # a submitted form's inputs


# Modules whose import registers their handlers; a new feature adds itself here.
FEATURE_MODULES = ["bot.quote", "bot.compare", "bot.meta", "bot.facts", "bot.debate"]
FEATURE_MODULES.append("bot.readings")  # /readings: the console, and cogs/readings.py
FEATURE_MODULES.append("bot.privacy")  # /privacy: the console, and cogs/privacy.py
FEATURE_MODULES.append("bot.marks")  # teachers' marks: the mark buttons

Handler = Callable[[Context, list[str]], Reply | Form]
CommandHandler = Callable[[Context, str], Reply | Form]
_HANDLERS: dict[str, Handler] = {}
_COMMANDS: dict[str, tuple[CommandHandler, str]] = {}


def command(name: str, usage: str) -> Callable[[CommandHandler], CommandHandler]:
    """Register a typed command for the console (``/quote secret speech``).

    The handler gets the text after the command name; Discord's slash commands call
    the same domain functions with typed options.
    """

    def register(handler: CommandHandler) -> CommandHandler:
        _COMMANDS[name] = (handler, usage)
        return handler

    return register


def commands() -> dict[str, tuple[CommandHandler, str]]:
    """Registered console commands: name -> (handler, usage line)."""
    return dict(_COMMANDS)


def action(prefix: str) -> Callable[[Handler], Handler]:
    """Register the handler for custom_ids ``<prefix>:...``; it gets the remaining parts."""

    def register(handler: Handler) -> Handler:
        _HANDLERS[prefix] = handler
        return handler

    return register


def load_features() -> None:
    """Import every feature module so its handlers are registered (idempotent)."""
    for name in FEATURE_MODULES:
        importlib.import_module(name)


def prefixes() -> list[str]:
    """Registered prefixes, e.g. for the Discord dynamic item's template."""
    return sorted(_HANDLERS)


def dispatch(ctx: Context, custom_id: str) -> Reply | Form:
    """Run the handler a custom_id names. Unknown or malformed ids get a clear BadInput."""
    parts = custom_id.split(":")
    for length in (2, 1):
        handler = _HANDLERS.get(":".join(parts[:length]))
        if handler is not None:
            return handler(ctx, parts[length:])
    raise BadInput("That button is no longer available. Run the command again.")
