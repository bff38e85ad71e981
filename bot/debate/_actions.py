"""What each /debate command and button does, as a front-end-neutral :class:`Outcome`.

An outcome is the answer to the person who acted (a private notice, a card or a form)
plus what the debate's thread must show next: new posts (an argument, the summary),
which standing messages to refresh (the lobby, the live speech's timer message), and
which vote opens or closes. The Discord cog turns that into messages, edits and polls; the
console prints it. Both call the same functions, so a button does the same thing in
both front ends.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from bot.debate._actions_floor import argue as argue  # re-exported with the others
from bot.debate._actions_floor import counter as counter
from bot.debate._actions_floor import evidence as evidence
from bot.debate._actions_floor import post_uncited as post_uncited
from bot.debate._actions_floor import suggest as suggest
from bot.debate._cards import (
    lobby_reply,
    no_slot_text,
    notice,
    speech_result,
    timer_reply,
)
from bot.debate._cards_record import (
    results_reply,
    summary_reply,
    transcript_reply,
)
from bot.debate._models import (
    AFTER,
    BEFORE,
    ENDED,
    FLOOR,
    LOBBY,
    PREP,
    SIDE_LABELS,
    SKIPPED,
    VOTING,
    Actor,
    Debate,
    parse_side,
    parse_stage,
)
from bot.debate._outcome import Outcome
from bot.debate._service import DebateService
from bot.debate._transcript import md_escape, who
from bot.errors import BadInput
from bot.presentation import Reply
from bot.store import Store

if TYPE_CHECKING:
    from bot.services import Services

_SERVICES: WeakKeyDictionary[Store, DebateService] = WeakKeyDictionary()
POI_ANSWERS = {"offer": None, "accept": True, "decline": False}


def debates_for(services: Services) -> DebateService:
    """The one DebateService of a process's store (the cog's timer loop and commands share it)."""
    store = services.store
    found = _SERVICES.get(store)
    if found is None:
        found = _SERVICES[store] = DebateService(store, services.search)
    return found


def open_debate(
    service: DebateService,
    actor: Actor,
    guild_id: int,
    channel_id: int,
    motion: str | None = None,
    format_text: str | None = None,
    starts_in: int | None = None,
    sides: str | None = None,
) -> Outcome:
    """``/debate open``: the lobby with join buttons and the vote before."""
    debate = service.open(actor, guild_id, channel_id, motion, format_text, starts_in, sides=sides)
    text = "Debate opened. Students join a side with the buttons; the audience votes now."
    return Outcome(notice(text), debate, opened=True, poll_open=BEFORE, refresh={"lobby"})


def side_choices(service: DebateService, channel_id: int, typed: str = "") -> list[tuple[str, str]]:
    """Autocomplete (name, key) for the sides of the channel's open debate, by the names
    its motion gives them (the built-in motion's when no debate is open here)."""
    found = service.repo.open_in(channel_id)
    names = service.get(found).names if found is not None else dict(SIDE_LABELS)
    typed = (typed or "").strip().casefold()
    return [(name, key) for key, name in names.items() if typed in name.casefold()]


def join(service: DebateService, actor: Actor, debate: Debate, side: str | None) -> Outcome:
    """Join a side (or the smaller side)."""
    chosen = None if side in (None, "", "any") else parse_side(side, debate.names)
    before = service.get(debate.id).participant(actor.id)
    member = service.join(actor, debate.id, chosen)
    if before is not None and before.side != member.side:
        moved = f"{debate.label(before.side)} to {debate.label(member.side)}"
        text = f"You moved from {moved}. The speaking order is on the lobby card."
    else:
        text = f"You are on {debate.label(member.side)}. The speaking order is on the lobby card."
    return Outcome(notice(text), service.get(debate.id), refresh={"lobby"})


def leave(service: DebateService, actor: Actor, debate: Debate) -> Outcome:
    member = service.leave(actor, debate.id)
    text = f"You left {debate.label(member.side)}."
    return Outcome(notice(text), service.get(debate.id), refresh={"lobby"})


def assign(
    service: DebateService, actor: Actor, debate: Debate, member: Actor, side: str
) -> Outcome:
    """A moderator puts a student on a side."""
    placed = service.assign(actor, debate.id, member, parse_side(side, debate.names))
    text = f"{md_escape(placed.name)} is on {debate.label(placed.side)}."
    return Outcome(notice(text), service.get(debate.id), refresh={"lobby"})


def control(
    service: DebateService,
    actor: Actor,
    debate: Debate,
    op: str,
    seconds: int | None = None,
    speech: int | None = None,
    prep: int | None = None,
) -> Outcome:
    """The moderator's controls: start, balance, next, skip, pause, resume, extend, end.

    ``speech``: for next and skip pressed on a timer card, the speech (1-based) the card
    was shown for (0: the preparation card); a second press after the debate moved on
    changes nothing. ``prep``: start with that many minutes of preparation.
    """
    handlers = {
        "start": lambda s, a, d: _start(s, a, d, prep),
        "balance": _balance,
        "next": lambda s, a, d: _move(s, a, d, s.advance, speech),
        "skip": lambda s, a, d: _move(s, a, d, s.skip, speech, skipping=True),
        "pause": lambda s, a, d: _timed(s.pause(a, d.id), "Paused."),
        "resume": lambda s, a, d: _timed(s.resume(a, d.id), "Resumed."),
        "extend": lambda s, a, d: _timed(
            s.extend(a, d.id, seconds or 60), f"{seconds or 60} seconds added."
        ),
        "end": lambda s, a, d: _end(s, a, d, speech),
    }
    if op not in handlers:
        raise BadInput(f"Unknown control “{op[:20]}”.")
    return handlers[op](service, actor, debate)


def _start(service: DebateService, actor: Actor, debate: Debate, prep: int | None) -> Outcome:
    started = service.start(actor, debate.id, prep_minutes=prep)
    if started.status == PREP:
        return _preparing(started)
    first = started.current
    assert first is not None
    text = f"The debate has started. {_speaking(started)}"
    unslotted = no_slot_text(started, advice=False)
    if unslotted:
        text += f" {unslotted}"
    post = notice(text, public=True)
    return Outcome(notice("Started."), started, [post], {"lobby", "timer"}, poll_close=BEFORE)


def _preparing(started: Debate) -> Outcome:
    """Started with preparation: both sides are told, and offered their evidence."""
    first = started.upcoming
    assert first is not None
    minutes = started.prep_seconds // 60
    text = (
        f"The debate has started: {minutes} minute{'s' if minutes != 1 else ''} of preparation, "
        f"then {who(first, started.names)}. Both sides: press Evidence help on the "
        "preparation card for your side's strongest passages."
    )
    unslotted = no_slot_text(started, advice=False)
    if unslotted:
        text += f" {unslotted}"
    post = notice(text, public=True)
    reply = notice("Started: preparation time.")
    return Outcome(reply, started, [post], {"lobby", "timer"}, poll_close=BEFORE)


def _balance(service: DebateService, actor: Actor, debate: Debate) -> Outcome:
    moved = service.balance(actor, debate.id)
    if moved:
        names = [f"{md_escape(p.name)} to {debate.label(p.side)}" for p in moved]
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
    fresh = service.get(debate.id)
    before = fresh.current
    moved = step(actor, debate.id, speech=speech)
    ended = before.id if before else None
    finished = _finished(moved, ended) if skipping else ""
    if fresh.status == PREP:
        finished = "Preparation is over. "
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
    after = who(upcoming, debate.names) if upcoming else "the vote after the debate"
    return f"Now speaking: {who(current, debate.names)}. Up next: {after}."


def _finished(debate: Debate, speech_id: int | None) -> str:
    """Who was skipped, or whose speech ended early (a skip after they had spoken)."""
    speech = next((s for s in debate.speeches if s.id == speech_id), None)
    if speech is None:
        return ""
    if speech.status == SKIPPED:
        return f"Skipped: {who(speech, debate.names)}. "
    return f"Ended early: {who(speech, debate.names)}, {speech_result(speech).lower()} "


def _timed(debate: Debate, text: str) -> Outcome:
    return Outcome(notice(text), debate, refresh={"timer"})


def _end(service: DebateService, actor: Actor, debate: Debate, speech: int | None) -> Outcome:
    """End: while speeches run, first the vote after (so the swing is known), then the end.

    ``speech``: pressed on a timer card, a double press must not also skip the vote after.
    """
    fresh = service.get(debate.id)
    closing = {LOBBY: BEFORE, VOTING: AFTER}.get(fresh.status)
    live = fresh.current
    ended = service.end(actor, debate.id, vote_after=True, speech=speech)
    if ended.status == VOTING:
        early = f"Ended early: {who(live, fresh.names)}. " if live else ""
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
            f"{md_escape(point.name)} ({debate.label(point.side)}) offers a point of information "
            f"to {speaker}."
        )
    else:
        point = service.answer_poi(actor, debate.id, accept)
        text = f"{md_escape(point.name)}'s point of information was {point.status}."
    return Outcome(notice("Done."), service.get(debate.id), [notice(text, public=True)], {"timer"})


