"""What each /debate command and button does, as a front-end-neutral :class:`Outcome`.

An outcome is the answer to the person who acted (a private notice, a card or a form)
plus what the debate's thread must show next: new posts (an argument, the summary),
which standing messages to refresh (the lobby, the live speech's timer message), and
which vote opens or closes. The Discord cog turns that into messages, edits and polls; the
console prints it. Both call the same functions, so a button does the same thing in
both front ends.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from weakref import WeakKeyDictionary

from bot.debate._cards import (
    argue_form,
    counter_form,
    lobby_reply,
    no_slot_text,
    notice,
    speech_result,
    timer_reply,
    unsent_reply,
)
from bot.debate._cards_record import (
    argument_reply,
    results_reply,
    suggestions_reply,
    summary_reply,
    tips_reply,
    transcript_reply,
)
from bot.debate._models import (
    AFTER,
    BEFORE,
    ENDED,
    FLOOR,
    LOBBY,
    SIDE_LABELS,
    SIDES,
    SKIPPED,
    VOTING,
    Actor,
    Debate,
    parse_side,
    parse_stage,
)
from bot.debate._service import DebateService
from bot.debate._transcript import md_escape, who
from bot.errors import BadInput, ThawbotError
from bot.presentation import Form, Reply, fit_cards
from bot.store import Store

_SERVICES: WeakKeyDictionary[Store, DebateService] = WeakKeyDictionary()
POI_ANSWERS = {"offer": None, "accept": True, "decline": False}


def debates_for(services: Any) -> DebateService:
    """The one DebateService of a process's store (the cog's timer loop and commands share it)."""
    store = services.store
    found = _SERVICES.get(store)
    if found is None:
        found = _SERVICES[store] = DebateService(store, services.search)
    return found


@dataclass
class Outcome:
    """The answer to the actor, and what the debate's channel must show next."""

    reply: Reply | Form
    debate: Debate | None = None
    posts: list[Reply] = field(default_factory=list)  # new messages in the debate's thread
    refresh: set[str] = field(default_factory=set)  # 'lobby', 'timer': edit (or first send)
    opened: bool = False  # a new debate: make its lobby message and thread
    poll_open: str | None = None  # the vote that opens now ('before' or 'after')
    poll_close: str | None = None  # the vote that closes now
    summary: bool = False  # post the summary (after closing the vote, so it counts every vote)
    ended_speech: int | None = None  # a speech that just ended: its timer message is closed


def open_debate(
    service: DebateService,
    actor: Actor,
    guild_id: int,
    channel_id: int,
    motion: str | None = None,
    format_text: str | None = None,
    starts_in: int | None = None,
) -> Outcome:
    """``/debate open``: the lobby with join buttons and the vote before."""
    debate = service.open(actor, guild_id, channel_id, motion, format_text, starts_in)
    text = "Debate opened. Students join a side with the buttons; the audience votes now."
    return Outcome(notice(text), debate, opened=True, poll_open=BEFORE, refresh={"lobby"})


def join(service: DebateService, actor: Actor, debate: Debate, side: str | None) -> Outcome:
    """Join a side (or the smaller side)."""
    chosen = None if side in (None, "", "any") else parse_side(side)
    before = service.get(debate.id).participant(actor.id)
    member = service.join(actor, debate.id, chosen)
    if before is not None and before.side != member.side:
        moved = f"{SIDE_LABELS[before.side]} to {SIDE_LABELS[member.side]}"
        text = f"You moved from {moved}. The speaking order is on the lobby card."
    else:
        text = f"You are on {SIDE_LABELS[member.side]}. The speaking order is on the lobby card."
    return Outcome(notice(text), service.get(debate.id), refresh={"lobby"})


def leave(service: DebateService, actor: Actor, debate: Debate) -> Outcome:
    member = service.leave(actor, debate.id)
    text = f"You left {SIDE_LABELS[member.side]}."
    return Outcome(notice(text), service.get(debate.id), refresh={"lobby"})


