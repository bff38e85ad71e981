"""Stance of a passage on the motion: does it read de-Stalinization as sincere or political?

Two readers, one answer:

- ``classify``: the explainable cue rules (``_rules``): motive and reform vocabulary weighed
  for negation, concession, minimizers, poses and time. Their reasons are what students see.
- ``read``: what the product uses. A calibrated linear model (``_model``) over the meaning
  of the words (wordllama static embeddings shipped in its wheel) and named features
  (the rules' scores and verdict, negation, hedging, limits, who acts on whom, before or
  after 1953). It names a side only when its calibrated probability reaches a threshold
  chosen out of fold on the train and dev texts; otherwise it answers neutral. Its reasons say
  how sure it is and which words and features weighed most, then the rules' reasons.

Measured on labelled sentences from real texts the project does not ship, split by text
(``tests/data/stance_real.toml``; ``python -m benchmarks.stance``; README, "Stance").
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import numpy as np

from bot.stance import _features, _model
from bot.stance._rules import (
    CONCEDED,
    CUES,
    MIN_MARGIN,
    MIN_SCORE,
    NEUTRAL,
    POLITICAL,
    SINCERE,
    STANCES,
    WINDOW_WORDS,
    Cue,
    Signal,
    classify,
    signals_of,
    weigh,
)

__all__ = [
    "CONCEDED",
    "CUES",
    "MAX_CHARS",
    "MIN_MARGIN",
    "MIN_SCORE",
    "NEUTRAL",
    "POLITICAL",
    "SINCERE",
    "STANCES",
    "WINDOW_WORDS",
    "Cue",
    "Reading",
    "Signal",
    "check",
    "classify",
    "clean",
    "read",
    "signals_of",
]

MAX_CHARS = 20_000  # a passage is far shorter; the command line refuses longer text


@dataclass(frozen=True, slots=True)
class Reading:
    """A stance, how sure the model is of it (calibrated, 0..1), and why."""

    stance: str
    confidence: float
    reasons: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "stance": self.stance,
            "confidence": round(self.confidence, 3),
            "reasons": list(self.reasons),
        }


def clean(text: str) -> str:
    """``text`` fit to read: control characters and lone surrogates dropped, at most
    ``MAX_CHARS`` characters, whitespace runs made single spaces."""
    kept = "".join(
        " " if ch.isspace() else ch
        for ch in text[: MAX_CHARS * 2]
        if ch.isspace() or unicodedata.category(ch) not in {"Cc", "Cs", "Cf", "Co", "Cn"}
    )
    return " ".join(kept.split())[:MAX_CHARS]


def check(text: str) -> str | None:
    """Why ``text`` cannot be read as given (for the command line), or None."""
    if len(text) > MAX_CHARS:
        return (
            f"the text is longer than {MAX_CHARS:,} characters, the most stance reads "
            "(give a sentence or a passage)"
        )
    if not clean(text):
        return (
            "there is no text to read: give a sentence or a passage "
            "(control characters are ignored)"
        )
    return None


def read(text: str) -> Reading:
    """The stance of ``text`` with its calibrated confidence and reasons (any string)."""
    text = clean(text)
    if not text:
        return Reading(NEUTRAL, 1.0, ("no text to read",))
    rule_stance, rule_reasons, signals = weigh(text)
    model = _model.load()
    found = _features.features(text, (rule_stance, signals))
    probabilities = dict(zip(model.classes, model.probabilities(found), strict=True))
    stance, confidence = _model.decide(model, np.asarray(list(probabilities.values())))
    summary = _summary(model, found, stance, probabilities)
    return Reading(stance, confidence, (summary, *_rule_reasons(rule_stance, rule_reasons, stance)))


def _summary(model: _model.Model, found: _features.Features, stance: str, p: dict) -> str:
    """One line: the answer, how sure, and what weighed most for it."""
    if stance == NEUTRAL:
        side = max((SINCERE, POLITICAL), key=lambda s: p[s])
        scores = f"sincere {p[SINCERE]:.2f}, political {p[POLITICAL]:.2f}"
        if p[side] > p[NEUTRAL]:  # the side led, but not by enough
            head = f"neutral: no side reaches {model.threshold:.2f} ({scores})"
            words, named = model.why(found, side)
        else:
            head = f"neutral (confidence {p[NEUTRAL]:.2f}; {scores})"
            words, named = model.why(found, NEUTRAL)
    else:
        head = f"{stance} (confidence {p[stance]:.2f})"
        words, named = model.why(found, stance)
    parts = []
    if words:
        parts.append("words weighed most " + ", ".join(f"“{w}”" for w in words))
    if named:
        parts.append("features: " + ", ".join(named))
    return head + ("; " + "; ".join(parts) if parts else "")


def _rule_reasons(rule_stance: str, reasons: tuple[str, ...], stance: str) -> tuple[str, ...]:
    """The cue rules' reasons, said as theirs when they read the text another way."""
    if rule_stance == stance:
        return reasons
    return (f"the cue rules alone read {rule_stance}", *reasons)
