"""Cards, buttons and forms for the live debate: the lobby, the timer and the forms.

Every custom_id is stable, prefixed ``debate:`` and at most 100 characters:
``debate:join:<id>:<side|any>``, ``debate:leave:<id>``, ``debate:ctl:<id>:<op>``
(next and skip: ``debate:ctl:<id>:<op>:<speech number>``),
``debate:poi:<id>:<offer|accept|decline>``, ``debate:argue:<id>``,
``debate:counter:<id>:<argument_id>``, ``debate:vote:<id>:<stage>:<side>``,
``debate:evidence:<id>``, ``debate:transcript:<id>``, ``debate:uncited:<id>:<draft>``.
Forms submit to the same id with ``:form`` appended (plus cited ids for a prefilled
argument).
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot import limits
from bot.corpus.ids import is_passage_id
from bot.debate._models import (
    AFTER,
    BEFORE,
    ENDED,
    LOBBY,
    NOT_HELD,
    PAUSED,
    POLITICAL,
    PREP,
    RUNNING,
    SIDE_LABELS,
    SIDES,
    SINCERE,
    SKIPPED,
    VOTING,
    Debate,
    Speech,
    Tally,
)
from bot.debate._roster import PlannedSpeech, without_slot
from bot.debate._timer import clock_text, duration_text, elapsed, is_protected, remaining
from bot.debate._transcript import md_escape, who
from bot.errors import BadInput
from bot.presentation import Button, Card, Field, Form, Input, Reply, fit, fit_card

SIDE_COLOURS = {"sincere": 0x2E7D32, "political": 0x6A1B9A}
INFO = 0x4B5563
CONTROL_OPS = ("start", "balance", "next", "skip", "pause", "resume", "extend", "end")
EXTEND_SECONDS = 60
LOBBY_STATE = {
    LOBBY: "{first} defends the motion; {second} opposes it. Join a side, or press "
    "“Either side” to be put where you are needed.",
    RUNNING: "The debate is under way: follow it in the thread.",
    PREP: "The speakers are preparing: follow it in the thread.",
    PAUSED: "The debate is under way: follow it in the thread.",
    VOTING: "The speeches are over: vote in the thread.",
    ENDED: "The debate has ended. The transcript has every speech and citation.",
}
POLL_ANSWERS = {  # the built-in motion's answers; a custom motion's are its side names
    "sincere": "Sincere: a real break with Stalinism",
    "political": "Political: a manoeuvre for power",
}


def poll_answer(debate: Debate, side: str) -> str:
    """A native poll's answer for a side: the built-in motion says what each side means."""
    if debate.builtin and debate.names == SIDE_LABELS:
        return POLL_ANSWERS[side]
    return fit(debate.label(side), limits.POLL_ANSWER)


def custom_id(kind: str, debate_id: int, *parts: object) -> str:
    """``debate:<kind>:<id>[:part...]``, checked against Discord's 100-character limit."""
    text = ":".join(["debate", kind, str(debate_id), *(str(p) for p in parts)])
    if len(text) > limits.CUSTOM_ID:
        raise ValueError(f"custom_id too long: {text!r}")
    return text


def thread_name(debate: Debate) -> str:
    """The debate thread's name (Discord allows 100 characters)."""
    return fit(f"Debate: {debate.motion}", 100)


def poll_question(debate: Debate, stage: str) -> str:
    """The native poll's question for the vote before or after."""
    when = "Before the debate" if stage == BEFORE else "After the debate"
    first, second = debate.names[SINCERE], debate.names[POLITICAL]
    return fit(f"{when}: {debate.motion}. {first} or {second}?", limits.POLL_QUESTION)


