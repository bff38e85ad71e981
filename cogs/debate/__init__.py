"""/debate on Discord: commands, buttons, forms, the timer loop and native-poll votes."""

from __future__ import annotations

from discord.ext import commands

from cogs.debate._commands import Debates

__all__ = ["Debates", "setup"]


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Debates(bot))