def assign(
    service: DebateService, actor: Actor, debate: Debate, member: Actor, side: str
) -> Outcome:
    """A moderator puts a student on a side."""
    placed = service.assign(actor, debate.id, member, parse_side(side))
    text = f"{md_escape(placed.name)} is on {SIDE_LABELS[placed.side]}."
    return Outcome(notice(text), service.get(debate.id), refresh={"lobby"})


def control(
    service: DebateService,
    actor: Actor,
    debate: Debate,
    op: str,
    seconds: int | None = None,
    speech: int | None = None,
) -> Outcome:
    """The moderator's controls: start, balance, next, skip, pause, resume, extend, end.

    ``speech``: for next and skip pressed on a timer card, the speech (1-based) the card
    was shown for; a second press after the debate moved on changes nothing.
    """
    handlers = {
        "start": _start,
        "balance": _balance,
        "next": lambda s, a, d: _move(s, a, d, s.advance, speech),
        "skip": lambda s, a, d: _move(s, a, d, s.skip, speech, skipping=True),
        "pause": lambda s, a, d: _timed(s.pause(a, d.id), "Paused."),
        "resume": lambda s, a, d: _timed(s.resume(a, d.id), "Resumed."),
        "extend": lambda s, a, d: _timed(
            s.extend(a, d.id, seconds or 60), f"{seconds or 60} seconds added."
        ),
        "end": _end,
    }
    if op not in handlers:
        raise BadInput(f"Unknown control “{op[:20]}”.")
    return handlers[op](service, actor, debate)


def _start(service: DebateService, actor: Actor, debate: Debate) -> Outcome:
    started = service.start(actor, debate.id)
    first = started.current
    assert first is not None
    text = f"The debate has started. {_speaking(started)}"
    unslotted = no_slot_text(started, advice=False)
    if unslotted:
        text += f" {unslotted}"
    post = notice(text, public=True)
    return Outcome(notice("Started."), started, [post], {"lobby", "timer"}, poll_close=BEFORE)


def _balance(service: DebateService, actor: Actor, debate: Debate) -> Outcome:
    moved = service.balance(actor, debate.id)
    if moved:
        names = [f"{md_escape(p.name)} to {SIDE_LABELS[p.side]}" for p in moved]
        text = "Moved: " + ", ".join(names) + "."
    else:
        text = "The sides are already balanced (or only assigned students could move)."
    return Outcome(notice(text), service.get(debate.id), refresh={"lobby"})


def _move(
    service: DebateService,
    actor: Actor,
    debate: Debate,
    step: Any,
    speech: int | None,
    skipping: bool = False,
) -> Outcome:
    before = service.get(debate.id).current
    moved = step(actor, debate.id, speech=speech)
    ended = before.id if before else None
    finished = _finished(moved, ended) if skipping else ""
    if moved.status == VOTING:
        post = notice(
            f"{finished}The speeches are over. Vote again: has the debate changed your mind?",
            public=True,
        )
        return Outcome(
            notice("That was the last speech."),
            moved,
            [post],
            {"timer"},
            poll_open=AFTER,
            ended_speech=ended,
        )
    current = moved.current
    assert current is not None
    post = notice(f"{finished}{_speaking(moved)}", public=True)
    reply = notice(f"Now speaking: {md_escape(current.speaker_name)}.")
    return Outcome(reply, moved, [post], {"timer"}, ended_speech=ended)


def _speaking(debate: Debate) -> str:
    """``Now speaking: bob (Opening · Political). Up next: carol (Rebuttal · Sincere).``"""
    current, upcoming = debate.current, debate.upcoming
    assert current is not None
    after = who(upcoming) if upcoming else "the vote after the debate"
    return f"Now speaking: {who(current)}. Up next: {after}."


