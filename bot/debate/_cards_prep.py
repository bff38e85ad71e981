"""The preparation card: its countdown, the first speaker and the evidence help for both sides.

Custom ids: the card's Next and End carry speech number 0 (``debate:ctl:<id>:next:0``),
so a press after the preparation is over changes nothing ("already moved on").
"""

from __future__ import annotations

from datetime import datetime

from bot.debate._cards import INFO, custom_id
from bot.debate._models import SIDES, Debate
from bot.debate._prep import prep_left
from bot.debate._timer import clock_text
from bot.debate._transcript import md_escape, who
from bot.presentation import Button, Card, Field, Reply, fit_card


def prep_reply(debate: Debate, now: datetime) -> Reply:
    """The preparation card (edited as the countdown runs)."""
    first = debate.upcoming
    sides = [
        Field(
            debate.label(side),
            ", ".join(md_escape(p.name) for p in debate.side(side)) or "nobody",
            inline=True,
        )
        for side in SIDES
    ]
    card = Card(
        title=f"Preparation: {clock_text(prep_left(debate, now))} left",
        description=(
            "Both sides prepare their case. **Evidence help** shows your side's strongest "
            "passages, with why each reads that way (only you see them)."
        ),
        fields=[*sides, Field("First speech", who(first, debate.names) if first else "none")],
        footer=(
            f"Debate {debate.id} · warnings at 1:00 and 0:30 · the first speech starts when "
            "preparation ends, or when the moderator presses Start first speech"
        ),
        colour=INFO,
    )
    buttons = [
        Button("Evidence help", custom_id("evidence", debate.id), "primary"),
        Button("Start first speech", custom_id("ctl", debate.id, "next", 0), "success"),
        Button("End debate", custom_id("ctl", debate.id, "end", 0), "danger"),
    ]
    return Reply(cards=[fit_card(card)], buttons=buttons, ephemeral=False)


def prep_over_reply(debate: Debate) -> Reply:
    """The preparation card once the speeches have begun: no controls left on it."""
    minutes = debate.prep_seconds // 60
    card = Card(
        title="Preparation over",
        description=f"{minutes} minute{'s' if minutes != 1 else ''} of preparation. "
        "The speeches follow below.",
        footer=f"Debate {debate.id}",
        colour=INFO,
    )
    return Reply(cards=[fit_card(card)], ephemeral=False)
