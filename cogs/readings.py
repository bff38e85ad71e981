"""/readings: the readings a teacher added, in this server's view (the console's replies).

Thin on purpose: :func:`bot.readings.readings_reply` decides what a server sees and who
may remove what (a moderator, and only a reading of this server); this cog only reads
the interaction. Adding a reading from Discord is not built yet (use
``python -m bot readings add FILE --server GUILD_ID``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.presentation import Reply
from bot.readings import readings_reply
from cogs.context import is_moderator
from cogs.render import respond

if TYPE_CHECKING:
    from cogs.app import Thawbot


class Readings(commands.Cog):
    """The readings a teacher brought to this server."""

    readings = app_commands.Group(
        name="readings", description="Readings a teacher added to this server", guild_only=True
    )

    def __init__(self, bot: Thawbot) -> None:
        self.bot = bot

    def _reply(self, interaction: discord.Interaction, text: str) -> Reply:
        store = self.bot.services.store
        return readings_reply(store, interaction.guild_id, is_moderator(interaction), text)

    @readings.command(name="list")
    async def list_(self, interaction: discord.Interaction) -> None:
        """The readings added here and to the shared library, privately."""
        await respond(interaction, self._reply(interaction, "list"))

    @readings.command(name="show")
    @app_commands.describe(id="The reading's id, as /readings list shows it")
    async def show(self, interaction: discord.Interaction, id: str) -> None:
        """One added reading: metadata, passages and works cited, privately."""
        await respond(interaction, self._reply(interaction, f"show {id}"))

    @readings.command(name="remove")
    @app_commands.describe(id="The id of a reading added to this server")
    async def remove(self, interaction: discord.Interaction, id: str) -> None:
        """Moderators: remove a reading added to this server; searches stop using it at once."""
        # Answer first: removing re-indexes the library.
        await interaction.response.defer(ephemeral=True, thinking=True)
        await respond(interaction, self._reply(interaction, f"remove {id}"))


async def setup(bot: Thawbot) -> None:
    await bot.add_cog(Readings(bot))
