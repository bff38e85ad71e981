"""The trained stance model: a calibrated linear reader over ``_features``, shipped as JSON.

``model.json`` beside this file is written by ``python -m bot.stance.train`` (scikit-learn
logistic regression on the train and dev texts and older labels, its settings, calibration
and threshold chosen out of fold by a cross-validation grouped by text; never the test
texts). Reading it needs numpy alone: one matrix product per text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from bot.stance._features import NAMES, SIDE_OF, Features
from bot.stance._rules import NEUTRAL, STANCES

MODEL_FILE = Path(__file__).with_name("model.json")
TOP_WORDS = 3  # words named in the reason
TOP_NAMED = 2  # named features named in the reason
# Words too common to explain anything: shown to nobody, though the model still weighs them.
_PLAIN_WORDS = (
    "a an the of to in on at by for from with and or but as is was were be been it its this that "
    "these those they them their he his him she her we our you i which who whom what when where "
    "there here has had have do did not no so such than then also into over under after before "
    "all any some one two can could would should may might will about up out more most very"
)
_PLAIN = frozenset(_PLAIN_WORDS.split())


@dataclass(frozen=True, slots=True)
class Model:
    classes: tuple[str, ...]
    embedding_weights: np.ndarray  # (classes, dimension)
    named_weights: np.ndarray  # (classes, len(NAMES))
    bias: np.ndarray  # (classes,)
    named_mean: np.ndarray
    named_scale: np.ndarray
    temperature: float  # calibration (out of fold): probabilities = softmax(logits / temperature)
    threshold: float  # below this probability a side is not named (chosen out of fold)
    facts: dict  # how it was trained and measured out of fold (README, tests)

    def logits(self, f: Features) -> np.ndarray:
        named = (f.named - self.named_mean) / self.named_scale
        return self.embedding_weights @ f.embedding + self.named_weights @ named + self.bias

    def probabilities(self, f: Features) -> np.ndarray:
        z = self.logits(f) / self.temperature
        z = np.exp(z - z.max())
        return z / z.sum()

    def why(self, f: Features, stance: str) -> tuple[list[str], list[str]]:
        """The words and named features that pushed most toward ``stance``, strongest first.

        A word's weight is its tokens' share of the embedding's logit for ``stance`` minus
        the mean of the other classes' (the embedding is a mean of token vectors, so the
        shares add up exactly); a named feature's is its term of the same difference.
        """
        k = self.classes.index(stance)
        others = [i for i in range(len(self.classes)) if i != k]
        diff = self.embedding_weights[k] - self.embedding_weights[others].mean(axis=0)
        per_token = f.tokens @ diff * f.pool_scale if len(f.tokens) else np.zeros(0)
        per_word: dict[str, float] = {}
        for word, weight in zip(f.words, per_token, strict=True):
            if any(c.isalpha() for c in word) and word.lower() not in _PLAIN:
                per_word[word] = per_word.get(word, 0.0) + float(weight)
        words = sorted((w for w in per_word if per_word[w] > 0), key=lambda w: -per_word[w])
        named = (f.named - self.named_mean) / self.named_scale
        ndiff = self.named_weights[k] - self.named_weights[others].mean(axis=0)
        terms = named * ndiff
        # a feature that is absent says nothing a student can check: only present ones count,
        # and only under a name that speaks for this reading (``SIDE_OF``)
        present = [
            i
            for i in np.argsort(-terms)
            if terms[i] > 0 and f.named[i] > 0 and SIDE_OF.get(NAMES[i], stance) in (stance, "")
        ]
        return words[:TOP_WORDS], [self._named_reason(f, i) for i in present[:TOP_NAMED]]

    @staticmethod
    def _named_reason(f: Features, i: int) -> str:
        """A named feature with the words that set it: 'releases and amnesty (“freed”)'."""
        cues = f.cues[i] if i < len(f.cues) else ()
        if not cues:
            return NAMES[i]
        return f"{NAMES[i]} (" + ", ".join(f"“{w}”" for w in cues[:TOP_WORDS]) + ")"


@cache
def load(path: Path = MODEL_FILE) -> Model:
    data = json.loads(path.read_text(encoding="utf-8"))
    if tuple(data["names"]) != NAMES or set(data["classes"]) != set(STANCES):
        raise ValueError(f"{path} was trained on other features: run python -m bot.stance.train")

    def array(key: str) -> np.ndarray:
        return np.asarray(data[key], dtype=np.float32)

    return Model(
        classes=tuple(data["classes"]),
        embedding_weights=array("embedding_weights"),
        named_weights=array("named_weights"),
        bias=array("bias"),
        named_mean=array("named_mean"),
        named_scale=array("named_scale"),
        temperature=float(data["temperature"]),
        threshold=float(data["threshold"]),
        facts=data.get("facts", {}),
    )


def decide(model: Model, probabilities: np.ndarray) -> tuple[str, float]:
    """The answer and its calibrated probability: a side only at or above the threshold."""
    best = int(np.argmax(probabilities))
    stance = model.classes[best]
    if stance != NEUTRAL and probabilities[best] < model.threshold:
        stance = NEUTRAL
    return stance, float(probabilities[model.classes.index(stance)])
