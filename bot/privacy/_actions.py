"""/privacy as front-end-neutral replies: the notice, retention, and forget with a confirmation.

Discord (cogs/privacy.py) and the console show the same cards; the buttons
``privacy:forget:<guild>:<user>`` and ``privacy:keep:0`` work on both.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from bot.actions import Context, action, command
from bot.errors import BadInput, NotAllowed
from bot.presentation import Button, Card, Field, Reply, fit_card
from bot.privacy._erase import Erased
from bot.privacy._service import PrivacyService
from bot.store import Store

if TYPE_CHECKING:
    from bot.services import Services

USAGE = "/privacy [notice] | forget USER_ID | retention [DAYS]"
_SERVICES: WeakKeyDictionary[Store, PrivacyService] = WeakKeyDictionary()
_WHAT = {
    "debate_debates": "each debate: motion, format, times; the moderator's id and name",
    "debate_participants": "each student who joins: user id, display name, side, join time",
    "debate_speeches": "each speech: the speaker's user id and display name, its times",
    "debate_pois": "each point of information: who offered it (id, name, side), the answer",
    "debate_arguments": "arguments, counters: author id and name, claim, reasoning, passages cited",
    "debate_votes": "each vote before and after: user id, side, time",
    "debate_tips": "each passage suggested to a speaker: who (id, name), passage, note",
    "debate_drafts": "arguments held back to ask about evidence: author id, claim, reasoning",
}


def privacy_for(services: Services) -> PrivacyService:
    """The one PrivacyService of a process's store, with the settings' default retention."""
    found = _SERVICES.get(services.store)
    if found is None:
        from bot.debate import debates_for  # local: makes sure the debate tables exist

        debates_for(services)
        found = PrivacyService(services.store.sql, services.retention_days)
        _SERVICES[services.store] = found
    return found


def notice_reply(service: PrivacyService, guild_id: int | None) -> Reply:
    """What is stored about students and for how long, read from the schema as it is."""
    fields = []
    for stored in service.stored():
        what = _WHAT.get(stored.table) or (
            f"who: {', '.join(stored.people + stored.names)}; also {', '.join(stored.other)}"
        )
        fields.append(Field(stored.table, what[:1024]))
    days = service.retention(guild_id)
    keep = (
        f"Ended debates are deleted {days} days after they end, with every row above."
        if days
        else "Kept until a moderator deletes them (no retention period is set)."
    )
    fields.append(Field("How long", keep))
    fields.append(
        Field(
            "Deleting",
            "A moderator can delete one student's records in this server with "
            "/privacy forget user: (their rows are deleted; a speech slot others answered "
            "is kept without their id or name). Daily facts, /quote and /compare store "
            "nothing about students.",
        )
    )
    card = Card(
        title="What Thawbot stores about students",
        description="Everything is in the bot's one SQLite file. Nothing is sent anywhere but "
        "Discord. The bot never reads message content.",
        fields=fields[:25],
    )
    return Reply(cards=[fit_card(card)])


def forget_ask(service: PrivacyService, ctx: Context, user_id: int, shown: str) -> Reply:
    """The confirmation a moderator sees before a student's records are deleted."""
    if not ctx.actor.is_moderator:
        raise NotAllowed("Only a moderator can delete a student's records.")
    if user_id <= 0:
        raise BadInput("Give the student's Discord user id (digits only).")
    card = Card(
        title="Delete this student's records?",
        description=f"Every record of {shown} in this server (joins, speeches, arguments, "
        "evidence, points of information, votes, suggestions, drafts, ballots) is deleted "
        "or anonymized. This cannot be undone.",
    )
    buttons = [
        Button("Delete their records", f"privacy:forget:{ctx.guild_id}:{user_id}", "danger"),
        Button("Keep them", "privacy:keep:0"),
    ]
    return Reply(cards=[fit_card(card)], buttons=buttons)


def forgotten_reply(done: Erased) -> Reply:
    lines = [f"{table}: {n} deleted" for table, n in sorted(done.deleted.items())]
    lines += [f"{table}: {n} anonymized" for table, n in sorted(done.anonymized.items())]
    text = "\n".join(lines) or "Nothing was stored about them in this server."
    return Reply(cards=[fit_card(Card(title="Records deleted", description=text))], edit=True)


@action("privacy:forget")
def _forget(ctx: Context, parts: list[str]) -> Reply:
    """The Delete button: checked again (a moderator, this server), then done once."""
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        raise BadInput("This button is out of date. Run /privacy forget again.")
    guild_id, user_id = int(parts[0]), int(parts[1])
    if guild_id != ctx.guild_id:
        raise NotAllowed("This button belongs to another server.")
    done = privacy_for(ctx.services).forget(ctx.actor, user_id, guild_id)
    return forgotten_reply(done)


@action("privacy:keep")
def _keep(ctx: Context, parts: list[str]) -> Reply:
    card = Card(title="Nothing deleted", description="The student's records are kept.")
    return Reply(cards=[card], edit=True)


def retention_reply(service: PrivacyService, ctx: Context, days: int | None) -> Reply:
    """Show, or (moderators) set, how long this server keeps ended debates."""
    if days is not None:
        service.set_retention(ctx.actor, ctx.guild_id, days)
    now = service.retention(ctx.guild_id)
    text = (
        f"Ended debates are deleted {now} days after they end."
        if now
        else ("Ended debates are kept until a moderator deletes them (retention off).")
    )
    return Reply(cards=[fit_card(Card(title="Retention", description=text))])


@command("/privacy", USAGE)
def _console(ctx: Context, text: str) -> Reply:
    """The console's /privacy: the notice, forget (with the same confirmation), retention."""
    service = privacy_for(ctx.services)
    sub, _, rest = text.strip().partition(" ")
    sub = sub.lower() or "notice"
    if sub == "notice":
        return notice_reply(service, ctx.guild_id)
    if sub == "forget":
        user = rest.strip().removeprefix("<@").removeprefix("!").removesuffix(">")
        if not user.isdigit():
            raise BadInput("Give the student's Discord user id: /privacy forget 123456789012345678")
        return forget_ask(service, ctx, int(user), f"user {user}")
    if sub == "retention":
        typed = rest.strip()
        if typed and not typed.isdigit():
            raise BadInput("Give a number of days, e.g. /privacy retention 365 (0: off).")
        return retention_reply(service, ctx, int(typed) if typed else None)
    raise BadInput(f"Unknown /privacy command “{sub[:20]}”. Try: {USAGE}.")
