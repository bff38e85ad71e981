"""Train the stance model and write ``bot/stance/model.json``: ``python -m bot.stance.train``.

A developer's tool, run from a checkout (it reads ``tests/data``). Deterministic: the same
labels give the same file. What it uses:

- choose (regularization, embedding weight, calibration temperature, side threshold): out-of-
  fold predictions of a grouped cross-validation over the *train* and *dev* texts (each text is
  held out whole, in one of ``FOLDS`` folds), so every choice is measured on texts the fold's
  model never saw; the readings' 71 passage labels and the two older held-out sets are in every
  fold's fit, never measured;
- fit the shipped model: the train and dev texts, the readings and the older held-out sets;
- never: the *test* and *test2* texts (``python -m benchmarks.stance`` measures them).
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from pathlib import Path

import numpy as np

from bot.stance import _features
from bot.stance._model import MODEL_FILE, Model
from bot.stance._rules import NEUTRAL, POLITICAL, SINCERE

DATA = Path(__file__).resolve().parents[2] / "tests" / "data"
CLASSES = (SINCERE, POLITICAL, NEUTRAL)
# (C, embedding scale, readings weight). The embedding is unit-length, scaled against the
# standardized named features: a smaller scale regularizes the words' meaning harder than the
# named cues. The readings' passages may weigh more than one sentence: the product serves them.
# A wider grid (C 0.3 too, readings weight 1 too) was measured once: each of its extra points
# either lost the readings or lost out-of-fold accuracy (README, "Stance"); this one is kept
# so that training stays under half a minute.
GRID = tuple((c, scale, 3.0) for c in (1.0, 3.0) for scale in (0.5, 1.0))
FOLDS = 6
TEMPERATURES = tuple(round(0.25 * i, 2) for i in range(1, 25))
THRESHOLDS = tuple(round(0.34 + 0.02 * i, 2) for i in range(31))
SIDE_PRECISION = 0.9  # a named side should be right this often (out of fold)
MIN_SIDES = 10  # ...measured on at least this many named sides
MIN_READINGS = 0.96  # the readings' 71 passages (the issue asks at least 0.95)
EXTRA = ("readings", "stance_heldout", "stance_heldout2")  # fitted on, never measured

Rows = list[tuple[str, str]]  # (text, label)


def labelled_sets(data: Path = DATA) -> dict[str, Rows]:
    """train / dev / test sentences by text split, the readings, and the older held-out sets."""
    from bot.corpus import load_corpus

    with (data / "stance_real.toml").open("rb") as handle:
        real = tomllib.load(handle)
    split = {s["slug"]: s["split"] for s in real["source"]}
    sets: dict[str, Rows] = {"train": [], "dev": [], "test": [], "test2": []}
    for row in real["sentence"]:
        sets[split[row["source"]]].append((row["text"], row["label"]))
    texts = {p.id: p.text for p in load_corpus().passages}
    with (data / "stance_labels.toml").open("rb") as handle:
        sets["readings"] = [(texts[r["id"]], r["label"]) for r in tomllib.load(handle)["passage"]]
    for name in ("stance_heldout", "stance_heldout2"):
        with (data / f"{name}.toml").open("rb") as handle:
            sets[name] = [(r["text"], r["label"]) for r in tomllib.load(handle)["sentence"]]
    sets["test_all"] = sets["test"] + sets["test2"]
    return sets


def _matrix(rows: Rows) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    found = [_features.features(text) for text, _ in rows]
    embeddings = np.stack([f.embedding for f in found])
    named = np.stack([f.named for f in found])
    labels = np.asarray([CLASSES.index(label) for _, label in rows])
    return embeddings, named, labels


def _softmax(z: np.ndarray) -> np.ndarray:
    z = np.exp(z - z.max(axis=1, keepdims=True))
    return z / z.sum(axis=1, keepdims=True)


class _Fit:
    """A logistic regression over [embedding * scale, standardized named features]."""

    def __init__(self, data: tuple[np.ndarray, ...], c: float, scale: float):
        from sklearn.linear_model import LogisticRegression

        emb, named, y, weight = data
        self.scale = scale
        self.mean, self.std = named.mean(axis=0), named.std(axis=0) + 1e-3
        self.clf = LogisticRegression(C=c, max_iter=5000)
        self.clf.fit(self._x(emb, named), y, sample_weight=weight)

    def _x(self, emb: np.ndarray, named: np.ndarray) -> np.ndarray:
        return np.hstack([emb * self.scale, (named - self.mean) / self.std])

    def logits(self, emb: np.ndarray, named: np.ndarray) -> np.ndarray:
        order = [list(self.clf.classes_).index(i) for i in range(len(CLASSES))]
        return self.clf.decision_function(self._x(emb, named))[:, order]

    def model(self, temperature: float, threshold: float, facts: dict) -> Model:
        order = [list(self.clf.classes_).index(i) for i in range(len(CLASSES))]
        weights = self.clf.coef_[order]
        dim = _features.dimension()
        return Model(
            classes=CLASSES,
            embedding_weights=(weights[:, :dim] * self.scale).astype(np.float32),
            named_weights=weights[:, dim:].astype(np.float32),
            bias=self.clf.intercept_[order].astype(np.float32),
            named_mean=self.mean.astype(np.float32),
            named_scale=self.std.astype(np.float32),
            temperature=temperature,
            threshold=threshold,
            facts=facts,
        )


def _score(threshold: float, probabilities: np.ndarray, labels: np.ndarray) -> tuple:
    """(accuracy, precision of named sides (1.0 when none), sides named) at ``threshold``."""
    neutral = CLASSES.index(NEUTRAL)
    answers = probabilities.argmax(axis=1)  # as ``decide``: a side only at the threshold
    answers[(answers != neutral) & (probabilities.max(axis=1) < threshold)] = neutral
    sides = answers != neutral
    precision = float((answers[sides] == labels[sides]).mean()) if sides.any() else 1.0
    return float((answers == labels).mean()), precision, int(sides.sum())


def _folds(sources: list[str]) -> list[np.ndarray]:
    """``FOLDS`` masks over the rows, each holding out whole texts (a fixed shuffle)."""
    texts = sorted(set(sources))
    np.random.RandomState(0).shuffle(texts)
    held = [set(texts[i::FOLDS]) for i in range(FOLDS)]
    return [np.asarray([s in h for s in sources]) for h in held]


def _nll(logits: np.ndarray, y: np.ndarray, temperature: float) -> float:
    p = _softmax(logits / temperature)
    return float(-np.log(p[np.arange(len(y)), y] + 1e-9).mean())


def _rows(real: tuple, extras: tuple, keep: np.ndarray) -> tuple[np.ndarray, ...]:
    """The fit data: the kept train+dev rows (weight 1) and every extra row (its weight)."""
    emb, named, y = real
    x_emb, x_named, x_y, x_w = extras
    return (
        np.vstack([emb[keep], x_emb]),
        np.vstack([named[keep], x_named]),
        np.concatenate([y[keep], x_y]),
        np.concatenate([np.ones(int(keep.sum())), x_w]),
    )


def _extras(extra: list, readings_weight: float) -> tuple:
    """The rows fitted in every fold (readings and older held-out sets) with their weights."""
    weights = [
        np.full(len(m[2]), readings_weight if name == "readings" else 1.0)
        for name, m in zip(EXTRA, extra, strict=True)
    ]
    return (*(np.concatenate([m[i] for m in extra]) for i in range(3)), np.concatenate(weights))


def _out_of_fold_logits(
    real: tuple, extras: tuple, sources: list[str], c: float, scale: float
) -> np.ndarray:
    """Each train+dev row's logits from the fold model that did not see its text."""
    emb, named, y = real
    logits = np.zeros((len(y), len(CLASSES)))
    for held in _folds(sources):
        logits[held] = _Fit(_rows(real, extras, ~held), c, scale).logits(emb[held], named[held])
    return logits