def vote(
    service: DebateService, actor: Actor, debate: Debate, side: str, stage: str | None = None
) -> Outcome:
    """A vote (the stage follows from the debate's state unless given)."""
    if stage is None:
        stage = AFTER if debate.status in (VOTING, ENDED) else BEFORE
    cast = service.vote(actor, debate.id, parse_stage(stage), parse_side(side, debate.names))
    text = (
        f"Your vote {cast.stage} the debate: {debate.label(cast.side)}. "
        "You can change it until the vote closes."
    )
    poll = debate.poll_before_id if cast.stage == BEFORE else debate.poll_after_id
    if poll is not None:
        text += " It counts with the poll's votes; if you also answer the poll, that answer counts."
    return Outcome(notice(text), debate)


def status(service: DebateService, debate: Debate, timestamps: bool = False) -> Outcome:
    """The lobby or the timer, privately, plus the vote so far (``timestamps``: Discord's)."""
    if debate.status == LOBBY:
        card = lobby_reply(debate, service.speaking_order(debate), timestamps)
    elif debate.status in (*FLOOR, PREP, VOTING):
        card = timer_reply(debate, service.clock())
    else:
        card = summary_reply(debate, service.summary(debate.id))
    reply = Reply(cards=card.cards + results_reply(debate, service.results(debate.id)).cards)
    return Outcome(reply, debate)


def transcript(service: DebateService, debate: Debate) -> Outcome:
    """The Markdown transcript as a file."""
    return Outcome(transcript_reply(debate, service.transcript(debate.id)), debate)
