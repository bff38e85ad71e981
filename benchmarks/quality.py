"""Search quality: recall@1 and recall@3 on the labelled query set, engine against engine.

    python -m benchmarks.quality [--json]

Every engine searches the readings' real passages for the queries of
``tests/data/search_queries.toml`` (keywords, phrases, questions, typos,
transliterations, British spellings, numbers, scholars). A query counts as found at
k when one of its expected passages is among the first k results.

``fts5-paragraphs`` is the naive approach the project started from: whole
paragraphs in a plain FTS5 table (porter), the query's words ORed, bm25 order. A
paragraph hit counts when an expected passage lies in that paragraph, which favours
it: a paragraph is up to several passages long. ``fts5`` is the same query over
the passages themselves.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path

from benchmarks import engines
from bot.corpus import load_corpus
from bot.models import Passage
from bot.searchindex import Stemmer
from bot.store import TOKENIZE
from bot.text import words

QUERY_SET = Path(__file__).resolve().parents[1] / "tests" / "data" / "search_queries.toml"
ENGINES = ("thawbot", "fts5-paragraphs", "fts5", "bm25s", "rank_bm25")
# A misspelt word alone, and the word meant: the labelled set's typo queries carry
# correctly spelt words too, so they cannot show whether an engine corrects spelling.
MISSPELT = (
    ("Malenkof", "malenkov"),
    ("Kaganovitch", "kaganovich"),
    ("Pospelof", "pospelov"),
    ("mausoleim", "mausoleum"),
    ("secrit", "secret"),
    ("speach", "speech"),
    ("Khruschev", "khrushchev"),
    ("Stallin", "stalin"),
    ("colectivization", "collectivization"),
    ("rehabilitaton", "rehabilitation"),
    ("censership", "censorship"),
    ("agricultre", "agriculture"),
)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.quality",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--json", action="store_true", help="print JSON rows only")
    args = parser.parse_args(argv)
    rows = [evaluate(name) for name in ENGINES]
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        print(table(rows))
    return 0


def cases() -> list[dict]:
    """The labelled queries: ``query``, ``expected`` passage ids, ``kind``."""
    return tomllib.loads(QUERY_SET.read_text(encoding="utf-8"))["case"]


def evaluate(name: str) -> dict:
    """Recall@1 and @3 of one engine, with the queries it misses at 3."""
    passages = load_corpus().passages
    if name == "fts5-paragraphs":
        documents, owner = _paragraphs(passages)
    else:
        documents, owner = passages, {p.id: p.id for p in passages}
    search = engines.build(name.removesuffix("-paragraphs"), documents)
    found = {1: 0, 3: 0}
    kinds: dict[str, list[bool]] = {}
    missed = []
    labelled = cases()
    for case in labelled:
        ranked = search(case["query"], 3)
        wanted = {owner[passage_id] for passage_id in case["expected"]}
        for k in found:
            found[k] += any(doc in wanted for doc in ranked[:k])
        kinds.setdefault(case["kind"], []).append(bool(ranked) and ranked[0] in wanted)
        if not wanted & set(ranked):
            missed.append(case["query"])
    return {
        "engine": name,
        "queries": len(labelled),
        "recall_at_1": round(found[1] / len(labelled), 3),
        "recall_at_3": round(found[3] / len(labelled), 3),
        "recall_at_1_by_kind": {k: round(sum(v) / len(v), 3) for k, v in sorted(kinds.items())},
        "misspelt_at_1": round(_misspelt(search, documents) / len(MISSPELT), 3),
        "missed_at_3": missed,
    }


def _misspelt(search: engines.Search, documents: list[Passage]) -> int:
    """How many lone misspelt words bring first a passage with the word meant (any form)."""
    stem = Stemmer(TOKENIZE)
    texts = {doc.id: set(words(doc.text)) for doc in documents}
    terms = stem({word for text in texts.values() for word in text} | {m for _t, m in MISSPELT})
    found = 0
    for typo, meant in MISSPELT:
        ranked = search(typo, 1)
        found += bool(ranked) and any(terms[w] == terms[meant] for w in texts[ranked[0]])
    return found


def _paragraphs(passages: list[Passage]) -> tuple[list[Passage], dict[str, str]]:
    """Whole paragraphs as documents, and the paragraph holding each passage."""
    texts: dict[str, list[str]] = {}
    firsts: dict[str, Passage] = {}
    owner = {}
    for passage in passages:
        key = f"{passage.source}#{passage.paragraph}"
        texts.setdefault(key, []).append(passage.text)
        firsts.setdefault(key, passage)
        owner[passage.id] = key
    documents = [
        Passage(
            id=key,
            source=first.source,
            title=first.title,
            section=first.section,
            paragraph=first.paragraph,
            position=first.position,
            text=" ".join(texts[key]),
            citation=first.citation,
        )
        for key, first in firsts.items()
    ]
    return documents, owner


def table(rows: list[dict]) -> str:
    """A Markdown table of recall per engine."""
    kinds = sorted({kind for row in rows for kind in row["recall_at_1_by_kind"]})
    lines = [
        "| engine | recall@1 | recall@3 | misspelt word alone @1 | "
        + " | ".join(f"{k} @1" for k in kinds)
        + " |",
        "| --- | ---: | ---: | ---: | " + " | ".join("---:" for _k in kinds) + " |",
    ]
    for row in rows:
        by_kind = " | ".join(f"{row['recall_at_1_by_kind'].get(k, 0):.2f}" for k in kinds)
        lines.append(
            f"| {row['engine']} | {row['recall_at_1']:.2f} | {row['recall_at_3']:.2f} "
            f"| {row['misspelt_at_1']:.2f} | {by_kind} |"
        )
    counts = {kind: sum(case["kind"] == kind for case in cases()) for kind in kinds}
    lines.append("")
    lines.append("Queries per kind: " + ", ".join(f"{k} {n}" for k, n in counts.items()) + ".")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
