"""The one app-command error handler: domain errors and check failures become short,
private messages; anything unexpected is logged with a reference the user can report."""

from __future__ import annotations

import logging
import sqlite3
import uuid

import discord
from discord import app_commands

from bot.errors import ThawbotError
from bot.storefaults import domain_error

log = logging.getLogger(__name__)


class NotModerator(app_commands.CheckFailure):
    """Raised by the moderator check; its message is shown as it is."""


def user_message(error: BaseException) -> str | None:
    """The sentence to show for an error, or None when it was unexpected."""
    if isinstance(error, app_commands.CommandInvokeError | app_commands.TransformerError):
        error = error.__cause__ or getattr(error, "original", None) or error
    if isinstance(error, sqlite3.Error):  # locked, full, damaged: say so, in one sentence
        error = domain_error(error) or error
    if isinstance(error, ThawbotError):
        return str(error)
    if isinstance(error, app_commands.CommandOnCooldown):
        return f"Slow down a little: try again in {error.retry_after:.0f} s."
    if isinstance(error, NotModerator):
        return str(error) or "Only a moderator can do that."
    if isinstance(error, app_commands.NoPrivateMessage):
        return "That command works in a server channel, not in direct messages."
    if isinstance(error, app_commands.MissingPermissions | app_commands.CheckFailure):
        return "You are not allowed to do that here."
    return None


async def report_error(interaction: discord.Interaction, error: Exception) -> None:
    """Answer the interaction once with a clear message; log what was unexpected."""
    message = user_message(error)
    if message is None:
        ref = uuid.uuid4().hex[:8]
        log.error("unexpected error (ref %s) in %s", ref, _where(interaction), exc_info=error)
        message = f"Something went wrong on our side (ref `{ref}`). Tell your teacher this code."
    else:
        log.info("refused %s: %s", _where(interaction), message)
    try:
        if interaction.response.is_done():
            await interaction.followup.send(message, ephemeral=True)
        else:
            await interaction.response.send_message(message, ephemeral=True)
    except discord.HTTPException as exc:  # the interaction expired or was answered already
        log.warning("could not report an error to the user: %s", exc)


def _where(interaction: discord.Interaction) -> str:
    name = interaction.command.qualified_name if interaction.command else "component"
    return f"/{name} by {interaction.user.id}"