def out_of_fold(sets: dict[str, Rows], model: Model) -> list[str]:
    """The answers the shipped model's settings give each train+dev sentence out of fold.

    The benchmark's estimate for texts like the train and dev ones: every answer comes from
    a model fitted without that sentence's text (same C, scale, weights, temperature and
    threshold as ``model``; ``model.facts`` records them).
    """
    real, extra = _matrix(sets["train"] + sets["dev"]), [_matrix(sets[n]) for n in EXTRA]
    extras = _extras(extra, model.facts["readings_weight"])
    c, scale = model.facts["C"], model.facts["embedding_scale"]
    logits = _out_of_fold_logits(real, extras, real_sources(), c, scale)
    probabilities = _softmax(logits / model.temperature)
    neutral = CLASSES.index(NEUTRAL)
    answers = probabilities.argmax(axis=1)
    answers[(answers != neutral) & (probabilities.max(axis=1) < model.threshold)] = neutral
    return [CLASSES[a] for a in answers]


def train(sets: dict[str, Rows], sources: list[str] | None = None) -> Model:
    """Choose by grouped cross-validation over the train and dev texts, then fit them all.

    For each point of ``GRID`` the temperature minimizes out-of-fold log-loss; then
    (grid point, threshold) is the pair whose out-of-fold named sides are right at least
    ``SIDE_PRECISION`` of the time (on ``MIN_SIDES`` or more) with the best out-of-fold
    accuracy, among those whose final model keeps the readings (training data, which the
    product serves) at ``MIN_READINGS``; ties go to the lower threshold (more sides named).
    ``sources`` names each train+dev row's text (``real_sources()``).
    """
    sources = sources if sources is not None else real_sources()
    real, extra = _matrix(sets["train"] + sets["dev"]), [_matrix(sets[n]) for n in EXTRA]
    y = real[2]
    read_emb, read_named, read_y = _matrix(sets["readings"])
    best: tuple[tuple, Model] | None = None
    for c, scale, readings_weight in GRID:
        extras = _extras(extra, readings_weight)
        logits = _out_of_fold_logits(real, extras, sources, c, scale)
        final = _Fit(_rows(real, extras, np.ones(len(y), dtype=bool)), c, scale)
        temperature = min(TEMPERATURES, key=lambda t: _nll(logits, y, t))
        probabilities = _softmax(logits / temperature)
        read_p = _softmax(final.logits(read_emb, read_named) / temperature)
        for threshold in THRESHOLDS:
            accuracy, precision, named_sides = _score(threshold, probabilities, y)
            readings, _, _ = _score(threshold, read_p, read_y)
            precise = precision >= SIDE_PRECISION and named_sides >= MIN_SIDES
            key = (readings >= MIN_READINGS, precise, accuracy, precision, -threshold)
            if best is None or key > best[0]:
                facts = {
                    "C": c,
                    "embedding_scale": scale,
                    "readings_weight": readings_weight,
                    "fit_sentences": len(y) + len(extras[2]),
                    "cv_sentences": len(y),
                    "cv_texts": len(set(sources)),
                    "cv_log_loss": round(_nll(logits, y, temperature), 3),
                    "cv_accuracy": round(accuracy, 3),
                    "cv_side_precision": round(precision, 3),
                    "cv_sides_named": named_sides,
                    "cv_all_neutral": round(float((y == CLASSES.index(NEUTRAL)).mean()), 3),
                    "readings_accuracy": round(readings, 3),
                }
                best = (key, final.model(temperature, threshold, facts))
    assert best is not None
    return best[1]


