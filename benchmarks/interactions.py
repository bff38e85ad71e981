"""Interaction latency through the local stand-in for Discord.

``python -m benchmarks.interactions [--concurrency 1,10,50] [--rounds 5] [--json]``

N students run /quote (and, separately, its autocomplete) at the same moment against
the real bot client; we measure time to first response (from the stand-in dispatching
INTERACTION_CREATE to receiving the interaction callback) and throughput. The bot and
the stand-in share one event loop on this machine, so the figures include the
stand-in's own work: they are an upper bound on the bot's share.
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

from bot.settings import load_settings
from cogs.app import create_bot
from tests.fakediscord import FakeDiscord, running_bot

QUERIES = [
    "secret speech",
    "Krushchev secrit speach",
    "virgin lands",
    "Kort 294",
    "why did Khrushchev denounce Stalin",
    "Malenkof",
    "gulag camps",
    "destalinisation",
]
PREFIXES = ["khrush", "secret sp", "virgin", "malenk", "mausol", "stalin's bo", "kgb", "1956"]


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, math.ceil(pct / 100 * len(ordered)) - 1))
    return ordered[index]


async def measure(concurrency: list[int], rounds: int) -> list[dict]:
    """Run every concurrency level for both kinds; one row per (kind, concurrency)."""
    fake = FakeDiscord()
    students = [
        fake.store.add_member(f"student{i}", f"Student {i}") for i in range(max(concurrency))
    ]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(database=Path(tmp) / "db.sqlite3", dev_guild_id=fake.guild_id)
        bot = create_bot(settings, guild_ready_timeout=0.05)
        async with fake.running(), running_bot(fake, bot):
            await _warm_up(fake, students[0])
            for level in concurrency:
                for kind in ("quote", "autocomplete"):
                    rows.append(await _level(fake, students[:level], kind, rounds))
    return rows


async def _warm_up(fake: FakeDiscord, student) -> None:
    for query in QUERIES[:3]:
        rec = await fake.slash("quote", {"query": query}, user=student.user.id)
        await rec.wait_done()


async def _level(fake: FakeDiscord, students: list, kind: str, rounds: int) -> dict:
    latencies: list[float] = []
    started = fake.loop_time()
    for round_no in range(rounds):
        pending = []
        for index, student in enumerate(students):
            if kind == "quote":
                query = QUERIES[(index + round_no) % len(QUERIES)]
                coro = fake.slash("quote", {"query": query}, user=student.user.id, wait=False)
            else:
                prefix = PREFIXES[(index + round_no) % len(PREFIXES)]
                coro = fake.autocomplete("quote", "query", prefix, user=student.user.id, wait=False)
            pending.append(coro)
        records = await asyncio.gather(*pending)
        for rec in records:
            await rec.wait_response(timeout=10)
            latencies.append((rec.responded_at - rec.dispatched_at) * 1000)
        if kind == "quote" and round_no < rounds - 1:
            await asyncio.sleep(6.5)  # stay under the per-user cooldown (5 per 30 s)
    elapsed = fake.loop_time() - started
    return {
        "kind": kind,
        "concurrency": len(students),
        "n": len(latencies),
        "p50_ms": round(statistics.median(latencies), 2),
        "p99_ms": round(percentile(latencies, 99), 2),
        "throughput_per_s": round(len(latencies) / _busy_time(elapsed, kind, rounds), 1),
    }


def _busy_time(elapsed: float, kind: str, rounds: int) -> float:
    """Wall time without the cooldown pauses, for throughput."""
    pauses = 6.5 * (rounds - 1) if kind == "quote" else 0.0
    return max(elapsed - pauses, 1e-6)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.interactions")
    parser.add_argument("--concurrency", default="1,10,50")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    levels = [int(x) for x in args.concurrency.split(",") if x.strip()]
    rows = asyncio.run(measure(levels, args.rounds))
    if args.json:
        json.dump(rows, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        print(f"{'kind':<13}{'conc':>5}{'n':>6}{'p50 ms':>9}{'p99 ms':>9}{'per s':>9}")
        for r in rows:
            print(
                f"{r['kind']:<13}{r['concurrency']:>5}{r['n']:>6}{r['p50_ms']:>9}"
                f"{r['p99_ms']:>9}{r['throughput_per_s']:>9}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
