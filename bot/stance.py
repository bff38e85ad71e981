"""Stance of a passage on the motion: does it read de-Stalinization as sincere or political?

An explainable cue method, so a student can see why a passage was suggested for a side.
Cue phrases signal each reading (a power motive reads as political, a liberalizing
result as sincere); each match is then weighed in its context:

- negation flips it ("did not equate to a genuine democratization" reads as political);
- a concession weakens it ("while incomplete, it initiated..." is mostly sincere);
- a minimizer turns a reform into a critique ("less than three percent were rehabilitated");
- an appearance is not the reality: a sincere cue in a sentence that calls it a pose or
  dismisses it ("presented himself as a reformer", "this idea is hardly valid") reads as
  political;
- who the passage is about: power words said of Stalin's own rule are not about
  de-Stalinization.

Every weighed match is kept as a reason, the decisive (strongest) one first. Tuned on
the hand labels in ``tests/data/stance_labels.toml``; ``tests/data/stance_heldout.toml``
holds sentences written for the tests, never used for tuning, and shows that the cues
describe these readings rather than new wording (see ``tests/bot/test_stance.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.corpus.sentences import split_sentences

SINCERE = "sincere"
POLITICAL = "political"
NEUTRAL = "neutral"
STANCES = (SINCERE, POLITICAL, NEUTRAL)

MIN_SCORE = 1.0  # one full cue is needed to take a side
MIN_MARGIN = 0.5  # and the side must lead the other by this much
CONCEDED = 0.25  # weight kept by a cue inside a concession ("while incomplete, ...")
WINDOW_WORDS = 8  # how far back a negation, concession or minimizer reaches


@dataclass(frozen=True, slots=True)
class Cue:
    """A phrase that signals one reading of the motion, with its weight and meaning."""

    side: str
    weight: float
    pattern: re.Pattern[str]
    note: str


def _cues(side: str, weight: float, note: str, *patterns: str) -> list[Cue]:
    return [Cue(side, weight, re.compile(rf"\b{p}", re.IGNORECASE), note) for p in patterns]


CUES: list[Cue] = [
    *_cues(
        POLITICAL,
        1.5,
        "a motive of power or self-protection",
        r"save face",
        r"consolidat\w* (?:\w+ ){0,2}power",
        r"struggle for power",
        r"power struggles?",
        r"power in his hands",
        r"(?:political|main|his) rivals",
        r"advanced his (?:own )?position",
        r"solidif\w+ (?:\w+ ){0,2}(?:rule|power|position)",
        r"paint\w* (?:\w+ ){0,2}black",
        r"omit\w* his\b",
        r"(?:reaction|response) to (?:the )?(?:growing )?(?:unrest|threat|pressure)",
    ),
    *_cues(
        POLITICAL,
        1.0,
        "serves the leader or the elite",
        r"perpetuate their rule",
        r"political careerists",
        r"prot[eé]g[eé]s",
        r"protect (?:the )?(?:status|careers|position)",
        r"security of wealth and status",
        r"status and privileges",
        r"permissible dose of criticism",
        r"project\w* (?:an? )?(?:\w+ ){0,5}image",
        r"firm grip on power",
        r"presented himself as",
        r"won the people'?’?s support",
        r"by promising",
    ),
    *_cues(
        POLITICAL,
        1.0,
        "a limit, or continuity with Stalinism",
        r"in degree,? not in kind",
        r"remained (?:an? |the )?(?:instrument|tool|weapon) of",
        r"selective",
        r"incomplete",
        r"only to a certain extent",
        r"inconsistent",
        r"vacillat\w+",
        r"remained (?:\w+ )?authoritarian",
        r"proud stalinist",
        r"persecut\w+",
    ),
    *_cues(POLITICAL, 0.5, "distancing can serve a rival", r"distanced himself"),
    *_cues(
        SINCERE,
        1.5,
        "an end to terror or a break with it",
        r"abandon\w* (?:the )?mass (?:political )?terror",
        r"abjured",
        r"end(?:ed)? the use of terror",
        r"elimination of (?:\w+ ){0,2}terror",
        r"end of repressions?",
        r"clear break",
        r"broken? with",
    ),
    *_cues(
        SINCERE,
        1.0,
        "a liberalizing aim or result",
        r"liberali[sz]\w*",
        r"relaxation of",
        r"eas(?:e|ed|ing) (?:the )?(?:censorship|governmental control)",
        r"eas(?:e|ed|ing) up on (?:mass )?(?:political )?terror",
        r"censorship was eased",
        r"less political control",
        r"loosening of control",
        r"reducing the scope of controls",
        r"rehabilitation of",
        r"rehabilitated",
        r"release of (?:\w+ ){0,3}prisoners",
        r"amnesty (?:to|for)",
        r"greater freedoms?",
        r"more openness",
        r"standards of legality",
        r"(?:transformation|reform|overhaul)\w* of the legal system",
        r"legal system (?:that )?(?:underwent|was (?:reformed|transformed|overhauled))",
        r"properly set courts",
        r"abolition of",
        r"dismantl\w+",
        r"critical reflection",
        r"intellectual debate",
        r"speak out against",
        r"campaign against stalin",
        r"acknowledg\w+ of stalin",
        r"aim\w* to (?:break down|move away from|end)\b",
        r"(?:alter|reform|change)\w* the (?:very )?essence",
        r"narrow the gap",
        r"radical change",
        r"repudiat\w*",
        r"(?:genuine|real) democrati[sz]ation",
    ),
    *_cues(SINCERE, 0.75, "marks the end of a Stalin-era practice", r"no longer"),
    *_cues(SINCERE, 0.5, "condemning Stalin", r"condemn\w*"),
]

_NEGATION = re.compile(
    r"\b(?:not(?! only)|never|hardly|neither|nor|no(?! longer)|unable to|failed to)\b|n[’']t\b",
    re.IGNORECASE,
)
_CONCESSION = re.compile(r"\b(?:while|although|though|albeit|despite|even if)\b", re.IGNORECASE)
_MINIMIZER = re.compile(
    r"\b(?:less than \S+ (?:percent|per cent|%)|only a (?:few|fraction|handful)|a handful)\b",
    re.IGNORECASE,
)
_APPEARANCE = re.compile(
    r"\b(?:hardly valid|may appear|presented himself as|posed as|claimed to be)\b", re.IGNORECASE
)
_CLAUSE_BREAK = re.compile(r"[,;:()\u2013\u2014]|\bbut\b", re.IGNORECASE)
_STALIN_OPENING = re.compile(r"^(?:joseph )?stalin\b", re.IGNORECASE)
_AFTER_STALIN = re.compile(
    r"khrushchev|de-?staliniz|destaliniz|thaw|successor|secret speech", re.IGNORECASE
)
_OTHER = {SINCERE: POLITICAL, POLITICAL: SINCERE}


@dataclass(frozen=True, slots=True)
class Signal:
    """One cue match weighed in its context: the side it counts for and why."""

    phrase: str
    side: str
    weight: float
    reason: str


def classify(text: str) -> tuple[str, tuple[str, ...]]:
    """The stance of ``text`` and the reasons behind it, the decisive one first.

    For a side: its cues, strongest first (a cue found several times is one reason), then
    the other side's. For neutral: one sentence saying why no side was taken.
    """
    signals = signals_of(text)
    if _about_stalin_alone(text):
        heard = _phrases(signals) or "no cue"
        return NEUTRAL, (f"about Stalin's own rule, not de-Stalinization ({heard})",)
    if not signals:
        return NEUTRAL, ("plain narrative: no cue phrases",)
    totals = {side: sum(s.weight for s in signals if s.side == side) for side in _OTHER}
    best = max(totals, key=lambda side: totals[side])
    score = f"sincere {totals[SINCERE]:g}, political {totals[POLITICAL]:g}"
    if totals[best] < MIN_SCORE:
        why = f"too weak to take a side: {score} (a side needs {MIN_SCORE:.1f})"
        return NEUTRAL, (why, *_reasons(signals))
    if totals[best] - totals[_OTHER[best]] < MIN_MARGIN:
        why = f"balanced cues: {score} (a side must lead by {MIN_MARGIN:.1f})"
        return NEUTRAL, (why, *_reasons(signals))
    return best, _reasons(sorted(signals, key=lambda s: (s.side != best, -s.weight)))


def _reasons(signals: list[Signal]) -> tuple[str, ...]:
    """Each signal's reason once, in order; a cue found several times says how often."""
    counts: dict[str, int] = {}
    for signal in signals:
        counts[signal.reason] = counts.get(signal.reason, 0) + 1
    return tuple(r if n == 1 else f"{r} ({n} times)" for r, n in counts.items())


