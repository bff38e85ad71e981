"""Holidays, term calendars and exclusions as replies shared by Discord, the console and CLI.

Each changing action takes the :class:`~bot.models.Actor` and checks it is a moderator
here, in the domain, whatever front end called it.
"""

from __future__ import annotations

from pathlib import Path

from bot.debate._transcript import md_escape
from bot.errors import BadInput, NotAllowed
from bot.facts._calendar import ICS_LIMIT, Holiday
from bot.facts._cards import ChannelLabel, discord_channel, notice_reply
from bot.facts._service import FactService
from bot.models import Actor
from bot.presentation import Card, Field, Reply, fit, fit_card

LISTED = 20  # holidays shown in one card


def require_moderator(actor: Actor) -> None:
    if not actor.is_moderator:
        raise NotAllowed("Only a moderator can change daily facts.")


def holiday_text(holiday: Holiday, channel: ChannelLabel = discord_channel) -> str:
    """ "2026-12-21 to 2027-01-01 · Winter Break (#history only)"."""
    span = str(holiday.first)
    if holiday.last != holiday.first:
        span += f" to {holiday.last}"
    name = f" · {md_escape(holiday.name)}" if holiday.name else ""
    where = f" ({channel(holiday.channel_id)} only)" if holiday.channel_id else ""
    return f"{span}{name}{where}"


def holiday_add_for(
    service: FactService,
    actor: Actor,
    guild_id: int,
    first: str,
    last: str | None = None,
    name: str | None = None,
    channel_id: int | None = None,
    channel: ChannelLabel = discord_channel,
) -> Reply:
    require_moderator(actor)
    holiday = service.add_holiday(guild_id, first, last, name, channel_id)
    return notice_reply("Holiday added", f"No daily fact on {holiday_text(holiday, channel)}.")


def holiday_remove_for(
    service: FactService,
    actor: Actor,
    guild_id: int,
    first: str,
    channel_id: int | None = None,
) -> Reply:
    require_moderator(actor)
    count = service.remove_holiday(guild_id, first, channel_id)
    plural = "holiday" if count == 1 else "holidays"
    return notice_reply("Holiday removed", f"Removed {count} {plural} starting {first.strip()}.")


def holidays_reply(
    service: FactService,
    guild_id: int,
    channel_id: int | None = None,
    channel: ChannelLabel = discord_channel,
) -> Reply:
    """The holidays from today on, and the weekdays each schedule posts on."""
    holidays = service.holidays(guild_id, channel_id)
    lines = [f"• {holiday_text(h, channel)}" for h in holidays[:LISTED]]
    if len(holidays) > LISTED:
        lines.append(f"… and {len(holidays) - LISTED} more.")
    text = "\n".join(lines) or "No holidays from today on. Add one with /facts holidays add."
    card = Card(title="Holidays (no daily fact)", description=fit(text, 4000))
    return Reply(cards=[fit_card(card)])


def calendar_import_for(
    service: FactService,
    actor: Actor,
    guild_id: int,
    path: str | Path,
    channel_id: int | None = None,
    channel: ChannelLabel = discord_channel,
) -> Reply:
    """Import a term calendar's events as holidays, from a file path."""
    require_moderator(actor)
    added, repeats = service.import_calendar_file(guild_id, path, channel_id)
    return _imported(added, repeats, channel)


def calendar_upload_for(
    service: FactService,
    actor: Actor,
    guild_id: int,
    data: bytes,
    channel_id: int | None = None,
    channel: ChannelLabel = discord_channel,
) -> Reply:
    """Import a term calendar's events as holidays, from a file's bytes (a Discord upload)."""
    require_moderator(actor)
    added, repeats = service.import_calendar(guild_id, data, channel_id)
    return _imported(added, repeats, channel)


def check_calendar_upload(actor: Actor, filename: str, size: int) -> None:
    """Refuse an upload before it is downloaded: moderators only, an .ics, not too big."""
    require_moderator(actor)
    if not filename.lower().endswith((".ics", ".ical", ".ifb", ".icalendar")):
        raise BadInput(
            f"“{fit(filename, 80)}” is not an iCalendar file: export the term calendar as .ics."
        )
    if size > ICS_LIMIT:
        raise BadInput(f"The calendar is over {ICS_LIMIT // 1_000_000} MB; is it a term calendar?")


def _imported(added: list[Holiday], repeats: int, channel: ChannelLabel) -> Reply:
    lines = [f"• {holiday_text(h, channel)}" for h in added[:LISTED]]
    if len(added) > LISTED:
        lines.append(f"… and {len(added) - LISTED} more.")
    if repeats:
        lines.append(f"{repeats} already listed, skipped.")
    title = f"Term calendar imported: {len(added)} holiday(s) added"
    return Reply(cards=[fit_card(Card(title=title, description=fit("\n".join(lines), 4000)))])


def exclude_for(service: FactService, actor: Actor, guild_id: int, target: str) -> Reply:
    require_moderator(actor)
    found = service.exclude(guild_id, target, actor.id)
    left = len(service.server_facts(guild_id))
    return notice_reply(
        "Excluded from daily facts",
        f"{_label(found.label)} will not be posted on this server. "
        f"{left} facts remain. Undo with /facts include.",
    )


def include_for(service: FactService, actor: Actor, guild_id: int, target: str) -> Reply:
    require_moderator(actor)
    found = service.include(guild_id, target)
    return notice_reply("Back in daily facts", f"{_label(found.label)}.")


def excluded_reply(service: FactService, guild_id: int) -> Reply:
    found = service.exclusions(guild_id)
    fields = [Field(e.kind.title(), md_escape(e.label)) for e in found[:LISTED]]
    text = "" if found else "Nothing is excluded: every fact can be posted."
    card = Card(title="Excluded from daily facts", description=text, fields=fields)
    return Reply(cards=[fit_card(card)])


def _label(label: str) -> str:
    """An exclusion's label opening a sentence, typed titles escaped."""
    return md_escape(label[:1].upper() + label[1:])
