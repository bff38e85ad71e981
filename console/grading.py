"""The console's /debate ballot, release, feedback and rubric (kept apart from _console).

At a terminal a ballot or a rubric criterion is a form, prompted line by line with the
suggestion or the current wording as the answer Enter keeps; a piped script writes the
answers on the command line instead::

    /debate ballot [DEBATE] [NAME [| EVIDENCE | REASONING | REBUTTAL | DELIVERY | FEEDBACK]]
    /debate release [DEBATE] · /debate feedback [DEBATE]
    /rubric [CRITERION [| NAME | LEVEL 1 | LEVEL 2 | LEVEL 3 | LEVEL 4] | default]

``/rubric`` is its own command, as on Discord (``/debate`` has Discord's 25 subcommands).
"""

from __future__ import annotations

from bot.actions import Context
from bot.debate import _grading as grading
from bot.debate._outcome import Outcome
from bot.debate._rubric import CRITERIA
from bot.debate._service import DebateService
from bot.presentation import Form

SUBS = ("ballot", "release", "feedback")
USAGE = "ballot [debate] [NAME [| E | R | B | D | feedback]] · release [debate] · feedback [debate]"
RUBRIC_USAGE = "[criterion [| name | level 1 | level 2 | level 3 | level 4] | default]"


def run(service: DebateService, ctx: Context, sub: str, rest: str) -> Outcome:
    """One of :data:`SUBS` typed in the console."""
    head, bar, answers = rest.partition("|")
    words = head.split()
    number = int(words.pop(0)) if words and words[0].isdigit() else None
    if sub == "feedback":
        return grading.feedback(service, ctx.actor, ctx.guild_id, number)
    debate = grading.which_debate(service, ctx.guild_id, ctx.channel_id, number)
    if sub == "release":
        return grading.release(service, ctx.actor, debate)
    name = " ".join(words)
    if not bar:
        return grading.ballot(service, ctx.actor, debate, name or None)
    member = grading.find_student(debate, name)
    parts = [p.strip() for p in answers.split("|")]
    keys = [*CRITERIA, "feedback"]
    values = dict(zip(keys, parts, strict=False))
    values["feedback"] = " | ".join(parts[len(CRITERIA) :])  # a bar in the feedback is kept
    return grading.submit_ballot(service, ctx.actor, debate, member, values)


def piped_line(form: Form) -> str | None:
    """The one-line command a script writes instead of this form, if it is one of ours."""
    parts = form.custom_id.split(":")
    if parts[1] == "ballot":
        name = form.title.removeprefix("Ballot: ")
        scores = "EVIDENCE | REASONING | REBUTTAL | DELIVERY"
        return f"/debate ballot {parts[2]} {name} | {scores} | FEEDBACK"
    if parts[1] == "rubric":
        return f"/rubric {parts[2]} | NAME | LEVEL 1 | LEVEL 2 | LEVEL 3 | LEVEL 4"
    return None


def run_rubric(service: DebateService, ctx: Context, text: str) -> Outcome:
    """``/rubric`` typed in the console."""
    head, bar, answers = text.partition("|")
    key = head.strip().lower()
    if bar:
        parts = [p.strip() for p in answers.split("|")]
        values = {"name": parts[0], **{f"level{n}": t for n, t in enumerate(parts[1:], 1)}}
        return grading.submit_rubric(service, ctx.actor, ctx.guild_id, key, values)
    return grading.rubric(service, ctx.actor, ctx.guild_id, key)
