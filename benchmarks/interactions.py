"""Interaction latency through the local stand-in for Discord.

``python -m benchmarks.interactions [--concurrency 1,10,50] [--rounds 5] [--json]``

The real bot runs in its own process (``python -m bot run``, pointed at the stand-in),
as it would against Discord; the stand-in runs here. N students run /quote (and,
separately, its autocomplete with a different prefix each) at the same moment; time to
first response is measured by the stand-in, from dispatching INTERACTION_CREATE to
receiving the interaction callback, and throughput is responses per second of wall time.
Each concurrency level uses its own students, and the warm-up its own, so the per-user
cooldown never triggers; a reply that is a refusal (no passage card), an empty
autocomplete list, or no answer within 10 s counts as ``failed``, never as a fast
success, and a level with failures still reports (the run does not stop).
``help`` rows are the baseline: the same path with a command that does no search.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import statistics
import sys
import tempfile
from pathlib import Path

from benchmarks.botprocess import start_bot
from tests.fakediscord import FakeDiscord

ROOT = Path(__file__).resolve().parents[1]
QUERIES = [
    "secret speech",
    "Krushchev secrit speach",
    "virgin lands",
    "Kort 294",
    "why did Khrushchev denounce Stalin",
    "Malenkof",
    "gulag camps",
    "destalinisation",
    "Lenin mausoleum",
    "party congress 1956",
    "camp uprisings",
    "Orthodox Church",
]


# /help does no search: the floor that discord.py and the stand-in set on the same path.
KINDS = ("help", "quote", "autocomplete")


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, math.ceil(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def prefixes(count: int) -> list[str]:
    """Distinct unfinished words a class might type (first letters of corpus words)."""
    from bot.corpus import load_corpus
    from bot.text import words

    seen: dict[str, None] = {}
    for passage in load_corpus().passages:
        for word in words(passage.text):
            if len(word) >= 6:
                seen.setdefault(word[: 3 + len(seen) % 4], None)
    return list(seen)[:count]


async def measure(concurrency: list[int], rounds: int) -> list[dict]:
    """One row per (kind, concurrency), the bot in a subprocess against the stand-in here."""
    fake = FakeDiscord(token=None)
    total = sum(concurrency)
    students = [fake.store.add_member(f"student{i}", f"Student {i}") for i in range(total)]
    warmer = fake.store.add_member("warmup", "Warm-up")  # not one of the measured students
    typed = prefixes(total * rounds)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        async with fake.running():
            bot, _seconds = await start_bot(fake, Path(tmp) / "db.sqlite3")
            try:
                await _warm_up(fake, warmer)
                start = 0
                for level in concurrency:
                    group = students[start : start + level]
                    start += level
                    for kind in KINDS:
                        rows.append(await _level(fake, group, kind, rounds, typed))
            finally:
                bot.terminate()
                await bot.wait()
    return rows


async def _warm_up(fake: FakeDiscord, student) -> None:
    for query in QUERIES[:3]:
        rec = await fake.slash("quote", {"query": query}, user=student.user.id)
        await rec.wait_done()


async def _level(
    fake: FakeDiscord, students: list, kind: str, rounds: int, typed: list[str]
) -> dict:
    latencies: list[float] = []
    failed = 0
    started = fake.loop_time()
    for round_no in range(rounds):
        pending = []
        for index, student in enumerate(students):
            user = student.user.id
            if kind == "quote":
                query = QUERIES[(index + round_no) % len(QUERIES)]
                pending.append(fake.slash("quote", {"query": query}, user=user, wait=False))
            elif kind == "help":
                pending.append(fake.slash("help", user=user, wait=False))
            else:
                text = typed[(round_no * len(students) + index) % len(typed)]
                pending.append(fake.autocomplete("quote", "query", text, user=user, wait=False))
        records = await asyncio.gather(*pending, return_exceptions=True)
        for rec in records:
            if isinstance(rec, BaseException) or not await _answered(rec, kind):
                failed += 1
                continue
            latencies.append((rec.responded_at - rec.dispatched_at) * 1000)
    elapsed = max(fake.loop_time() - started, 1e-6)
    return {
        "kind": kind,
        "concurrency": len(students),
        "n": len(latencies) + failed,
        "failed": failed,
        "p50_ms": round(statistics.median(latencies), 2) if latencies else None,
        "p99_ms": round(percentile(latencies, 99), 2) if latencies else None,
        "throughput_per_s": round(len(latencies) / elapsed, 1),
    }


async def _answered(rec, kind: str) -> bool:
    """True when the student got what they asked for: a passage card for /quote,
    at least one suggestion for autocomplete, a card for /help."""
    try:
        await rec.wait_response(timeout=10)
    except (AssertionError, TimeoutError):
        return False
    if kind == "autocomplete":
        return bool(rec.choices)
    return bool(rec.embeds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.interactions")
    parser.add_argument("--concurrency", default="1,10,50")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    levels = [int(x) for x in args.concurrency.split(",") if x.strip()]
    if args.rounds > 5:
        parser.error("--rounds is at most 5 (the per-user /quote cooldown is 5 per 30 s)")
    rows = asyncio.run(measure(levels, args.rounds))
    if args.json:
        json.dump(rows, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        print(f"{'kind':<13}{'conc':>5}{'n':>6}{'failed':>7}{'p50 ms':>9}{'p99 ms':>9}{'per s':>9}")
        for r in rows:
            print(
                f"{r['kind']:<13}{r['concurrency']:>5}{r['n']:>6}{r['failed']:>7}"
                f"{r['p50_ms']!s:>9}{r['p99_ms']!s:>9}{r['throughput_per_s']:>9}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
