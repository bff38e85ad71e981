"""The engines compared, each built over the same passages and asked the same queries.

Every builder returns a ``search(query, k) -> [passage ids, best first]`` function
ready to answer: anything an engine builds lazily on its first query is built here,
so build time covers it. Each engine is used the way its documentation shows.
"""

from __future__ import annotations

import importlib
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from benchmarks.corpus import simple_tokens, synthetic_store
from bot.models import Passage

Search = Callable[[str, int], list[str]]

# The modules each engine needs, imported before memory is measured (see search.py).
MODULES = {
    "thawbot": ("bot.search", "bot.store", "rapidfuzz"),
    "bm25s": ("bm25s", "numpy", "Stemmer"),  # bm25s needs no scipy (item 22 of issue 11)
    "bm25s-numba": ("bm25s", "numpy", "Stemmer", "numba"),
    "rank_bm25": ("rank_bm25", "numpy"),
    "fts5": ("sqlite3",),
}
WARM_QUERY = "Stalin"
NOTES: list[str] = []  # what a build wants said beside its figures (search.py prints them)


def import_engine(name: str) -> None:
    """Import the engine's libraries; ImportError says which benchmark extra is missing."""
    for module in MODULES[name]:
        importlib.import_module(module)


def build(name: str, passages: list[Passage], path: Path | None = None) -> Search:
    """Build engine ``name`` over ``passages`` (``path``: thawbot's SQLite file, or memory)."""
    builders: dict[str, Callable[[list[Passage], Path | None], Search]] = {
        "thawbot": _thawbot,
        "bm25s": _bm25s,
        "bm25s-numba": _bm25s_numba,
        "rank_bm25": _rank_bm25,
        "fts5": _fts5,
    }
    return builders[name](passages, path)


def _thawbot(passages: list[Passage], path: Path | None) -> Search:
    """The product: Store.index_passages, then SearchEngine (typo correction on)."""
    from bot.search import SearchEngine

    with _stance_timer() as spent:
        store = synthetic_store(passages, path)
    NOTES.append(f"thawbot build: {spent[0]:.1f} s of it in stance classification")
    engine = SearchEngine(store)
    engine.search(WARM_QUERY)  # the vocabulary and caches the first query would build

    def search(query: str, k: int) -> list[str]:
        return [hit.passage.id for hit in engine.search(query, limit=k).hits]

    return search


@contextmanager
def _stance_timer() -> Iterator[list[float]]:
    """Seconds the store spends classifying stance while indexing (the product does it;
    the libraries do not), so the build figure can be read fairly."""
    from bot import stance

    spent = [0.0]
    classify = stance.classify

    def timed(text: str) -> tuple[str, tuple[str, ...]]:
        started = time.perf_counter()
        try:
            return classify(text)
        finally:
            spent[0] += time.perf_counter() - started

    stance.classify = timed
    try:
        yield spent
    finally:
        stance.classify = classify


def _bm25s_numba(passages: list[Passage], path: Path | None) -> Search:
    """bm25s with its numba backend, its fastest (``BM25(backend="numba")``); the JIT
    compiles on the warm-up query, inside the build time."""
    return _bm25s(passages, path, backend="numba")


def _bm25s(passages: list[Passage], _path: Path | None, backend: str = "numpy") -> Search:
    """bm25s as its README shows: tokenize with English stop words and PyStemmer's English
    stemmer, index, retrieve."""
    import bm25s
    import Stemmer

    stemmer = Stemmer.Stemmer("english")
    ids = [p.id for p in passages]
    retriever = bm25s.BM25(backend=backend)
    retriever.index(
        bm25s.tokenize(
            [p.text for p in passages], stopwords="en", stemmer=stemmer, show_progress=False
        ),
        show_progress=False,
    )

    def search(query: str, k: int) -> list[str]:
        tokens = bm25s.tokenize(
            query, stopwords="en", stemmer=stemmer, return_ids=False, show_progress=False
        )
        found = retriever.retrieve(tokens, k=min(k, len(ids)), show_progress=False)
        return [
            ids[i]
            for i, score in zip(found.documents[0], found.scores[0], strict=True)
            if score > 0
        ]

    search(WARM_QUERY, 5)
    return search


def _rank_bm25(passages: list[Passage], _path: Path | None) -> Search:
    """rank_bm25's BM25Okapi over lower-cased words without stop words."""
    import numpy
    from rank_bm25 import BM25Okapi

    ids = [p.id for p in passages]
    bm25 = BM25Okapi([simple_tokens(p.text) for p in passages])

    def search(query: str, k: int) -> list[str]:
        scores = bm25.get_scores(simple_tokens(query))
        best = numpy.argsort(scores)[::-1][:k]
        return [ids[i] for i in best if scores[i] > 0]

    return search


def _fts5(passages: list[Passage], _path: Path | None) -> Search:
    """The naive approach: plain FTS5 (porter), the query's words ORed, bm25 order."""
    db = sqlite3.connect(":memory:")
    db.execute("create virtual table docs using fts5(text, tokenize='porter unicode61')")
    db.executemany("insert into docs (rowid, text) values (?, ?)", enumerate(_texts(passages)))
    ids = [p.id for p in passages]

    def search(query: str, k: int) -> list[str]:
        match = " OR ".join(
            '"' + word.replace('"', '""') + '"' for word in simple_tokens(query, stopwords=False)
        )
        if not match:
            return []
        rows = db.execute(
            "select rowid from docs where docs match ? order by rank limit ?", [match, k]
        )
        return [ids[rowid] for (rowid,) in rows]

    return search


def _texts(passages: list[Passage]) -> list[str]:
    return [p.text for p in passages]
