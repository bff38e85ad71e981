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

from bot import features
from bot.errors import BadInput
from bot.models import Actor
from bot.outcome import Outcome, as_outcome
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


# Modules whose import registers their handlers: a new feature declares itself in
# bot.features.FEATURES.
FEATURE_MODULES = features.modules()

Result = Reply | Form | Outcome  # a bare reply or form answers only the actor
Handler = Callable[[Context, list[str]], Result]
CommandHandler = Callable[[Context, str], Result]
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


def handler_for(custom_id: str) -> tuple[Handler, list[str]] | None:
    """The handler a custom_id names and the parts after its prefix, or None."""
    parts = custom_id.split(":")
    for length in (2, 1):
        handler = _HANDLERS.get(":".join(parts[:length]))
        if handler is not None:
            return handler, parts[length:]
    return None


def dispatch(ctx: Context, custom_id: str) -> Outcome:
    """Run the handler a custom_id names. Unknown or malformed ids get a clear BadInput."""
    found = handler_for(custom_id)
    if found is not None:
        handler, parts = found
        return as_outcome(handler(ctx, parts))
    raise BadInput("That button is no longer available. Run the command again.")
