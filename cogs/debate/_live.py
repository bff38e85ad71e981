"""The live side of /debate: the timer loop, the debate buttons and forms, and poll votes.

Buttons are the app's persistent :class:`cogs.actions.ActionButton`; this cog registers
the Discord side for the ``debate:*`` ids (``bot.action_overrides``), so buttons on old
messages keep working after a restart. The timer loop announces each due warning once
(the service records it before returning it) and keeps the live speech's timer message
current.
"""

from __future__ import annotations

import logging
import time

import discord
from discord.ext import commands, tasks

from bot.debate import (
    AFTER,
    BEFORE,
    RUNNING,
    SIDES,
    Actor,
    Debate,
    Outcome,
    TimerEvent,
    debates_for,
    notice,
    press,
)
from bot.debate._console import KINDS
from bot.errors import ThawbotError
from bot.presentation import Form
from cogs.context import actor_for
from cogs.debate._effects import Effects
from cogs.render import respond

log = logging.getLogger(__name__)

TICK_SECONDS = 5.0  # how often warnings are checked
REFRESH_SECONDS = 15.0  # how often a running timer message is edited between warnings


class Live(commands.Cog):
    """The timer loop, button and form presses, and native-poll votes of debates."""

    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot
        self.service = debates_for(bot.services)  # type: ignore[attr-defined]
        self.effects = Effects(bot, self.service)
        self._edited: dict[int, float] = {}

    async def cog_load(self) -> None:
        overrides = self.bot.action_overrides  # type: ignore[attr-defined]
        for kind in KINDS:
            overrides[f"debate:{kind}"] = self._press
        self.ticker.start()

    async def cog_unload(self) -> None:
        for kind in KINDS:
            self.bot.action_overrides.pop(f"debate:{kind}", None)  # type: ignore[attr-defined]
        self.ticker.cancel()

    # the timer loop

    @tasks.loop(seconds=TICK_SECONDS)
    async def ticker(self) -> None:
        """Announce due warnings and keep timer messages current; never dies."""
        try:
            await self.tick()
        except Exception:  # the loop must survive anything; the error is logged in full
            log.exception("debate timer loop failed; retrying in %s s", TICK_SECONDS)

    @ticker.before_loop
    async def _before_ticker(self) -> None:
        await self.bot.wait_until_ready()

    async def tick(self) -> list[TimerEvent]:
        """One pass: post each due warning once, edit the timer messages that need it."""
        events = self.service.due_events()
        for event in events:
            await self.effects.post(event.debate_id, notice(event.text, public=True))
        warned = {event.debate_id for event in events}
        now = time.monotonic()
        for debate in self.service.running():
            stale = now - self._edited.get(debate.id, 0.0) >= REFRESH_SECONDS
            if debate.id in warned or (stale and debate.status == RUNNING):
                await self.effects.refresh_timer(debate.id)
                self._edited[debate.id] = now
        return events

    # buttons, forms and poll votes

    async def _press(
        self, interaction: discord.Interaction, custom_id: str, values: dict[str, str]
    ) -> None:
        outcome = press(self.service, actor_for(interaction), custom_id, values or None)
        await self._finish(interaction, outcome)

    async def _finish(self, interaction: discord.Interaction, outcome: Outcome) -> None:
        """Answer the person first (within Discord's 3 seconds), then update the thread.

        A new debate is the exception: the answer waits (deferred) until its lobby is
        posted, because a refused lobby cancels the debate and the answer says why.
        """
        if outcome.opened:
            await interaction.response.defer(ephemeral=True, thinking=True)
            await self.effects.apply(outcome, interaction.channel)  # type: ignore[arg-type]
            await respond(interaction, outcome.reply)
            return
        await respond(interaction, outcome.reply)
        if not isinstance(outcome.reply, Form):
            await self.effects.apply(outcome, interaction.channel)  # type: ignore[arg-type]

    @commands.Cog.listener()
    async def on_raw_poll_vote_add(self, payload: discord.RawPollVoteActionEvent) -> None:
        self._poll_vote(payload, added=True)

    @commands.Cog.listener()
    async def on_raw_poll_vote_remove(self, payload: discord.RawPollVoteActionEvent) -> None:
        self._poll_vote(payload, added=False)

    def _poll_vote(self, payload: discord.RawPollVoteActionEvent, added: bool) -> None:
        found = self.service.find_message(payload.message_id)
        if found is None or found[1] not in ("poll_before", "poll_after"):
            return
        debate, kind = found
        if not 1 <= payload.answer_id <= len(SIDES):
            return
        stage, side = (BEFORE if kind == "poll_before" else AFTER), SIDES[payload.answer_id - 1]
        voter = Actor(payload.user_id, str(payload.user_id))
        try:
            if added:
                self.service.vote(voter, debate.id, stage, side)
            else:
                self.service.unvote(voter, debate.id, stage, side)
        except ThawbotError as exc:
            log.info("poll vote on debate %d not counted: %s", debate.id, exc)

    def _here(self, interaction: discord.Interaction) -> Debate:
        return self.service.current_in(interaction.channel_id or 0)
