"""Stance quality: accuracy and per-class precision/recall against always-neutral.

    python -m benchmarks.stance [--json] [--sets readings,cv,test,test2,test_all]

For each labelled set, in one run: the stance reader (``bot.stance.read``), the cue rules
alone (``bot.stance.classify``), and the naive baseline that always answers "neutral".
The sets (``tests/data/stance_real.toml`` is split by text):

- ``test``: the first test texts, ``test2``: the second, labelled before any run;
  ``test_all``: both. Never tuned or fitted on.
- ``cv``: the train and dev texts, each answered by the fold model that never saw its
  text (the grouped cross-validation the training chooses its settings on).
- ``readings`` (the readings' 71 passages), ``train``, ``dev`` and the older held-out sets:
  fitted on by the shipped model, so its figures there are not estimates for new text.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence

from bot.stance import NEUTRAL, POLITICAL, SINCERE, _model, classify, read
from bot.stance.train import labelled_sets, out_of_fold

SETS = (
    "readings",
    "cv",
    "dev",
    "test",
    "test2",
    "test_all",
    "train",
    "stance_heldout",
    "stance_heldout2",
)
READERS: dict[str, Callable[[str], str]] = {
    "reader": lambda text: read(text).stance,
    "rules": lambda text: classify(text)[0],
    "all-neutral": lambda text: NEUTRAL,
}


def measure(rows: Sequence[tuple[str, str]], answer: Callable[[str], str]) -> dict:
    """Accuracy, per-class precision and recall, and the precision of named sides."""
    pairs = [(label, answer(text)) for text, label in rows]
    result: dict = {"n": len(pairs), "accuracy": _ratio(sum(y == a for y, a in pairs), len(pairs))}
    for stance in (SINCERE, POLITICAL, NEUTRAL):
        hit = sum(y == a == stance for y, a in pairs)
        result[stance] = {
            "precision": _ratio(hit, sum(a == stance for _, a in pairs)),
            "recall": _ratio(hit, sum(y == stance for y, _ in pairs)),
        }
    sides = [(y, a) for y, a in pairs if a != NEUTRAL]
    result["sides_named"] = len(sides)
    result["side_precision"] = _ratio(sum(y == a for y, a in sides), len(sides))
    return result


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


def run(names: Sequence[str]) -> dict:
    sets = labelled_sets()
    started = time.perf_counter()
    report: dict = {}
    for name in names:
        if name == "cv":
            report[name] = _cross_validated(sets)
        else:
            report[name] = {r: measure(sets[name], f) for r, f in READERS.items()}
    report["seconds"] = round(time.perf_counter() - started, 2)
    return report


def _cross_validated(sets: dict) -> dict:
    """The train and dev texts, the model's answers out of fold (``train.out_of_fold``)."""
    rows = sets["train"] + sets["dev"]
    answers = dict(zip((t for t, _ in rows), out_of_fold(sets, _model.load()), strict=True))
    readers = {**READERS, "reader": lambda text: answers[text]}
    return {r: measure(rows, f) for r, f in readers.items()}


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.stance", description=__doc__)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--sets", default="readings,cv,test,test2,test_all", help=f"any of {','.join(SETS)}"
    )
    args = parser.parse_args(argv)
    names = [n for n in args.sets.split(",") if n]
    if unknown := [n for n in names if n not in SETS]:
        parser.error(f"unknown set(s): {', '.join(unknown)}")
    report = run(names)
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    out = sys.stdout
    out.write("set | n | reader | acc | sincere P/R | political P/R | neutral P/R | sides right\n")
    for name in names:
        for reader, m in report[name].items():
            pr = " | ".join(
                f"{_fmt(m[s]['precision'])}/{_fmt(m[s]['recall'])}"
                for s in (SINCERE, POLITICAL, NEUTRAL)
            )
            sides = f"{_fmt(m['side_precision'])} of {m['sides_named']}"
            out.write(f"{name} | {m['n']} | {reader} | {m['accuracy']:.2f} | {pr} | {sides}\n")
    out.write(f"({report['seconds']} s)\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
