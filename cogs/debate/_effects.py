"""Turn a debate :class:`Outcome` into Discord messages: the lobby, its thread, one timer
message per speech (edited while it runs, never re-posted), posts in the thread, votes.

Votes are Discord's native polls; when a poll cannot be sent (no permission, an old
client) the same vote runs on buttons. Every Discord id the debate needs later is stored
through the service, so after a restart the same messages are edited.
"""

from __future__ import annotations

import logging
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
        if outcome.debate is None:
            return
        debate_id = outcome.debate.id
        if outcome.opened and channel is not None:
            await self.open_lobby(debate_id, channel)
        if outcome.poll_close:
            await self.close_vote(debate_id, outcome.poll_close)
        if "lobby" in outcome.refresh and not outcome.opened:
            await self.refresh_lobby(debate_id)
        if outcome.ended_speech is not None:
            await self.close_timer(debate_id, outcome.ended_speech)
        for post in outcome.posts:
            await self.post(debate_id, post)
        if "timer" in outcome.refresh:
            await self.refresh_timer(debate_id)
        if outcome.poll_open:
            await self.open_vote(debate_id, outcome.poll_open)
        if outcome.summary:
            debate = self.service.get(debate_id)
            await self.post(debate_id, summary_reply(debate, self.service.summary(debate_id)))

    async def open_lobby(self, debate_id: int, channel: discord.abc.Messageable) -> None:
        """The lobby card in the channel, and a thread under it for everything else.

        If Discord refuses the lobby the debate is discarded (it would block the channel
        with nobody able to join) and NotAllowed says which permission is missing.
        """
        debate = self.service.get(debate_id)
        lobby = lobby_reply(debate, self.service.speaking_order(debate), timestamps=True)
        try:
            message = await channel.send(**_clean(message_kwargs(lobby)))
        except discord.HTTPException as exc:
            log.warning("debate %d: lobby refused (%s); discarded", debate_id, exc)
            self.service.discard(debate_id)
            raise NotAllowed(_lobby_refused(channel, exc)) from None
        self.service.set_message(debate_id, "lobby", message.id)
        if isinstance(channel, discord.Thread) or not isinstance(channel, discord.TextChannel):
            return  # already in a thread: the debate stays here
        try:
            thread = await message.create_thread(
                name=thread_name(debate), auto_archive_duration=THREAD_ARCHIVE_MINUTES
            )
        except discord.HTTPException as exc:
            log.warning("debate %d: no thread (%s); it runs in the channel", debate_id, exc)
            return
        self.service.set_message(debate_id, "thread", thread.id)

    async def refresh_lobby(self, debate_id: int) -> None:
        debate = self.service.get(debate_id)
        if debate.lobby_message_id is None:
            return
        lobby = lobby_reply(debate, self.service.speaking_order(debate), timestamps=True)
        await self._edit(debate.channel_id, debate.lobby_message_id, lobby)

    async def refresh_timer(self, debate_id: int) -> None:
        """Edit the live speech's timer message, or post it when the speech starts.

        Each speech gets its own message (with the controls), so the thread reads as a
        record of the speeches; after the last one, the card of the vote after takes
        its place. Ended with nothing live, there is nothing new to post.
        """
        debate = self.service.get(debate_id)
        speech = debate.current
        reply = timer_reply(debate, self.service.clock())
        known = speech.timer_message_id if speech else debate.timer_message_id
        if known is not None and await self._edit(debate.where, known, reply):
            return
        if speech is None and debate.status == ENDED:
            return
        message = await self.post(debate_id, reply)
        if message is None:
            return
        if speech is not None:
            self.service.set_speech_message(speech.id, message.id)
        else:
            self.service.set_message(debate_id, "timer", message.id)

    async def close_timer(self, debate_id: int, speech_id: int) -> None:
        """A finished speech's message: its result, without the controls the next one has."""
        debate = self.service.get(debate_id)
        speech = next((s for s in debate.speeches if s.id == speech_id), None)
        if speech is not None and speech.timer_message_id is not None:
            await self._edit(
                debate.where, speech.timer_message_id, speech_over_reply(debate, speech)
            )

    async def post(self, debate_id: int, reply: Reply) -> discord.Message | None:
        """A new message in the debate's thread (or channel)."""
        debate = self.service.get(debate_id)
        channel = await self._channel(debate.where)
        if channel is None:
            return None
        try:
            return await channel.send(**_clean(message_kwargs(reply)))
        except discord.HTTPException as exc:
            log.warning("debate %d: could not post (%s)", debate_id, exc)
            return None

    async def open_vote(self, debate_id: int, stage: str) -> None:
        """A native poll for the vote, or vote buttons when a poll cannot be sent."""
        debate = self.service.get(debate_id)
        channel = await self._channel(debate.where)
        if channel is None:
            return
        poll = discord.Poll(question=poll_question(debate, stage), duration=_hours(POLL_HOURS))
        for side in SIDES:
            poll.add_answer(text=poll_answer(debate, side))
        try:
            message = await channel.send(poll=poll, allowed_mentions=discord.AllowedMentions.none())
        except discord.HTTPException as exc:
            log.info("debate %d: poll refused (%s); voting with buttons", debate_id, exc)
            results = self.service.results(debate_id)
            tally = results.before if stage == BEFORE else results.after
            await self.post(debate_id, vote_reply(debate, stage, tally))
            return
        self.service.set_message(debate_id, POLL_KINDS[stage], message.id)

    async def close_vote(self, debate_id: int, stage: str) -> None:
        """End the stage's poll, count its voters (votes cast while offline too), post results."""
        debate = self.service.get(debate_id)
        poll_id = debate.poll_before_id if stage == BEFORE else debate.poll_after_id
        if poll_id is not None:
            await self._end_poll(debate, stage, poll_id)
        results = self.service.results(debate_id)
        await self.post(debate_id, results_reply(self.service.get(debate_id), results))

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


def _hours(hours: int) -> timedelta:
    return timedelta(hours=hours)


def _clean(kwargs: dict) -> dict:
    return {key: value for key, value in kwargs.items() if value is not None}
