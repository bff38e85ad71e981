"""The ingest benchmark runs and reports its contract (not timings): a small library, a
short PDF and page, each added, re-indexed alone, removed, against the full re-index."""

from __future__ import annotations

from benchmarks.ingest import measure, table


def test_ingest_benchmark_shape():
    rows = measure([100], pages=3, words=300)
    assert [(r["library"], r["file"]) for r in rows] == [(100, "book.pdf"), (100, "page.html")]
    for row in rows:
        assert row["passages"] > 0
        assert 0 < row["index_s"] <= row["add_s"]
        assert row["peer_s"] > 0 and row["remove_s"] > 0
    assert "| 100 | book.pdf" in table(rows)
