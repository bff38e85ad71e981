"""The search benchmark runs end to end at a tiny size and prints the documented JSON.

Timings are not checked here (they mean nothing on a busy CI machine): the README's
figures come from ``python -m benchmarks.search`` run on purpose.
"""

from __future__ import annotations

import json

import pytest

pytest.importorskip("bm25s")
pytest.importorskip("rank_bm25")
pytest.importorskip("psutil")
pytest.importorskip("numba")

from benchmarks import search
from benchmarks.corpus import QUERIES, synthetic_passages


def test_json_rows_for_every_engine_and_size(capsys):
    assert search.main(["--sizes", "200", "--repeat", "1", "--queries", "4", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(row["engine"], row["size"]) for row in rows] == [
        ("thawbot", 200),
        ("bm25s", 200),
        ("bm25s-numba", 200),
        ("rank_bm25", 200),
    ]
    for row in rows:
        assert set(row) == set(search.FIELDS)
        assert all(row[key] >= 0 for key in ("build_s", "p50_ms", "p99_ms"))
        assert row["p99_ms"] >= row["p50_ms"]


def test_synthetic_corpus_is_fixed_and_made_of_the_readings():
    first, again = synthetic_passages(50), synthetic_passages(50)
    assert first == again
    assert [p.id for p in first[:3]] == ["syn-0", "syn-1", "syn-2"]
    assert all(p.text and p.source and p.citation for p in first)
    assert any(q.lower().startswith("krushchev") for q in QUERIES)  # misspellings included


def test_bm25s_needs_no_scipy():
    from benchmarks.engines import MODULES

    assert not any(m.startswith("scipy") for m in MODULES["bm25s"] + MODULES["bm25s-numba"])


def test_the_synthetic_vocabulary_grows_with_the_corpus():
    def distinct(size: int) -> int:
        return len({w for p in synthetic_passages(size) for w in p.text.lower().split()})

    small, large = distinct(500), distinct(5000)
    assert large > 2.5 * small  # real text: Heaps' law; the readings' words alone stay ~1,250