def lobby_reply(debate: Debate, order: list[PlannedSpeech], timestamps: bool = False) -> Reply:
    """The roster with join buttons, the speaking order so far and the moderator's controls.

    ``timestamps``: Discord shows a planned start in each reader's own time zone; the
    console and the transcript show UTC and say so.
    """
    fields = [
        Field(
            f"{debate.label(side)} ({len(debate.side(side))})",
            "\n".join(f"• {md_escape(p.name)}" for p in debate.side(side)) or "nobody yet",
            inline=True,
        )
        for side in SIDES
    ]
    ready = all(debate.side(side) for side in SIDES)
    fields.append(Field("Speaking order", _order_text(order if ready else [], debate.names)))
    unslotted = no_slot_text(debate)
    if unslotted and debate.status == LOBBY:
        fields.append(Field("No speech yet", unslotted))
    if debate.scheduled_for:
        when = f"{when_text(debate.scheduled_for, timestamps)}; the moderator presses Start"
        fields.append(Field("Starts", when))
    card = Card(
        title=f"Debate: {md_escape(debate.motion)}",
        description=f"{_lobby_state(debate)}\n\nFormat: {debate.format.describe()}",
        fields=fields,
        footer=f"Debate {debate.id} · moderator {debate.moderator_name}",
        colour=INFO,
    )
    if debate.status != LOBBY:  # sides are closed: only what still makes sense
        done = [Button("Transcript", custom_id("transcript", debate.id), "primary")]
        return Reply(cards=[fit_card(card)], buttons=done, ephemeral=False)
    buttons = [
        Button(f"Join {debate.label(SINCERE)}", custom_id("join", debate.id, SINCERE), "success"),
        Button(
            f"Join {debate.label(POLITICAL)}", custom_id("join", debate.id, POLITICAL), "primary"
        ),
        Button("Either side", custom_id("join", debate.id, "any")),
        Button("Leave", custom_id("leave", debate.id)),
        Button("Evidence help", custom_id("evidence", debate.id)),
        Button("Balance sides", custom_id("ctl", debate.id, "balance")),
        Button("Start", custom_id("ctl", debate.id, "start"), "success"),
        Button("End", custom_id("ctl", debate.id, "end"), "danger"),
    ]
    return Reply(cards=[fit_card(card)], buttons=buttons, ephemeral=False)


def _lobby_state(debate: Debate) -> str:
    first, second = debate.names[SINCERE], debate.names[POLITICAL]
    return LOBBY_STATE[debate.status].replace("{first}", first).replace("{second}", second)


def when_text(instant: datetime, timestamps: bool) -> str:
    """``<t:…:t> (<t:…:R>)`` for Discord (local time and "in 10 minutes"), else ``09:10 UTC``."""
    if timestamps:
        unix = int(instant.timestamp())
        return f"<t:{unix}:t> (<t:{unix}:R>)"
    return f"{instant.astimezone(UTC):%H:%M} UTC"


def timer_reply(debate: Debate, now: datetime) -> Reply:
    """The live speech's timer message (each speech has its own, edited as it runs)."""
    if debate.status == PREP:
        from bot.debate._cards_prep import prep_reply  # it builds on this module's helpers

        return prep_reply(debate, now)
    speech = debate.current
    if speech is None:
        return _between_reply(debate)
    timer = speech.timer
    assert timer is not None
    upcoming = debate.upcoming
    card = Card(
        title=f"{speech.round_name}: {_speaker(debate, speech)}",
        description=clock_line(speech, now),
        fields=[
            Field("Points of information", poi_text(debate, speech, now)),
            Field(
                "Up next", who(upcoming, debate.names) if upcoming else "The vote after the debate"
            ),
        ],
        footer=(
            f"Debate {debate.id} · speech {speech.position + 1} of {len(debate.speeches)} · "
            "warnings at 1:00, 0:30 and time"
        ),
        colour=SIDE_COLOURS[speech.side],
    )
    pending = debate.pending_poi is not None
    paused = debate.status == PAUSED
    number = speech.position + 1  # next and skip act on this speech only (a double press)
    toggle = "resume" if paused else "pause"
    buttons = [
        Button("Offer POI", custom_id("poi", debate.id, "offer"), disabled=not speech.pois_allowed),
        Button("Accept POI", custom_id("poi", debate.id, "accept"), "success", not pending),
        Button("Decline POI", custom_id("poi", debate.id, "decline"), "danger", not pending),
        Button("Submit argument", custom_id("argue", debate.id), "primary"),
        Button("Evidence help", custom_id("evidence", debate.id)),
        Button("Resume" if paused else "Pause", custom_id("ctl", debate.id, toggle)),
        Button("+1 min", custom_id("ctl", debate.id, "extend")),
        Button("Next speaker", custom_id("ctl", debate.id, "next", number), "primary"),
        Button("Skip speaker", custom_id("ctl", debate.id, "skip", number)),
        Button("End debate", custom_id("ctl", debate.id, "end", number), "danger"),
    ]
    return Reply(cards=[fit_card(card)], buttons=buttons, ephemeral=False)


