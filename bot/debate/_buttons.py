"""The debate's buttons and forms (``debate:<kind>:<debate id>:...``) for every front end.

Each kind has one handler here, registered with :mod:`bot.actions`: Discord's dynamic
item and the console's numbered choices both reach it through ``dispatch``, which has
already split the id, so the parts are read once. A submitted form's id is its
button's id with ``:form`` appended.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from bot.actions import Context, action
from bot.debate._actions import (
    argue,
    control,
    counter,
    debates_for,
    evidence,
    join,
    leave,
    poi,
    post_uncited,
    transcript,
    vote,
)
from bot.debate._models import Actor, Debate
from bot.debate._service import DebateService
from bot.errors import BadInput
from bot.outcome import Outcome

GONE = "That button is no longer available. Run the command again."
Values = Mapping[str, str] | None
Press = Callable[[DebateService, Actor, Debate, list[str], Values], Outcome]


def _join(service: DebateService, actor: Actor, debate: Debate, rest: list[str], values: Values):
    return join(service, actor, debate, rest[0] if rest else None)


def _leave(service: DebateService, actor: Actor, debate: Debate, rest: list[str], values: Values):
    return leave(service, actor, debate)


def _ctl(service: DebateService, actor: Actor, debate: Debate, rest: list[str], values: Values):
    if not rest:
        raise BadInput(GONE)
    speech = int(rest[1]) if len(rest) > 1 and rest[1].isdigit() else None
    return control(service, actor, debate, rest[0], speech=speech)


def _poi(service: DebateService, actor: Actor, debate: Debate, rest: list[str], values: Values):
    if not rest:
        raise BadInput(GONE)
    return poi(service, actor, debate, rest[0])


def _argue(service: DebateService, actor: Actor, debate: Debate, rest: list[str], values: Values):
    form = "form" in rest
    prefilled = tuple(rest[1].split("+")) if form and len(rest) > 1 else ()
    return argue(service, actor, debate, dict(values or {}) if form else None, prefilled)


def _uncited(service: DebateService, actor: Actor, debate: Debate, rest: list[str], v: Values):
    if not rest or not rest[0].isdigit():
        raise BadInput(GONE)
    return post_uncited(service, actor, debate, int(rest[0]))


def _counter(service: DebateService, actor: Actor, debate: Debate, rest: list[str], v: Values):
    if not rest or not rest[0].isdigit():
        raise BadInput(GONE)
    form = "form" in rest
    return counter(service, actor, debate, int(rest[0]), dict(v or {}) if form else None)


def _vote(service: DebateService, actor: Actor, debate: Debate, rest: list[str], values: Values):
    if len(rest) != 2:
        raise BadInput(GONE)
    return vote(service, actor, debate, rest[1], rest[0])


def _evidence(service: DebateService, actor: Actor, debate: Debate, rest: list[str], v: Values):
    return evidence(service, actor, debate)


def _transcript(service: DebateService, actor: Actor, debate: Debate, rest: list[str], v: Values):
    return transcript(service, debate)


BUTTONS: dict[str, Press] = {
    "join": _join,
    "leave": _leave,
    "ctl": _ctl,
    "poi": _poi,
    "argue": _argue,
    "counter": _counter,
    "vote": _vote,
    "evidence": _evidence,
    "transcript": _transcript,
    "uncited": _uncited,
}
KINDS = tuple(BUTTONS)


def run(
    service: DebateService, actor: Actor, kind: str, parts: list[str], values: Values = None
) -> Outcome:
    """The button ``debate:<kind>:<parts...>``; the first part is the debate's id.

    A press that changes the debate is one unit of work (``BEGIN IMMEDIATE``): the
    debate is read once inside it, the check and the change see that one read, and the
    outcome carries the debate as the change left it (the front end reads nothing again).
    """
    handler = BUTTONS.get(kind)
    if handler is None or not parts or not parts[0].isdigit():
        raise BadInput(GONE)
    if kind not in CHANGES:
        return handler(service, actor, service.get(int(parts[0])), parts[1:], values)
    with service.repo.transaction():
        return handler(service, actor, service.get(int(parts[0])), parts[1:], values)


CHANGES = frozenset({"join", "leave", "ctl", "poi", "vote"})  # kinds that write the debate


def press(service: DebateService, actor: Actor, custom_id: str, values: Values = None) -> Outcome:
    """A button or a submitted form by its whole id, ``debate:<kind>:<debate id>:...``."""
    parts = custom_id.split(":")
    if len(parts) < 2 or parts[0] != "debate":
        raise BadInput(GONE)
    return run(service, actor, parts[1], parts[2:], values)


def _handler(kind: str) -> Callable[[Context, list[str]], Outcome]:
    def handle(ctx: Context, parts: list[str]) -> Outcome:
        return run(debates_for(ctx.services), ctx.actor, kind, parts, ctx.values or None)

    handle.__doc__ = f"The ``debate:{kind}`` button, for every front end."
    return handle


for _kind in KINDS:
    action(f"debate:{_kind}")(_handler(_kind))
