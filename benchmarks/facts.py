"""The daily-facts due check: its cost with 1,000 servers due at the same minute.

    python -m benchmarks.facts [--servers 1000] [--days 1,365,730] [--json]

For each history length a fresh SQLite file holds ``servers`` schedules, all due at
09:00 UTC today, each with ``days`` past daily posts (one a day, drawn through the
product's own rotation). It reports, per history length:

- ``claim_all_ms``: one call of ``FactService.claim_due`` claiming every due post
  (what the posting loop asks for each tick);
- ``per_claim_ms`` mean and ``max_claim_ms``: one server's claim, the longest stretch
  the posting loop holds the event loop (it yields between claims);
- ``ratio``: ``claim_all_ms`` against the 1-day history of the same run, the peer.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.facts import FactService
from bot.facts._repo import POSTS, SCHEDULES
from bot.facts._rotation import deck
from bot.services import Services

TODAY = date(2026, 3, 2)
NOW = datetime(2026, 3, 2, 9, 0, 30, tzinfo=UTC)
FIELDS = ("days", "servers", "claim_all_ms", "per_claim_ms", "max_claim_ms", "ratio")


def build(path: Path, servers: int, days: int) -> FactService:
    """A database with ``servers`` schedules due now, each with ``days`` of posts."""
    service = FactService(Services.open(path).store)
    facts = service.facts()
    conn = service.store.db.conn
    stamp = NOW.isoformat()
    since = (NOW - timedelta(days=days + 1)).isoformat()
    yesterday = (TODAY - timedelta(days=1)).isoformat()
    with conn:
        conn.executemany(
            f"insert into {SCHEDULES} (guild_id, channel_id, local_time, timezone, paused, "
            "thread, active_since, last_posted_date, updated_at) "
            "values (?, ?, '09:00', 'UTC', 0, 0, ?, ?, ?)",
            [(g, g * 10, since, yesterday, stamp) for g in range(1, servers + 1)],
        )
        conn.executemany(
            f"insert into {POSTS} (guild_id, channel_id, fact_id, round, local_date, kind, "
            "status, message_id, claimed_at, updated_at) "
            "values (?, ?, ?, ?, ?, 'daily', 'sent', 1, ?, ?)",
            (row for guild in range(1, servers + 1) for row in _history(facts, guild, days, stamp)),
        )
    return service


def _history(facts, guild: int, days: int, stamp: str):
    decks: dict[int, list] = {}
    for n in range(days):
        round_no = n // len(facts) + 1
        order = decks.get(round_no) or decks.setdefault(round_no, deck(facts, guild, round_no))
        day = (TODAY - timedelta(days=days - n)).isoformat()
        yield (guild, guild * 10, order[n % len(facts)].id, round_no, day, stamp, stamp)


def measure(servers: int, days: int) -> dict[str, float]:
    """Time claiming every due post, then one server's claim at a time, on fresh copies."""
    with tempfile.TemporaryDirectory() as tmp:
        service = build(Path(tmp) / "all.sqlite3", servers, days)
        started = time.perf_counter()
        claims = service.claim_due(NOW)
        total = time.perf_counter() - started
        assert len(claims) == servers, f"{len(claims)} claims for {servers} servers"
        service = build(Path(tmp) / "each.sqlite3", servers, days)
        each = []
        for schedule in service.repo.active_schedules():
            started = time.perf_counter()
            service.claim_due_for(schedule, NOW)
            each.append(time.perf_counter() - started)
    return {
        "days": days,
        "servers": servers,
        "claim_all_ms": round(total * 1000, 1),
        "per_claim_ms": round(sum(each) / len(each) * 1000, 3),
        "max_claim_ms": round(max(each) * 1000, 3),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.facts", description=__doc__)
    parser.add_argument("--servers", type=int, default=1000, help="schedules due at once")
    parser.add_argument("--days", default="1,365,730", help="history lengths, comma-separated")
    parser.add_argument("--json", action="store_true", help="print JSON rows")
    args = parser.parse_args(argv)
    rows = [measure(args.servers, int(d)) for d in args.days.split(",")]
    for row in rows:
        row["ratio"] = round(row["claim_all_ms"] / rows[0]["claim_all_ms"], 2)
    if args.json:
        json.dump(rows, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    print("  ".join(f"{name:>13}" for name in FIELDS))
    for row in rows:
        print("  ".join(f"{row[name]:>13}" for name in FIELDS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
