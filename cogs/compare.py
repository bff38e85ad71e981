"""/compare: Stalin and Khrushchev side by side on a theme, each point cited."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot import limits
from bot.compare import compare_reply, theme_suggestions
from cogs.quote import COOLDOWN
from cogs.render import respond

if TYPE_CHECKING:
    from cogs.app import Thawbot


class Compare(commands.Cog):
    """Compare the two leaders."""

    def __init__(self, bot: Thawbot) -> None:
        self.bot = bot

    @app_commands.command(name="compare")
    @app_commands.describe(theme="A theme such as agriculture, secret police, the arts, legacy")
    @app_commands.checks.cooldown(*COOLDOWN, key=lambda i: i.user.id)
    async def compare(self, interaction: discord.Interaction, theme: str) -> None:
        """Stalin and Khrushchev side by side on a theme."""
        reply = compare_reply(self.bot.services.search, theme, server=interaction.guild_id)
        await respond(interaction, reply)

    @compare.autocomplete("theme")
    async def theme_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        names = theme_suggestions(current)[: limits.CHOICES]
        return [app_commands.Choice(name=name, value=name) for name in names]


async def setup(bot: Thawbot) -> None:
    await bot.add_cog(Compare(bot))
