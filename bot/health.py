"""A heartbeat file beside the database: the running bot touches it, the healthcheck reads it."""

from __future__ import annotations

import time
from pathlib import Path

from bot.settings import Settings

HEARTBEAT_SECONDS = 30
STALE_AFTER = 3 * HEARTBEAT_SECONDS


def heartbeat_path(settings: Settings) -> Path:
    """Where the heartbeat lives (next to the SQLite file, on the same volume)."""
    return settings.database.with_name("heartbeat")


def write_heartbeat(settings: Settings, now: float | None = None) -> None:
    """Record that the bot is connected at ``now``."""
    path = heartbeat_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{now if now is not None else time.time():.0f}\n", encoding="utf-8")


def check_heartbeat(settings: Settings, now: float | None = None) -> tuple[bool, str]:
    """(healthy, one sentence): healthy when the heartbeat is younger than STALE_AFTER."""
    path = heartbeat_path(settings)
    try:
        beat = float(path.read_text(encoding="utf-8").strip())
    except (OSError, ValueError):
        return False, f"No heartbeat at {path}: the bot has not connected yet."
    age = (now if now is not None else time.time()) - beat
    if age > STALE_AFTER:
        return False, f"The last heartbeat is {age:.0f} s old: the bot seems disconnected."
    return True, f"Healthy: last heartbeat {age:.0f} s ago."
