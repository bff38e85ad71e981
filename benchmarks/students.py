"""Search quality on questions as students type them: both halves, per kind, against FTS5.

    python -m benchmarks.students [--json] [--split dev|test]

``tests/data/student_queries.toml`` holds questions written the way 14-17-year-olds
type them in Discord, with the passages that answer them chosen by reading the
passages before any search ran on them, and a ``split``: ``dev`` (tuning allowed)
or ``test`` (measured only). For each engine and half, per kind:

- recall@1 and recall@3 over answerable questions (``expected`` not empty);
- ``nothing``: the share of unanswerable questions that got no passage;
- ``missing``: the share of questions with a ``missing`` term whose reply names it;
- ``real_words_changed``: corrections that changed a real English word (in wordfreq
  at zipf 3 or more) or a word of the readings into another word.

``fts5`` is the naive peer: plain FTS5 (porter) over the passages, the words ORed.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from wordfreq import zipf_frequency

from benchmarks import engines
from bot.corpus import load_corpus
from bot.search import SearchEngine
from bot.store import Store

QUERY_SET = Path(__file__).resolve().parents[1] / "tests" / "data" / "student_queries.toml"
REAL_WORD = 3.0  # wordfreq zipf: a word this common is English, whatever the readings say


@dataclass
class Answer:
    """What an engine gave a question: passages best first, and what it said."""

    ids: list[str]
    corrections: dict[str, str] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)


Asker = Callable[[str], Answer]


def cases(split: str | None = None) -> list[dict]:
    """The labelled questions (of one half, if ``split`` is given)."""
    listed = tomllib.loads(QUERY_SET.read_text(encoding="utf-8"))["case"]
    return [c for c in listed if split is None or c["split"] == split]


def thawbot(store: Store | None = None) -> Asker:
    """The product's search over the readings (an indexed store, or a fresh in-memory one)."""
    if store is None:
        store = Store(None)
        store.ensure_corpus()
    engine = SearchEngine(store)

    def ask(query: str) -> Answer:
        result = engine.search(query, limit=3)
        return Answer(
            [h.passage.id for h in result.hits],
            dict(result.corrections),
            list(getattr(result, "missing", ())),
        )

    return ask


def fts5() -> Asker:
    """The naive peer over the same passages."""
    search = engines.build("fts5", load_corpus().passages)
    return lambda query: Answer(search(query, 3))


def measure(ask: Asker, labelled: list[dict], vocabulary: set[str]) -> dict:
    """Recall@1/@3 per kind and overall, honest nothing, missing terms named, words changed."""
    kinds: dict[str, dict[str, list[bool]]] = {}
    changed: list[str] = []
    for case in labelled:
        answer = ask(case["query"])
        row = kinds.setdefault(case["kind"], {"at1": [], "at3": [], "nothing": [], "missing": []})
        wanted = set(case["expected"])
        if wanted:
            row["at1"].append(bool(answer.ids) and answer.ids[0] in wanted)
            row["at3"].append(bool(wanted & set(answer.ids[:3])))
        else:
            row["nothing"].append(not answer.ids)
        if case.get("missing"):
            said = {m.lower() for m in answer.missing}
            row["missing"].append(all(m in said for m in case["missing"]))
        for typed, fixed in answer.corrections.items():
            if typed != fixed and (zipf_frequency(typed, "en") >= REAL_WORD or typed in vocabulary):
                changed.append(f"{typed}->{fixed}")
    every = {key: [v for row in kinds.values() for v in row[key]] for key in ("at1", "at3")}
    nothing = [v for row in kinds.values() for v in row["nothing"]]
    return {
        "questions": len(labelled),
        "recall_at_1": _share(every["at1"]),
        "recall_at_3": _share(every["at3"]),
        "nothing": _share(nothing),
        "real_words_changed": changed,
        "by_kind": {
            kind: {key: _share(values) for key, values in row.items() if values}
            | {"n": len(row["at1"]) + len(row["nothing"])}
            for kind, row in sorted(kinds.items())
        },
    }


def _share(values: list[bool]) -> float | None:
    return round(sum(values) / len(values), 3) if values else None


def run(splits: Sequence[str] = ("dev", "test")) -> list[dict]:
    """Every engine on every half, in one run."""
    store = Store(None)
    store.ensure_corpus()
    vocabulary = set(SearchEngine(store).vocabulary)
    askers = {"thawbot": thawbot(store), "fts5": fts5()}
    return [
        {"engine": name, "split": split} | measure(ask, cases(split), vocabulary)
        for split in splits
        for name, ask in askers.items()
    ]


def table(rows: list[dict]) -> str:
    """Markdown: one row per engine and half; per kind recall@1 (nothing for unanswerable)."""
    kinds = sorted({kind for row in rows for kind in row["by_kind"]})
    head = "| half | engine | recall@1 | recall@3 | nothing | real words changed | "
    lines = [
        head + " | ".join(f"{k} (n)" for k in kinds) + " |",
        "| --- | --- | ---: | ---: | ---: | ---: | " + " | ".join("---:" for _ in kinds) + " |",
    ]
    for row in rows:
        cells = []
        for kind in kinds:
            got = row["by_kind"].get(kind, {})
            value = got.get("at1", got.get("nothing"))
            extra = f" / {got['at3']:.2f}" if "at3" in got else ""
            cells.append(f"{value:.2f}{extra} ({got.get('n', 0)})" if value is not None else "-")
        lines.append(
            f"| {row['split']} | {row['engine']} | {row['recall_at_1']:.2f} | "
            f"{row['recall_at_3']:.2f} | {row['nothing']:.2f} | "
            f"{len(row['real_words_changed'])} | " + " | ".join(cells) + " |"
        )
    lines.append("")
    lines.append(
        "Per kind: recall@1 / recall@3 (unanswerable: share answered with no passage), "
        "questions in brackets."
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.students",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--json", action="store_true", help="print JSON rows only")
    parser.add_argument("--split", choices=("dev", "test"), help="one half only")
    args = parser.parse_args(argv)
    rows = run((args.split,) if args.split else ("dev", "test"))
    print(json.dumps(rows, indent=2) if args.json else table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
