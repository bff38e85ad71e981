"""/debate typed in the console, and the console's clock.

The debate's buttons are the domain's (:mod:`bot.debate._buttons`); what an outcome
prints is :mod:`console.outcome`'s. A script of lines
such as ``as alice: /debate join sincere`` replays a whole debate; ``/debate wait 90``
lets time pass on the console's clock (:class:`ConsoleClock`), so a script shows points
of information and the 1:00, 0:30 and time warnings. A piped script cannot answer a
form's prompts, so there a form is refused with the one-line command to use instead.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from bot.actions import Context, command
from bot.debate import _actions as act
from bot.debate._cards import notice
from bot.debate._export import export
from bot.debate._help import help_reply
from bot.debate._models import Actor, Clock, parse_side
from bot.debate._service import DebateService
from bot.errors import BadInput
from console import grading
from console.users import console_actor

USAGE = (
    "/debate open [motion] | [format] | [start in minutes] | [side] | [side] · join [side] · "
    "leave · assign NAME SIDE · balance · start [prep minutes] · next · skip · pause · "
    "resume · extend [seconds] · end · poi offer|accept|decline · "
    "argue [CLAIM | REASONING | IDS] · "
    "counter ARGUMENT PASSAGE [note] · suggest PASSAGE [note] · vote SIDE · "
    "evidence [SIDE] [theme] · status · "
    "transcript · export [csv|xlsx] [debate number] · help · "
    f"{grading.USAGE} · "
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


def prep_minutes(text: str) -> int:
    """``/debate start 5`` (or ``5m``, ``prep 5``): minutes of preparation."""
    minutes = start_minutes(text.lower().removeprefix("prep").strip())
    if minutes is None:
        raise BadInput("Give the preparation in minutes, e.g. /debate start 5.")
    return minutes


CONTROLS = {"start", "balance", "next", "skip", "pause", "resume", "end"}


def run_text(service: DebateService, ctx: Context, text: str) -> act.Outcome:
    """Run ``/debate <sub> ...`` typed in the console."""
    sub, _, rest = text.strip().partition(" ")
    sub, rest = sub.lower() or "status", rest.strip()
    actor = ctx.actor
    if sub == "open":
        parts = [p.strip() for p in rest.split("|")]
        motion, fmt, start = [*parts, "", "", ""][:3]
        sides = " | ".join(parts[3:]) or None  # the rest: the two side names, "Yes | No"
        minutes = start_minutes(start)
        return act.open_debate(
            service,
            actor,
            ctx.guild_id,
            ctx.channel_id,
            motion or None,
            fmt or None,
            minutes,
            sides=sides,
        )
    if sub == "transcript":
        return act.transcript(service, service.latest_in(ctx.channel_id))
    if sub == "export":
        return _export(service, ctx, rest)
    if sub in grading.SUBS:  # ballots, release, feedback, rubric
        return grading.run(service, ctx, sub, rest)
    if sub == "wait":
        return _wait(service, ctx.channel_id, rest)
    if sub == "help":
        return act.Outcome(help_reply(), _current_or_none(service, ctx.channel_id))
    if sub == "evidence":
        side, _, theme = rest.partition(" ")
        debate = _current_or_none(service, ctx.channel_id)
        try:
            parse_side(side, debate.names if debate else None)
        except BadInput:  # no side named: it is all theme
            side, theme = "", rest
        return act.evidence(service, actor, debate, side or None, theme, ctx.guild_id)
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
    if sub == "start" and words:  # /debate start 5: five minutes of preparation first
        return act.control(service, actor, debate, sub, prep=prep_minutes(" ".join(words)))
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


@command("/debate", USAGE)
def _debate_command(ctx: Context, text: str) -> act.Outcome:
    return run_text(console_service(ctx), ctx, text)


@command("/rubric", grading.RUBRIC_USAGE)
def _rubric_command(ctx: Context, text: str) -> act.Outcome:
    return grading.run_rubric(console_service(ctx), ctx, text)