def _finished(debate: Debate, speech_id: int | None) -> str:
    """Who was skipped, or whose speech ended early (a skip after they had spoken)."""
    speech = next((s for s in debate.speeches if s.id == speech_id), None)
    if speech is None:
        return ""
    if speech.status == SKIPPED:
        return f"Skipped: {who(speech)}. "
    return f"Ended early: {who(speech)}, {speech_result(speech).lower()} "


def _timed(debate: Debate, text: str) -> Outcome:
    return Outcome(notice(text), debate, refresh={"timer"})


def _end(service: DebateService, actor: Actor, debate: Debate) -> Outcome:
    """End: while speeches run, first the vote after (so the swing is known), then the end."""
    fresh = service.get(debate.id)
    closing = {LOBBY: BEFORE, VOTING: AFTER}.get(fresh.status)
    live = fresh.current
    ended = service.end(actor, debate.id, vote_after=True)
    if ended.status == VOTING:
        early = f"Ended early: {who(live)}. " if live else ""
        post = notice(
            f"{early}The speeches are over. Vote again: has the debate changed your mind?",
            public=True,
        )
        text = (
            "The speeches are over and the vote after is open. "
            "End the debate again to close it and post the summary."
        )
        return Outcome(
            notice(text),
            ended,
            [post],
            {"timer"},
            poll_open=AFTER,
            ended_speech=live.id if live else None,
        )
    text = "The debate has ended. The transcript is ready: /debate transcript."
    return Outcome(
        notice(text),
        ended,
        [],
        {"lobby", "timer"},
        poll_close=closing,
        summary=True,
        ended_speech=live.id if live else None,
    )


def poi(service: DebateService, actor: Actor, debate: Debate, what: str) -> Outcome:
    """Offer, accept or decline a point of information."""
    if what not in POI_ANSWERS:
        raise BadInput("A point of information is offered, accepted or declined.")
    accept = POI_ANSWERS[what]
    if accept is None:
        point = service.offer_poi(actor, debate.id)
        speaker = md_escape(debate.current.speaker_name) if debate.current else "the speaker"
        text = (
            f"{md_escape(point.name)} ({SIDE_LABELS[point.side]}) offers a point of information "
            f"to {speaker}."
        )
    else:
        point = service.answer_poi(actor, debate.id, accept)
        text = f"{md_escape(point.name)}'s point of information was {point.status}."
    return Outcome(notice("Done."), service.get(debate.id), [notice(text, public=True)], {"timer"})


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
        cited = service.check_evidence(list(evidence_ids))
        return Outcome(argue_form(debate.id, [item.passage_id for item in cited]), debate)
    cited_ids = [*evidence_ids, values.get("evidence", "")]
    claim, reasoning = values.get("claim", ""), values.get("reasoning", "")
    try:
        argument = service.argue(actor, debate.id, claim, reasoning, cited_ids)
    except ThawbotError as exc:
        typed = [("Claim", claim), ("Reasoning", reasoning), ("Evidence", " ".join(cited_ids))]
        return Outcome(unsent_reply(str(exc), "your argument", typed), debate)
    text = "Your argument is posted." + ("" if argument.cited else " It is marked uncited.")
    return Outcome(notice(text), service.get(debate.id), [argument_reply(argument)])


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
        [argument_reply(made, answered)],
    )


def vote(
    service: DebateService, actor: Actor, debate: Debate, side: str, stage: str | None = None
) -> Outcome:
    """A vote (the stage follows from the debate's state unless given)."""
    if stage is None:
        stage = AFTER if debate.status in (VOTING, ENDED) else BEFORE
    cast = service.vote(actor, debate.id, parse_stage(stage), parse_side(side))
    text = (
        f"Your vote {cast.stage} the debate: {SIDE_LABELS[cast.side]}. "
        "You can change it until the vote closes."
    )
    poll = debate.poll_before_id if cast.stage == BEFORE else debate.poll_after_id
    if poll is not None:
        text += " It counts with the poll's votes; if you also answer the poll, that answer counts."
    return Outcome(notice(text), debate)


