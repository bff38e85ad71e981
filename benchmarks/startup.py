"""Cold start: process start to ready, and resident memory.

``python -m benchmarks.startup [--repeat 3] [--json]``

- console, first start: a new database file, so the readings are cleaned, cut and
  indexed; the console answers /help and exits at end of input.
- console, warm start: the same, with the database already built.
- bot: ``python -m bot run`` against the local stand-in for Discord, from process
  start until the bot logs that it is ready (gateway identified, guild received,
  commands checked).
RSS is the process's resident memory at the end (console) or when ready (bot).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.botprocess import bot_env, start_bot
from tests.fakediscord import FakeDiscord

ROOT = Path(__file__).resolve().parents[1]


def console_start(db: Path) -> tuple[float, float]:
    """Seconds from process start to exit after answering /help, and peak RSS in MB."""
    script = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "subprocess.run([sys.executable, '-m', 'bot', 'console'], input=b'/help\\n',"
        " stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)\n"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], env=bot_env(db), capture_output=True, text=True, check=True
    ).stdout.split()
    return float(out[0]), int(out[1]) / 1024


async def bot_start(db: Path) -> tuple[float, float]:
    """Seconds from process start to 'ready', and RSS in MB at that moment."""
    fake = FakeDiscord(token=None)
    async with fake.running():
        proc, elapsed = await start_bot(fake, db)
        try:
            return elapsed, _rss_mb(proc.pid)
        finally:
            proc.terminate()
            await proc.wait()


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure(repeat: int) -> list[dict]:
    """Median over ``repeat`` runs of each start kind."""
    runs: dict[str, list[tuple[float, float]]] = {
        "console_first": [],
        "console_warm": [],
        "bot": [],
    }
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "db.sqlite3"
            runs["console_first"].append(console_start(db))
            runs["console_warm"].append(console_start(db))
            runs["bot"].append(asyncio.run(bot_start(db)))
    return [
        {
            "start": name,
            "seconds": round(statistics.median(t for t, _ in values), 3),
            "rss_mb": round(statistics.median(m for _, m in values), 1),
        }
        for name, values in runs.items()
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.startup")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    rows = measure(args.repeat)
    if args.json:
        json.dump(rows, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        for row in rows:
            print(f"{row['start']:<15}{row['seconds']:>8.3f} s{row['rss_mb']:>9.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
