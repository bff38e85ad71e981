"""The real Thawbot client, started against the local fake Discord."""

from __future__ import annotations

import pytest

from bot.settings import load_settings
from cogs.app import create_bot
from tests.fakediscord import FakeDiscord, running_bot


@pytest.fixture
async def thawbot(fake_discord: FakeDiscord, tmp_path):
    """Thawbot with its own database file, commands synced to the fake's test guild."""
    settings = load_settings(
        database=tmp_path / "thawbot.sqlite3", dev_guild_id=fake_discord.guild_id
    )
    bot = create_bot(settings, guild_ready_timeout=0.05)
    async with running_bot(fake_discord, bot):
        yield bot