def _phrases(signals: list[Signal]) -> str:
    """“a”, “b”: each phrase once, in order."""
    return ", ".join(f"“{p}”" for p in dict.fromkeys(s.phrase for s in signals))


def signals_of(text: str) -> list[Signal]:
    """Every cue in ``text``, weighed in its sentence and clause."""
    signals: list[Signal] = []
    for sentence in split_sentences(text):
        appearance = _APPEARANCE.search(sentence)
        taken: list[tuple[int, int]] = []
        for cue in CUES:
            for match in cue.pattern.finditer(sentence):
                if any(match.start() < end and start < match.end() for start, end in taken):
                    continue  # a longer, weightier cue already read these words
                taken.append(match.span())
                signals.append(_weigh(cue, match, sentence, appearance))
    return signals


def _weigh(
    cue: Cue, match: re.Match[str], sentence: str, appearance: re.Match[str] | None
) -> Signal:
    """The cue's side and weight once negation, concession, minimizers and poses are read."""
    phrase = match.group(0)
    before = _clause_before(sentence, match.start())
    side, weight, context = cue.side, cue.weight, ""
    if found := _NEGATION.search(before):
        side, context = _OTHER[side], f"negated by “{found.group(0)}”"
    elif cue.side == SINCERE and (found := _MINIMIZER.search(before)):
        side, context = POLITICAL, f"limited to “{found.group(0)}”"
    elif cue.side == SINCERE and appearance and appearance.group(0).lower() != phrase.lower():
        side, context = POLITICAL, f"an appearance (“{appearance.group(0)}”)"
    if found := _CONCESSION.search(before):
        weight *= CONCEDED
        context = ", ".join(filter(None, [context, f"conceded (“{found.group(0)}”)"]))
    detail = f", {context}" if context else ""
    return Signal(phrase, side, weight, f"“{phrase}” reads as {side}: {cue.note}{detail}")


def _clause_before(sentence: str, position: int) -> str:
    """The words of the cue's clause before it, at most ``WINDOW_WORDS`` of them."""
    head = sentence[:position]
    breaks = list(_CLAUSE_BREAK.finditer(head))
    clause = head[breaks[-1].end() :] if breaks else head
    return " ".join(clause.split()[-WINDOW_WORDS:])


def _about_stalin_alone(text: str) -> bool:
    """True when Stalin opens the passage and nothing in it is about his successors."""
    return bool(_STALIN_OPENING.match(text.strip())) and not _AFTER_STALIN.search(text)
