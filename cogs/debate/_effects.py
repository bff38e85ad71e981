"""Turn a debate :class:`Outcome` into Discord messages: the lobby, its thread, one timer
message per speech (edited while it runs, never re-posted), posts in the thread, votes.

Votes are Discord's native polls; when a poll cannot be sent (no permission, an old
client) the same vote runs on buttons. Every Discord id the debate needs later is stored
through the service, so after a restart the same messages are edited.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import timedelta
from typing import Final

import discord

from bot.debate import (
    AFTER,
    BEFORE,
    ENDED,
    SIDES,
    Debate,
    DebateService,
    Outcome,
    lobby_reply,
    poll_question,
    results_reply,
    summary_reply,
    thread_name,
    timer_reply,
    vote_reply,
)
from bot.debate._cards import poll_answer, speech_over_reply
from bot.debate._cards_prep import prep_over_reply
from bot.debate._models import PREP
from bot.errors import NotAllowed
from bot.presentation import Reply
from cogs.render import message_kwargs

log = logging.getLogger(__name__)

THREAD_ARCHIVE_MINUTES: Final = 1440
POLL_HOURS = 24  # the moderator closes it earlier by starting or ending the debate
POLL_KINDS = {BEFORE: "poll_before", AFTER: "poll_after"}
SEND = {
    False: ("send_messages", "Send Messages"),
    True: ("send_messages_in_threads", "Send Messages in Threads"),
}


class Effects:
    """Sends and edits a debate's messages for one bot."""

    def __init__(self, bot: discord.Client, service: DebateService) -> None:
        self.bot = bot
        self.service = service

    async def apply(self, outcome: Outcome, channel: discord.abc.Messageable | None) -> None:
        """Everything an outcome asks the debate's channel to show, in a sensible order."""
        debate = outcome.debate  # as the action left it: nothing is read again
        if debate is None:
            return
        if outcome.opened and channel is not None:
            debate = await self.open_lobby(debate, channel)
        if outcome.poll_close:
            await self.close_vote(debate, outcome.poll_close)
        if "lobby" in outcome.refresh and not outcome.opened:
            await self.refresh_lobby(debate)
        if outcome.ended_speech is not None:
            await self.close_timer(debate, outcome.ended_speech)
        for post in outcome.posts:
            await self.post(debate, post)
        if "timer" in outcome.refresh:
            debate = await self.refresh_timer(debate)
        if outcome.poll_open:
            debate = await self.open_vote(debate, outcome.poll_open)
        if outcome.summary:
            await self.post(debate, summary_reply(debate, self.service.summary(debate.id)))

    def _debate(self, debate: Debate | int) -> Debate:
        """The debate an outcome carried, or (given its id, e.g. by the timer loop) read now."""
        return debate if isinstance(debate, Debate) else self.service.get(debate)

    async def open_lobby(self, debate: Debate | int, channel: discord.abc.Messageable) -> Debate:
        """The lobby card in the channel, and a thread under it for everything else.

        If Discord refuses the lobby the debate is discarded (it would block the channel
        with nobody able to join) and NotAllowed says which permission is missing.
        """
        debate = self._debate(debate)
        debate_id = debate.id
        lobby = lobby_reply(debate, self.service.speaking_order(debate), timestamps=True)
        try:
            message = await channel.send(**_clean(message_kwargs(lobby)))
        except discord.HTTPException as exc:
            log.warning("debate %d: lobby refused (%s); discarded", debate_id, exc)
            self.service.discard(debate_id)
            raise NotAllowed(_lobby_refused(channel, exc)) from None
        self.service.set_message(debate_id, "lobby", message.id)
        debate = replace(debate, lobby_message_id=message.id)
        if isinstance(channel, discord.Thread) or not isinstance(channel, discord.TextChannel):
            return debate  # already in a thread: the debate stays here
        try:
            thread = await message.create_thread(
                name=thread_name(debate), auto_archive_duration=THREAD_ARCHIVE_MINUTES
            )
        except discord.HTTPException as exc:
            log.warning("debate %d: no thread (%s); it runs in the channel", debate_id, exc)
            return debate
        self.service.set_message(debate_id, "thread", thread.id)
        return replace(debate, thread_id=thread.id)

    async def refresh_lobby(self, debate: Debate | int) -> None:
        debate = self._debate(debate)
        if debate.lobby_message_id is None:
            return
        lobby = lobby_reply(debate, self.service.speaking_order(debate), timestamps=True)
        await self._edit(debate.channel_id, debate.lobby_message_id, lobby)

    async def refresh_timer(self, debate: Debate | int) -> Debate:
        """Edit the live speech's timer message, or post it when the speech starts.

        Each speech gets its own message (with the controls), so the thread reads as a
        record of the speeches; after the last one, the card of the vote after takes
        its place. Ended with nothing live, there is nothing new to post.
        """
        debate = self._debate(debate)
        if _timer_message(debate) is None:  # about to post one: another press's may be out
            debate = self.service.get(debate.id)
        speech = debate.current
        reply = timer_reply(debate, self.service.clock())
        preparing = debate.status == PREP  # the preparation card is a message of its own
        known = _timer_message(debate)
        if known is not None and await self._edit(debate.where, known, reply):
            return debate
        if speech is None and debate.status == ENDED:
            return debate
        message = await self.post(debate, reply)
        if message is None:
            return debate
        if speech is not None:
            self.service.set_speech_message(speech.id, message.id)
            posted = replace(speech, timer_message_id=message.id)
            speeches = tuple(posted if s.id == speech.id else s for s in debate.speeches)
            if speech.position == 0 and debate.prep_message_id is not None:
                await self._edit(debate.where, debate.prep_message_id, prep_over_reply(debate))
            return replace(debate, speeches=speeches)
        if preparing:
            self.service.set_message(debate.id, "prep", message.id)
            return replace(debate, prep_message_id=message.id)
        self.service.set_message(debate.id, "timer", message.id)
        return replace(debate, timer_message_id=message.id)

    async def close_timer(self, debate: Debate | int, speech_id: int) -> None:
        """A finished speech's message: its result, without the controls the next one has."""
        debate = self._debate(debate)
        speech = next((s for s in debate.speeches if s.id == speech_id), None)
        if speech is not None and speech.timer_message_id is not None:
            await self._edit(
                debate.where, speech.timer_message_id, speech_over_reply(debate, speech)
            )

    async def post(self, debate: Debate | int, reply: Reply) -> discord.Message | None:
        """A new message in the debate's thread (or channel)."""
        debate = self._debate(debate)
        channel = await self._channel(debate.where)
        if channel is None:
            return None
        try:
            return await channel.send(**_clean(message_kwargs(reply)))
        except discord.HTTPException as exc:
            log.warning("debate %d: could not post (%s)", debate.id, exc)
            return None

    async def open_vote(self, debate: Debate | int, stage: str) -> Debate:
        """A native poll for the vote, or vote buttons when a poll cannot be sent."""
        debate = self._debate(debate)
        debate_id = debate.id
        channel = await self._channel(debate.where)
        if channel is None:
            return debate
        poll = discord.Poll(question=poll_question(debate, stage), duration=_hours(POLL_HOURS))
        for side in SIDES:
            poll.add_answer(text=poll_answer(debate, side))
        try:
            message = await channel.send(poll=poll, allowed_mentions=discord.AllowedMentions.none())
        except discord.HTTPException as exc:
            log.info("debate %d: poll refused (%s); voting with buttons", debate_id, exc)
            results = self.service.results(debate_id)
            tally = results.before if stage == BEFORE else results.after
            await self.post(debate, vote_reply(debate, stage, tally))
            return debate
        self.service.set_message(debate_id, POLL_KINDS[stage], message.id)
        if stage == BEFORE:
            return replace(debate, poll_before_id=message.id)
        return replace(debate, poll_after_id=message.id)

    async def close_vote(self, debate: Debate | int, stage: str) -> None:
        """End the stage's poll, count its voters (votes cast while offline too), post results."""
        debate = self._debate(debate)
        poll_id = debate.poll_before_id if stage == BEFORE else debate.poll_after_id
        if poll_id is not None:
            await self._end_poll(debate, stage, poll_id)
        results = self.service.results(debate.id)
        await self.post(debate, results_reply(debate, results))

    async def _end_poll(self, debate: Debate, stage: str, poll_id: int) -> None:
        channel = await self._channel(debate.where)
        if channel is None:
            return
        try:
            message = await channel.fetch_message(poll_id)
            if message.poll is not None and not message.poll.is_finalised():
                message = await message.end_poll()
            votes: dict[int, str] = {}
            for answer in message.poll.answers if message.poll else []:
                async for voter in answer.voters():
                    votes[voter.id] = SIDES[answer.id - 1]
        except discord.HTTPException as exc:
            log.warning("debate %d: could not close the %s poll (%s)", debate.id, stage, exc)
            return
        self.service.sync_votes(debate.id, stage, votes)

    async def _edit(self, channel_id: int, message_id: int, reply: Reply) -> bool:
        channel = await self._channel(channel_id)
        if channel is None:
            return False
        kwargs = _clean(message_kwargs(reply))
        kwargs.pop("file", None)
        kwargs.setdefault("view", None)
        try:
            await channel.get_partial_message(message_id).edit(**kwargs)
        except discord.HTTPException as exc:
            log.warning("could not edit message %d (%s)", message_id, exc)
            return False
        return True

    async def _channel(self, channel_id: int) -> discord.TextChannel | discord.Thread | None:
        found = self.bot.get_channel(channel_id)
        if found is None:
            try:
                found = await self.bot.fetch_channel(channel_id)
            except discord.HTTPException as exc:
                log.warning("debate channel %d is gone (%s)", channel_id, exc)
                return None
        return found if isinstance(found, discord.TextChannel | discord.Thread) else None


