"""Operating the bot: health from gateway acknowledgements, SIGTERM, secrets in logs."""

from __future__ import annotations

import asyncio
import io
import logging
import signal
import subprocess
import sys
import time

import pytest

from benchmarks.botprocess import bot_env, start_bot
from bot.health import STALE_AFTER, check_heartbeat
from bot.runtime import redact_logs
from bot.settings import load_settings
from cogs.app import create_bot
from tests.fakediscord import FakeDiscord, running_bot


@pytest.fixture
async def quick_fake():
    """A stand-in whose gateway asks for a heartbeat every 0.2 s."""
    fake = FakeDiscord(token=None, heartbeat_interval_ms=200)
    async with fake.running():
        yield fake


async def heartbeat_once(bot) -> None:
    await bot.heartbeat.coro(bot)


async def test_health_needs_an_acknowledged_heartbeat(quick_fake, tmp_path):
    quick_fake.gateway.ack_heartbeats = False  # connected, ready, but the gateway is silent
    settings = load_settings(database=tmp_path / "thawbot.sqlite3")
    bot = create_bot(settings, guild_ready_timeout=0.05)
    async with running_bot(quick_fake, bot):
        await quick_fake.wait_until(lambda: quick_fake.gateway.heartbeats >= 2, 5.0, "beats")
        await heartbeat_once(bot)
        assert bot.is_ready()
        healthy, message = check_heartbeat(settings)
        assert not healthy and "not connected" in message
        quick_fake.gateway.ack_heartbeats = True
        await quick_fake.wait_until(lambda: bot.last_ack is not None, 5.0, "an acknowledgement")
        await heartbeat_once(bot)
        healthy, message = check_heartbeat(settings)
        assert healthy and "acknowledged a heartbeat" in message
        quick_fake.gateway.ack_heartbeats = False  # the connection dies; no ack after this
        last = bot.last_ack
        await asyncio.sleep(0.5)
        await heartbeat_once(bot)
        assert bot.last_ack == last
        healthy, message = check_heartbeat(settings, now=last + STALE_AFTER + 1)
        assert not healthy and "seems disconnected" in message


async def test_health_reports_a_deleted_database(quick_fake, tmp_path, caplog):
    settings = load_settings(database=tmp_path / "thawbot.sqlite3")
    bot = create_bot(settings, guild_ready_timeout=0.05)
    async with running_bot(quick_fake, bot):
        await quick_fake.wait_until(lambda: bot.last_ack is not None, 5.0, "an acknowledgement")
        settings.database.unlink()
        with caplog.at_level(logging.ERROR):
            await heartbeat_once(bot)
        healthy, message = check_heartbeat(settings)
        assert not healthy and "was deleted or replaced" in message
        assert "was deleted or replaced" in caplog.text


async def test_sigterm_closes_the_bot_cleanly(quick_fake, tmp_path):
    proc, _ready = await start_bot(quick_fake, tmp_path / "thawbot.sqlite3")
    try:
        proc.send_signal(signal.SIGTERM)
        status = await asyncio.wait_for(proc.wait(), timeout=20)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    assert status == 0  # closed by itself, not killed by the signal (-15)
    await quick_fake.wait_until(lambda: not quick_fake.gateway.connections, 5.0, "the close")


def test_sigterm_ends_the_console_without_a_traceback(tmp_path):
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "console"],
        env=bot_env(tmp_path / "thawbot.sqlite3"),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write("/help\n")
        proc.stdin.flush()
        deadline = time.monotonic() + 60
        while "/quote" not in proc.stdout.readline():  # the console is up and answering
            assert time.monotonic() < deadline and proc.poll() is None
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 128 + signal.SIGTERM
    assert "Traceback" not in err


def test_interaction_tokens_never_reach_the_log():
    token = "aW50ZXJhY3Rpb246MTIzNDU2Nzg5OmFiY2RlZg"
    written = io.StringIO()
    logger = logging.getLogger("tests.redaction")
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    logger.addHandler(logging.StreamHandler(written))
    redact_logs(logger)  # what run_bot does to the root logger's handlers
    logger.debug(  # discord.http's DEBUG line for an interaction callback
        "%s %s with %s has returned %s",
        "POST",
        f"https://discord.com/api/v10/interactions/123/{token}/callback",
        None,
        204,
    )
    gateway_event = {"t": "INTERACTION_CREATE", "d": {"id": "123", "token": token}}
    logger.debug("For Shard ID %s: WebSocket Event: %s", None, gateway_event)
    logger.debug("PATCH https://discord.com/api/v10/webhooks/55/%s/messages/@original", token)
    text = written.getvalue()
    assert token not in text and text.count("[redacted]") == 3
    assert "/interactions/123/[redacted]/callback" in text and "'id': '123'" in text


async def test_the_bot_under_another_process_lock_stops_with_one_sentence(quick_fake, tmp_path):
    import sqlite3

    from bot.services import Services

    db = tmp_path / "thawbot.sqlite3"
    Services.open(db).store.db.conn.close()
    other = sqlite3.connect(str(db), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    env = bot_env(
        db,
        DISCORD_TOKEN="x" * 59,
        THAWBOT_API_BASE=quick_fake.api_base,
        THAWBOT_GATEWAY_URL=quick_fake.ws_url,
    )
    try:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", env=env, stderr=asyncio.subprocess.PIPE
        )
        _out, err = await asyncio.wait_for(proc.communicate(), timeout=60)
    finally:
        other.rollback()
        other.close()
    text = err.decode()
    assert proc.returncode == 1, text
    assert "Traceback" not in text
    assert "locked by another program" in text or "The database is busy" in text
