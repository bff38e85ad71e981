"""Stance of a passage on the motion: does it read de-Stalinization as sincere or political?

An explainable cue method, so a student can see why a passage was suggested for a side.
Cues are general motive and reform vocabulary, not one reading's phrases, so that new
readings are classified too: a power motive (discredit or sideline rivals, secure his
position, legitimise, scapegoat, tactic, self-serving) reads as political, as do a limit
or continued repression; a sincere motive (genuine commitment, conviction, remorse) or a
liberalizing result (prisoners released, victims rehabilitated, terror ended, censorship
eased, legality restored) reads as sincere. Each match is then weighed in its context:

- negation flips it ("did not equate to a genuine democratization" reads as political);
- a concession weakens it ("while incomplete, it initiated..." is mostly sincere);
- a minimizer turns a reform into a critique ("less than three percent were rehabilitated");
- an appearance is not the reality: a sincere cue in a sentence that calls it a pose or
  dismisses it ("presented himself as a reformer") reads as political;
- who the passage is about: power words said of Stalin's own rule are not about
  de-Stalinization, and repression or image-making counts only when the passage places
  it after Stalin (Khrushchev, the thaw, a year from 1953 to 1964...).

Where cues overlap, the longest reading of the words wins ("strengthen the rule of law" is
a reform, not "strengthen the rule"). Every weighed match is kept as a reason, the
decisive one first. Developed on ``tests/data/stance_labels.toml`` (the readings) and
``tests/data/stance_heldout.toml``; ``tests/data/stance_heldout2.toml`` was labelled before
and measured after, never tuned on (see ``tests/bot/test_stance.py`` and the README). The
stance reader (``bot.stance.read``) uses these rules as features and keeps their reasons.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import groupby

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
    """A phrase that signals one reading of the motion, with its weight and meaning.

    ``dated`` cues (repression, image-making) describe what any Soviet leader did; they
    count only in a passage that places itself after Stalin (Khrushchev, the thaw, 1956...).
    """

    side: str
    weight: float
    pattern: re.Pattern[str]
    note: str
    dated: bool = False


def _cues(side: str, weight: float, note: str, *patterns: str, dated: bool = False) -> list[Cue]:
    return [
        Cue(side, weight, re.compile(rf"\b(?:{p})\b", re.IGNORECASE), note, dated) for p in patterns
    ]


def _any(*words: str) -> str:
    """One of the words (each may be a stem or a small pattern)."""
    return "(?:" + "|".join(words) + ")"


def _near(first: str, second: str, gap: int = 3) -> str:
    """``first`` (a stem, any ending), then ``second`` within ``gap`` words."""
    return rf"{first}\w* (?:[\w'’-]+ ){{0,{gap}}}{second}"


# fmt: off
_RIVALS = _any(r"rivals?", r"opponents?", r"challengers?", r"competitors?", "adversaries")
_HOLD = _any("position", "power", r"rule(?! of law)", "authority", "grip", "hold", "control")
_PRISONERS = _any("prisoners", "inmates", "detainees", "zeks", "convicts", "deportees", "exiles")
_TERROR = _any(
    "terror", r"purges?", "mass arrests", "arrests", r"repressions?", "executions", "killings",
    r"(?:labou?r )?camps", "gulag",
)
_DISSENT = _any(
    r"uprisings?", r"revolts?", r"rebellions?", r"protests?", r"strikes?", "strikers", "dissent",
    "dissidents", "critics", "opposition", "writers", "believers",
)
_CULT = _any(r"statues?", r"portraits?", r"monuments?", "name", "body")
_FREEDOMS = _any("publish", "print", "speak", "write", r"critici[sz]e", "travel")

CUES: list[Cue] = [
    *_cues(
        POLITICAL, 1.5, "a motive of power or self-protection",
        r"save face", r"struggle for power", r"power struggles?", r"power in his hands",
        r"(?:political|main|his) rivals", r"advanced his (?:own )?position",
        r"paint\w* (?:\w+ ){0,2}black", r"omit\w* his",
        r"(?:reaction|response) to (?:the )?(?:growing )?(?:unrest|threat|pressure)",
        _near(_any("consolidat", "strengthen", "bolster", "cement", "entrench", "tighten",
                   "reinforc", "solidif", "buttress"), _HOLD),
        _near(_any(r"secur(?:e|ed|es|ing)", r"shor\w* up", "protect", "safeguard"),
              rf"(?:his|their|its|the party'?’?s) (?:own )?{_HOLD}", 2),
        r"discredit\w*", r"outmano?euv\w*",
        _near(_any("weaken", "sidelin", "undermin", "isolat", "eliminat", "oust"), _RIVALS),
        r"shift\w* (?:the |all )?(?:\w+ )?blame", r"scapegoat\w*",
        _near("blam", "on (?:stalin|beria|the dead)", 4),
    ),
    *_cues(
        POLITICAL, 1.0, "serves the leader or the elite",
        r"perpetuate their rule", r"political careerists", r"prot[eé]g[eé]s",
        r"protect (?:the )?(?:status|careers|position)", r"security of wealth and status",
        r"status and privileges", r"permissible dose of criticism",
        r"project\w* (?:an? )?(?:\w+ ){0,5}image", r"firm grip on power",
        r"presented himself as", r"won the people'?’?s support", r"by promising",
        _near(_any("win", "won", "gain", "boost", "court", "increas", "seek", "sought", "bolster"),
              _any("popularity", "popular support", "public support")),
        r"legitimi[sz]\w*",
        _near(_any(r"shor\w* up", "bolster", "boost", "gain", "win", "won", "secur", "strengthen",
                   "enhanc", "build", "restor"), "legitimacy"),
        r"self-(?:serving|interest\w*|preservation|protection)",
        _near(_any("hid", "hide", "conceal", "omit", "downplay", "obscur", "cover"),
              r"(?:his|their) own (?:role|part|involvement)", 2),
        r"(?:his|their) own (?:complicity|guilt)", r"complicit\w*|complicity",
        _any(r"hold\w* on to", r"cling\w* to", "clung to", r"stay\w* in", r"remain\w* in",
             r"keep\w* (?:himself )?in") + " power",
        r"hands clean|clean hands", r"(?:expos|implicat|incriminat)\w+ (?:him|himself|them)",
    ),
    *_cues(
        POLITICAL, 1.0, "a tactic, not a conviction",
        r"tactic\w*", r"(?:political )?calculations?", r"expedien\w*",
        r"calculat(?:ed|ing) (?:\w+ )?" + _any("move", "gamble", "risk", "decision", "attempt",
                                               "step", "bid", "strategy", "act", "effort"),
        r"mano?euv\w*|maneuver\w*", r"ploys?|ruses?|pretexts?",
        r"political (?:move|gain|advantage|capital|weapon|tool|instrument)s?",
        r"for political (?:reasons|purposes|ends)",
        r"divert\w* (?:\w+ ){0,2}attention", r"distract\w*",
    ),
    *_cues(
        POLITICAL, 1.0, "an appearance, not the reality",
        r"fa[cç]ade", r"lip service", r"window dressing", r"for show",
    ),
    *_cues(
        POLITICAL, 1.0, "image-making",
        _near(_any("cultivat", "burnish", "polish", "improv", "enhanc", "boost", "craft"),
              _any("image", "reputation")),
        r"propaganda",
        dated=True,
    ),
    *_cues(
        POLITICAL, 1.0, "a limit, or continuity with Stalinism",
        r"in degree,? not in kind", r"remained (?:an? |the )?(?:instrument|tool|weapon) of",
        r"selective", r"incomplete", r"only to a certain extent", r"inconsistent",
        r"vacillat\w+", r"remained (?:\w+ )?authoritarian", r"proud stalinist", r"persecut\w+",
        _any("carefully", "strictly", "tightly", "deliberately", "closely") + " "
        + _any("limited", "controlled", "managed", "restricted", "circumscribed"),
        r"within (?:strict |careful |safe |narrow )?(?:limits|bounds)",
        r"still " + _any("could not", r"couldn'?’?t", "cannot", r"can'?’?t", "needed",
                         "required", "had to", "lacked"),
        r"remained (?:\w+ )?" + _any("in place", "intact", "unchanged", "banned", "forbidden",
                                     "censored", "restricted"),
    ),
    *_cues(
        POLITICAL, 1.0, "repression went on after Stalin",
        _near(_any("crush", "suppress", r"crack\w* down on", r"put\w* down", r"stamp\w* out"),
              _DISSENT),
        rf"{_DISSENT} (?:was|were) (?:\w+ )?(?:crushed|suppressed|put down|stamped out)",
        _near("continu", _any("repression", "persecution", "arrests", "censorship",
                              r"to (?:arrest|persecute|censor|imprison|jail)"), 2),
        dated=True,
    ),
    *_cues(POLITICAL, 0.5, "distancing can serve a rival", r"distanced himself"),
    *_cues(
        SINCERE, 1.5, "an end to terror or a break with it",
        r"abandon\w* (?:the )?mass (?:political )?terror", r"abjured",
        r"end(?:ed)? the use of terror", r"elimination of (?:\w+ ){0,2}terror",
        r"end of repressions?", r"clear break", r"broken? with",
        _near(_any(r"end(?:s|ed|ing)?", "abandon", "renounc", "halt", r"stop(?:s|ped|ping)?",
                   "put an end to", r"clos(?:ed|ing)", r"shut(?: down)?"), _TERROR),
        rf"(?:end|ending) (?:of|to) (?:[\w'’-]+ ){{0,2}}{_TERROR}",
        r"(?:instead of|rather than) (?:being )?"
        + _any("shot", "executed", "killed", "arrested", "imprisoned", "purged"),
    ),
    *_cues(
        SINCERE, 1.5, "a sincere motive",
        _near(_any("genuine", "sincere", "real", "honest", "deep") + "(?:ly)?",
              _any("commitment", "conviction", "belief", "believed", "desire", "attempt",
                   "effort", "remorse", "break", r"reforms?", "change"), 1),
    ),
    *_cues(
        SINCERE, 1.0, "sincerity, conviction or remorse",
        r"sincer\w*", r"genuinely", r"genuine(?= *(?:[.,;:!?)]|$|and\b|but\b))",
        r"remorse\w*", r"repent\w*", r"contrit\w*", r"aton(?:e|ed|ing|ement)", r"convictions?",
        r"moral " + _any("outrage", "revulsion", "duty", "imperative", "courage", "reckoning",
                         "conviction", "choice", "impulse", "obligation", "responsibility",
                         "stand", r"principles?"),
        r"morally " + _any("motivated", "driven", "outraged", "repugnant", "wrong",
                           "reprehensible"),
    ),
    *_cues(
        SINCERE, 1.0, "a liberalizing aim or result",
        r"liberali[sz]\w*", r"relaxation of", r"less political control",
        r"eas(?:e|ed|ing) (?:the )?(?:censorship|governmental control)",
        r"eas(?:e|ed|ing) up on (?:mass )?(?:political )?terror",
        _near(_any("relax", r"eas(?:e|ed|es|ing)", "loosen", "lift", "lessen", "soften"),
              r"(?:censorship|controls?)"),
        r"censorship (?:\w+ ){0,2}(?:relaxed|eased|loosened|lifted|lessened|softened)",
        r"loosening of control", r"reducing the scope of controls",
        r"rehabilitation of", r"rehabilitat(?:e|ed|es|ing)",
        r"rehabilitations? (?:commissions?|committees?|campaign|process|programm?e?)",
        r"restor\w* (?:the |their |his |her )?(?:good )?names?",
        r"release of (?:\w+ ){0,3}prisoners",
        _near(_any("releas", "freed", "freeing", "set free", r"liberat(?:e|ed|ing)"),
              _PRISONERS, 4),
        rf"{_PRISONERS} (?:\w+ ){{0,3}}(?:were |was )?(?:released|freed|set free)",
        r"amnesty (?:to|for)",
        rf"(?:allowed|permitted|free) to {_FREEDOMS}\w*",
        r"openly (?:criticis|criticiz|discuss|describ|debat|writ|wrote)\w*",
        r"greater freedoms?", r"more openness", r"more freedom", r"new freedoms?",
        r"freedom of (?:speech|expression|the press|movement)",
        r"return\w* (?:home )?from (?:the )?(?:camps|gulag|exile)", r"standards of legality",
        r"rule of law", r"socialist legality", r"due process",
        _near(_any("restor", "strengthen", r"re-?establish", r"return\w* to"), "legality", 2),
        r"legality (?:was |were )?(?:restored|re-?established)",
        r"(?:transformation|reform|overhaul)\w* of the legal system",
        r"legal system (?:that )?(?:underwent|was (?:reformed|transformed|overhauled))",
        r"properly set courts", r"abolition of", r"abolish\w*", r"dismantl\w+",
        r"critical reflection", r"intellectual debate", r"speak out against",
        r"campaign against stalin", r"acknowledg\w+ of stalin",
        r"aim\w* to (?:break down|move away from|end)",
        r"(?:alter|reform|change)\w* the (?:very )?essence", r"narrow the gap",
        r"radical change", r"repudiat\w*", r"(?:genuine|real) democrati[sz]ation",
    ),
    *_cues(
        SINCERE, 1.0, "a public break with the cult",
        _near(_any("remov", "renam", r"topp?l", "demolish", r"tak\w+ (?:down|out)",
                   r"pull\w* down", r"tear\w* down", "tore down"), _CULT),
        rf"{_CULT} (?:\w+ ){{0,3}}(?:was|were) "
        + _any("removed", r"taken (?:down|out)", "torn down", "pulled down", "renamed"),
    ),
    *_cues(SINCERE, 0.75, "marks the end of a Stalin-era practice", r"no longer"),
    *_cues(SINCERE, 0.5, "condemning Stalin", r"condemn\w*"),
]
# fmt: on

# Speed only: one search per group of cues skips a group none of whose cues is in a sentence.
_GROUPS = [
    (re.compile("|".join(c.pattern.pattern for c in group), re.IGNORECASE), group)
    for group in (
        list(g) for _, g in groupby(CUES, key=lambda c: (c.side, c.weight, c.note, c.dated))
    )
]

_NEGATION = re.compile(
    r"\b(?:not(?! only)|never|hardly|neither|nor|no(?! longer| doubt)|unable to|failed to"
    r"|doubted|questioned|denied)\b|n[’']t\b",
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
    r"khrushchev|de-?stalini[sz]|destalini[sz]|thaw|successor|secret speech|mausoleum"
    r"|posthumous|after (?:his|stalin'?’?s) death|\b19(?:5[3-9]|6[0-4])s?\b",
    re.IGNORECASE,
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
    stance, reasons, _ = weigh(text)
    return stance, reasons


def weigh(text: str) -> tuple[str, tuple[str, ...], list[Signal]]:
    """``classify`` with the weighed signals it decided on (read once, used twice)."""
    signals = signals_of(text)
    stance, reasons = _decide(text, signals)
    return stance, reasons, signals


def _decide(text: str, signals: list[Signal]) -> tuple[str, tuple[str, ...]]:
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
    """Every cue in ``text``, weighed in its sentence and clause, in reading order."""
    after_stalin = bool(_AFTER_STALIN.search(text))
    signals: list[Signal] = []
    for sentence in split_sentences(text):
        appearance = _APPEARANCE.search(sentence)
        for cue, match in _matches(sentence):
            if cue.dated and not after_stalin:
                signals.append(_undated(cue, match))
            else:
                signals.append(_weigh(cue, match, sentence, appearance))
    return signals


def _matches(sentence: str) -> list[tuple[Cue, re.Match[str]]]:
    """Non-overlapping cue matches: the longest (then weightiest) reading of any words wins."""
    found = [
        (cue, m)
        for anyone, group in _GROUPS
        if anyone.search(sentence)
        for cue in group
        for m in cue.pattern.finditer(sentence)
    ]
    found.sort(key=lambda cm: (cm[1].start() - cm[1].end(), -cm[0].weight))
    kept: list[tuple[Cue, re.Match[str]]] = []
    for cue, match in found:
        if all(match.end() <= m.start() or m.end() <= match.start() for _, m in kept):
            kept.append((cue, match))
    return sorted(kept, key=lambda cm: cm[1].start())


def _undated(cue: Cue, match: re.Match[str]) -> Signal:
    """A dated cue in a passage that never leaves Stalin's time: kept as a reason, weightless."""
    phrase = match.group(0)
    why = f"“{phrase}” not counted ({cue.note}): nothing in the passage places it after Stalin"
    return Signal(phrase, cue.side, 0.0, why)


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
