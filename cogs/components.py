"""The persistent dynamic item and the modal that carry every domain button and form.

Any button the renderer makes is an :class:`ActionButton`; discord.py matches its
custom_id against the template after a restart too (registered in ``setup_hook``),
so old messages keep working. A press or a submitted form goes to
:func:`cogs.actions.run_action`, which dispatches it to the domain exactly as a
numbered choice does in the console.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import discord

from bot import limits
from bot.presentation import Button, Form, fit
from bot.typed import NOTE, clean_tree

log = logging.getLogger(__name__)

TEMPLATE = re.compile(r"(?P<custom_id>(?!mark:)[a-z]+:[a-z]+:.*)")  # marks: cogs.marks
STYLES = {
    "primary": discord.ButtonStyle.primary,
    "secondary": discord.ButtonStyle.secondary,
    "success": discord.ButtonStyle.success,
    "danger": discord.ButtonStyle.danger,
}


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
        await _route(interaction, self.item.custom_id or "")


class ReportingModal(discord.ui.Modal):
    """A modal whose failures get the one error handler's short private answer."""

    async def on_error(
        self,
        interaction: discord.Interaction,
        error: Exception,
        item: discord.ui.Item[Any] | None = None,
        /,
    ) -> None:
        from cogs.errors import report_error

        await report_error(interaction, error)


class FormModal(ReportingModal):
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
        await _route(interaction, self.form.custom_id, values)
        if changed and interaction.response.is_done():  # the answer is out: then the note
            await interaction.followup.send(NOTE, ephemeral=True)


def plain(button: Button) -> discord.ui.Button[discord.ui.View]:
    """A domain button as a discord.py button, fitted to Discord's limits."""
    return discord.ui.Button(
        label=fit(button.label, limits.BUTTON_LABEL),
        custom_id=button.custom_id[: limits.CUSTOM_ID],
        style=_style(button.style),
        disabled=button.disabled,
    )


def view(buttons: list[Button]) -> discord.ui.View | None:
    """The buttons as a view of persistent action items (the items above).

    The view only carries the components: every button is an :class:`ActionButton`
    registered once in ``setup_hook``, so nothing needs to listen per message. The view
    is stopped before it is sent; discord.py then stores nothing for it (it would
    otherwise give a private reply's view a 15-minute timeout task each).
    """
    if not buttons:
        return None
    from cogs.marks import MarkButton, is_mark  # a teacher's mark: its own dynamic item

    result = discord.ui.View(timeout=None)
    for index, button in enumerate(buttons[: limits.ROWS * limits.BUTTONS_PER_ROW]):
        row = index // limits.BUTTONS_PER_ROW
        if is_mark(button.custom_id):
            result.add_item(MarkButton.of(button, row))
        else:
            result.add_item(ActionButton.of(button, row=row))
    result.stop()
    return result


def modal_for(form: Form) -> discord.ui.Modal:
    """A form as a modal; submitting it runs the form's action (the items above)."""
    return FormModal(form)


async def _route(
    interaction: discord.Interaction, custom_id: str, values: dict[str, str] | None = None
) -> None:
    """The press or submission, to the domain (imported here: the route renders replies,
    and the renderer builds these items)."""
    from cogs.actions import run_action

    await run_action(interaction, custom_id, values)


def _style(name: str) -> discord.ButtonStyle:
    return STYLES.get(name, discord.ButtonStyle.secondary)
