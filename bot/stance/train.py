"""Train the stance model and write ``bot/stance/model.json``: ``python -m bot.stance.train``.

A developer's tool, run from a checkout (it reads ``tests/data``). Deterministic: the same
labels give the same file. What it uses:

- fit: the *train* texts of ``stance_real.toml``, the readings' 71 passage labels
  (``stance_labels.toml``) and the two older held-out sets (``stance_heldout*.toml``);
- tune (regularization, calibration temperature, side threshold): the *dev* texts only;
- never: the *test* texts (``python -m benchmarks.stance`` measures them).
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from pathlib import Path

import numpy as np

from bot.stance import _features
from bot.stance._model import MODEL_FILE, Model, decide
from bot.stance._rules import NEUTRAL, POLITICAL, SINCERE

DATA = Path(__file__).resolve().parents[2] / "tests" / "data"
CLASSES = (SINCERE, POLITICAL, NEUTRAL)
C_GRID = (0.1, 0.3, 1.0, 3.0, 10.0, 30.0)
EMBEDDING_SCALE = 4.0  # unit-length embeddings scaled so L2 weighs them like the named features
TEMPERATURES = tuple(round(0.25 * i, 2) for i in range(1, 25))
THRESHOLDS = tuple(round(0.34 + 0.02 * i, 2) for i in range(31))
SIDE_PRECISION = 0.9  # a named side should be right this often (on dev)
MIN_READINGS = 0.96  # the readings' 71 passages (the issue asks at least 0.95)

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


def _model(clf, mean, scale, temperature: float, threshold: float, facts: dict) -> Model:
    order = [list(clf.classes_).index(i) for i in range(len(CLASSES))]
    weights = clf.coef_[order]
    dim = _features.dimension()
    return Model(
        classes=CLASSES,
        embedding_weights=(weights[:, :dim] * EMBEDDING_SCALE).astype(np.float32),
        named_weights=weights[:, dim:].astype(np.float32),
        bias=clf.intercept_[order].astype(np.float32),
        named_mean=mean.astype(np.float32),
        named_scale=scale.astype(np.float32),
        temperature=temperature,
        threshold=threshold,
        facts=facts,
    )


def _probabilities(model: Model, embeddings: np.ndarray, named: np.ndarray) -> np.ndarray:
    z = embeddings @ model.embedding_weights.T
    z += ((named - model.named_mean) / model.named_scale) @ model.named_weights.T + model.bias
    z /= model.temperature
    z = np.exp(z - z.max(axis=1, keepdims=True))
    return z / z.sum(axis=1, keepdims=True)


def _score(model: Model, probabilities: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """(accuracy, precision of named sides; 1.0 when no side is named)."""
    answers = [CLASSES.index(decide(model, p)[0]) for p in probabilities]
    right = sum(a == y for a, y in zip(answers, labels, strict=True))
    sides = [(a, y) for a, y in zip(answers, labels, strict=True) if CLASSES[a] != NEUTRAL]
    precision = sum(a == y for a, y in sides) / len(sides) if sides else 1.0
    return right / len(labels), precision


def train(sets: dict[str, Rows]) -> Model:
    """Fit on train + the older labels, then choose on dev (never test).

    For each C the temperature minimizes dev log-loss; then (C, threshold) is the pair whose
    named sides on dev are right at least ``SIDE_PRECISION`` of the time with the best dev
    accuracy, among those that keep the readings (training data, which the product serves)
    at ``MIN_READINGS``; ties go to the lower threshold (more sides named).
    """
    from sklearn.linear_model import LogisticRegression

    fit_rows = sets["train"] + sets["readings"] + sets["stance_heldout"] + sets["stance_heldout2"]
    emb, named, y = _matrix(fit_rows)
    dev_emb, dev_named, dev_y = _matrix(sets["dev"])
    read_emb, read_named, read_y = _matrix(sets["readings"])
    mean, scale = named.mean(axis=0), named.std(axis=0) + 1e-3
    x = np.hstack([emb * EMBEDDING_SCALE, (named - mean) / scale])
    best: tuple[tuple[float, ...], Model] | None = None
    for c in C_GRID:
        clf = LogisticRegression(C=c, max_iter=5000).fit(x, y)
        raw = _model(clf, mean, scale, 1.0, 0.0, {})
        temperature = min(TEMPERATURES, key=lambda t: _nll(raw, t, dev_emb, dev_named, dev_y))
        nll = _nll(raw, temperature, dev_emb, dev_named, dev_y)
        for threshold in THRESHOLDS:
            model = _model(clf, mean, scale, temperature, threshold, {})
            accuracy, precision = _score(model, _probabilities(model, dev_emb, dev_named), dev_y)
            readings, _ = _score(model, _probabilities(model, read_emb, read_named), read_y)
            key = (
                float(readings >= MIN_READINGS),
                float(precision >= SIDE_PRECISION),
                accuracy,
                precision,
                -threshold,
            )
            if best is None or key > best[0]:
                facts = {
                    "C": c,
                    "fit_sentences": len(fit_rows),
                    "dev_sentences": len(dev_y),
                    "dev_log_loss": round(nll, 3),
                    "dev_accuracy": round(accuracy, 3),
                    "dev_side_precision": round(precision, 3),
                    "readings_accuracy": round(readings, 3),
                }
                best = (key, _model(clf, mean, scale, temperature, threshold, facts))
    assert best is not None
    return best[1]


def _nll(model: Model, temperature: float, emb, named, y) -> float:
    scaled = Model(**{**_fields(model), "temperature": temperature})
    p = _probabilities(scaled, emb, named)
    return float(-np.log(p[np.arange(len(y)), y] + 1e-9).mean())


def _fields(model: Model) -> dict:
    return {name: getattr(model, name) for name in Model.__dataclass_fields__}


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
