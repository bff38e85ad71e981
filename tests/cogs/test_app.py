"""Start-up paths of the real bot: a rejected token, Discord unreachable, intents, sync."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import load_settings
from cogs.app import Thawbot, create_bot
from tests.fakediscord import FakeDiscord, running_bot

ROOT = Path(__file__).resolve().parents[2]


def run_bot_process(env_extra: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    env = {**os.environ, "THAWBOT_DB": str(tmp_path / "db.sqlite3"), **env_extra}
    return subprocess.run(
        [sys.executable, "-m", "bot"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        stdin=subprocess.DEVNULL,
    )


async def test_rejected_token_ends_with_one_sentence(fake_discord: FakeDiscord, tmp_path):
    token = "wrong." + "x" * 40
    done = await _in_thread(
        run_bot_process,
        {"DISCORD_TOKEN": token, "THAWBOT_API_BASE": fake_discord.api_base},
        tmp_path,
    )
    assert done.returncode == 1
    assert "Discord rejected the token" in done.stderr
    assert "Traceback" not in done.stderr


def test_unreachable_discord_ends_with_one_sentence(tmp_path):
    done = run_bot_process(
        {"DISCORD_TOKEN": "x" * 59, "THAWBOT_API_BASE": "http://127.0.0.1:9/api/v10"}, tmp_path
    )
    assert done.returncode == 1
    assert "Cannot reach Discord" in done.stderr
    assert "Traceback" not in done.stderr


def test_malformed_token_is_a_settings_error(tmp_path):
    done = run_bot_process({"DISCORD_TOKEN": "abc"}, tmp_path)
    assert done.returncode == 2
    assert "does not look like a bot token" in done.stderr


def test_no_token_starts_the_console_and_says_why(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    env["THAWBOT_DB"] = str(tmp_path / "db.sqlite3")
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(
        [sys.executable, "-m", "bot"],
        env=env,
        input="/help\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 0
    assert "DISCORD_TOKEN is not set: starting the offline console" in done.stderr
    assert "/quote" in done.stdout


def test_only_unprivileged_intents_and_no_pings(tmp_path):
    bot = Thawbot(load_settings(database=tmp_path / "db.sqlite3"))
    assert not bot.intents.members and not bot.intents.message_content
    assert not bot.intents.presences
    mentions = bot.allowed_mentions
    assert mentions is not None
    assert not mentions.everyone and not mentions.roles and not mentions.users


async def test_commands_sync_only_when_they_change(fake_discord: FakeDiscord, tmp_path):
    settings = load_settings(database=tmp_path / "db.sqlite3", dev_guild_id=fake_discord.guild_id)

    def syncs() -> int:
        return sum(1 for r in fake_discord.requests if r.method == "PUT" and "commands" in r.path)

    async with running_bot(fake_discord, create_bot(settings, guild_ready_timeout=0.05)):
        pass
    assert syncs() == 1
    async with running_bot(fake_discord, create_bot(settings, guild_ready_timeout=0.05)) as bot:
        assert syncs() == 1  # unchanged commands: no second sync
        assert await bot.sync_commands(force=True) is True
    assert syncs() == 2


async def _in_thread(func, *args):
    import asyncio

    return await asyncio.to_thread(func, *args)


@pytest.fixture(autouse=True)
def _no_token_in_env(monkeypatch):
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
