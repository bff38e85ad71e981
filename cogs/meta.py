"""/sources, /help, and the owner-only /sync."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot import auth, cards
from bot.presentation import Reply
from cogs.context import actor_for
from cogs.render import respond

if TYPE_CHECKING:
    from cogs.app import Thawbot


class Meta(commands.Cog):
    """About the bot and its readings."""

    def __init__(self, bot: Thawbot) -> None:
        self.bot = bot

    @app_commands.command(name="sources")
    async def sources(self, interaction: discord.Interaction) -> None:
        """The readings: who wrote them, what kind of text, how many passages."""
        store = self.bot.services.store
        sources = store.visible_sources(interaction.guild_id)
        await respond(interaction, cards.sources_reply(sources))

    @app_commands.command(name="help")
    async def help(self, interaction: discord.Interaction) -> None:
        """Every command with an example."""
        await respond(interaction, cards.help_reply())

    @app_commands.command(name="sync")
    @app_commands.default_permissions(administrator=True)
    async def sync(self, interaction: discord.Interaction) -> None:
        """Owner only: push the bot's commands to Discord now."""
        # Answer first: is_owner may ask Discord for the application's owner.
        await interaction.response.defer(ephemeral=True, thinking=True)
        actor = actor_for(interaction, is_owner=await self.bot.is_owner(interaction.user))
        auth.sync_allowed(actor)  # refused in the domain's words (the error handler says them)
        await self.bot.sync_commands(force=True)
        await respond(interaction, Reply(content="Commands synced."))


async def setup(bot: Thawbot) -> None:
    await bot.add_cog(Meta(bot))
