"""/debate on Discord: commands, buttons, forms, the timer loop and native-poll votes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogs.debate._commands import Debates

if TYPE_CHECKING:
    from cogs.app import Thawbot

__all__ = ["Debates", "setup"]


async def setup(bot: Thawbot) -> None:
    await bot.add_cog(Debates(bot))
