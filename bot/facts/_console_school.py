"""The console's /facts holidays, calendar, exclude, include and excluded subcommands.

Parsing only: the replies (and the moderator checks) are in :mod:`bot.facts._school_actions`,
which Discord and the command line use too.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from typing import TYPE_CHECKING

from bot.errors import BadInput
from bot.facts._school_actions import (
    calendar_import_for,
    exclude_for,
    excluded_reply,
    holiday_add_for,
    holiday_remove_for,
    holidays_reply,
    include_for,
)
from bot.presentation import Reply

if TYPE_CHECKING:
    from bot.actions import Context
    from bot.facts._service import FactService

HOLIDAYS_USAGE = "/facts holidays [list] | add FROM [TO] [NAME] | remove FROM (dates YYYY-MM-DD)"


def _label(here: int) -> Callable[[int], str]:
    return lambda channel_id: "this channel" if channel_id == here else f"#channel-{channel_id}"


def _holidays(service: FactService, ctx: Context, rest: str) -> Reply:
    """holidays [list] | add FROM [TO] [NAME...] | remove FROM."""
    try:
        words = shlex.split(rest)
    except ValueError:
        words = rest.split()
    action = words[0].lower() if words else "list"
    label = _label(ctx.channel_id)
    if action == "list":
        return holidays_reply(service, ctx.guild_id, channel=label)
    if action == "add" and len(words) >= 2:
        last = words[2] if len(words) > 2 and words[2][:1].isdigit() else None
        name = " ".join(words[3:] if last else words[2:]) or None
        return holiday_add_for(service, ctx.actor, ctx.guild_id, words[1], last, name, None, label)
    if action == "remove" and len(words) == 2:
        return holiday_remove_for(service, ctx.actor, ctx.guild_id, words[1])
    raise BadInput(f"Try: {HOLIDAYS_USAGE}.")


def _calendar(service: FactService, ctx: Context, rest: str) -> Reply:
    """calendar FILE.ics: a term calendar's events become the server's holidays."""
    path = rest.strip().strip('"')
    if path.lower().startswith("import "):
        path = path[7:].strip().strip('"')
    if not path:
        raise BadInput("Give the calendar's file path: /facts calendar term.ics")
    return calendar_import_for(service, ctx.actor, ctx.guild_id, path, None, _label(ctx.channel_id))


def _exclude(service: FactService, ctx: Context, rest: str) -> Reply:
    return exclude_for(service, ctx.actor, ctx.guild_id, rest.strip())


def _include(service: FactService, ctx: Context, rest: str) -> Reply:
    return include_for(service, ctx.actor, ctx.guild_id, rest.strip())


def _excluded(service: FactService, ctx: Context, rest: str) -> Reply:
    return excluded_reply(service, ctx.guild_id)


SCHOOL: dict[str, Callable[[FactService, Context, str], Reply]] = {
    "holidays": _holidays,
    "calendar": _calendar,
    "exclude": _exclude,
    "include": _include,
    "excluded": _excluded,
}
