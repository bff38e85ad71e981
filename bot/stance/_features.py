"""What the stance model sees in a text: meaning (static word embeddings) and named cues.

The embedding is the mean of the text's wordllama token vectors (the weights ship inside
the wordllama wheel; nothing is downloaded), scaled to unit length, so a word the labels
never contained still lands near words of like meaning. Beside it stand features a
student can read: the cue rules' scores and verdict (``_rules``), negation, hedging,
limits and concessions, who acts (Khrushchev, Stalin, rivals) and for what, and time
(before or after Stalin's death in 1953).
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from bot import meaning
from bot.stance import _rules
from bot.stance._rules import POLITICAL, SINCERE
from bot.typed import readable

log = logging.getLogger(__name__)

MAX_TOKENS = 512  # a passage is a few sentences; longer text is read from its start


def _pattern(*words: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(words) + r")\b", re.IGNORECASE)


# Each named feature: a short name a student can read, and the words that set it.
# fmt: off
_NAMED: dict[str, re.Pattern[str]] = {
    "negation": _pattern("not", "never", "no", r"\w+n[’']t", "nor", "without", "failed", "lack"),
    "hedging": _pattern(
        "may", "might", "possibly", "perhaps", "ostensibly", "allegedly", "apparently",
        "supposedly", "seemingly", "claimed", "so-called", "arguably",
    ),
    "a limit": _pattern(
        "only", "partial", "partially", "limited", "selective", "selectively", "half-hearted",
        "incomplete", "superficial", "cautious", "circumscribed", "never fully", "still",
        "remained", "slow", "some", r"limits?", r"omissions?", r"half-truths?", "selective",
        r"inconsistent(?:ly)?", "too little", "up to a point", "fell short", "ambivalent",
        "halting", r"did not end",
    ),
    "a concession": _pattern("but", "yet", "however", "although", "though", "despite", "while"),
    "a motive": _pattern(
        "to", "in order to", "so as to", "aimed at", "designed", "sought", "motives?", "calculated"
    ),
    "power words": _pattern(
        "power", "control", "rivals?", "opponents?", "position", "legitimi[sz]e", "struggle",
        "consolidate", "maneuvering", "manoeuvring", "strategic",
    ),
    "reform words": _pattern(
        "released?", "freed", "rehabilitat\\w*", "relax\\w*", "eas\\w+", "freedom", "reforms?",
        r"liberali[sz]\w*", "thaw", "break", "ended", "end", "humani[sz]e", "democrati[sz]e",
    ),
    "repression words": _pattern(
        "repression", "repressive", "terror", "crushed", "invaded", "arrests?", "executed",
        "camps?", "exile", "purges?", r"suppress\w*", r"persecut\w*", "invasion", r"tanks?",
    ),
    "releases and amnesty": _pattern(
        r"amnest\w*", r"acquitt\w*", r"exonerat\w*", r"liberat(?:ed|ion)", "freed",
        "released", "returned home", r"rehabilitat\w*",
    ),
    "culture words": _pattern(
        "censorship", r"artists?", "artistic", r"writers?", "openness", r"creativ\w*",
        "intellectual", "publication", "published", "literature",
    ),
    "economy or foreign affairs": _pattern(
        r"econom\w*", r"agricultur\w*", "harvests?", "grain", r"industr\w*", "missiles?",
        "foreign", r"farms?", "food", "cuba", "coexistence",
    ),
    "Khrushchev acts": re.compile(
        r"\b(?:khrushchev|he)\b(?:'s|’s)?\s+(?:\w+\s+){0,2}?"
        r"(?:sought|tried|wanted|used|aimed|set|denounced|launched|attacked|allowed|began)\b",
        re.IGNORECASE,
    ),
    "it served Khrushchev": re.compile(
        r"\b(?:allowed|enabled|helped|served)\s+(?:\w+\s+){0,2}?khrushchev", re.IGNORECASE
    ),
    "Stalin is the subject": re.compile(r"^\W*(?:joseph\s+)?stalin\b", re.IGNORECASE),
    "after 1953": _rules._AFTER_STALIN,
    "before 1953": re.compile(r"\b(?:19[0-4]\d|195[0-2])s?\b|\bunder stalin\b", re.IGNORECASE),
}
# Who acts on whom, and about what: features that need two things in one sentence.
_DESTALINIZATION = re.compile(
    r"de-?stalini[sz]\w*|destalini[sz]\w*|secret speech|denunciation|denounc\w*|reforms?|thaw"
    r"|releas\w*|rehabilitat\w*|liberali[sz]\w*",
    re.IGNORECASE,
)
_DEFINITION = re.compile(
    r"^\W*[\w\s'’“”\"-]{0,60}?\b(?:refers? to|is defined as|was the term|is the term|means)\b",
    re.IGNORECASE,
)
_PAIRS: dict[str, tuple[re.Pattern[str], re.Pattern[str], bool]] = {
    # name: (first, second, whether the second must be present (True) or absent (False))
    "power tied to the reforms": (_NAMED["power words"], _DESTALINIZATION, True),
    "a power struggle alone": (_NAMED["power words"], _DESTALINIZATION, False),
    "repression after 1953": (_NAMED["repression words"], _rules._AFTER_STALIN, True),
    "a limit on the reforms": (_NAMED["a limit"], _DESTALINIZATION, True),
}
RULE_FEATURES = ("rules: sincere score", "rules: political score", "rules say sincere",
                 "rules say political")
# fmt: on
NAMES: tuple[str, ...] = (*RULE_FEATURES, *_NAMED, *_PAIRS, "a definition", "length")


@dataclass(frozen=True, slots=True)
class Features:
    """A text as the model reads it: its embedding, named features, and its words."""

    embedding: np.ndarray  # unit-length mean of the token vectors (zeros for no token)
    named: np.ndarray  # one value per name in ``NAMES``
    tokens: np.ndarray  # the token vectors, one row per token (for the words' weights)
    words: tuple[str, ...]  # the text's word each token belongs to
    pool_scale: float  # 1 / (token count * norm of the mean): a token's share of the embedding
    cues: tuple[tuple[str, ...], ...] = ()  # per name in ``NAMES``: the words that set it


# The side a named feature speaks for, as a student reads its name. A linear model may give
# a feature the other sign (it corrects a correlated one), and a reason must not say "a limit
# on the reforms" for a sincere reading: such a feature still weighs, but is not named.
SIDE_OF: dict[str, str] = {
    "rules: sincere score": SINCERE,
    "rules say sincere": SINCERE,
    "rules: political score": POLITICAL,
    "rules say political": POLITICAL,
    "a limit": POLITICAL,
    "power words": POLITICAL,
    "reform words": SINCERE,
    "repression words": POLITICAL,
    "releases and amnesty": SINCERE,
    "culture words": SINCERE,
    "economy or foreign affairs": _rules.NEUTRAL,
    "it served Khrushchev": POLITICAL,
    "power tied to the reforms": POLITICAL,
    "a power struggle alone": _rules.NEUTRAL,
    "repression after 1953": POLITICAL,
    "a limit on the reforms": POLITICAL,
    "a definition": _rules.NEUTRAL,
    "length": "",
}


def _wordllama() -> Any:
    """The one wordllama model of the process (bot.meaning loads it from the wheel)."""
    return meaning.model()


def dimension() -> int:
    return int(_wordllama().embedding.shape[1])


def features(text: str, rules: tuple[str, list[_rules.Signal]] | None = None) -> Features:
    """The features of ``text`` (any string; an empty one has zero features).

    ``rules`` is the cue rules' verdict and signals when the caller has them already.
    """
    model = _wordllama()
    encoding = model.tokenizer.encode(readable(text)[0], add_special_tokens=False)
    ids = np.asarray(encoding.ids[:MAX_TOKENS], dtype=np.int64)
    ids = np.clip(ids, 0, model.embedding.shape[0] - 1)
    tokens = model.embedding[ids] if len(ids) else np.zeros((0, dimension()), np.float32)
    mean = tokens.mean(axis=0) if len(ids) else np.zeros(dimension(), np.float32)
    norm = float(np.linalg.norm(mean))
    scale = 1.0 / (len(ids) * norm) if norm > 0 else 0.0
    words = tuple(_word_at(text, start) for start, _ in encoding.offsets[:MAX_TOKENS])
    if rules is None:
        verdict, _, signals = _rules.weigh(text)
        rules = (verdict, signals)
    cues = tuple(_cue_words(text, name) for name in NAMES)
    return Features(mean * scale * len(ids), _named(text, *rules), tokens, words, scale, cues)


def _cue_words(text: str, name: str) -> tuple[str, ...]:
    """The words of ``text`` that set the named feature ``name`` (none for a score)."""
    pattern = _NAMED.get(name) or (_PAIRS[name][0] if name in _PAIRS else None)
    if pattern is None:
        return ()
    return tuple(dict.fromkeys(m.group(0) for m in pattern.finditer(text)))


def _named(text: str, verdict: str, signals: list[_rules.Signal]) -> np.ndarray:
    totals = {SINCERE: 0.0, POLITICAL: 0.0}
    for signal in signals:
        totals[signal.side] = totals.get(signal.side, 0.0) + signal.weight
    values = [
        math.log1p(totals[SINCERE]),
        math.log1p(totals[POLITICAL]),
        float(verdict == SINCERE),
        float(verdict == POLITICAL),
    ]
    values += [math.log1p(len(p.findall(text))) for p in _NAMED.values()]
    for first, second, wanted in _PAIRS.values():
        values.append(float(bool(first.search(text)) and bool(second.search(text)) == wanted))
    values.append(float(bool(_DEFINITION.match(text))))
    values.append(math.log1p(len(text.split())) / 4)
    return np.asarray(values, dtype=np.float32)


def _word_at(text: str, start: int) -> str:
    """The whole word of ``text`` around character ``start`` (a token may be a word piece)."""
    left = start
    while left > 0 and (text[left - 1].isalnum() or text[left - 1] in "-'’"):
        left -= 1
    right = start
    while right < len(text) and (text[right].isalnum() or text[right] in "-'’"):
        right += 1
    return text[left:right]
