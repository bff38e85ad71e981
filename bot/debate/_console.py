"""/debate in the console, and the debate buttons for every front end's action registry.

The console has no thread or timer loop, so an outcome is printed as one answer: the
notice, the new posts, the refreshed lobby or timer card with its buttons (numbered),
and then any timer warnings that fell due (after refused lines too). A script of lines
such as ``as alice: /debate join sincere`` replays a whole debate; ``/debate wait 90``
lets time pass on the console's clock (:class:`ConsoleClock`), so a script shows points
of information and the 1:00, 0:30 and time warnings. A piped script cannot answer a
form's prompts, so there a form is refused with the one-line command to use instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta

from bot.actions import Context, action, command
from bot.console import console_actor
from bot.debate import _actions as act
from bot.debate._cards import lobby_reply, notice, timer_reply, vote_reply
from bot.debate._cards_record import results_reply, summary_reply
from bot.debate._export import export
from bot.debate._help import help_reply
from bot.debate._models import FLOOR, LOBBY, VOTING, Actor, Clock, parse_side
from bot.debate._service import DebateService
from bot.errors import BadInput, ThawbotError
from bot.presentation import Form, Reply

USAGE = (
    "/debate open [motion] | [format] | [start in minutes] · join [side] · leave · "
    "assign NAME SIDE · balance · start · next · skip · pause · resume · extend [seconds] · "
    "end · poi offer|accept|decline · argue [CLAIM | REASONING | IDS] · "
    "counter ARGUMENT PASSAGE [note] · suggest PASSAGE [note] · vote SIDE · "
    "evidence [SIDE] [theme] · status · "
    "transcript · export [csv|xlsx] [debate number] · help · "
    "wait SECONDS (90, 90s, 1:30 or 2m: time passes on the console's clock)"
)
MAX_WAIT = 3600
_START = re.compile(r"^(\d{1,4})\s*(?:m|mins?|minutes?)?$", re.IGNORECASE)
_WAIT = re.compile(
    r"^(?:(?P<m>\d+):(?P<s>[0-5]\d)|(?P<secs>\d+)\s*(?:s|secs?|seconds?)?"
    r"|(?P<mins>\d+)\s*(?:m|mins?|minutes?))$",
    re.IGNORECASE,
)


class ConsoleClock:
    """The console's clock: a base clock plus the time ``/debate wait`` let pass.

    Typed at a terminal the base is the wall clock; a piped script starts from a fixed
    instant, so a replay gives the same timings every time and only waits move it.
    """

    def __init__(self, base: Clock) -> None:
        self.base = base
        self.offset = timedelta()

    def __call__(self) -> datetime:
        return self.base() + self.offset

    def advance(self, seconds: int) -> None:
        self.offset += timedelta(seconds=seconds)


def console_service(ctx: Context) -> DebateService:
    """The process's debate service, on a :class:`ConsoleClock` (installed on first use)."""
    service = act.debates_for(ctx.services)
    if not isinstance(service.clock, ConsoleClock):
        base = service.clock
        if not getattr(ctx, "interactive", True):  # a script: time stands still between waits
            start = base()
            base = lambda: start  # noqa: E731
        service.clock = ConsoleClock(base)
    return service


def duration(text: str) -> int | None:
    """``90``, ``90s``, ``1:30`` or ``2m`` as seconds (a bare number is seconds); else None."""
    match = _WAIT.match(text.strip())
    if match is None:
        return None
    if match.group("m"):
        return int(match.group("m")) * 60 + int(match.group("s"))
    return int(match.group("secs") or 0) or int(match.group("mins") or 0) * 60


def wait_seconds(text: str) -> int:
    """How long ``/debate wait`` lets pass; BadInput for anything else."""
    seconds = duration(text)
    if not seconds or seconds > MAX_WAIT:
        raise BadInput(
            "Wait how long? E.g. /debate wait 90 (seconds), 90s, 1:30 or 2m; at most 60 minutes."
        )
    return seconds


def start_minutes(text: str) -> int | None:
    """The start of ``/debate open | motion | format | START``: ``10``, ``10m`` or nothing."""
    if not text:
        return None
    match = _START.match(text.strip())
    if match is None:
        raise BadInput("Give the start in minutes from now, e.g. 10 or 10m.")
    return int(match.group(1))


