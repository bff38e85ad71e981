"""The transcript a teacher grades, in Markdown, and the summary numbers.

Every speech in order with its time and points of information, every argument with its
claim, reasoning and evidence quoted word for word with the full citation, counters
under the argument they answer, the audience vote with its swing, and a works-cited
list of every reading and cited work used.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime

from bot.debate._models import (
    ACCEPTED,
    ARGUMENT,
    COUNTER,
    DONE,
    ENDED,
    LIVE,
    NOT_HELD,
    PENDING,
    POLITICAL,
    SIDE_LABELS,
    SIDES,
    SINCERE,
    SKIPPED,
    Argument,
    DebateRecord,
    Evidence,
    Poi,
    Results,
    Speech,
    Summary,
    Tally,
    Tip,
)
from bot.debate._record import GIVEN, StudentRecord, students
from bot.debate._timer import clock_text, duration_text, elapsed

_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
_MD_LINE_START = re.compile(r"^(\s*)([#+=-])", re.MULTILINE)
_MD_NUMBERED = re.compile(r"^(\s*)(\d+)([.)])", re.MULTILINE)
SIDE_ROLES = {"sincere": "defends the motion", "political": "opposes the motion"}


def summarize(record: DebateRecord) -> Summary:
    """Counts per side: arguments, counters, uncited arguments, passages used."""
    arguments = [a for a in record.arguments if a.kind == ARGUMENT]
    counters = [a for a in record.arguments if a.kind == COUNTER]
    evidence: dict[str, tuple[str, ...]] = {}
    for side in SIDES:
        ids: list[str] = []
        for argument in record.arguments:
            if argument.side == side:
                ids += [e.passage_id for e in argument.evidence if e.passage_id not in ids]
        evidence[side] = tuple(ids)
    speeches = record.debate.speeches
    return Summary(
        results=record.results,
        arguments={side: sum(a.side == side for a in arguments) for side in SIDES},
        counters={side: sum(a.side == side for a in counters) for side in SIDES},
        uncited={side: sum(a.side == side and not a.cited for a in arguments) for side in SIDES},
        evidence=evidence,
        speeches_given=sum(s.status in (DONE, LIVE) for s in speeches),
        speeches_skipped=sum(s.status == SKIPPED for s in speeches),
        speeches_not_held=sum(s.status in (PENDING, NOT_HELD) for s in speeches),
        pois_offered=len(record.pois),
        pois_accepted=sum(p.status == ACCEPTED for p in record.pois),
    )


def markdown(record: DebateRecord, now: datetime) -> str:
    """The whole debate as Markdown."""
    debate = record.debate
    lines = [f"# Debate transcript: {md_escape(debate.motion)}", ""]
    lines += _header(record, now)
    lines += ["", "## Sides", ""]
    speakers = {s.speaker_id for s in debate.speeches} if debate.speeches else None
    for side in SIDES:
        names = ", ".join(md_escape(p.name) for p in debate.side(side)) or "nobody"
        lines.append(f"- **{debate.label(side)}** ({SIDE_ROLES[side]}): {names}")
        quiet = [
            p for p in debate.side(side) if speakers is not None and p.member_id not in speakers
        ]
        if quiet:
            listed = ", ".join(md_escape(p.name) for p in quiet)
            lines.append(f"  - Without a speech in this format: {listed}")
    lines += ["", "## Students", "", *student_lines(record, now)]
    lines += ["", "## Audience vote", "", *vote_lines(record.results, debate.names)]
    lines += ["", "## Speeches", ""]
    if not debate.speeches:
        lines.append("The debate never started.")
    for speech in debate.speeches:
        lines += _speech(record, speech, now)
    loose = [a for a in record.arguments if a.kind == ARGUMENT and a.speech_id is None]
    for argument in loose:
        lines += _argument(record, argument)
    if record.tips:
        lines += ["", "## Evidence suggested to the speakers", ""]
        lines += [_tip(record, tip) for tip in record.tips]
    lines += ["", "## Summary", "", *summary_lines(summarize(record), debate.names)]
    lines += ["", "## Works cited", "", *(f"- {entry}" for entry in works_cited(record))]
    return "\n".join(lines).rstrip() + "\n"


def student_lines(record: DebateRecord, now: datetime) -> list[str]:
    """The per-student table (no stance flags: a student may read the transcript)."""
    found = students(record, now)
    names = record.debate.names
    if not found:
        return ["Nobody joined a side."]
    lines = [
        "| Student | Side | Speeches | Spoken | Arguments | Counters | Passages cited "
        "| POIs offered / accepted / declined | Suggestions | Vote before | Vote after |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for s in found:
        speeches = "; ".join(
            f"{t.round_name} {clock_text(t.seconds_used)} of {clock_text(t.seconds_allowed)}"
            + (f" ({t.status})" if t.status != GIVEN else "")
            if t.held
            else f"{t.round_name} {t.status}"
            for t in s.speeches
        )
        spoken = clock_text(s.seconds_spoken)
        lines.append(
            f"| {md_escape(s.name)} | {names[s.side]} "
            f"| {_speeches_cell(s, speeches)} "
            f"| {spoken if s.has_speech else '-'} | {s.arguments} | {s.counters} "
            f"| {len(s.citations)} | {s.pois_offered} / {s.pois_accepted} / {s.pois_declined} "
            f"| {s.suggestions} | {_vote(s.vote_before, names)} | {_vote(s.vote_after, names)} |"
        )
    return lines


def _speeches_cell(student: StudentRecord, speeches: str) -> str:
    if not student.started:
        return "not started"
    return md_escape(speeches) if student.has_speech else "no speech in this format"


def _vote(side: str | None, names: Mapping[str, str]) -> str:
    return names[side] if side else "-"


def _header(record: DebateRecord, now: datetime) -> list[str]:
    debate = record.debate
    state = "ended" if debate.status == ENDED else f"in progress ({debate.status})"
    lines = [
        f"- Debate number {debate.id}, opened by {md_escape(debate.moderator_name)} "
        f"on {_when(debate.created_at)}",
        f"- Format: {debate.format.describe()}",
        f"- Status: {state}",
    ]
    if debate.started_at:
        lines.append(f"- Started: {_when(debate.started_at)}")
    if debate.ended_at:
        lines.append(f"- Ended: {_when(debate.ended_at)}")
    lines.append(f"- Transcript made: {_when(now)}")
    return lines


def vote_lines(results: Results, names: Mapping[str, str] = SIDE_LABELS) -> list[str]:
    """The vote as a Markdown table with the swing underneath."""
    header = f"| Vote | {names[SINCERE]} | {names[POLITICAL]} | Votes |"
    lines = [header, "| --- | --- | --- | --- |"]
    for tally in (results.before, results.after):
        lines.append(
            f"| {tally.stage.capitalize()} | {_count(tally, 'sincere')} | "
            f"{_count(tally, 'political')} | {tally.total} |"
        )
    lines += ["", swing_text(results, names)]
    return lines


def swing_text(results: Results, names: Mapping[str, str] = SIDE_LABELS) -> str:
    """E.g. "Swing: 12.5 points to Sincere. 2 members changed their vote."."""
    swing = results.swing
    if swing is None:
        text = "Swing: not known (a vote before and after is needed)."
    elif swing == 0:
        text = "Swing: none."
    else:
        side = names[results.swung_to or SINCERE]
        text = f"Swing: {abs(swing):g} points to {side}."
    changed = results.changed
    return f"{text} {plural(changed, 'member')} changed their vote."


def plural(count: int, word: str) -> str:
    """``1 argument``, ``2 arguments``."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def side_line(summary: Summary, side: str) -> str:
    """E.g. "3 arguments (1 uncited), 2 counter-passages"."""
    return (
        f"{plural(summary.arguments.get(side, 0), 'argument')} "
        f"({summary.uncited.get(side, 0)} uncited), "
        f"{plural(summary.counters.get(side, 0), 'counter-passage')}"
    )


