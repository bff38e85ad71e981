"""Pipeline quality on real readings nobody here wrote: chrome, sentences, citations, search.

    python -m benchmarks.readings [--split dev|test|all] [--json]

Each held-out reading in ``tests/data/readings_heldout`` is a page saved as scraped, with
``url:``, ``title:`` and ``kind:`` lines on top; ``labels.toml`` says, written before any
run, which lines are chrome, every sentence of the main text, the in-text citations and
the entries they resolve to, and five student questions with the sentences answering them.

Measured per split (``dev`` is tuned on, ``test`` only measured):

- ``chrome_passages``: passages holding a labelled chrome line;
- ``heading_passages``: passages that are only a title or section heading;
- ``sentences_lost``: labelled sentences found whole in no passage (a sentence split at a
  citation, or dropped, counts here);
- ``citations_extracted``: labelled citations some passage's references name;
- ``citations_resolved``: of those whose entry is in the reading's list, resolved to it;
  ``unresolved_kept``: of the others, extracted and shown as not in the list;
- ``spurious_citations``: references that match no labelled citation;
- ``recall_at_1``: the readings' questions searched over the built-in readings plus every
  held-out reading of the split, counted when the first passage holds a gold sentence;
  ``recall_at_1_own_reading``: the same with each reading searched alone.
"""

from __future__ import annotations

import argparse
import json
import re
import tomllib
from collections.abc import Sequence
from pathlib import Path

from bot.corpus import Corpus, load_corpus
from bot.models import Passage

HELDOUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "readings_heldout"
LABELS = HELDOUT / "labels.toml"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.readings",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--split", choices=("dev", "test", "all"), default="dev")
    parser.add_argument("--json", action="store_true", help="print JSON only")
    parser.add_argument("--verbose", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    splits = ("dev", "test") if args.split == "all" else (args.split,)
    rows = [evaluate(split) for split in splits]
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        for row in rows:
            misses = row.pop("misses")
            print(json.dumps(row, ensure_ascii=False))
            if args.verbose:
                for miss in misses:
                    print("  ", miss)
    return 0


def labelled(split: str) -> list[dict]:
    """The labelled readings of one split (``dev`` or ``test``)."""
    readings = tomllib.loads(LABELS.read_text(encoding="utf-8"))["reading"]
    return [r for r in readings if r["split"] == split]


def split_header(text: str) -> tuple[dict, str]:
    """A saved page's ``url:``/``title:``/``kind:`` lines, and the page as scraped."""
    head, _, body = text.partition("\n\n")
    meta = {}
    for line in head.splitlines():
        key, _, value = line.partition(":")
        meta[key.strip()] = value.strip()
    return meta, body


def load_heldout(label: dict) -> tuple[list[Passage], list[str], object]:
    """Passages, works-cited list and source of one held-out reading, as a teacher adds it."""
    path = HELDOUT / label["file"]
    page, body = split_header(path.read_text(encoding="utf-8"))
    meta = {
        "id": path.stem[:32].rstrip("-"),
        "file": path.name,
        "title": page["title"],
        "author": "unknown",
        "kind": page["kind"],
        "url": page["url"],
    }
    try:
        from bot.corpus.ingest import load_text
    except ImportError:  # the pipeline before readings could be added
        return _legacy(body, meta)
    reading = load_text(body, meta)
    return reading.passages, reading.works_cited, reading.source


def _legacy(body: str, meta: dict) -> tuple[list[Passage], list[str], object]:
    from bot.corpus import _source
    from bot.corpus.cleaning import clean
    from bot.corpus.passages import build_passages

    source = _source(meta)
    reading = clean(body, meta)
    return build_passages(source, reading), reading.works_cited, source


def evaluate(split: str) -> dict:
    """Every figure of the module docstring for one split, with the misses listed."""
    labels = labelled(split)
    totals = dict.fromkeys(
        (
            "readings",
            "passages",
            "chrome_passages",
            "heading_passages",
            "sentences",
            "sentences_lost",
            "citations",
            "citations_extracted",
            "citations_in_list",
            "citations_resolved",
            "citations_not_in_list",
            "unresolved_kept",
            "spurious_citations",
            "questions",
            "found_at_1",
        ),
        0,
    )
    misses: list[str] = []
    built = []
    for label in labels:
        passages, works_cited, source = load_heldout(label)
        built.append((label, passages, works_cited, source))
        _score(label, passages, totals, misses)
    totals["readings"] = len(labels)
    found, asked = _recall(built, misses, with_seeds=True)
    alone = sum(_recall([item], [], with_seeds=False)[0] for item in built)
    totals["questions"], totals["found_at_1"] = asked, found
    row = {"split": split, **totals}
    row["recall_at_1"] = round(found / asked, 3) if asked else None
    row["recall_at_1_own_reading"] = round(alone / asked, 3) if asked else None
    row["misses"] = misses
    return row


def norm(text: str) -> str:
    """Whitespace collapsed, as labels and passages are compared."""
    return " ".join(text.split())


def _marker(text: str) -> str:
    return norm(re.sub(r"[()\[\]“”\"‘’']", "", text)).lower()


def _score(label: dict, passages: list[Passage], totals: dict, misses: list[str]) -> None:
    name = label["file"]
    texts = [norm(p.text) for p in passages]
    totals["passages"] += len(passages)
    chrome = [norm(c) for c in label["chrome"]]
    for passage, text in zip(passages, texts, strict=True):
        if any(_holds(text, line) for line in chrome):
            totals["chrome_passages"] += 1
            misses.append(f"{name}: chrome passage {passage.id}: {text[:80]}")
    headings = {norm(h) for h in label["headings"]}
    totals["heading_passages"] += sum(text in headings for text in texts)
    for sentence in label["sentences"]:
        totals["sentences"] += 1
        if not any(norm(sentence) in text for text in texts):
            totals["sentences_lost"] += 1
            misses.append(f"{name}: sentence lost: {norm(sentence)[:80]}")
    refs = [ref for p in passages for ref in p.references]
    used = set()
    for cite in label["citations"]:
        totals["citations"] += 1
        wanted = _marker(cite["marker"])
        hits = [i for i, ref in enumerate(refs) if _same(_marker(ref.in_text), wanted)]
        used.update(hits)
        in_list = cite["entry"] != "not in list"
        totals["citations_in_list" if in_list else "citations_not_in_list"] += 1
        if not hits:
            misses.append(f"{name}: citation not extracted: {cite['marker']}")
            continue
        totals["citations_extracted"] += 1
        entries = {norm(refs[i].entry) if refs[i].entry else None for i in hits}
        if in_list and norm(cite["entry"]) in entries:
            totals["citations_resolved"] += 1
        elif in_list:
            misses.append(f"{name}: citation {cite['marker']} resolved to {entries}")
        elif entries == {None}:
            totals["unresolved_kept"] += 1
        else:
            misses.append(f"{name}: citation {cite['marker']} wrongly resolved to {entries}")
    for i, ref in enumerate(refs):
        if i not in used and not any(
            _marker(ref.in_text) == _marker(refs[j].in_text) for j in used
        ):
            totals["spurious_citations"] += 1
            misses.append(f"{name}: spurious citation {ref.in_text!r}")


def _holds(text: str, line: str) -> bool:
    if len(line) >= 12:
        return line in text
    return text == line or text.startswith(line + " ") or text.endswith(" " + line)


def _same(got: str, wanted: str) -> bool:
    return (
        got == wanted or (len(got) >= 4 and got in wanted) or (len(wanted) >= 4 and wanted in got)
    )


def _recall(built: list, misses: list[str], with_seeds: bool) -> tuple[int, int]:
    from bot.search import SearchEngine
    from bot.store import Store

    seeds = load_corpus() if with_seeds else Corpus()
    corpus = Corpus(
        sources=[*seeds.sources, *(source for *_rest, source in built)],
        passages=[*seeds.passages, *(p for _l, passages, *_r in built for p in passages)],
        works_cited={**seeds.works_cited, **{s.id: w for _l, _p, w, s in built}},
        table=seeds.table,
    )
    store = Store(None)
    store.rebuild(corpus, "heldout")
    engine = SearchEngine(store)
    found = asked = 0
    for label, *_rest in built:
        gold = [norm(label["sentences"][n - 1]) for n in range(1, len(label["sentences"]) + 1)]
        for question in label["questions"]:
            asked += 1
            hits = engine.search(question["q"], limit=1).hits
            top = norm(hits[0].passage.text) if hits else ""
            if any(gold[n - 1] in top for n in question["gold"]):
                found += 1
            else:
                misses.append(f"{label['file']}: question missed: {question['q']!r} -> {top[:60]}")
    return found, asked


if __name__ == "__main__":
    raise SystemExit(main())
