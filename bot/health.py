"""A heartbeat file beside the database: the running bot writes it, the healthcheck reads it.

Healthy means Discord's gateway acknowledged a heartbeat recently: the bot writes the
time of the last acknowledgement (not merely "I am running"), so a bot that lost its
connection, or whose event loop froze, turns unhealthy within ``STALE_AFTER`` seconds.
A second line, when present, is a problem the bot found (its database file deleted).
"""

from __future__ import annotations

import time
from pathlib import Path

from bot.settings import Settings

HEARTBEAT_SECONDS = 30
# Discord acknowledges a heartbeat every ~41 s; the file is written every 30 s.
STALE_AFTER = 3 * HEARTBEAT_SECONDS


def heartbeat_path(settings: Settings) -> Path:
    """Where the heartbeat lives (next to the SQLite file, on the same volume)."""
    return settings.database.with_name("heartbeat")


def write_heartbeat(
    settings: Settings, now: float | None = None, problem: str | None = None
) -> None:
    """Record that the gateway acknowledged a heartbeat at ``now`` (and any problem)."""
    path = heartbeat_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    beat = now if now is not None else time.time()
    text = f"{beat:.0f}\n" + (f"{' '.join(problem.split())}\n" if problem else "")
    path.write_text(text, encoding="utf-8")


def check_heartbeat(settings: Settings, now: float | None = None) -> tuple[bool, str]:
    """(healthy, one sentence): healthy when the last acknowledgement is recent enough."""
    path = heartbeat_path(settings)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
        beat = float(lines[0].strip())
    except (OSError, ValueError, IndexError):
        return False, f"No heartbeat at {path}: the bot has not connected yet."
    if len(lines) > 1 and lines[1].strip():
        return False, lines[1].strip()
    age = (now if now is not None else time.time()) - beat
    if age > STALE_AFTER:
        return False, (
            f"Discord last acknowledged a heartbeat {age:.0f} s ago: the bot seems disconnected."
        )
    return True, f"Healthy: Discord acknowledged a heartbeat {age:.0f} s ago."