CONTROLS = {"start", "balance", "next", "skip", "pause", "resume", "end"}
KINDS = (
    "join",
    "leave",
    "ctl",
    "poi",
    "argue",
    "counter",
    "vote",
    "evidence",
    "transcript",
    "uncited",
)


def run_text(service: DebateService, ctx: Context, text: str) -> act.Outcome:
    """Run ``/debate <sub> ...`` typed in the console."""
    sub, _, rest = text.strip().partition(" ")
    sub, rest = sub.lower() or "status", rest.strip()
    actor = ctx.actor
    if sub == "open":
        motion, fmt, start = ([*(p.strip() for p in rest.split("|")), "", "", ""])[:3]
        minutes = start_minutes(start)
        return act.open_debate(
            service, actor, ctx.guild_id, ctx.channel_id, motion or None, fmt or None, minutes
        )
    if sub == "transcript":
        return act.transcript(service, service.latest_in(ctx.channel_id))
    if sub == "export":
        return _export(service, ctx, rest)
    if sub == "wait":
        return _wait(service, ctx.channel_id, rest)
    if sub == "help":
        return act.Outcome(help_reply(), _current_or_none(service, ctx.channel_id))
    if sub == "evidence":
        side, _, theme = rest.partition(" ")
        debate = _current_or_none(service, ctx.channel_id)
        try:
            parse_side(side)
        except BadInput:  # no side named: it is all theme
            side, theme = "", rest
        return act.evidence(service, actor, debate, side or None, theme, ctx.guild_id or None)
    debate = service.current_in(ctx.channel_id)
    return _on_debate(service, actor, debate, sub, rest)


def _on_debate(service: DebateService, actor: Actor, debate, sub: str, rest: str) -> act.Outcome:
    words = rest.split()
    if sub == "status":
        return act.status(service, debate)
    if sub == "join":
        return act.join(service, actor, debate, words[0] if words else None)
    if sub == "leave":
        return act.leave(service, actor, debate)
    if sub == "assign" and len(words) == 2:
        return act.assign(service, actor, debate, console_actor(words[0]), words[1])
    if sub in CONTROLS:
        return act.control(service, actor, debate, sub)
    if sub == "extend":
        seconds = duration(words[0]) if words else 60
        if not seconds or len(words) > 1:
            raise BadInput("Give the extra time in seconds, e.g. /debate extend 30 (or 1:30, 2m).")
        return act.control(service, actor, debate, "extend", seconds)
    if sub == "poi" and words:
        return act.poi(service, actor, debate, words[0].lower())
    if sub == "argue":
        if not rest:
            return act.argue(service, actor, debate)
        claim, reasoning, ids = ([*(p.strip() for p in rest.split("|")), "", ""])[:3]
        values = {"claim": claim, "reasoning": reasoning, "evidence": ids}
        return act.argue(service, actor, debate, values)
    if sub == "counter" and len(words) >= 2 and words[0].isdigit():
        values = {"passage": words[1], "note": " ".join(words[2:])}
        return act.counter(service, actor, debate, int(words[0]), values)
    if sub == "suggest" and words:
        return act.suggest(service, actor, debate, words[0], " ".join(words[1:]))
    if sub == "vote" and words:
        return act.vote(service, actor, debate, words[0], words[1] if len(words) > 1 else None)
    raise BadInput(f"Unknown or incomplete /debate command. Try: {USAGE}.")


def _export(service: DebateService, ctx: Context, rest: str) -> act.Outcome:
    words = rest.lower().split()
    fmt = next((w for w in words if not w.isdigit()), "csv")
    number = next((int(w) for w in words if w.isdigit()), None)
    return export(service, ctx.actor, ctx.guild_id, fmt, number)


def _wait(service: DebateService, channel_id: int, rest: str) -> act.Outcome:
    seconds = wait_seconds(rest)
    clock = service.clock
    assert isinstance(clock, ConsoleClock)
    clock.advance(seconds)
    minutes, secs = divmod(seconds, 60)
    text = f"{minutes}:{secs:02d} passes on the console clock (now {clock():%H:%M:%S} UTC)."
    debate = _current_or_none(service, channel_id)
    return act.Outcome(notice(text), debate, refresh={"timer"} if debate else set())


