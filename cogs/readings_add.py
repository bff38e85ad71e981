"""``/readings add`` on Discord: a file or pasted text, the check report, Confirm or Cancel.

The domain (:mod:`bot.readings_pending`) checks who may add, keeps the checked reading
waiting in SQLite and adds it once; this module reads the attachment (refused by name
and size before it is downloaded), opens the paste modal, and renders the report with
one dynamic item per kind of control: :class:`ConfirmReading`, :class:`CancelReading`
and :class:`KeepLine` (a menu of the dropped lines). They survive a restart because
their templates are registered in ``setup_hook`` and the state is in the database.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import discord

from bot import limits
from bot.corpus.ingest import extract_text
from bot.models import Actor
from bot.presentation import Reply
from bot.readings_pending import (
    PREFIX,
    TOKEN,
    Staged,
    cancel,
    check_attachment,
    check_moderator,
    confirm,
    keep,
    keep_choices,
    stage,
)
from cogs.components import ReportingModal
from cogs.context import actor_for
from cogs.render import message_kwargs

if TYPE_CHECKING:
    from bot.store import Store
    from cogs.app import Thawbot

log = logging.getLogger(__name__)

PASTE_MAX = 4000  # Discord's longest text input


def _store(interaction: discord.Interaction) -> Store:
    client: Any = interaction.client
    return client.services.store


async def start_add(
    interaction: discord.Interaction, meta: dict[str, Any], file: discord.Attachment | None
) -> None:
    """``/readings add``: the paste modal, or the attachment checked, read and staged."""
    actor = actor_for(interaction)
    check_moderator(actor)
    if file is None:
        await interaction.response.send_modal(PasteModal(meta))
        return
    check_attachment(file.filename, file.size)  # before anything is downloaded
    await interaction.response.defer(ephemeral=True, thinking=True)
    data = await file.read()
    text = await asyncio.to_thread(extract_text, file.filename, data)
    staged = stage(
        _store(interaction), interaction.guild_id or 0, actor, {**meta, "file": file.filename}, text
    )
    await interaction.followup.send(ephemeral=True, **_staged_kwargs(staged))


class PasteModal(ReportingModal, title="Paste the reading"):
    """The reading's text, pasted (its metadata came with the command)."""

    text: discord.ui.TextInput[PasteModal] = discord.ui.TextInput(
        label="Text", style=discord.TextStyle.paragraph, max_length=PASTE_MAX, min_length=20
    )

    def __init__(self, meta: dict[str, Any]) -> None:
        super().__init__()
        self.meta = meta

    async def on_submit(self, interaction: discord.Interaction) -> None:
        staged = stage(
            _store(interaction),
            interaction.guild_id or 0,
            actor_for(interaction),
            self.meta,
            str(self.text.value),
        )
        await interaction.response.send_message(ephemeral=True, **_staged_kwargs(staged))


def _staged_kwargs(staged: Staged) -> dict[str, Any]:
    """The report as an embed, with Confirm, Cancel and the Keep-a-line menu."""
    kwargs = message_kwargs(Reply(cards=staged.reply.cards))
    view = discord.ui.View(timeout=None)
    view.add_item(ConfirmReading(staged.token))
    view.add_item(CancelReading(staged.token))
    choices = keep_choices(staged.report)
    if choices:
        view.add_item(KeepLine(staged.token, choices))
    view.stop()  # the dynamic items route presses; nothing listens per message
    kwargs["view"] = view
    return {k: v for k, v in kwargs.items() if v is not None}


async def _decide(
    interaction: discord.Interaction, decide: Callable[[Store, Actor], Reply]
) -> None:
    """Run Confirm or Cancel: acknowledge first (adding re-indexes), then edit the message."""
    from cogs.errors import report_error

    try:
        await interaction.response.defer()
        reply = decide(_store(interaction), actor_for(interaction))
        await interaction.edit_original_response(
            content=reply.content,
            embeds=[],
            view=None,
            allowed_mentions=discord.AllowedMentions.none(),
        )
    except Exception as error:  # every failure gets one clear answer, never silence
        await report_error(interaction, error)


class ConfirmReading(
    discord.ui.DynamicItem[discord.ui.Button], template=rf"{PREFIX}:confirm:(?P<token>{TOKEN})"
):
    """Confirm: add the checked reading to this server."""

    def __init__(self, token: str) -> None:
        super().__init__(
            discord.ui.Button(
                label="Confirm",
                style=discord.ButtonStyle.success,
                custom_id=f"{PREFIX}:confirm:{token}",
            )
        )
        self.token = token

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ConfirmReading:
        return cls(match["token"])

    async def callback(self, interaction: discord.Interaction) -> None:
        await _decide(interaction, lambda store, actor: confirm(store, self.token, actor))


class CancelReading(
    discord.ui.DynamicItem[discord.ui.Button], template=rf"{PREFIX}:cancel:(?P<token>{TOKEN})"
):
    """Cancel: add nothing."""

    def __init__(self, token: str) -> None:
        super().__init__(
            discord.ui.Button(
                label="Cancel",
                style=discord.ButtonStyle.danger,
                custom_id=f"{PREFIX}:cancel:{token}",
            )
        )
        self.token = token

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> CancelReading:
        return cls(match["token"])

    async def callback(self, interaction: discord.Interaction) -> None:
        await _decide(interaction, lambda store, actor: cancel(store, self.token, actor))


class KeepLine(
    discord.ui.DynamicItem[discord.ui.Select], template=rf"{PREFIX}:keep:(?P<token>{TOKEN})"
):
    """Keep a line: put one dropped line back and check again (like the CLI's --keep)."""

    def __init__(self, token: str, choices: list[tuple[str, str]] | None = None) -> None:
        options = [discord.SelectOption(label=label, value=value) for label, value in choices or []]
        super().__init__(
            discord.ui.Select(
                custom_id=f"{PREFIX}:keep:{token}",
                placeholder="Keep a line the check left out",
                options=options[: limits.CHOICES] or [discord.SelectOption(label="-", value="0")],
            )
        )
        self.token = token

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> KeepLine:
        return cls(match["token"])

    async def callback(self, interaction: discord.Interaction) -> None:
        from cogs.errors import report_error

        try:
            values = self.item.values or ["0"]
            staged = keep(_store(interaction), self.token, actor_for(interaction), int(values[0]))
            await interaction.response.edit_message(**_staged_kwargs(staged))
        except Exception as error:  # every failure gets one clear answer, never silence
            await report_error(interaction, error)


def register(bot: Thawbot) -> None:
    """Route presses of these controls after a restart too."""
    bot.add_dynamic_items(ConfirmReading, CancelReading, KeepLine)
