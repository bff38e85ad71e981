"""Turn an interaction into the domain's view of it: who acts, where, with which services."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import discord

from bot.actions import Context
from bot.models import Actor

if TYPE_CHECKING:
    from cogs.app import Thawbot


def client_of(interaction: discord.Interaction) -> Thawbot:
    """The bot an interaction came to: always the one Thawbot of this process."""
    return cast("Thawbot", interaction.client)


def is_moderator(interaction: discord.Interaction) -> bool:
    """A moderator has the configured moderator role or Manage Server (checked in code)."""
    user = interaction.user
    if not isinstance(user, discord.Member):
        return False
    if user.guild_permissions.manage_guild:
        return True
    role_name = client_of(interaction).settings.moderator_role.casefold()
    return any(role.name.casefold() == role_name for role in user.roles)


def actor_for(interaction: discord.Interaction, is_owner: bool = False) -> Actor:
    """The acting member as the domain sees them: a moderator? may they post here?
    (``is_owner`` is asked of Discord by the one command that needs it, /sync.)"""
    user = interaction.user
    return Actor(
        id=user.id,
        name=user.display_name,
        is_moderator=is_moderator(interaction),
        is_owner=is_owner,
        may_post=bool(interaction.permissions.send_messages),
    )


def context_for(interaction: discord.Interaction, values: dict[str, str] | None = None) -> Context:
    """The domain context for an interaction."""
    return Context(
        services=client_of(interaction).services,
        actor=actor_for(interaction),
        guild_id=interaction.guild_id or 0,
        channel_id=interaction.channel_id or 0,
        values=values or {},
    )
