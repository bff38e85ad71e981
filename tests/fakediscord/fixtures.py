"""pytest fixtures: ``fake_discord`` and the ``running_bot`` helper."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import TypeVar

import discord
import pytest

from tests.fakediscord.server import FakeDiscord

log = logging.getLogger(__name__)
ClientT = TypeVar("ClientT", bound=discord.Client)


@pytest.fixture
async def fake_discord() -> AsyncIterator[FakeDiscord]:
    """A started fake Discord with discord.py patched to use it.

    At teardown the test fails if any Discord rule was violated (and not
    consumed with ``fake.expect_violation``/``take_violations``), if the bot hit
    a route the fake does not know, or if an interaction never got a response.
    """
    fake = FakeDiscord()
    async with fake.running():
        yield fake
    problems = fake.problems()
    if problems:
        pytest.fail("fake Discord recorded problems:\n  " + "\n  ".join(problems), pytrace=False)


@contextlib.asynccontextmanager
async def running_bot(
    fake: FakeDiscord, bot: ClientT, token: str = "test-token", *, timeout: float = 5.0
) -> AsyncIterator[ClientT]:
    """Start ``bot`` against ``fake``, wait until it is ready, yield it, then close it."""
    if fake.port == 0:
        raise RuntimeError("start the fake first (use the fake_discord fixture)")
    task = asyncio.create_task(bot.start(token), name="fakediscord-bot")
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    try:
        while not bot.is_ready():
            if task.done():
                exc = task.exception()
                raise RuntimeError(f"bot stopped before becoming ready: {exc!r}") from exc
            if loop.time() > deadline:
                recent = [str(r) for r in fake.requests[-5:]]
                raise TimeoutError(
                    f"bot not ready after {timeout:.1f}s (gateway identified: "
                    f"{bool(fake.gateway.identifies)}, recent requests: {recent}). "
                    "Construct test bots with a small guild_ready_timeout and "
                    "chunk_guilds_at_startup=False."
                )
            await asyncio.sleep(0.01)
        yield bot
    finally:
        await bot.close()
        try:
            await asyncio.wait_for(task, timeout=5.0)
        except (asyncio.CancelledError, TimeoutError):
            task.cancel()
        except Exception:
            log.exception("bot task ended with an error")
