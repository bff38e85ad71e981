"""The interaction and start-up benchmarks run and report their contract (not timings)."""

from __future__ import annotations

from benchmarks.interactions import measure, percentile


async def test_interactions_benchmark_shape():
    rows = await measure([2], rounds=1)
    assert [(r["kind"], r["concurrency"], r["n"]) for r in rows] == [
        ("help", 2, 2),
        ("quote", 2, 2),
        ("autocomplete", 2, 2),
    ]
    for row in rows:
        assert set(row) == {
            "kind",
            "concurrency",
            "n",
            "failed",
            "p50_ms",
            "p99_ms",
            "throughput_per_s",
        }
        assert row["failed"] == 0  # the warm-up has its own student: no cooldown refusals
        assert 0 < row["p50_ms"] <= row["p99_ms"]


async def test_refusals_and_empty_suggestions_count_as_failures():
    from benchmarks.interactions import _answered

    class Record:
        def __init__(self) -> None:
            self.choices: list = []
            self.embeds: list = []

        async def wait_response(self, timeout):
            return self

    assert not await _answered(Record(), "autocomplete")
    assert not await _answered(Record(), "quote")
    card = Record()
    card.embeds = [{"description": "> a passage"}]
    assert await _answered(card, "quote")


def test_percentile_nearest_rank():
    values = list(range(1, 101))
    assert percentile(values, 50) == 50
    assert percentile(values, 99) == 99
    assert percentile([5.0], 99) == 5.0
