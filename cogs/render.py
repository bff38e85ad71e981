"""The one renderer: domain cards become discord.py embeds, views and modals.

Every response goes through :func:`respond`, which answers an interaction exactly
once (checking ``is_done`` first) and never pings anyone it was not asked to.
"""

from __future__ import annotations

import io
import logging

import discord

from bot import limits
from bot.errors import NotAllowed
from bot.presentation import Card, Form, Reply, fit
from cogs.components import modal_for, view

log = logging.getLogger(__name__)

NO_PINGS = discord.AllowedMentions.none()


def embed(card: Card) -> discord.Embed:
    """A card as an embed (cards are already fitted to Discord's limits)."""
    result = discord.Embed(
        title=card.title, description=card.description or None, colour=card.colour
    )
    for field in card.fields:
        result.add_field(name=field.name, value=field.value, inline=field.inline)
    if card.footer:
        result.set_footer(text=card.footer)
    return result


def message_kwargs(reply: Reply) -> dict:
    """Keyword arguments for send/edit calls, shared by every way of sending."""
    kwargs: dict = {
        "content": fit(reply.content, limits.CONTENT) if reply.content else None,
        "embeds": [embed(card) for card in reply.cards[: limits.EMBEDS_PER_MESSAGE]],
        "allowed_mentions": NO_PINGS,
    }
    made = view(reply.buttons)
    if made is not None:
        kwargs["view"] = made
    if reply.file:
        name, data = reply.file
        kwargs["file"] = discord.File(io.BytesIO(data), filename=name)
    return kwargs


async def respond(interaction: discord.Interaction, result: Reply | Form) -> None:
    """Answer an interaction exactly once: a modal, an edit, a public post or a reply."""
    if isinstance(result, Form):
        if interaction.response.is_done():
            await interaction.followup.send("Open the form again with the button.", ephemeral=True)
            return
        await interaction.response.send_modal(modal_for(result))
        return
    kwargs = message_kwargs(result)
    if result.public and interaction.channel is not None:
        await _post_public(interaction, result, kwargs)
        return
    if result.edit and interaction.message is not None and not interaction.response.is_done():
        kwargs.pop("file", None)
        await interaction.response.edit_message(**kwargs)
        return
    if interaction.response.is_done():
        await interaction.followup.send(ephemeral=result.ephemeral, **_without_none(kwargs))
    else:
        await interaction.response.send_message(ephemeral=result.ephemeral, **_without_none(kwargs))


async def _post_public(interaction: discord.Interaction, reply: Reply, kwargs: dict) -> None:
    """Post to the channel for everyone, and tell the student privately that it was shared.

    The student must be allowed to post there themselves: the bot never lends its own
    permissions to someone who may not write in a channel.
    """
    channel = interaction.channel
    assert isinstance(channel, discord.abc.Messageable)  # commands run in text channels
    # Whether the student may post here is the domain's check (bot.auth.require_may_post).
    bot_perms = interaction.app_permissions
    if not (bot_perms.send_messages and bot_perms.embed_links):
        raise NotAllowed("The bot may not post here: it needs Send Messages and Embed Links.")
    if not interaction.response.is_done():
        # Answer first: the channel send may wait out a rate limit past Discord's 3 seconds.
        await interaction.response.defer(ephemeral=True, thinking=True)
    try:
        await channel.send(**_without_none(kwargs))
    except discord.Forbidden:
        raise NotAllowed("Discord refused the post: the bot lacks permission here.") from None
    await interaction.followup.send("Posted to the channel.", ephemeral=True)


def _without_none(kwargs: dict) -> dict:
    return {key: value for key, value in kwargs.items() if value is not None}
