"""One persistent dynamic item and one modal that route every button and form to the domain.

Any button the renderer makes is an :class:`ActionButton`; discord.py matches its
custom_id against the template after a restart too (registered in ``setup_hook``),
so old messages keep working. The press runs :func:`bot.actions.dispatch`, exactly
as a numbered choice does in the console.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import discord

from bot import actions, limits
from bot.presentation import Button, Form, fit
from bot.typed import NOTE, clean_tree
from cogs.context import context_for

log = logging.getLogger(__name__)

TEMPLATE = re.compile(r"(?P<custom_id>(?!mark:)[a-z]+:[a-z]+:.*)")  # marks: cogs.marks


class ActionButton(discord.ui.DynamicItem[discord.ui.Button], template=TEMPLATE):
    """A button whose custom_id names a domain action, e.g. ``quote:nav:<token>:<n>``."""

    def __init__(self, button: discord.ui.Button, row: int | None = None) -> None:
        super().__init__(button, row=row)

    @classmethod
    def of(cls, button: Button, row: int | None = None) -> ActionButton:
        """Build from a domain button."""
        return cls(plain(button), row=row)

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ActionButton:
        if not isinstance(item, discord.ui.Button):  # the template only matches buttons' ids
            raise TypeError(f"not a button: {item!r}")
        return cls(item)

    async def callback(self, interaction: discord.Interaction) -> None:
        await run_action(interaction, self.item.custom_id or "")


def plain(button: Button) -> discord.ui.Button:
    """A domain button as a discord.py button, fitted to Discord's limits."""
    return discord.ui.Button(
        label=fit(button.label, limits.BUTTON_LABEL),
        custom_id=button.custom_id[: limits.CUSTOM_ID],
        style=_style(button.style),
        disabled=button.disabled,
    )


class FormModal(discord.ui.Modal):
    """A domain form as a modal; on submit its values go to the form's action."""

    def __init__(self, form: Form) -> None:
        super().__init__(title=fit(form.title, limits.MODAL_TITLE), custom_id=form.custom_id)
        self.form = form
        self.inputs: dict[str, discord.ui.TextInput] = {}
        for field in form.inputs[:5]:
            text: discord.ui.TextInput[FormModal] = discord.ui.TextInput(
                label=fit(field.label, limits.MODAL_LABEL),
                placeholder=field.placeholder[:100] or None,
                style=discord.TextStyle.paragraph if field.long else discord.TextStyle.short,
                required=field.required,
                max_length=field.max_length,
                default=field.value[: field.max_length] or None,
            )
            self.inputs[field.key] = text
            self.add_item(text)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        values, changed = clean_tree({k: str(t.value or "") for k, t in self.inputs.items()})
        interaction.extras["unreadable_text"] = changed
        await run_action(interaction, self.form.custom_id, values)
        if changed and interaction.response.is_done():  # the answer is out: then the note
            await interaction.followup.send(NOTE, ephemeral=True)

    async def on_error(
        self,
        interaction: discord.Interaction,
        error: Exception,
        item: discord.ui.Item[Any] | None = None,
        /,
    ) -> None:
        from cogs.errors import report_error

        await report_error(interaction, error)


async def run_action(
    interaction: discord.Interaction, custom_id: str, values: dict[str, str] | None = None
) -> None:
    """Dispatch to the domain (or a cog's Discord-side override) and render the result."""
    from cogs.errors import report_error
    from cogs.render import respond

    try:
        override = getattr(interaction.client, "action_overrides", {}).get(_prefix(custom_id))
        if override is not None:
            await override(interaction, custom_id, values or {})
            return
        ctx = context_for(interaction, values)
        await respond(interaction, actions.dispatch(ctx, custom_id))
    except Exception as error:  # every failure gets one clear answer, never silence
        await report_error(interaction, error)


def _prefix(custom_id: str) -> str:
    return ":".join(custom_id.split(":")[:2])


def _style(name: str) -> discord.ButtonStyle:
    from cogs.render import STYLES

    return STYLES.get(name, discord.ButtonStyle.secondary)
