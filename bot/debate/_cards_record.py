"""Cards for what the debate produces: arguments with their evidence, votes, the summary,
the transcript file and evidence suggestions.

Evidence is always shown word for word with its citation and works-cited entries, so
a student (and the teacher) can check every claim against the reading.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot import limits
from bot.debate._cards import INFO, SIDE_COLOURS, copyable, custom_id
from bot.debate._models import (
    COUNTER,
    SIDE_LABELS,
    SIDES,
    Argument,
    Debate,
    Evidence,
    Results,
    Suggestion,
    Summary,
    Tally,
    Tip,
)
from bot.debate._transcript import md_escape, plural, side_line, speeches_text, swing_text
from bot.marks import MARKED
from bot.presentation import Button, Card, Field, Reply, fit, fit_card

QUOTE_ROOM = 700  # a passage is at most ~760 characters; the citation needs the rest


def argument_reply(
    argument: Argument, answered: Argument | None = None, names: Mapping[str, str] = SIDE_LABELS
) -> Reply:
    """An argument (or counter) posted in the debate thread, evidence quoted in full
    (``names``: the debate's side names)."""
    side = names[argument.side]
    if argument.kind == COUNTER:
        title = f"Counter-passage · {side} · {md_escape(argument.author_name)}"
        description = md_escape(argument.claim)
        if answered is not None:
            about = (
                f"Answers {md_escape(answered.author_name)}'s claim: “{md_escape(answered.claim)}”"
            )
            description = f"{about}\n\n{description}"
    else:
        title = f"Argument · {side} · {md_escape(argument.author_name)}"
        description = f"**Claim:** {md_escape(argument.claim)}"
        if argument.reasoning:
            description += f"\n\n**Reasoning:** {md_escape(argument.reasoning)}"
    fields = [evidence_field(item) for item in argument.evidence]
    entries = [entry for item in argument.evidence for entry in item.entries]
    if entries:
        unique = list(dict.fromkeys(entries))
        fields.append(Field("Works cited", "\n".join(f"• {entry}" for entry in unique)))
    else:
        fields.append(Field("Uncited", "No passage cited: this claim rests on the speaker's word."))
    card = Card(
        title=title,
        description=description,
        fields=fields,
        footer=f"Debate {argument.debate_id} · argument {argument.id}",
        colour=SIDE_COLOURS[argument.side],
    )
    buttons = []
    if argument.kind != COUNTER:
        buttons.append(
            Button(
                "Answer with a counter-passage",
                custom_id("counter", argument.debate_id, argument.id),
            )
        )
    return Reply(cards=[fit_card(card)], buttons=buttons, ephemeral=False)


def evidence_field(item: Evidence) -> Field:
    """One cited passage: the words, the citation, the id."""
    citation = f"— {item.citation} [{item.passage_id}]"
    room = limits.FIELD_VALUE - len(citation) - 4
    quote = fit(item.text, min(room, QUOTE_ROOM + 100), read_on=f"(more: /quote {item.passage_id})")
    return Field(f"Evidence: {item.passage_id}", f"> {quote}\n{citation}")


def results_reply(debate: Debate, results: Results) -> Reply:
    """Votes before and after, and the swing."""
    card = Card(
        title="Audience vote",
        description=f"**{md_escape(debate.motion)}**",
        fields=[
            Field("Before", tally_text(results.before, debate.names), inline=True),
            Field("After", tally_text(results.after, debate.names), inline=True),
            Field("Swing", swing_text(results, debate.names)),
        ],
        footer=f"Debate {debate.id}",
        colour=INFO,
    )
    return Reply(cards=[fit_card(card)], ephemeral=False)


def tally_text(tally: Tally, names: Mapping[str, str] = SIDE_LABELS) -> str:
    """``Sincere 5 (62%) · Political 3 (38%)`` or ``no votes``."""
    if not tally.total:
        return "no votes"
    parts = []
    for side in SIDES:
        count = tally.sincere if side == "sincere" else tally.political
        parts.append(f"{names[side]} {count} ({tally.share(side):.0%})")
    return " · ".join(parts)


def summary_reply(debate: Debate, summary: Summary) -> Reply:
    """The end of the debate: vote swing, arguments per side, evidence used."""
    fields = [
        Field("Vote before", tally_text(summary.results.before, debate.names), inline=True),
        Field("Vote after", tally_text(summary.results.after, debate.names), inline=True),
        Field("Swing", swing_text(summary.results, debate.names)),
    ]
    for side in SIDES:
        used = ", ".join(summary.evidence.get(side, ())) or "none"
        fields.append(Field(debate.label(side), f"{side_line(summary, side)}\nEvidence: {used}"))
    fields.append(
        Field(
            "Speeches and points of information",
            f"{speeches_text(summary)} · "
            f"{plural(summary.pois_offered, 'POI')} offered, {summary.pois_accepted} accepted",
        )
    )
    card = Card(
        title=f"Debate over: {md_escape(debate.motion)}",
        fields=fields,
        footer=f"Debate {debate.id} · the transcript has every speech and citation",
        colour=INFO,
    )
    button = Button("Transcript", custom_id("transcript", debate.id), "primary")
    return Reply(cards=[fit_card(card)], buttons=[button], ephemeral=False)


def transcript_reply(debate: Debate, text: str) -> Reply:
    """The Markdown transcript as a file, with a line saying what it holds."""
    name = f"debate-{debate.id}-transcript.md"
    content = (
        f"Transcript of debate {debate.id}: every speech, argument and cited passage, "
        "with citations and works cited."
    )
    return Reply(content=content, file=(name, text.encode("utf-8")))


def why_text(item: Suggestion, side: str) -> str:
    """The teacher's mark, else the decisive (strongest) cue for the side, then the side's
    other cue phrases (a custom motion's reasons say what the search matched)."""
    if item.marked:
        return f"Why: {MARKED}"
    mine = [r for r in item.reasons if f"reads as {side}" in r]
    if not mine:
        return f"Why: {item.reasons[0]}" if item.reasons else f"Why: {item.passage.stance}"
    also = [r.split("”")[0] + "”" for r in mine[1:4]]
    return f"Why: {mine[0]}" + (f"\nAlso: {', '.join(also)}" if also else "")


BY_STANCE = (
    "Ranked by how strongly each passage reads for this side (the stance reader); "
    "a passage your teacher marked counts as they marked it."
)
BY_RELEVANCE = (
    "Ranked by relevance to the motion and this side's claim: the stance reader only "
    "knows the de-Stalinization motion, so a passage counts for a side here only when "
    "your teacher marked it."
)


def suggestions_reply(
    side: str,
    theme: str,
    found: list[Suggestion],
    names: Mapping[str, str] = SIDE_LABELS,
    builtin: bool = True,
) -> Reply:
    """The strongest passages for a side, each with why, and one line on how they were
    picked (by stance on the built-in motion, by relevance on a custom one)."""
    on = f" on “{fit(theme, 60)}”" if theme else ""
    how = BY_STANCE if builtin else BY_RELEVANCE
    if not found:
        card = Card(
            title=f"Evidence for {names[side]}{on}",
            description=(
                "No passage on this theme reads that way. Try another theme, or none."
                if builtin
                else "No passage matches this motion. Try a theme, or ask your teacher."
            ),
            footer=how,
            colour=SIDE_COLOURS[side],
        )
        return Reply(cards=[card])
    fields = []
    for number, item in enumerate(found, 1):
        passage = item.passage
        fields.append(
            Field(
                f"{number}. {passage.id}",
                fit(
                    f"“{fit(passage.text, 400)}” — {passage.citation}\n{why_text(item, side)}",
                    limits.FIELD_VALUE,
                ),
            )
        )
    card = Card(
        title=f"Evidence for {names[side]}{on}",
        description="Cite these by id in your argument (e.g. in the Evidence box).",
        fields=fields,
        footer=how,
        colour=SIDE_COLOURS[side],
    )
    return Reply(cards=[fit_card(card)])


def tips_reply(debate: Debate, side: str, tips: list[Tip]) -> Reply:
    """What a side's members suggested to its speaker, newest first (empty: no card)."""
    if not tips:
        return Reply(cards=[])
    fields = []
    for tip in reversed(tips[-10:]):
        note = f": {md_escape(tip.note)}" if tip.note else ""
        fields.append(Field(f"{tip.passage_id}", f"from {md_escape(tip.name)}{note}"))
    card = Card(
        title=f"Suggested by {debate.label(side)} to its speaker",
        description="Your side's picks: cite them by id in your argument (/quote shows each).",
        fields=fields,
        footer=f"Debate {debate.id} · {plural(len(tips), 'suggestion')}",
        colour=SIDE_COLOURS[side],
    )
    return Reply(cards=[fit_card(card)])


def confirm_uncited_reply(debate_id: int, draft_id: int, claim: str, reasoning: str) -> Reply:
    """Asked before an argument without evidence is posted: post it, or add evidence."""
    fields = [
        Field(label, copyable(text))
        for label, text in (("Claim", claim), ("Reasoning", reasoning))
        if text.strip()
    ]
    card = Card(
        title="Post without evidence?",
        description=(
            "Your argument cites no passage, so it would be posted marked **uncited**. "
            "Post it as it is, or add passage ids (e.g. listenit-010): press Add evidence "
            "and copy your text back in."
        ),
        fields=fields,
        colour=INFO,
    )
    buttons = [
        Button("Post as uncited", custom_id("uncited", debate_id, draft_id), "danger"),
        Button("Add evidence", custom_id("argue", debate_id), "primary"),
    ]
    return Reply(cards=[fit_card(card)], buttons=buttons)
