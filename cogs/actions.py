"""The route from a button or form to the domain, and its answer back to Discord.

Every press or submission of an :class:`cogs.components.ActionButton` or
:class:`cogs.components.FormModal` runs :func:`run_action`: the domain's
:func:`bot.actions.dispatch`, exactly as a numbered choice does in the console.
"""

from __future__ import annotations

import logging

import discord

from bot import actions
from cogs.context import context_for
from cogs.errors import report_error
from cogs.outcomes import interpret

log = logging.getLogger(__name__)


async def run_action(
    interaction: discord.Interaction, custom_id: str, values: dict[str, str] | None = None
) -> None:
    """Dispatch to the domain and interpret the outcome (:mod:`cogs.outcomes`)."""
    try:
        ctx = context_for(interaction, values)
        await interpret(interaction, actions.dispatch(ctx, custom_id))
    except Exception as error:  # every failure gets one clear answer, never silence
        await report_error(interaction, error)