def evidence(
    service: DebateService,
    actor: Actor,
    debate: Debate | None,
    side: str | None = None,
    theme: str = "",
) -> Outcome:
    """The strongest passages for a side: yours unless you name one.

    A member of a side also sees what their side suggested to its speaker, first. All the
    cards travel in one message, so together they keep within Discord's 6,000 characters.
    """
    member = debate.participant(actor.id) if debate else None
    mine = [member.side] if member else list(SIDES)
    sides = [parse_side(side)] if side else mine
    cards = []
    if debate is not None and member is not None and member.side in sides:
        cards += tips_reply(debate, member.side, service.tips(debate.id, member.side)).cards
    for shown in sides:
        cards += suggestions_reply(shown, theme, service.suggest(shown, theme)).cards
    return Outcome(Reply(cards=fit_cards(cards)), debate)


def suggest(
    service: DebateService, actor: Actor, debate: Debate, passage: str, note: str = ""
) -> Outcome:
    """A member suggests a passage to their side's speaker."""
    tip = service.suggest_to_speaker(actor, debate.id, passage, note)
    text = (
        f"You suggested {tip.passage_id} to {SIDE_LABELS[tip.side]}'s speakers: they see it "
        "first under Evidence help (/debate evidence), and the transcript keeps it."
    )
    post = notice(
        f"{md_escape(tip.name)} suggests a passage to {SIDE_LABELS[tip.side]}'s speaker "
        "(Evidence help shows it to that side).",
        public=True,
    )
    return Outcome(notice(text), service.get(debate.id), [post])


def status(service: DebateService, debate: Debate, timestamps: bool = False) -> Outcome:
    """The lobby or the timer, privately, plus the vote so far (``timestamps``: Discord's)."""
    if debate.status == LOBBY:
        card = lobby_reply(debate, service.speaking_order(debate), timestamps)
    elif debate.status in FLOOR or debate.status == VOTING:
        card = timer_reply(debate, service.clock())
    else:
        card = summary_reply(debate, service.summary(debate.id))
    reply = Reply(cards=card.cards + results_reply(debate, service.results(debate.id)).cards)
    return Outcome(reply, debate)


def transcript(service: DebateService, debate: Debate) -> Outcome:
    """The Markdown transcript as a file."""
    return Outcome(transcript_reply(debate, service.transcript(debate.id)), debate)


def press(
    service: DebateService, actor: Actor, custom_id: str, values: Mapping[str, str] | None = None
) -> Outcome:
    """A button or a submitted form: ``debate:<kind>:<debate id>:...``."""
    parts = custom_id.split(":")
    if len(parts) < 3 or parts[0] != "debate" or not parts[2].isdigit():
        raise BadInput("That button is no longer available. Run the command again.")
    kind, debate, rest = parts[1], service.get(int(parts[2])), parts[3:]
    form = "form" in rest  # a submitted form: the button's id with ":form" appended
    if kind == "join":
        return join(service, actor, debate, rest[0] if rest else None)
    if kind == "leave":
        return leave(service, actor, debate)
    if kind == "ctl" and rest:
        speech = int(rest[1]) if len(rest) > 1 and rest[1].isdigit() else None
        return control(service, actor, debate, rest[0], speech=speech)
    if kind == "poi" and rest:
        return poi(service, actor, debate, rest[0])
    if kind == "argue":
        prefilled = tuple(rest[1].split("+")) if form and len(rest) > 1 else ()
        return argue(service, actor, debate, dict(values or {}) if form else None, prefilled)
    if kind == "counter" and rest and rest[0].isdigit():
        return counter(service, actor, debate, int(rest[0]), dict(values or {}) if form else None)
    if kind == "vote" and len(rest) == 2:
        return vote(service, actor, debate, rest[1], rest[0])
    if kind == "evidence":
        return evidence(service, actor, debate)
    if kind == "transcript":
        return transcript(service, debate)
    raise BadInput("That button is no longer available. Run the command again.")
