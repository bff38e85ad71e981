"""``/debate help``: every debate command, for students and for the moderator.

It needs no debate to be open: it is what a class reads before the first one.
"""

from __future__ import annotations

from bot.debate._cards import INFO
from bot.debate._formats import EXAMPLE, presets_text
from bot.presentation import Card, Field, Reply, fit_card

STUDENT_COMMANDS = (
    ("/debate join [side]", "Join a side by its name (empty: the smaller side)."),
    ("/debate leave", "Leave your side before the debate starts."),
    ("/debate vote side", "Vote before and after the debate; change it until the vote closes."),
    ("/debate poi offer", "Offer a point of information to the other side's speaker."),
    ("/debate poi accept|decline", "The speaker (or a moderator) answers a point."),
    ("/debate argue [evidence]", "The speaker posts a claim, reasoning and passage ids."),
    ("/debate counter argument passage", "Answer the other side's argument with a passage."),
    ("/debate evidence [side] [theme]", "The strongest passages for a side, with why."),
    ("/debate status · /debate transcript", "The debate so far; the record a teacher grades."),
    ("/debate feedback [debate]", "Your own ballot and feedback, privately, once released."),
)
MODERATOR_COMMANDS = (
    (
        "/debate open [motion] [format] [sides]",
        f"Open a debate here. Formats: {presets_text()}. Your own motion gets the sides "
        "you name (“Yes | No”; default For / Against).",
    ),
    ("/debate assign member side · balance", "Put a student on a side; even out the sides."),
    ("/debate start [prep] · next · skip", "Start (after prep minutes), next, skip a speaker."),
    ("/debate pause · resume · extend · end", "Stop and restart the clock, add time, end."),
    ("/debate export [format] [debate]", "Each student's record as CSV or XLSX, privately."),
    ("/debate ballot [student] [debate]", "Score a student on the rubric, with feedback."),
    ("/debate release [debate] · /rubric", "Let students read their ballots; the rubric."),
)


def help_reply() -> Reply:
    """The debate commands as one card (private)."""
    fields = [Field(name, text) for name, text in STUDENT_COMMANDS]
    fields += [Field(f"Moderators: {name}", text) for name, text in MODERATOR_COMMANDS]
    card = Card(
        title="Debates: commands",
        description=(
            "On the built-in motion Sincere defends it and Political opposes it; on your own "
            "motion the first side defends it. Every student can join a side: "
            "those without a speech offer points of information and suggest evidence. "
            f"A custom format lists rounds, e.g. “{EXAMPLE}”."
        ),
        fields=fields,
        colour=INFO,
    )
    return Reply(cards=[fit_card(card)])
