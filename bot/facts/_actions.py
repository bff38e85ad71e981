"""The /facts commands as front-end-neutral replies, shared by the Discord cog and the console.

Each function takes the shared :class:`FactService` and returns a :class:`Reply`, so
``/facts status`` shows the same card on Discord and in the console. Moderator rules
live here too: the cog checks Discord roles, the console its default user, and both
hand the domain an :class:`Actor`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from bot import auth
from bot.actions import Context, action, command
from bot.errors import BadInput
from bot.facts._cards import (
    ChannelLabel,
    discord_channel,
    notice_reply,
    passage_reply,
    post_reply,
    preview_reply,
    setup_reply,
    skip_reply,
    status_reply,
    when_text,
)
from bot.facts._console_school import SCHOOL
from bot.facts._service import FactService
from bot.models import Actor
from bot.presentation import Reply
from bot.store import Store

if TYPE_CHECKING:
    from bot.services import Services

USAGE = (
    "/facts now | preview | status | pause | resume | skip | stop | "
    "setup 09:00 [Europe/London] [days=mon-fri] | holidays [add FROM [TO] [NAME] | remove FROM] | "
    "calendar FILE.ics | exclude ID | include ID | excluded"
)
_SERVICES: WeakKeyDictionary[Store, FactService] = WeakKeyDictionary()


def facts_for(services: Services) -> FactService:
    """The one FactService of a process's store (the cog's loop and the console share it)."""
    store = services.store
    found = _SERVICES.get(store)
    if found is None:
        found = _SERVICES[store] = FactService(store)
    return found


def require_moderator(actor: Actor) -> None:
    """NotAllowed unless the actor is a moderator (:mod:`bot.auth`, for both front ends)."""
    auth.require_moderator(actor, "change or post daily facts")


def setup_for(
    service: FactService,
    guild_id: int,
    channel_id: int,
    time: str,
    timezone: str,
    role_id: int | None = None,
    thread: bool = False,
    moderator_id: int | None = None,
    channel: ChannelLabel = discord_channel,
    days: str | None = None,
) -> Reply:
    """Set up a channel's daily post and confirm when the first one comes.

    ``channel`` names a channel the way the front end can show it (Discord: a mention).
    """
    schedule = service.setup(
        guild_id, channel_id, time, timezone, role_id, thread, moderator_id, days
    )
    return setup_reply(schedule, service.next_post_at(guild_id, channel_id), channel)


def preview_for(service: FactService, guild_id: int, channel_id: int | None = None) -> Reply:
    """The next fact and when it posts, privately."""
    schedule = service.repo.schedule(guild_id, channel_id) or service.repo.schedule(guild_id)
    when = service.next_post_at(guild_id, schedule.channel_id) if schedule else None
    pick = service.preview(guild_id, channel_id)
    return preview_reply(pick, when, schedule.zone if schedule else None)


def status_for(
    service: FactService,
    guild_id: int,
    channel: ChannelLabel = discord_channel,
    channel_id: int | None = None,
) -> Reply:
    """The schedule card: a channel's, or the server's only one."""
    return status_reply(service.status(guild_id, channel_id), channel)


def console_channel(here: int) -> ChannelLabel:
    """How the console names a channel: it has no mentions, and knows no channel names."""
    return lambda channel_id: "this channel" if channel_id == here else f"#channel-{channel_id}"


def pause_for(service: FactService, guild_id: int, channel_id: int | None = None) -> Reply:
    service.pause(guild_id, channel_id=channel_id)
    return notice_reply("Daily facts paused", "No fact will be posted until /facts resume.")


def resume_for(service: FactService, guild_id: int, channel_id: int | None = None) -> Reply:
    schedule = service.resume(guild_id, channel_id)
    when = service.next_post_at(guild_id, schedule.channel_id)
    text = f"posts {when_text(when, schedule.zone)}" if when else "waits for a school day"
    return notice_reply("Daily facts resumed", f"The next fact {text}.")


def skip_for(service: FactService, guild_id: int, channel_id: int | None = None) -> Reply:
    return skip_reply(*service.skip(guild_id, channel_id))


def stop_for(
    service: FactService,
    guild_id: int,
    channel_id: int | None = None,
    channel: ChannelLabel = discord_channel,
) -> Reply:
    stopped = service.stop(guild_id, channel_id)
    return notice_reply(
        "Daily facts stopped",
        f"No more daily facts in {channel(stopped.channel_id)}. The rotation and holidays stay.",
    )


@action("facts:passage")
def _passage(ctx: Context, parts: list[str]) -> Reply:
    """The "Read the whole passage" button under a fact."""
    return passage_reply(ctx.services.store.passage(parts[0] if parts else ""))


@command("/facts", USAGE)
def _console(ctx: Context, text: str) -> Reply:
    """The console's /facts: the same replies as Discord; "now" prints the post."""
    service = facts_for(ctx.services)
    sub, _, rest = text.strip().partition(" ")
    sub = sub.lower() or "status"
    here = ctx.channel_id if service.repo.schedule(ctx.guild_id, ctx.channel_id) else None
    if sub in {"status", "schedule"}:
        return status_for(service, ctx.guild_id, console_channel(ctx.channel_id), here)
    if sub == "preview":
        return preview_for(service, ctx.guild_id)
    if sub in {"holidays", "excluded"} and not rest.strip():
        return SCHOOL[sub](service, ctx, rest)
    require_moderator(ctx.actor)
    if sub == "now":
        claim = service.post_now(ctx.guild_id, ctx.channel_id)
        service.mark_sent(claim, None)
        reply = post_reply(claim)
        reply.public = True
        return reply
    if sub == "setup":
        words = rest.split()
        days = next((w.split("=", 1)[1] for w in words if w.lower().startswith("days=")), None)
        time, *zones = [w for w in words if not w.lower().startswith("days=")] or [""]
        zone = " ".join(zones) or ctx.services.default_zone  # THAWBOT_TIMEZONE
        guild, here = ctx.guild_id, ctx.channel_id
        label = console_channel(here)
        return setup_for(
            service, guild, here, time, zone, moderator_id=ctx.actor.id, channel=label, days=days
        )
    if sub in SCHOOL:
        return SCHOOL[sub](service, ctx, rest)
    if sub == "stop":
        return stop_for(service, ctx.guild_id, here, console_channel(ctx.channel_id))
    simple = {"pause": pause_for, "resume": resume_for, "skip": skip_for}
    if sub not in simple:
        raise BadInput(f"Unknown /facts command “{sub[:20]}”. Try: {USAGE}.")
    return simple[sub](service, ctx.guild_id, here)