def missing_permissions(perms: discord.Permissions, in_thread: bool) -> list[str]:
    """What the bot lacks to post a debate (cards with buttons) where ``perms`` apply."""
    needed = [("view_channel", "View Channel"), SEND[in_thread], ("embed_links", "Embed Links")]
    return [label for name, label in needed if not getattr(perms, name)]


def refusal(missing: list[str]) -> str:
    """One sentence naming the missing permissions."""
    names = missing[0] if len(missing) == 1 else f"{', '.join(missing[:-1])} and {missing[-1]}"
    word = "permission" if len(missing) == 1 else "permissions"
    return f"The bot cannot run a debate here: it needs the {names} {word} in this channel."


def _lobby_refused(channel: discord.abc.Messageable, exc: discord.HTTPException) -> str:
    missing: list[str] = []
    guild = getattr(channel, "guild", None)
    if isinstance(channel, discord.abc.GuildChannel | discord.Thread) and guild and guild.me:
        missing = missing_permissions(
            channel.permissions_for(guild.me), isinstance(channel, discord.Thread)
        )
    if missing:
        return refusal(missing) + " The debate was cancelled: open it again once it has them."
    if isinstance(exc, discord.Forbidden):
        return (
            "Discord refused the lobby post, so the debate was cancelled: the bot needs View "
            "Channel, Send Messages and Embed Links in this channel."
        )
    return f"Discord refused the lobby post (HTTP {exc.status}), so the debate was cancelled."


def _timer_message(debate: Debate) -> int | None:
    """The message showing the live speech's timer (or the card after the speeches)."""
    speech = debate.current
    if speech is not None:
        return speech.timer_message_id
    return debate.prep_message_id if debate.status == PREP else debate.timer_message_id


def _hours(hours: int) -> timedelta:
    return timedelta(hours=hours)


def _clean(kwargs: dict) -> dict:
    return {key: value for key, value in kwargs.items() if value is not None}
