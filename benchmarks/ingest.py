"""How long adding a reading takes as the library grows: a 100-page PDF, a 5,000-word page.

    python -m benchmarks.ingest [--sizes 100,10000,100000] [--pages 100] [--words 5000]
                                [--peer-up-to 10000] [--json]

For each library size a real SQLite file is indexed through the product's own path
(synthetic passages recombining the readings' sentences, ``benchmarks.corpus``), then:

- ``add_s``: ``readings add`` of the file, everything included (extracting the text,
  cleaning, cutting, citations, stances, meaning vectors, and re-indexing only that
  reading, ``Store.add_reading``), and ``index_s``, the re-indexing part of it;
- ``remove_s``: ``readings remove`` of it again;
- ``peer_s``: the named peer, what adding cost before: re-indexing the whole library
  with the reading (``Store.index_passages`` over every passage), and ``ratio``,
  ``peer_s / index_s`` (measured up to ``--peer-up-to`` passages: at 100,000 the peer
  takes minutes);
- ``add_cpu_s``: the add's CPU time (this process), steadier than wall time on a
  shared machine.

The PDF (fpdf2, the ``bench`` extra) and the web page are written at run time with a
fixed seed, so every run adds the same files.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.corpus import reading_sentences, synthetic_passages, synthetic_store
from benchmarks.fixtures_ingest import html_bytes, paragraphs_from, pdf_bytes
from bot import readings
from bot.corpus import load_corpus
from bot.store import Store, vars_of

SIZES = (100, 10_000, 100_000)
WORDS_PER_PAGE = 450  # a printed page of prose


def files(pages: int, words: int) -> dict[str, bytes]:
    """The two files to add: ``book.pdf`` of ``pages`` pages and ``page.html``."""
    sentences = sorted({sentence for _passage, sentence in reading_sentences()})
    book = paragraphs_from(sentences, pages * WORDS_PER_PAGE, seed=1)
    per_page = max(1, len(book) // pages)
    web = paragraphs_from(sentences, words, seed=2)
    return {
        "book.pdf": pdf_bytes(book, "A chapter", per_page=per_page),
        "page.html": html_bytes(web, "A web page"),
    }


def library(size: int, path: Path) -> Store:
    """A library of ``size`` synthetic passages in a file, with the built-in readings' rows.

    The library's own passages are indexed without reading their stance (each gets
    "neutral"): an add never reads the other passages' stances, and reading 100,000 of
    them would take most of the run. Everything else is the product's index.
    """
    from unittest import mock

    from bot.stance import NEUTRAL, Reading

    with mock.patch("bot.stance.read", return_value=Reading(NEUTRAL, 1.0, ())):
        store = synthetic_store(synthetic_passages(size), path)
    sources = load_corpus().sources
    with store.db.atomic():
        store.db.table("sources").insert_all(
            (
                {**vars_of(s), "source_order": i, "works_cited": "[]", "guild_id": None}
                for i, s in enumerate(sources)
            ),
            pk="id",
        )
    return store


def measure(
    sizes: Sequence[int], pages: int = 100, words: int = 5000, peer_up_to: int = 10_000
) -> list[dict[str, Any]]:
    """One row per library size and file."""
    made = files(pages, words)
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for name, data in made.items():
            (Path(folder) / name).write_bytes(data)
        for size in sizes:
            print(f"… library of {size:,} passages", file=sys.stderr, flush=True)
            store = library(size, Path(folder) / f"library-{size}.sqlite3")
            for name in made:
                rows.append(_one(store, Path(folder) / name, size, size <= peer_up_to))
                print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
            store.db.close()
    return rows


def _one(store: Store, path: Path, size: int, peer: bool) -> dict[str, Any]:
    meta = {"id": f"bench-{path.stem}", "title": path.stem, "author": "Bench", "kind": "article"}
    indexing = _timed(store, "add_reading")
    start, cpu = time.perf_counter(), time.process_time()
    report = readings.add(store, path, meta, guild_id=1)
    add_s, add_cpu = time.perf_counter() - start, time.process_time() - cpu
    index_s = indexing.pop()
    row: dict[str, Any] = {
        "library": size,
        "file": path.name,
        "bytes": path.stat().st_size,
        "passages": report["passages"],
        "add_s": round(add_s, 3),
        "add_cpu_s": round(add_cpu, 3),
        "index_s": round(index_s, 3),
    }
    if peer:
        everything = store.passages()
        scratch = Store()
        start = time.perf_counter()
        scratch.index_passages(everything)
        row["peer_s"] = round(time.perf_counter() - start, 3)
        row["ratio"] = round(row["peer_s"] / index_s, 1) if index_s else None
        scratch.db.close()
    start = time.perf_counter()
    readings.remove(store, meta["id"])
    row["remove_s"] = round(time.perf_counter() - start, 3)
    _untimed(store)
    return row


def _timed(store: Store, method: str) -> list[float]:
    """Record how long each call of ``store.<method>`` takes (in the returned list)."""
    found: list[float] = []
    original = getattr(store, method)

    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            found.append(time.perf_counter() - start)

    setattr(store, method, timed)
    return found


def _untimed(store: Store) -> None:
    store.__dict__.pop("add_reading", None)


def table(rows: list[dict[str, Any]]) -> str:
    """The README's Markdown table."""
    lines = [
        "| library | file | passages added | add (s) | of which re-index (s) | remove (s) "
        "| full re-index, the peer (s) | peer / re-index | add, CPU (s) |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(
            f"| {r['library']:,} | {r['file']} ({r['bytes'] / 1024:,.0f} KB) | {r['passages']:,} "
            f"| {r['add_s']:.2f} | {r['index_s']:.2f} | {r['remove_s']:.2f} "
            f"| {r.get('peer_s', '-')} | {r.get('ratio', '-')} | {r['add_cpu_s']:.2f} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.ingest",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="library sizes")
    parser.add_argument("--pages", type=int, default=100, help="pages of the PDF")
    parser.add_argument("--words", type=int, default=5000, help="words of the web page")
    parser.add_argument(
        "--peer-up-to",
        type=int,
        default=10_000,
        help="measure the full re-index (the peer) up to this library size",
    )
    parser.add_argument("--json", action="store_true", help="print JSON rows only")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    rows = measure(sizes, args.pages, args.words, args.peer_up_to)
    print(json.dumps(rows, indent=2) if args.json else table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
