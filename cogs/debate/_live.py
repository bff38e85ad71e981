"""The live side of /debate: the timer loop, the debate buttons and forms, and poll votes.

Buttons are the app's persistent :class:`cogs.components.ActionButton`, routed like every
other button to the domain's ``debate:*`` handlers (:mod:`bot.debate._buttons`), so
buttons on old messages keep working after a restart. The timer loop announces each due warning once
(the service records it before returning it) and keeps the live speech's timer message
current. Each warning is also kept in an outbox (:mod:`bot.debate._outbox`) until it is
sent, so a 503 or a crash retries it within its window; each debate's Discord requests
run in that debate's own task, so a slow request never delays another debate.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import TYPE_CHECKING

import aiohttp
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
)
from bot.debate._models import PREP
from bot.debate._outbox import Outbox, Pending
from bot.errors import ThawbotError
from cogs.debate._effects import Effects
from cogs.outcomes import interpret
from cogs.render import message_kwargs

if TYPE_CHECKING:
    from cogs.app import Thawbot

log = logging.getLogger(__name__)

TICK_SECONDS = 5.0  # how often warnings are checked
REFRESH_SECONDS = 15.0  # how often a running timer message is edited between warnings
TRANSIENT = (discord.DiscordServerError, aiohttp.ClientError, asyncio.TimeoutError, OSError)


class Live(commands.Cog):
    """The timer loop, button and form presses, and native-poll votes of debates."""

    def __init__(self, bot: Thawbot) -> None:
        self.bot = bot
        self.service = debates_for(bot.services)
        self.effects = Effects(bot, self.service)
        self.outbox = Outbox(self.service.repo.db)
        self._edited: dict[int, float] = {}
        self._passes: dict[int, asyncio.Task] = {}  # debate id -> its pass under way

    async def cog_load(self) -> None:
        self.ticker.start()

    async def cog_unload(self) -> None:
        self.ticker.cancel()
        for task in self._passes.values():  # what was not sent stays in the outbox
            task.cancel()

    # the timer loop

    @tasks.loop(seconds=TICK_SECONDS)
    async def ticker(self) -> None:
        """Announce due warnings and keep timer messages current; never dies."""
        try:
            await self.tick(wait=False)
        except Exception:  # the loop must survive anything; the error is logged in full
            log.exception("debate timer loop failed; retrying in %s s", TICK_SECONDS)

    @ticker.before_loop
    async def _before_ticker(self) -> None:
        await self.bot.wait_until_ready()

    async def tick(self, wait: bool = True) -> list[TimerEvent]:
        """One pass: claim due warnings (kept until sent), then each debate's own pass.

        Returns the events claimed now. ``wait`` (tests) waits for the debates' passes;
        the loop does not, and a debate whose last pass is still running is left to it.
        """
        now = self.service.clock()
        with self.service.repo.transaction():  # a claimed warning is always in the outbox
            events = self.service.due_events(now)
            self.outbox.add(events, now)
        pending: dict[int, list[Pending]] = {}
        for item in self.outbox.pending():
            pending.setdefault(item.event.debate_id, []).append(item)
        warned = {event.debate_id for event in events}
        stale_before = time.monotonic() - REFRESH_SECONDS
        started = []
        for debate in self.service.running():
            stale = self._edited.get(debate.id, 0.0) <= stale_before and debate.status in (
                RUNNING,
                PREP,
            )
            refresh = debate.id in warned or stale
            if debate.id in pending or refresh:
                started.extend(self._start(debate.id, pending.pop(debate.id, []), refresh))
        for debate_id, items in pending.items():  # ended, or never started: still announce
            started.extend(self._start(debate_id, items, refresh=False))
        if wait:
            await asyncio.gather(*started)
        return events

    def _start(self, debate_id: int, items: list[Pending], refresh: bool) -> list[asyncio.Task]:
        running = self._passes.get(debate_id)
        if running is not None and not running.done():
            return []  # its previous pass is still waiting on Discord: it goes on alone
        task = asyncio.create_task(self._debate_pass(debate_id, items, refresh))
        self._passes[debate_id] = task
        return [task]

    async def _debate_pass(self, debate_id: int, items: list[Pending], refresh: bool) -> None:
        """Announce a debate's pending warnings in order, then refresh its timer message."""
        try:
            for item in items:
                await self._announce(item)
            if refresh:
                await self.effects.refresh_timer(debate_id)
                self._edited[debate_id] = time.monotonic()
        except Exception:  # one debate's failure never touches another's
            log.exception("debate %d: timer pass failed", debate_id)

    async def _announce(self, item: Pending) -> None:
        """Post one announcement; keep it for the next pass on a transient failure."""
        event = item.event
        if self.service.clock() > item.until or self._moved_on(event):
            log.info("debate %d: %r dropped (too late to post)", event.debate_id, event.text)
            self.outbox.done(item.id)
            return
        reply = notice(event.text, public=True)
        kwargs = {key: value for key, value in message_kwargs(reply).items() if value is not None}
        try:
            channel = self.bot.get_channel(event.channel_id) or await self.bot.fetch_channel(
                event.channel_id
            )
            if isinstance(channel, discord.abc.Messageable):
                await channel.send(nonce=item.nonce, **kwargs)
        except TRANSIENT as exc:
            log.info("debate %d: %r not posted yet (%s)", event.debate_id, event.text, exc)
            self.outbox.failed(item.id)
            return
        except discord.HTTPException as exc:  # deleted thread, missing permission: for good
            log.warning("debate %d: %r refused (%s)", event.debate_id, event.text, exc)
        self.outbox.done(item.id)

    def _moved_on(self, event: TimerEvent) -> bool:
        """True when the warning's speech is no longer the one being given."""
        if event.speech_id is None:
            return False
        current = self.service.get(event.debate_id).current
        return current is None or current.id != event.speech_id

    # buttons, forms and poll votes

    async def _finish(self, interaction: discord.Interaction, outcome: Outcome) -> None:
        """Answer the person, then update the thread (:func:`cogs.outcomes.interpret`)."""
        await interpret(interaction, outcome)

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