def summary_lines(summary: Summary, names: Mapping[str, str] = SIDE_LABELS) -> list[str]:
    """The summary as Markdown bullet points."""
    lines = []
    for side in SIDES:
        used = ", ".join(summary.evidence.get(side, ())) or "none"
        lines.append(f"- {names[side]}: {side_line(summary, side)}; evidence used: {used}")
    lines.append(
        f"- Speeches: {speeches_text(summary)}; "
        f"points of information: {summary.pois_offered} offered, {summary.pois_accepted} accepted"
    )
    lines.append(f"- {swing_text(summary.results, names)}")
    return lines


def speeches_text(summary: Summary) -> str:
    """E.g. "3 given, 1 skipped, 2 not held" (a speech is not held when the debate ended first)."""
    return (
        f"{summary.speeches_given} given, {summary.speeches_skipped} skipped, "
        f"{summary.speeches_not_held} not held"
    )


def works_cited(record: DebateRecord) -> list[str]:
    """Every reading and cited work behind the evidence, once each, alphabetically."""
    entries = {entry for a in record.arguments for e in a.evidence for entry in e.entries}
    return sorted(entries, key=str.casefold) or ["No passage was cited."]


def _speech(record: DebateRecord, speech: Speech, now: datetime) -> list[str]:
    lines = [
        f"### {speech.position + 1}. {speech.round_name} · {record.debate.label(speech.side)} · "
        f"{md_escape(speech.speaker_name)}",
        "",
        _timing(speech, now),
    ]
    pois = [p for p in record.pois if p.speech_id == speech.id]
    if pois:
        points = "; ".join(_poi(p, speech, record.debate.names) for p in pois)
        lines += ["", f"Points of information: {points}."]
    lines.append("")
    for argument in record.arguments:
        if argument.speech_id == speech.id and argument.kind == ARGUMENT:
            lines += _argument(record, argument)
    return lines