def real_sources(data: Path = DATA) -> list[str]:
    """The text each train and dev sentence comes from, in ``labelled_sets`` order."""
    with (data / "stance_real.toml").open("rb") as handle:
        real = tomllib.load(handle)
    split = {s["slug"]: s["split"] for s in real["source"]}
    return [
        row["source"]
        for part in ("train", "dev")
        for row in real["sentence"]
        if split[row["source"]] == part
    ]


def to_json(model: Model) -> str:
    def rounded(a: np.ndarray) -> list:
        return np.round(a.astype(np.float64), 5).tolist()

    return json.dumps(
        {
            "classes": list(model.classes),
            "names": list(_features.NAMES),
            "embedding_weights": rounded(model.embedding_weights),
            "named_weights": rounded(model.named_weights),
            "bias": rounded(model.bias),
            "named_mean": rounded(model.named_mean),
            "named_scale": rounded(model.named_scale),
            "temperature": model.temperature,
            "threshold": model.threshold,
            "facts": model.facts,
        },
        separators=(",", ":"),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.stance.train", description=__doc__)
    parser.add_argument("--out", type=Path, default=MODEL_FILE, help="where to write the model")
    args = parser.parse_args(argv)
    model = train(labelled_sets())
    args.out.write_text(to_json(model) + "\n", encoding="utf-8")
    facts = json.dumps(model.facts)
    sys.stdout.write(
        f"wrote {args.out}: {facts}, temperature {model.temperature}, threshold {model.threshold}\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
