"""The mark buttons ("Reads sincere / political / neutral") as their own dynamic item.

Its typed template reads the stance, the motion's scope and the passage from the
custom_id (``mark:<stance>:<builtin|debate>:<passage id>``), so a press after a restart
still marks the right passage; the domain (:func:`bot.marks.press`) checks that the
member is a moderator and answers everyone else with a clear refusal.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import discord

from bot import marks
from bot.presentation import Button
from cogs.context import context_for

log = logging.getLogger(__name__)


class MarkButton(discord.ui.DynamicItem[discord.ui.Button], template=marks.TEMPLATE):
    """A teacher's mark on one passage: ``mark:political:builtin:listenit-010``."""

    def __init__(
        self,
        button: discord.ui.Button,
        stance: str,
        scope: str,
        passage_id: str,
        row: int | None = None,
    ) -> None:
        super().__init__(button, row=row)
        self.stance, self.scope, self.passage_id = stance, scope, passage_id

    @classmethod
    def of(cls, button: Button, row: int | None = None) -> MarkButton:
        """Build from a domain mark button (its id parsed once, as a press would)."""
        from cogs.components import plain

        stance, scope, passage_id = marks.parse(button.custom_id)
        return cls(plain(button), stance, scope, passage_id, row=row)

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> MarkButton:
        if not isinstance(item, discord.ui.Button):
            raise TypeError(f"not a button: {item!r}")
        return cls(item, match["stance"], match["scope"], match["passage"])

    async def callback(self, interaction: discord.Interaction) -> None:
        from cogs.errors import report_error
        from cogs.render import respond

        try:
            ctx = context_for(interaction)
            await respond(interaction, marks.press(ctx, self.stance, self.scope, self.passage_id))
        except Exception as error:  # every failure gets one clear answer, never silence
            await report_error(interaction, error)


def is_mark(custom_id: str) -> bool:
    """Whether a domain button is a mark button (rendered as a :class:`MarkButton`)."""
    return re.fullmatch(marks.TEMPLATE, custom_id) is not None
