"""How search cost grows with the corpus: thawbot against bm25s and rank_bm25.

    python -m benchmarks.search [--sizes 1000,10000,100000] [--json]

For each size, each engine runs in a fresh Python process over the same synthetic
corpus (benchmarks/corpus.py, fixed seed) and the same queries, misspelled ones
included. Per engine and size it reports:

- ``build_s``: from passages in memory to the first answer (thawbot: the SQLite
  file written through ``Store.index_passages``, the product's own indexing: rows
  with their stance, FTS5, the BM25 ranking index; then the engine opened);
- ``p50_ms``/``p99_ms``: latency of one query (top 5) over every timed run, after
  one untimed warm-up run of each query;
- ``rss_mb``: growth of the process's resident memory from just before the build
  (engine libraries imported, corpus in memory) to after the last query. thawbot's
  SQLite file lives on disk (its size goes to stderr), outside this figure.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENGINES = ("thawbot", "bm25s", "bm25s-numba", "rank_bm25")
SIZES = (1000, 10_000, 100_000)
REPEAT = 20
TOP_K = 5
FIELDS = ("engine", "size", "build_s", "p50_ms", "p99_ms", "rss_mb")


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.worker:
        print(json.dumps(measure(args.worker, args.sizes[0], args.repeat, args.queries)))
        return 0
    rows = []
    for size in args.sizes:
        for engine in args.engines:
            print(f"… {engine} at {size:,} passages", file=sys.stderr, flush=True)
            rows.append(run_worker(engine, size, args.repeat, args.queries))
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        print(table(rows))
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.search",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--sizes", type=_ints, default=list(SIZES), help="passages per corpus")
    parser.add_argument("--json", action="store_true", help="print JSON rows only")
    parser.add_argument("--engines", type=_names, default=list(ENGINES), help="comma-separated")
    parser.add_argument("--repeat", type=int, default=REPEAT, help="timed runs of each query")
    parser.add_argument("--queries", type=int, default=None, help="use only the first N queries")
    parser.add_argument("--worker", help=argparse.SUPPRESS)  # one engine, in this process
    return parser


def _ints(text: str) -> list[int]:
    return [int(part.replace("_", "")) for part in text.split(",") if part.strip()]


def _names(text: str) -> list[str]:
    from benchmarks.engines import MODULES

    names = [part.strip() for part in text.split(",") if part.strip()]
    unknown = set(names) - set(MODULES)
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown engine(s): {', '.join(sorted(unknown))}")
    return names


def run_worker(engine: str, size: int, repeat: int, queries: int | None) -> dict:
    """Measure one engine at one size in a fresh interpreter, so memory is its own."""
    command = [sys.executable, "-m", "benchmarks.search", "--worker", engine]
    command += ["--sizes", str(size), "--repeat", str(repeat)]
    if queries is not None:
        command += ["--queries", str(queries)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    sys.stderr.write(done.stderr)
    if done.returncode != 0:
        raise SystemExit(f"{engine} at {size} failed (is the bench extra installed?)")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(engine: str, size: int, repeat: int, queries: int | None = None) -> dict:
    """Build ``engine`` over ``size`` synthetic passages and time the query set."""
    import psutil

    from benchmarks import engines
    from benchmarks.corpus import QUERIES, synthetic_passages

    chosen = QUERIES[:queries] if queries else QUERIES
    passages = synthetic_passages(size)
    engines.import_engine(engine)
    process = psutil.Process()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite3"
        rss_before = process.memory_info().rss
        started = time.perf_counter()
        search = engines.build(engine, passages, path)
        build_s = time.perf_counter() - started
        samples = _time_queries(search, chosen, repeat)
        rss_mb = (process.memory_info().rss - rss_before) / 2**20
        for note in engines.NOTES:
            print(f"  {note}", file=sys.stderr)
        on_disk = sum(os.path.getsize(f) for f in Path(tmp).iterdir())
        if on_disk:
            print(f"  {engine} SQLite file with WAL: {on_disk / 2**20:.1f} MB", file=sys.stderr)
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return {
        "engine": engine,
        "size": size,
        "build_s": round(build_s, 3),
        "p50_ms": round(cuts[49], 3),
        "p99_ms": round(cuts[98], 3),
        "rss_mb": round(rss_mb, 1),
    }


def _time_queries(search, queries: Sequence[str], repeat: int) -> list[float]:
    """Milliseconds per query: one untimed warm-up round, then ``repeat`` timed rounds."""
    for query in queries:
        search(query, TOP_K)
    samples = []
    for _round in range(repeat):
        for query in queries:
            started = time.perf_counter_ns()
            search(query, TOP_K)
            samples.append((time.perf_counter_ns() - started) / 1e6)
    return samples


def table(rows: list[dict]) -> str:
    """A Markdown table, with each engine's p50 as a multiple of thawbot's at that size."""
    lines = [
        "| passages | engine | build (s) | p50 (ms) | p99 (ms) | RSS growth (MB) "
        "| p50 vs thawbot |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    ours = {row["size"]: row["p50_ms"] for row in rows if row["engine"] == "thawbot"}
    for row in rows:
        base = ours.get(row["size"])
        ratio = f"{row['p50_ms'] / base:.2f}×" if base else "–"
        lines.append(
            f"| {row['size']:,} | {row['engine']} | {row['build_s']:.2f} | {row['p50_ms']:.2f} "
            f"| {row['p99_ms']:.2f} | {row['rss_mb']:.1f} | {ratio} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