def speech_over_reply(debate: Debate, speech: Speech) -> Reply:
    """A finished speech's timer message: how it went, and no controls (the next has them)."""
    card = Card(
        title=f"{speech.round_name}: {_speaker(debate, speech)}",
        description=speech_result(speech),
        footer=f"Debate {debate.id} · speech {speech.position + 1} of {len(debate.speeches)}",
        colour=SIDE_COLOURS[speech.side],
    )
    return Reply(cards=[fit_card(card)], ephemeral=False)


def _speaker(debate: Debate, speech: Speech) -> str:
    """``alice (For)``: the speaker's name escaped, and their side's name."""
    return f"{md_escape(speech.speaker_name)} ({debate.label(speech.side)})"


def speech_result(speech: Speech) -> str:
    """``Spoke 2:05 of 2:00.``, ``Skipped.`` or ``Not held.``."""
    timer = speech.timer
    if timer is None or speech.status == NOT_HELD:
        return "Not held."
    if speech.status == SKIPPED:
        return "Skipped."
    spoken = elapsed(timer, speech.ended_at or timer.started_at)
    return f"Spoke {duration_text(spoken)} of {clock_text(timer.total)}."


def clock_line(speech: Speech, now: datetime) -> str:
    """``**2:41** left of 4:00``, ``Paused at 2:41`` or ``Time! +0:05 over``."""
    timer = speech.timer
    assert timer is not None
    left = remaining(timer, now)
    if timer.paused:
        return f"⏸ Paused with **{clock_text(left)}** left."
    if left <= 0:
        return f"⏰ **Time!** {clock_text(left)}"
    return f"**{clock_text(left)}** left of {clock_text(timer.total)}"


def poi_text(debate: Debate, speech: Speech, now: datetime) -> str:
    """Whether a point of information can be offered now, and any waiting for an answer."""
    poi = debate.pending_poi
    if poi is not None:
        return (
            f"{md_escape(poi.name)} ({debate.label(poi.side)}) offers a point: "
            f"{md_escape(speech.speaker_name)}, accept or decline."
        )
    if not speech.pois_allowed:
        return f"Not taken in the {speech.round_name}."
    if debate.status == PAUSED:
        return "Paused."
    assert speech.timer is not None
    if is_protected(speech.timer, now):
        return "Protected time: not now (first and last 30 seconds)."
    return "Open: the other side may offer one."


def _between_reply(debate: Debate) -> Reply:
    if debate.status == VOTING:
        card = Card(
            title="The speeches are over",
            description="Vote again: has the debate changed your mind?",
            footer=f"Debate {debate.id}",
            colour=INFO,
        )
        buttons = [*vote_buttons(debate, AFTER), _end_button(debate.id)]
        return Reply(cards=[card], buttons=buttons, ephemeral=False)
    text = "The debate has not started yet." if debate.status == LOBBY else "The debate has ended."
    card = Card(title="Debate timer", description=text, footer=f"Debate {debate.id}", colour=INFO)
    return Reply(cards=[card], ephemeral=False)


def vote_reply(debate: Debate, stage: str, tally: Tally) -> Reply:
    """Fallback vote buttons when native polls are unavailable: one changeable vote each."""
    when = "before" if stage == BEFORE else "after"
    card = Card(
        title=f"Vote {when} the debate",
        description=(
            f"**{md_escape(debate.motion)}**\n\n"
            "One vote each; you can change it until the vote closes."
        ),
        footer=f"Debate {debate.id} · {tally.total} vote{'s' if tally.total != 1 else ''} so far",
        colour=INFO,
    )
    return Reply(cards=[fit_card(card)], buttons=vote_buttons(debate, stage), ephemeral=False)


def vote_buttons(debate: Debate, stage: str) -> list[Button]:
    """ "Vote Sincere" / "Vote Political": shown beside join buttons, they must say "vote"."""
    return [
        Button(f"Vote {debate.label(side)}", custom_id("vote", debate.id, stage, side), style)
        for side, style in zip(SIDES, ("success", "primary"), strict=True)
    ]


