"""The real bot as its own process, pointed at the local stand-in for Discord."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path

from tests.fakediscord import FakeDiscord

ROOT = Path(__file__).resolve().parents[1]
READY_TIMEOUT = 60.0


def bot_env(db: Path, **extra: str) -> dict[str, str]:
    """This environment without a real token, with the project importable and ``db`` as store."""
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    env.update({"THAWBOT_DB": str(db), "PYTHONPATH": str(ROOT), **extra})
    return env


async def start_bot(fake: FakeDiscord, db: Path) -> tuple[asyncio.subprocess.Process, float]:
    """``python -m bot run`` against ``fake``; returns once it logs that it is ready.

    Also returns the seconds from process start to ready. The caller terminates it.
    """
    env = bot_env(
        db,
        DISCORD_TOKEN="x" * 59,
        THAWBOT_API_BASE=fake.api_base,
        THAWBOT_GATEWAY_URL=fake.ws_url,
        THAWBOT_DEV_GUILD_ID=str(fake.guild_id),
    )
    started = time.perf_counter()
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    assert proc.stderr is not None
    try:
        while True:
            line = await asyncio.wait_for(proc.stderr.readline(), timeout=READY_TIMEOUT)
            if not line:
                raise RuntimeError("the bot exited before it was ready")
            if b"ready as" in line:
                elapsed = time.perf_counter() - started
                asyncio.get_running_loop().create_task(_drain(proc.stderr))
                return proc, elapsed
    except BaseException:
        proc.terminate()
        await proc.wait()
        raise


async def _drain(stream: asyncio.StreamReader) -> None:
    """Keep reading the bot's log so a full pipe never blocks it."""
    while await stream.readline():
        pass
