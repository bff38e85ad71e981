"""/readings: the readings a teacher added, in this server's view (the console's replies).

Thin on purpose: :func:`bot.readings.readings_reply` decides what a server sees and who
may remove what (a moderator, and only a reading of this server); this cog only reads
the interaction. ``/readings add`` lives in :mod:`cogs.readings_add`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.presentation import Reply
from bot.readings import readings_reply
from bot.readings_pending import KINDS
from cogs.context import is_moderator
from cogs.readings_add import start_add
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

    @readings.command(name="add")
    @app_commands.describe(
        title="The reading's title",
        author="Who wrote it (a person or an organisation)",
        kind="What kind of text it is",
        file="A .txt, .md, .html, .pdf or .docx file (leave out to paste the text instead)",
        date="When it was written or published, e.g. 2006 or 12 March 2019",
        url="Where it was found, if it is online",
        id="A short id for citing it, e.g. freeze-ch13 (made from the title if left out)",
    )
    @app_commands.choices(kind=[app_commands.Choice(name=k, value=k) for k in KINDS])
    async def add(
        self,
        interaction: discord.Interaction,
        title: app_commands.Range[str, 1, 200],
        author: app_commands.Range[str, 1, 200],
        kind: app_commands.Choice[str],
        file: discord.Attachment | None = None,
        date: app_commands.Range[str, 1, 40] | None = None,
        url: app_commands.Range[str, 1, 500] | None = None,
        id: app_commands.Range[str, 1, 32] | None = None,
    ) -> None:
        """Moderators: add a reading to this server from a file or pasted text, checked first."""
        meta = {"title": title, "author": author, "kind": kind.value, "date": date, "url": url}
        await start_add(interaction, {**meta, "id": id}, file)

    @readings.command(name="remove")
    @app_commands.describe(id="The id of a reading added to this server")
    async def remove(self, interaction: discord.Interaction, id: str) -> None:
        """Moderators: remove a reading added to this server; searches stop using it at once."""
        # Answer first: removing re-indexes the library.
        await interaction.response.defer(ephemeral=True, thinking=True)
        await respond(interaction, self._reply(interaction, f"remove {id}"))


async def setup(bot: Thawbot) -> None:
    from cogs.readings_add import register

    register(bot)
    await bot.add_cog(Readings(bot))
