"""/quote: typo-tolerant lookup of a passage, shown word for word with its citation."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot import limits
from bot.quote import quote, suggestions
from cogs.context import is_moderator
from cogs.render import respond

if TYPE_CHECKING:
    from cogs.app import Thawbot

COOLDOWN = (5, 30.0)  # five searches per user per 30 seconds


class Quote(commands.Cog):
    """Find a passage and share it."""

    def __init__(self, bot: Thawbot) -> None:
        self.bot = bot

    @app_commands.command(name="quote")
    @app_commands.describe(query="Words to look for, e.g. secret speech (typos are fine)")
    @app_commands.checks.cooldown(*COOLDOWN, key=lambda i: i.user.id)
    async def quote(self, interaction: discord.Interaction, query: str) -> None:
        """Find a passage word for word, with its citation."""
        moderator = is_moderator(interaction)  # who may mark how the passage reads
        await respond(interaction, quote(self.bot.services, query, interaction.guild_id, moderator))

    @quote.autocomplete("query")
    async def query_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        choices = suggestions(self.bot.services, current, interaction.guild_id)
        return [
            app_commands.Choice(name=name[: limits.CHOICE_NAME], value=value[: limits.CHOICE_NAME])
            for name, value in choices[: limits.CHOICES]
        ]


async def setup(bot: Thawbot) -> None:
    await bot.add_cog(Quote(bot))
