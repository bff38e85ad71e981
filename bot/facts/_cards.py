"""Cards for fact posts and the /facts commands (front-end neutral, fitted to Discord)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.cards import passage_card
from bot.facts._calendar import days_text
from bot.facts._extract import Fact
from bot.facts._repo import Schedule
from bot.facts._rotation import Pick
from bot.facts._service import PAUSED_BY_MODERATOR, Claim, Status
from bot.facts._themes import GENERAL_THEME
from bot.models import Passage, Reference
from bot.presentation import COLOURS, Button, Card, Field, Reply, fit, fit_card

PASSAGE_BUTTON = "facts:passage:"
THREAD_NAME = 100  # Discord's limit on a thread name
ChannelLabel = Callable[[int], str]


def discord_channel(channel_id: int) -> str:
    """A channel as Discord shows it: a mention that renders as its name."""
    return f"<#{channel_id}>"


def passage_button(passage_id: str) -> Button:
    """The button under a fact that shows the whole passage privately."""
    return Button("Read the whole passage", f"{PASSAGE_BUTTON}{passage_id}")


def passage_id_of(custom_id: str) -> str | None:
    """The passage id a ``facts:passage:<id>`` button carries, or None for another button."""
    if not custom_id.startswith(PASSAGE_BUTTON):
        return None
    return custom_id.removeprefix(PASSAGE_BUTTON) or None


def fact_card(fact: Fact, title: str, on_this_day: str | None = None) -> Card:
    """The fact word for word, its citation and the works it cites, theme and date."""
    fields = [Field("Citation", fact.citation), *works_cited_fields(fact.references)]
    if fact.theme != GENERAL_THEME:
        fields.append(Field("Theme", fact.theme, inline=True))
    if fact.date is not None:
        fields.append(Field("Date in the text", fact.date.iso(), inline=True))
    description = f"> {fact.text}"
    if on_this_day:
        description = f"**{on_this_day}…**\n{description}"
    card = Card(
        title=title,
        description=description,
        fields=fields,
        footer=f"{fact.id} · quoted word for word from passage {fact.passage_id}",
        colour=COLOURS["quote"],
    )
    return fit_card(card)


def works_cited_fields(references: tuple[Reference, ...]) -> list[Field]:
    """The works-cited entries of the fact's own citations, and those the list lacks."""
    fields = []
    entries = [ref for ref in references if ref.entry]
    if entries:
        listed = "\n".join(f"• ({ref.in_text}) {ref.entry}" for ref in entries)
        fields.append(Field("Works cited", listed))
    missing = list(dict.fromkeys(ref.in_text for ref in references if not ref.entry))
    if missing:
        listed = ", ".join(f"({in_text})" for in_text in missing)
        fields.append(Field("Not in the reading's works-cited list", listed))
    return fields


def post_reply(claim: Claim) -> Reply:
    """The public post: the fact, the passage button, and the role ping if one is set.

    The front end must let the message mention ``claim.ping_role_id`` and nothing else.
    """
    title = claim.on_this_day or ("Fact of the day" if claim.kind == "daily" else "A fact")
    content = f"<@&{claim.ping_role_id}>" if claim.ping_role_id else None
    return Reply(
        cards=[fact_card(claim.fact, title, claim.on_this_day)],
        content=content,
        buttons=[passage_button(claim.fact.passage_id)],
        ephemeral=False,
    )


def thread_name(fact: Fact) -> str:
    """A discussion thread's name: the fact's opening words."""
    return fit(f"Discuss: {fact.text}", THREAD_NAME)


def passage_reply(passage: Passage) -> Reply:
    """The whole passage a fact comes from, privately."""
    return Reply(cards=[passage_card(passage, heading=f"The whole passage ({passage.id})")])


def preview_reply(next_pick: Pick, when: datetime | None, zone: ZoneInfo | None) -> Reply:
    """The next fact, for the moderator only."""
    title = "Next fact (only you can see this)"
    card = fact_card(next_pick.fact, title, next_pick.on_this_day)
    posts = when_text(when, zone) if when and zone else "with /facts now (no daily post is due)"
    card.fields.insert(0, Field("Posts", posts))
    return Reply(cards=[fit_card(card)], buttons=[passage_button(next_pick.fact.passage_id)])