def _timing(speech: Speech, now: datetime) -> str:
    allotted = clock_text(speech.seconds)
    if speech.started_at is None or speech.status == NOT_HELD:
        return f"Not held ({allotted} allotted)."
    if speech.status == SKIPPED:
        return f"Skipped: the speaker did not speak ({allotted} allotted)."
    timer = speech.timer
    assert timer is not None
    spoken = elapsed(timer, speech.ended_at or now)
    used = duration_text(spoken)
    extra = f", extended by {clock_text(speech.extended)}" if speech.extended else ""
    if spoken >= timer.total + 1:
        extra += f", +{duration_text(spoken - timer.total)} over"
    state = "in progress" if speech.status == LIVE else "given"
    return f"Time: {used} of {allotted}{extra}; {state}."


def _poi(poi: Poi, speech: Speech, names: Mapping[str, str]) -> str:
    at = ""
    if poi.speech_seconds is not None:
        at = f" at {duration_text(poi.speech_seconds)}"
    elif speech.timer is not None:  # a point recorded before the time was kept with it
        at = f" at {duration_text(elapsed(speech.timer, poi.offered_at))}"
    return f"{md_escape(poi.name)} ({names[poi.side]}){at}, {poi.status}"


def _tip(record: DebateRecord, tip: Tip) -> str:
    speech = next((s for s in record.debate.speeches if s.id == tip.speech_id), None)
    when = " before the speeches"
    if speech is not None:
        when = f" during speech {speech.position + 1} ({md_escape(speech.speaker_name)})"
    note = f": {md_escape(tip.note)}" if tip.note else ""
    name = md_escape(tip.name)
    return f"- {name} ({record.debate.label(tip.side)}) suggested {tip.passage_id}{when}{note}"


def _argument(record: DebateRecord, argument: Argument) -> list[str]:
    lines = [
        f"#### Argument by {md_escape(argument.author_name)} "
        f"({record.debate.label(argument.side)})",
        "",
        f"**Claim:** {md_escape(argument.claim)}",
        "",
    ]
    if argument.reasoning:
        lines += [f"**Reasoning:** {md_escape(argument.reasoning)}", ""]
    lines += _evidence_lines(argument.evidence)
    for counter in record.arguments:
        if counter.answers_id == argument.id:
            lines += [
                f"##### Counter-passage by {md_escape(counter.author_name)} "
                f"({record.debate.label(counter.side)})",
                "",
                md_escape(counter.claim),
                "",
            ]
            lines += _evidence_lines(counter.evidence)
    return lines


def _evidence_lines(evidence: tuple[Evidence, ...]) -> list[str]:
    if not evidence:
        return ["*Uncited: this argument cites no passage.*", ""]
    lines = ["**Evidence:**", ""]
    for item in evidence:
        lines += [f"> {item.text}", ">", f"> — {item.citation} [{item.passage_id}]", ""]
        cited = [f"{ref.in_text}: {ref.entry}" for ref in item.references if ref.entry]
        missing = [ref.in_text for ref in item.references if not ref.entry]
        if cited:
            lines += [f"Works cited: {'; '.join(cited)}", ""]
        if missing:
            lines += [f"Not in the reading's works-cited list: {', '.join(missing)}", ""]
    return lines


def _count(tally: Tally, side: str) -> str:
    share = tally.share(side)
    number = tally.sincere if side == "sincere" else tally.political
    return f"{number} ({share:.0%})" if share is not None else str(number)


def _when(instant: datetime) -> str:
    return f"{instant.astimezone(UTC):%Y-%m-%d %H:%M} UTC"


def md_escape(text: str) -> str:
    """User-typed text as literal Markdown: no heading, list, quote, emphasis or link.

    A claim that starts with ``### `` must read as those characters, not become a
    heading in the transcript a teacher grades (or in a card on Discord).
    """
    text = _MD_INLINE.sub(r"\\\1", text)
    text = _MD_NUMBERED.sub(r"\1\2\\\3", text)
    return _MD_LINE_START.sub(r"\1\\\2", text)


def who(speech: Speech, names: Mapping[str, str] = SIDE_LABELS) -> str:
    """``alice (Opening · Sincere)``, the name escaped: for every post that names a speaker
    (``names``: the debate's side names)."""
    return f"{md_escape(speech.speaker_name)} ({speech.round_name} · {names[speech.side]})"
