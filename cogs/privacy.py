"""/privacy: what the bot stores about students, retention, and forgetting one student.

Thin on purpose: :mod:`bot.privacy` decides (moderator checks included); this cog reads
the interaction, and runs the retention purge in a ``tasks`` loop. The Delete button of
``/privacy forget`` is the shared ``privacy:forget`` action, so it is checked again
when pressed and works after a restart.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot.debate._transcript import md_escape
from bot.privacy import forget_ask, notice_reply, privacy_for, retention_reply
from cogs.context import context_for
from cogs.render import respond

if TYPE_CHECKING:
    from cogs.app import Thawbot

log = logging.getLogger(__name__)

PURGE_HOURS = 6.0


class Privacy(commands.Cog):
    """What is stored about students, for how long, and deleting one student's records."""

    privacy = app_commands.Group(
        name="privacy", description="What Thawbot stores about students", guild_only=True
    )

    def __init__(self, bot: Thawbot) -> None:
        self.bot = bot
        self.service = privacy_for(bot.services)

    async def cog_load(self) -> None:
        self.purger.start()

    async def cog_unload(self) -> None:
        self.purger.cancel()

    @tasks.loop(hours=PURGE_HOURS)
    async def purger(self) -> None:
        """Delete ended debates older than each server's retention (off when 0)."""
        try:
            done = await asyncio.to_thread(self.service.purge)
        except Exception:  # the loop must survive; the error is logged in full
            log.exception("retention purge failed; trying again in %s h", PURGE_HOURS)
            return
        if done:
            log.info("retention purge deleted debates %s", sorted(done))

    @purger.before_loop
    async def _before_purger(self) -> None:
        await self.bot.wait_until_ready()

    @privacy.command(name="notice")
    async def notice(self, interaction: discord.Interaction) -> None:
        """What the bot stores about students and for how long, privately."""
        await respond(interaction, notice_reply(self.service, interaction.guild_id))

    @privacy.command(name="forget")
    @app_commands.describe(user="The student whose records in this server are deleted")
    async def forget(self, interaction: discord.Interaction, user: discord.User) -> None:
        """Moderators: delete one student's records in this server (asks first)."""
        shown = f"{md_escape(user.display_name)} ({user.id})"
        reply = forget_ask(self.service, context_for(interaction), user.id, shown)
        await respond(interaction, reply)

    @privacy.command(name="retention")
    @app_commands.describe(days="Delete ended debates this many days after they end (0: off)")
    async def retention(
        self,
        interaction: discord.Interaction,
        days: app_commands.Range[int, 0, 3650] | None = None,
    ) -> None:
        """See, or (moderators) set, how long ended debates are kept here."""
        reply = retention_reply(self.service, context_for(interaction), days)
        await respond(interaction, reply)


async def setup(bot: Thawbot) -> None:
    await bot.add_cog(Privacy(bot))