def setup_reply(
    schedule: Schedule, next_post: datetime | None, channel: ChannelLabel = discord_channel
) -> Reply:
    """Confirmation of /facts setup, saying when the first post will come.

    ``channel`` names a channel as the front end can show it (Discord: a mention).
    """
    card = Card(
        title="Daily facts are set up",
        description=f"A fact from the readings {_days(schedule)} at "
        f"{schedule.local_time:%H:%M} ({schedule.timezone}), in {channel(schedule.channel_id)}. "
        "Add holidays with /facts holidays add (or import a term calendar).",
        fields=_schedule_fields(schedule, next_post, channel),
    )
    return Reply(cards=[fit_card(card)])


def status_reply(status: Status, channel: ChannelLabel = discord_channel) -> Reply:
    """The schedule, its state, the next post and how far the round has got."""
    schedule = status.schedule
    fields = _schedule_fields(schedule, status.next_post, channel)
    fields.insert(0, Field("State", _state(schedule)))
    fields.append(
        Field(
            "Rotation",
            f"Round {status.round}: {status.used_in_round} of {status.total} facts used; "
            "no fact repeats before the round ends.",
        )
    )
    fields.append(Field("Next fact", f"{status.next_pick.fact.id} ({status.next_pick.fact.theme})"))
    if status.upcoming:
        dates = "\n".join(when_text(t, schedule.zone) for t in status.upcoming)
        fields.append(Field(f"Next {len(status.upcoming)} posts", dates))
    if status.others:
        listed = ", ".join(channel(c) for c in status.others)
        fields.append(Field("Other channels", f"{listed} (name one with channel:)"))
    if status.unconfirmed:
        fields.append(
            Field("Unconfirmed", f"{status.unconfirmed} post(s) claimed but not confirmed sent.")
        )
    title = "Daily facts: paused" if schedule.paused else "Daily facts"
    return Reply(cards=[fit_card(Card(title=title, fields=fields))])


def notice_reply(title: str, text: str) -> Reply:
    """A short private confirmation (paused, resumed, skipped)."""
    return Reply(cards=[fit_card(Card(title=title, description=text))])


def skip_reply(skipped: Pick, upcoming: Pick) -> Reply:
    """What was set aside and what comes next."""
    return notice_reply(
        "Fact skipped",
        f"Set aside for this round: {skipped.fact.id}.\nNext: “{fit(upcoming.fact.text, 300)}”",
    )


def failure_reply(
    schedule: Schedule | None, reason: str, channel: ChannelLabel = discord_channel
) -> Reply:
    """What the moderator is told when a daily post could not be sent."""
    where = channel(schedule.channel_id) if schedule else "the channel"
    card = Card(
        title="Daily facts paused",
        description=f"The daily fact could not be posted in {where}: {reason}\n"
        "Fix the channel or the bot's permissions, then use /facts resume "
        "(or /facts setup to choose another channel).",
        colour=COLOURS["stalin"],
    )
    return Reply(cards=[fit_card(card)])


def when_text(instant: datetime, zone: ZoneInfo) -> str:
    """An instant as the server's local time, e.g. "Sun 08 Mar 2026, 03:00 EDT"."""
    return instant.astimezone(zone).strftime("%a %d %b %Y, %H:%M %Z")


def _days(schedule: Schedule) -> str:
    """ "every day" or "on Mon–Fri"."""
    text = days_text(schedule.weekdays)
    return text if text == "every day" else f"on {text}"


def _state(schedule: Schedule) -> str:
    """ "Running", "Paused by a moderator." or "Paused: <why the post failed>"."""
    if not schedule.paused:
        return "Running"
    reason = schedule.pause_reason or PAUSED_BY_MODERATOR
    return reason if reason == PAUSED_BY_MODERATOR else f"Paused: {reason}"


def _schedule_fields(
    schedule: Schedule, next_post: datetime | None, channel: ChannelLabel
) -> list[Field]:
    role = f"<@&{schedule.role_id}>" if schedule.role_id else "off"
    idle = "none while paused" if schedule.paused else "no school day ahead"
    nxt = when_text(next_post, schedule.zone) if next_post else idle
    return [
        Field("Channel", channel(schedule.channel_id), inline=True),
        Field("Time", f"{schedule.local_time:%H:%M} {schedule.timezone}", inline=True),
        Field("Days", days_text(schedule.weekdays), inline=True),
        Field("Next post", nxt, inline=True),
        Field("Role ping", role, inline=True),
        Field("Discussion thread", "on" if schedule.thread else "off", inline=True),
    ]