def _current_or_none(service: DebateService, channel_id: int):
    found = service.repo.open_in(channel_id)
    return service.get(found) if found is not None else None


def console_reply(service: DebateService, outcome: act.Outcome) -> Reply | Form:
    """One printable answer: notice, posts, the refreshed card and due timer warnings."""
    if isinstance(outcome.reply, Form):
        return outcome.reply
    reply, debate = outcome.reply, outcome.debate
    lines = [text for text in [reply.content, *(p.content for p in outcome.posts)] if text]
    lines += due_lines(service)
    if reply.file and reply.file[0].endswith(".md"):
        lines.append(reply.file[1].decode("utf-8"))  # the console shows the transcript itself
    cards, buttons = list(reply.cards), list(reply.buttons)
    if debate is not None:
        standing = _standing(service, debate.id, outcome)
        if standing is not None:
            cards, buttons = cards + standing.cards, buttons + standing.buttons
        if outcome.poll_close:
            cards += results_reply(debate, service.results(debate.id)).cards
        if outcome.summary:
            summary = summary_reply(debate, service.summary(debate.id))
            cards, buttons = cards + summary.cards, buttons + summary.buttons
    for post in outcome.posts:
        cards, buttons = cards + post.cards, buttons + post.buttons
    return Reply(
        cards=cards[:10],
        content="\n\n".join(lines) or None,
        buttons=buttons[:25],
        file=reply.file,
        public=bool(outcome.posts) or outcome.summary,
    )


def _standing(service: DebateService, debate_id: int, outcome: act.Outcome) -> Reply | None:
    """The lobby or timer card (with the vote buttons when a vote opens), if it changed."""
    debate = service.get(debate_id)
    now = service.clock()
    if debate.status == LOBBY and (outcome.opened or "lobby" in outcome.refresh):
        shown = lobby_reply(debate, service.speaking_order(debate))
    elif debate.status in FLOOR and "timer" in outcome.refresh:
        return timer_reply(debate, now)
    elif debate.status == VOTING and "timer" in outcome.refresh:
        return timer_reply(debate, now)  # the vote buttons are on it
    else:
        return None
    if outcome.poll_open:
        tally = service.results(debate.id).before
        vote = vote_reply(debate, outcome.poll_open, tally)
        shown = Reply(cards=shown.cards, buttons=shown.buttons + vote.buttons)
    return shown


def due_lines(service: DebateService) -> list[str]:
    """The timer warnings and due starts not yet shown (each is shown once)."""
    return [event.text for event in service.due_events()]


def _answer(ctx: Context, run) -> Reply | Form:
    """Run a debate action and print its outcome; due timer events follow, even a refusal."""
    service = console_service(ctx)
    try:
        outcome = run(service)
        if isinstance(outcome.reply, Form) and not getattr(ctx, "interactive", True):
            raise BadInput(piped_form(outcome.reply))
    except ThawbotError as exc:
        lines = due_lines(service)
        if not lines:
            raise
        raise type(exc)("\n".join([str(exc), *lines])) from None
    return console_reply(service, outcome)


def piped_form(form: Form) -> str:
    """The one-line command a script uses instead of a form it cannot fill."""
    parts = form.custom_id.split(":")
    if parts[1] == "counter":
        line = f"/debate counter {parts[3]} PASSAGE [note]"
    else:
        line = "/debate argue CLAIM | REASONING | IDS"
    return f"A script cannot fill a form: write it on one line, {line}"


@command("/debate", USAGE)
def _debate_command(ctx: Context, text: str) -> Reply | Form:
    return _answer(ctx, lambda service: run_text(service, ctx, text))


def _press(ctx: Context, kind: str, parts: list[str]) -> Reply | Form:
    custom_id = ":".join(["debate", kind, *parts])
    values = ctx.values or None
    return _answer(ctx, lambda service: act.press(service, ctx.actor, custom_id, values))


def _presser(kind: str) -> Callable[[Context, list[str]], Reply | Form]:
    """The console handler for one kind of debate button."""

    def handler(ctx: Context, parts: list[str]) -> Reply | Form:
        return _press(ctx, kind, parts)

    return handler


for _kind in KINDS:
    action(f"debate:{_kind}")(_presser(_kind))
