"""Discord's one interpreter of :class:`bot.outcome.Outcome`.

The person is answered first (within Discord's 3 seconds), then the channel is updated:
posts, edits of standing messages, native polls (:class:`cogs.debate._effects.Effects`).
A new debate is the exception: the answer waits (deferred) until its lobby is posted,
because a refused lobby cancels the debate and the answer says why.
"""

from __future__ import annotations

import discord

from bot.debate import debates_for
from bot.outcome import Outcome
from bot.presentation import Form
from cogs.context import client_of
from cogs.debate._effects import Effects
from cogs.render import respond


async def interpret(interaction: discord.Interaction, outcome: Outcome) -> None:
    """Answer the interaction with the outcome's reply, then apply the rest of it."""
    if outcome.plain:
        await respond(interaction, outcome.reply)
        return
    effects = Effects(interaction.client, debates_for(client_of(interaction).services))
    if outcome.opened:
        await interaction.response.defer(ephemeral=True, thinking=True)
        await effects.apply(outcome, _messageable(interaction))
        await respond(interaction, outcome.reply)
        return
    await respond(interaction, outcome.reply)
    if not isinstance(outcome.reply, Form):
        await effects.apply(outcome, _messageable(interaction))


def _messageable(interaction: discord.Interaction) -> discord.abc.Messageable | None:
    """The channel a press came from, as a place to post (a category or forum is not)."""
    channel = interaction.channel
    return channel if isinstance(channel, discord.abc.Messageable) else None