def _end_button(debate_id: int) -> Button:
    return Button("End debate", custom_id("ctl", debate_id, "end"), "danger")


def no_slot_text(debate: Debate, advice: bool = True) -> str | None:
    """Who gets no speech in this format (and, in the lobby, what the moderator can do)."""
    left_out = without_slot(debate.format, debate.participants)
    if not left_out:
        return None
    names = [f"{md_escape(p.name)} ({debate.label(p.side)})" for p in left_out]
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    verb = "has" if len(names) == 1 else "have"
    rounds = len(debate.format.rounds)
    text = f"{listed} {verb} no speech: each side speaks once in each of the {rounds} rounds."
    if advice:
        text += (
            " Balance the sides, or open the debate with a format that has more rounds "
            "(e.g. opening 3, rebuttal 2, rebuttal 2, closing 2)."
        )
    return fit(text, limits.FIELD_VALUE)


def _order_text(order: list[PlannedSpeech], names: dict[str, str]) -> str:
    if not order:
        return "Appears when both sides have speakers."
    lines = [
        f"{slot.position + 1}. {slot.round_name} · {names[slot.side]} · "
        f"{md_escape(slot.speaker_name)}"
        for slot in order
    ]
    return fit("\n".join(lines), limits.FIELD_VALUE)


def argue_form(debate_id: int, evidence_ids: list[str] | tuple[str, ...] = ()) -> Form:
    """The argument modal: claim, reasoning, evidence ids (some may come prefilled).

    Prefilled ids travel in the form's custom_id, so only checked passage ids (letters,
    digits and hyphens) are accepted, and only as many as fit Discord's 100 characters.
    """
    bad = [i for i in evidence_ids if not is_passage_id(i) or i != i.strip().lower()]
    if bad:
        raise BadInput(f"“{fit(bad[0], 40)}” is not a passage id (e.g. listenit-010).")
    suffix = ["+".join(evidence_ids)] if evidence_ids else []
    form_id = ":".join(["debate", "argue", str(debate_id), "form", *suffix])
    if len(form_id) > limits.CUSTOM_ID:
        raise BadInput("Those passage ids are too long to carry: type them in the form instead.")
    chosen = f" (already citing {', '.join(evidence_ids)})" if evidence_ids else ""
    return Form(
        title="Your argument",
        custom_id=custom_id("argue", debate_id, "form", *suffix),  # checked above
        inputs=[
            Input("Claim", "claim", "De-Stalinization was …", max_length=200),
            Input(
                "Reasoning",
                "reasoning",
                "Why the evidence supports the claim",
                long=True,
                required=False,
                max_length=1000,
            ),
            Input(
                fit(f"Evidence: passage ids{chosen}", limits.MODAL_LABEL),
                "evidence",
                "e.g. listenit-010, mycustomessay-004",
                required=False,
                max_length=100,
            ),
        ],
    )


def counter_form(debate_id: int, argument_id: int) -> Form:
    """The counter-passage modal: one passage id and an optional note."""
    return Form(
        title="Counter-passage",
        custom_id=custom_id("counter", debate_id, argument_id, "form"),
        inputs=[
            Input("Passage id", "passage", "e.g. mycustomessay-013", max_length=40),
            Input(
                "Why it answers the argument", "note", "", long=True, required=False, max_length=300
            ),
        ],
    )


def unsent_reply(error: str, what: str, typed: list[tuple[str, str]]) -> Reply:
    """A refused form's text, given back privately so nothing the student typed is lost."""
    fields = [Field(label, copyable(text)) for label, text in typed if text.strip()]
    card = Card(
        title=f"Not posted: {what}",
        description=f"{error}\n\nNothing was posted. Here is what you wrote, to copy back in.",
        fields=fields,
        colour=INFO,
    )
    return Reply(cards=[fit_card(card)])


def copyable(text: str) -> str:
    """Text in a code block, exactly as typed (a fence inside it is broken up)."""
    body = text.strip().replace("```", "`\u200b``")
    return f"```\n{fit(body, limits.FIELD_VALUE - 8)}\n```"


def notice(text: str, public: bool = False) -> Reply:
    """A short confirmation (private unless ``public``)."""
    return Reply(content=text, ephemeral=not public)
