"""/facts: a cited fact from the readings every day, at a local time in the server's zone.

Thin on purpose: :mod:`bot.facts` decides what and when; this cog only turns claims
into messages. A claim is recorded before the send, so a crash never posts twice; a
deleted channel or a missing permission marks the claim failed, pauses the schedule
and tells the moderator who set it up, instead of failing silently. A transient
failure (a 5xx answer, a timeout, a dropped connection) is retried with backoff; every
attempt carries the claim's nonce, which Discord enforces, so a retry whose first try
did land returns that message instead of posting a second.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Final

import aiohttp
import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot import limits
from bot.errors import BadInput
from bot.facts import (
    Claim,
    calendar_upload_for,
    check_calendar_upload,
    exclude_for,
    excluded_reply,
    facts_for,
    failure_reply,
    holiday_add_for,
    holiday_remove_for,
    holidays_reply,
    include_for,
    pause_for,
    post_reply,
    preview_for,
    require_moderator,
    resume_for,
    setup_for,
    skip_for,
    status_for,
    stop_for,
    thread_name,
)
from bot.presentation import Reply
from cogs.context import actor_for
from cogs.render import NO_PINGS, message_kwargs, respond

if TYPE_CHECKING:
    from cogs.app import Thawbot

log = logging.getLogger(__name__)

POLL_SECONDS = 30.0
WHICH = "Which channel's schedule (empty: this channel's, or the server's only one)"
# Waits between tries of a post Discord could not take (about 2 minutes in all, inside
# the few minutes Discord remembers a nonce for).
RETRY_DELAYS = (2.0, 4.0, 8.0, 16.0, 30.0, 60.0)
TRANSIENT = (discord.DiscordServerError, aiohttp.ClientError, asyncio.TimeoutError, OSError)
THREAD_ARCHIVE_MINUTES: Final = 1440
NEEDED = {"view_channel": "View Channel", "send_messages": "Send Messages"}
NEEDED_EMBEDS = {"embed_links": "Embed Links"}
NEEDED_THREADS = {"create_public_threads": "Create Public Threads"}


class PostFailed(Exception):
    """A daily post cannot be sent; ``str()`` is the reason the moderator reads."""


class Facts(commands.Cog):
    """Daily cited facts, posted on schedule."""

    facts = app_commands.Group(
        name="facts", description="Daily cited facts from the readings", guild_only=True
    )
    holidays = app_commands.Group(
        name="holidays", description="Days without a daily fact", parent=facts
    )

    def __init__(self, bot: Thawbot) -> None:
        self.bot = bot
        self.service = facts_for(bot.services)
        self.retry_delays: tuple[float, ...] = RETRY_DELAYS
        self._sending: set[asyncio.Task] = set()

    async def cog_load(self) -> None:
        self.poster.start()

    async def cog_unload(self) -> None:
        self.poster.cancel()
        for task in list(self._sending):  # an unconfirmed claim is never sent again
            task.cancel()

    @tasks.loop(seconds=POLL_SECONDS)
    async def poster(self) -> None:
        """Post whatever is due; one bad server never stops the loop for the others."""
        try:
            await self.tick(wait=False)
        except Exception:  # the loop must survive anything; the error is logged in full
            log.exception("daily facts loop failed; retrying in %s s", POLL_SECONDS)

    @poster.before_loop
    async def _before_poster(self) -> None:
        await self.bot.wait_until_ready()

    async def tick(self, wait: bool = True) -> list[discord.Message]:
        """Claim every due post (recorded first), then send each in its own task.

        Between two servers' claims the event loop is free for interactions, and no
        server's send (or its retries) waits on another's. ``wait`` (tests, the console)
        returns the messages sent; the loop does not wait.
        """
        started = []
        for schedule in self.service.due():
            claim = self.service.claim_due_for(schedule)
            if claim is not None:
                started.append(self._spawn(claim))
            await asyncio.sleep(0)
        if not wait:
            return []
        results = await asyncio.gather(*started)
        return [message for message, _reason in results if message is not None]

    def _spawn(self, claim: Claim) -> asyncio.Task:
        task = asyncio.create_task(self.deliver(claim), name=f"facts-post-{claim.post_id}")
        self._sending.add(task)
        task.add_done_callback(self._sending.discard)
        return task

    async def deliver(self, claim: Claim) -> tuple[discord.Message | None, str | None]:
        """Send a claimed post; (the message, None) or (None, why it failed).

        Transient failures are retried after each of ``retry_delays``; when Discord is
        still unavailable the claim is marked failed without pausing (tomorrow's post
        goes out as usual). Permanent ones pause the schedule and tell the moderator.
        """
        try:
            message = await self._send_with_retries(claim)
        except TRANSIENT as exc:
            tries = len(self.retry_delays) + 1
            reason = f"Discord was unavailable ({_describe(exc)}); tried {tries} times."
            self.service.mark_failed(claim, reason, pause=False)
            return None, reason
        except PostFailed as exc:
            reason = str(exc)
        except discord.NotFound:
            reason = "The channel was deleted, or the bot can no longer see it."
        except discord.Forbidden:
            reason = (
                "The bot is missing a permission there (View Channel, Send Messages, Embed Links)."
            )
        except discord.HTTPException as exc:
            reason = f"Discord refused the post (HTTP {exc.status})."
        else:
            self.service.mark_sent(claim, message.id)
            if claim.thread:
                await _open_thread(message, claim)
            return message, None
        schedule = self.service.mark_failed(claim, reason)
        if schedule is not None:
            await self._tell_moderator(schedule.moderator_id, failure_reply(schedule, reason))
        return None, reason

    async def _send_with_retries(self, claim: Claim) -> discord.Message:
        """One send, retried on transient failures; the same nonce on every try."""
        for attempt, delay in enumerate((*self.retry_delays, None), 1):
            try:
                channel = await self._channel(claim)
                return await channel.send(nonce=_nonce(claim), **_post_kwargs(claim))
            except TRANSIENT as exc:
                if delay is None:
                    raise
                log.info(
                    "facts post %s: %s on try %d; again in %.0f s",
                    claim.post_id,
                    _describe(exc),
                    attempt,
                    delay,
                )
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")  # the last try re-raises

    async def _channel(self, claim: Claim) -> discord.TextChannel | discord.Thread:
        """The post's channel, checked for the permissions the post needs."""
        channel = self.bot.get_channel(claim.channel_id)
        if channel is None:
            channel = await self.bot.fetch_channel(claim.channel_id)  # NotFound when deleted
        if not isinstance(channel, discord.TextChannel | discord.Thread):
            raise PostFailed("The channel is not a text channel.")
        me = channel.guild.me
        if me is not None:
            wanted = NEEDED | NEEDED_EMBEDS | (NEEDED_THREADS if claim.thread else {})
            perms = channel.permissions_for(me)
            missing = [label for name, label in wanted.items() if not getattr(perms, name)]
            if missing:
                raise PostFailed(f"Missing permission in #{channel.name}: {', '.join(missing)}.")
        return channel

    async def _tell_moderator(self, moderator_id: int | None, reply: Reply) -> None:
        """A direct message to the moderator who set facts up (the status card shows it too)."""
        if moderator_id is None:
            log.warning("facts paused and no moderator to tell")
            return
        try:
            user = self.bot.get_user(moderator_id) or await self.bot.fetch_user(moderator_id)
            await user.send(**_clean(message_kwargs(reply)))
        except discord.HTTPException as exc:
            log.warning("could not tell moderator %s that facts paused: %s", moderator_id, exc)

    @facts.command(name="setup")
    @app_commands.describe(
        channel="Where the daily fact is posted",
        time="Local time of day, 24-hour HH:MM, e.g. 08:30",
        timezone="Your IANA time zone, e.g. Europe/London (empty: the bot's default zone)",
        role="A role to ping with each post (off unless you pick one)",
        thread="Open a discussion thread under each post",
        days='Weekdays to post on, e.g. "mon-fri" (the default), "mon,wed,fri" or "daily"',
    )
    async def setup(
        self,
        interaction: discord.Interaction,
        channel: discord.TextChannel,
        time: app_commands.Range[str, 1, 20],
        timezone: app_commands.Range[str, 1, 64] | None = None,
        role: discord.Role | None = None,
        thread: bool = False,
        days: app_commands.Range[str, 1, 40] | None = None,
    ) -> None:
        """Moderators: post a cited fact on school days at a local time (one per channel)."""
        _require_moderator(interaction)
        if role is not None and (role.is_default() or role.managed):
            raise BadInput(
                "Pick a role members can join; @everyone and bot roles cannot be pinged."
            )
        if (
            role is not None
            and not role.mentionable
            and not _may_mention_roles(interaction, channel)
        ):
            raise BadInput(_unpingable(role))
        reply = setup_for(
            self.service,
            _guild(interaction),
            channel.id,
            time,
            timezone or self.bot.services.default_zone,
            role.id if role else None,
            thread,
            interaction.user.id,
            days=days,
        )
        await respond(interaction, reply)

    @setup.autocomplete("timezone")
    async def timezone_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        names = self.service.timezones(current)[: limits.CHOICES]
        return [app_commands.Choice(name=name, value=name) for name in names]

    @facts.command(name="now")
    async def now(self, interaction: discord.Interaction) -> None:
        """Moderators: post a fact in this channel now.

        Fetching the channel, sending and opening a thread can outlast Discord's three
        seconds, so the command defers first and answers with a follow-up; an error
        after the defer is answered by the error handler's follow-up, so the "thinking"
        message always completes.
        """
        _require_moderator(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        claim = self.service.post_now(_guild(interaction), interaction.channel_id)
        message, reason = await self.deliver(claim)
        text = "Posted." if message is not None else f"Could not post here: {reason}"
        await respond(interaction, Reply(content=text))

    @facts.command(name="preview")
    @app_commands.describe(channel=WHICH)
    async def preview(
        self, interaction: discord.Interaction, channel: discord.TextChannel | None = None
    ) -> None:
        """The next fact, shown only to you."""
        where = self._which(interaction, channel)
        await respond(interaction, preview_for(self.service, _guild(interaction), where))

    @facts.command(name="status")
    @app_commands.describe(channel=WHICH)
    async def status(
        self, interaction: discord.Interaction, channel: discord.TextChannel | None = None
    ) -> None:
        """The schedule: channel, days, the next five posts, rotation."""
        where = self._which(interaction, channel)
        reply = status_for(self.service, _guild(interaction), channel_id=where)
        await respond(interaction, reply)

    @facts.command(name="pause")
    @app_commands.describe(channel=WHICH)
    async def pause(
        self, interaction: discord.Interaction, channel: discord.TextChannel | None = None
    ) -> None:
        """Moderators: stop daily posts until resumed."""
        _require_moderator(interaction)
        where = self._which(interaction, channel)
        await respond(interaction, pause_for(self.service, _guild(interaction), where))

    @facts.command(name="resume")
    @app_commands.describe(channel=WHICH)
    async def resume(
        self, interaction: discord.Interaction, channel: discord.TextChannel | None = None
    ) -> None:
        """Moderators: post again from the next scheduled time."""
        _require_moderator(interaction)
        where = self._which(interaction, channel)
        await respond(interaction, resume_for(self.service, _guild(interaction), where))

    @facts.command(name="skip")
    @app_commands.describe(channel=WHICH)
    async def skip(
        self, interaction: discord.Interaction, channel: discord.TextChannel | None = None
    ) -> None:
        """Moderators: set the next fact aside for this round."""
        _require_moderator(interaction)
        where = self._which(interaction, channel)
        await respond(interaction, skip_for(self.service, _guild(interaction), where))

    @facts.command(name="stop")
    @app_commands.describe(channel=WHICH)
    async def stop(
        self, interaction: discord.Interaction, channel: discord.TextChannel | None = None
    ) -> None:
        """Moderators: end a channel's daily facts (the rotation and holidays stay)."""
        _require_moderator(interaction)
        where = self._which(interaction, channel)
        await respond(interaction, stop_for(self.service, _guild(interaction), where))

    @holidays.command(name="add")
    @app_commands.rename(first="from", last="to")
    @app_commands.describe(
        first="First day off, YYYY-MM-DD",
        last="Last day off, YYYY-MM-DD (empty: one day)",
        name="What it is, e.g. Winter break",
        channel="Only this channel's schedule (empty: every channel)",
    )
    async def holiday_add(
        self,
        interaction: discord.Interaction,
        first: app_commands.Range[str, 1, 20],
        last: app_commands.Range[str, 1, 20] | None = None,
        name: app_commands.Range[str, 1, 100] | None = None,
        channel: discord.TextChannel | None = None,
    ) -> None:
        """Moderators: no daily fact from one date to another."""
        guild, actor = _guild(interaction), actor_for(interaction)
        where = channel.id if channel else None
        reply = holiday_add_for(self.service, actor, guild, first, last, name, where)
        await respond(interaction, reply)

    @holidays.command(name="remove")
    @app_commands.rename(first="from")
    @app_commands.describe(
        first="The first day of the holiday to remove, YYYY-MM-DD",
        channel="Only that channel's holiday (empty: any)",
    )
    async def holiday_remove(
        self,
        interaction: discord.Interaction,
        first: app_commands.Range[str, 1, 20],
        channel: discord.TextChannel | None = None,
    ) -> None:
        """Moderators: take a holiday off the list."""
        where = channel.id if channel else None
        reply = holiday_remove_for(
            self.service, actor_for(interaction), _guild(interaction), first, where
        )
        await respond(interaction, reply)

    @holidays.command(name="import")
    @app_commands.describe(
        file="The school's term calendar as an iCalendar file (.ics): each event is a day off",
        channel="Only this channel's schedule (empty: every channel)",
    )
    async def holiday_import(
        self,
        interaction: discord.Interaction,
        file: discord.Attachment,
        channel: discord.TextChannel | None = None,
    ) -> None:
        """Moderators: import the term calendar's breaks as days without a daily fact."""
        actor = actor_for(interaction)
        check_calendar_upload(actor, file.filename, file.size)  # before anything is downloaded
        await interaction.response.defer(ephemeral=True, thinking=True)
        data = await file.read()
        where = channel.id if channel else None
        await respond(
            interaction, calendar_upload_for(self.service, actor, _guild(interaction), data, where)
        )

    @holidays.command(name="list")
    @app_commands.describe(channel="Include this channel's own holidays")
    async def holiday_list(
        self, interaction: discord.Interaction, channel: discord.TextChannel | None = None
    ) -> None:
        """The days without a daily fact, from today on."""
        where = channel.id if channel else None
        await respond(interaction, holidays_reply(self.service, _guild(interaction), where))

    @facts.command(name="exclude")
    @app_commands.describe(what="A fact id, a passage id (all its facts) or a reading id")
    async def exclude(
        self, interaction: discord.Interaction, what: app_commands.Range[str, 1, 80]
    ) -> None:
        """Moderators: keep a fact, passage or whole reading out of daily facts here."""
        reply = exclude_for(self.service, actor_for(interaction), _guild(interaction), what)
        await respond(interaction, reply)

    @facts.command(name="include")
    @app_commands.describe(what="The fact, passage or reading id excluded before")
    async def include(
        self, interaction: discord.Interaction, what: app_commands.Range[str, 1, 80]
    ) -> None:
        """Moderators: undo an exclusion."""
        reply = include_for(self.service, actor_for(interaction), _guild(interaction), what)
        await respond(interaction, reply)

    @facts.command(name="excluded")
    async def excluded(self, interaction: discord.Interaction) -> None:
        """What this server keeps out of its daily facts."""
        await respond(interaction, excluded_reply(self.service, _guild(interaction)))

    def _which(
        self, interaction: discord.Interaction, channel: discord.TextChannel | None
    ) -> int | None:
        """The channel named, else this one if it has a schedule, else the server's only one."""
        if channel is not None:
            return channel.id
        here = interaction.channel_id
        if here is not None and self.service.repo.schedule(_guild(interaction), here):
            return here
        return None


def _require_moderator(interaction: discord.Interaction) -> None:
    """The domain's check (:func:`bot.facts.require_moderator`), as the console makes it."""
    require_moderator(actor_for(interaction))


def _may_mention_roles(interaction: discord.Interaction, channel: discord.TextChannel) -> bool:
    """Mention Everyone lets the bot notify any role in the channel, mentionable or not."""
    me = channel.guild.me if channel.guild is not None else None
    perms = channel.permissions_for(me) if me is not None else interaction.app_permissions
    return perms.mention_everyone


def _unpingable(role: discord.Role) -> str:
    name = discord.utils.escape_mentions(discord.utils.escape_markdown(role.name))
    return (
        f"A ping to {name} would notify nobody: the role is not mentionable and the bot "
        f"lacks Mention Everyone. In Server Settings > Roles > {name}, turn on "
        '"Allow anyone to @mention this role" (or give the bot\'s role Mention Everyone), '
        "then run /facts setup again."
    )


def _guild(interaction: discord.Interaction) -> int:
    assert interaction.guild_id is not None  # the group is guild_only
    return interaction.guild_id


def _nonce(claim: Claim) -> str:
    """The claim's message nonce (at most 25 characters): Discord posts it only once."""
    return f"thawfact-{claim.post_id}"[:25]


def _describe(exc: BaseException) -> str:
    if isinstance(exc, discord.HTTPException):
        return f"HTTP {exc.status}"
    return type(exc).__name__


def _post_kwargs(claim: Claim) -> dict:
    """The post's message: it may mention the configured role, and nothing else."""
    kwargs = _clean(message_kwargs(post_reply(claim)))
    if claim.ping_role_id:
        kwargs["allowed_mentions"] = discord.AllowedMentions(
            everyone=False, users=False, roles=[discord.Object(claim.ping_role_id)]
        )
    else:
        kwargs["allowed_mentions"] = NO_PINGS
    return kwargs


async def _open_thread(message: discord.Message, claim: Claim) -> None:
    """A discussion thread under the post; the post stands even if this fails."""
    try:
        await message.create_thread(
            name=thread_name(claim.fact), auto_archive_duration=THREAD_ARCHIVE_MINUTES
        )
    except discord.HTTPException as exc:
        log.warning("could not open a thread for post %s: %s", claim.post_id, exc)


def _clean(kwargs: dict) -> dict:
    return {key: value for key, value in kwargs.items() if value is not None}


async def setup(bot: Thawbot) -> None:
    await bot.add_cog(Facts(bot))
