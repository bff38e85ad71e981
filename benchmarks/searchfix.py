"""What correcting a new misspelling costs as the vocabulary grows.

    python -m benchmarks.searchfix [--sizes 2000,20000,100000] [--json]

A library's vocabulary grows with it (Heaps' law), and a misspelling the search has not
seen is compared with the vocabulary. Here the vocabulary is English's commonest words
(wordfreq, which ships its data) with Zipf-like passage counts, and 20 misspellings
are corrected once each, uncached, after one warm-up correction (which builds the
buckets, once per index). Reported per size: the median and worst milliseconds.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Sequence
from types import SimpleNamespace

from wordfreq import top_n_list

from bot.searchplan import Understanding
from bot.searchwords import english

SIZES = (2000, 20_000, 100_000)
MISSPELT = (
    "secrit", "speach", "colectivization", "rehabilitaton", "censership", "agricultre",
    "mausoleim", "destalinizaton", "goverment", "prisonners", "comunist", "revolutoin",
    "economik", "politcal", "kolectiv", "trubble", "peeple", "histroy", "wrigting", "sovjet",
)  # fmt: skip


def measure(size: int) -> dict:
    """Milliseconds to correct each misspelling against ``size`` words."""
    listed = [w for w in top_n_list("en", size * 2) if w.isalpha()][:size]
    vocabulary = {w: max(1, int(size / (rank + 1) ** 0.9) // 50) for rank, w in enumerate(listed)}
    understanding = Understanding(SimpleNamespace(vocabulary=vocabulary, names={}))  # type: ignore[arg-type]
    english("speech")  # wordfreq's data loads once per process
    understanding.fix("warmupx")
    samples = []
    for typed in MISSPELT:
        started = time.perf_counter()
        understanding.fix(typed)
        samples.append((time.perf_counter() - started) * 1000)
    return {
        "words": len(vocabulary),
        "median_ms": round(statistics.median(samples), 3),
        "max_ms": round(max(samples), 3),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.searchfix",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="vocabulary sizes")
    parser.add_argument("--json", action="store_true", help="print JSON rows only")
    args = parser.parse_args(argv)
    rows = [measure(int(size)) for size in args.sizes.split(",") if size.strip()]
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        print("| words | median (ms) | worst (ms) |\n| ---: | ---: | ---: |")
        for row in rows:
            print(f"| {row['words']:,} | {row['median_ms']:.2f} | {row['max_ms']:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
