"""The floor's actions: arguments (confirmed first when uncited), counters and evidence.

Split from :mod:`bot.debate._actions`, which dispatches buttons and forms to these.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot import limits, marks
from bot.debate._cards import argue_form, counter_form, notice, unsent_reply
from bot.debate._cards_record import (
    argument_reply,
    confirm_uncited_reply,
    suggestions_reply,
    tips_reply,
)
from bot.debate._models import SIDE_LABELS, SIDES, Actor, Debate, Suggestion, parse_side
from bot.debate._outcome import Outcome
from bot.debate._service import DebateService
from bot.debate._transcript import md_escape
from bot.errors import ThawbotError
from bot.presentation import Button, Reply, fit_cards


def argue(
    service: DebateService,
    actor: Actor,
    debate: Debate,
    values: Mapping[str, str] | None = None,
    evidence_ids: tuple[str, ...] = (),
) -> Outcome:
    """Without values: the argument form (only for the speaker). With values: post it.

    Evidence ids are checked before the form opens, so a student never types a claim
    into a form that cannot be submitted; if a submitted form is refused all the same
    (say the speaker changed meanwhile), the typed text comes back privately.
    """
    if values is None:
        service.check_speaker(actor, debate.id)
        cited = service.check_evidence(list(evidence_ids), debate.guild_id)
        return Outcome(argue_form(debate.id, [item.passage_id for item in cited]), debate)
    cited_ids = [*evidence_ids, values.get("evidence", "")]
    claim, reasoning = values.get("claim", ""), values.get("reasoning", "")
    try:
        # ask before posting uncited
        if not service.cited_for(cited_ids, claim, reasoning, debate.guild_id):
            draft = service.save_draft(actor, debate.id, claim, reasoning)
            return Outcome(confirm_uncited_reply(debate.id, draft, claim, reasoning), debate)
        argument = service.argue(actor, debate.id, claim, reasoning, cited_ids)
    except ThawbotError as exc:
        typed = [("Claim", claim), ("Reasoning", reasoning), ("Evidence", " ".join(cited_ids))]
        return Outcome(unsent_reply(str(exc), "your argument", typed), debate)
    text = "Your argument is posted." + ("" if argument.cited else " It is marked uncited.")
    return Outcome(
        notice(text), service.get(debate.id), [argument_reply(argument, names=debate.names)]
    )


def post_uncited(service: DebateService, actor: Actor, debate: Debate, draft_id: int) -> Outcome:
    """The speaker confirmed: post the held-back argument, marked uncited (once)."""
    try:
        argument = service.post_draft(actor, debate.id, draft_id)
    except ThawbotError as exc:
        claim, reasoning = service.draft_text(actor, debate.id, draft_id)
        if not claim:
            raise
        typed = [("Claim", claim), ("Reasoning", reasoning)]
        return Outcome(unsent_reply(str(exc), "your argument", typed), debate)
    text = "Your argument is posted. It is marked uncited."
    return Outcome(
        notice(text), service.get(debate.id), [argument_reply(argument, names=debate.names)]
    )


def counter(
    service: DebateService,
    actor: Actor,
    debate: Debate,
    argument_id: int,
    values: Mapping[str, str] | None = None,
) -> Outcome:
    """Without values: the counter-passage form (only for opponents). With values: post it."""
    if values is None:
        service.check_opponent(actor, debate.id, argument_id)
        return Outcome(counter_form(debate.id, argument_id), debate)
    passage, note = values.get("passage", ""), values.get("note", "")
    try:
        answered = service.argument(debate.id, argument_id)
        made = service.counter(actor, debate.id, argument_id, passage, note)
    except ThawbotError as exc:
        typed = [("Passage id", passage), ("Why it answers the argument", note)]
        return Outcome(unsent_reply(str(exc), "your counter-passage", typed), debate)
    return Outcome(
        notice("Your counter-passage is posted."),
        service.get(debate.id),
        [argument_reply(made, answered, debate.names)],
    )


def evidence(
    service: DebateService,
    actor: Actor,
    debate: Debate | None,
    side: str | None = None,
    theme: str = "",
    guild_id: int | None = 0,
) -> Outcome:
    """The strongest passages for a side: yours unless you name one, from the readings
    the debate's server (else ``server``) sees.

    A member of a side also sees what their side suggested to its speaker, first. All the
    cards travel in one message, so together they keep within Discord's 6,000 characters.
    A moderator also gets buttons to mark how each suggested passage reads.
    """
    member = debate.participant(actor.id) if debate else None
    mine = [member.side] if member else list(SIDES)
    sides = [parse_side(side, debate.names if debate else None)] if side else mine
    names = debate.names if debate else dict(SIDE_LABELS)
    builtin = debate is None or debate.builtin
    guild_id = debate.guild_id if debate else guild_id
    cards, marking = [], []
    if debate is not None and member is not None and member.side in sides:
        cards += tips_reply(debate, member.side, service.tips(debate.id, member.side)).cards
    for shown in sides:
        found = service.suggest(shown, theme, guild_id=guild_id, debate=debate)
        cards += suggestions_reply(shown, theme, found, names, builtin).cards
        if actor.is_moderator and guild_id:
            marking += _marking(debate, found, shown)
    unique = list({button.custom_id: button for button in marking}.values())  # a passage both
    buttons = unique[: limits.ROWS * limits.BUTTONS_PER_ROW]  # sides were shown: once
    return Outcome(Reply(cards=fit_cards(cards), buttons=buttons), debate)


def _marking(debate: Debate | None, found: list[Suggestion], side: str) -> list[Button]:
    """A moderator's buttons under evidence help: mark each passage as reading otherwise.

    On the built-in motion a suggestion reads for ``side`` already, so it offers the
    other two readings; on a custom motion an unmarked passage offers all three."""
    custom = debate is not None and not debate.builtin
    scope = debate.id if custom and debate is not None else marks.BUILTIN
    names = debate.names if custom and debate is not None else None
    result = []
    for item in found:
        current = side if item.marked or not custom else None
        result += marks.buttons(item.passage.id, current, scope, names, with_id=True)
    return result


def suggest(
    service: DebateService, actor: Actor, debate: Debate, passage: str, note: str = ""
) -> Outcome:
    """A member suggests a passage to their side's speaker."""
    tip = service.suggest_to_speaker(actor, debate.id, passage, note)
    text = (
        f"You suggested {tip.passage_id} to {debate.label(tip.side)}'s speakers: they see it "
        "first under Evidence help (/debate evidence), and the transcript keeps it."
    )
    post = notice(
        f"{md_escape(tip.name)} suggests a passage to {debate.label(tip.side)}'s speaker "
        "(Evidence help shows it to that side).",
        public=True,
    )
    return Outcome(notice(text), service.get(debate.id), [post])
