"""fakediscord: a local stand-in for Discord's gateway and REST API.

The bot's real, unmodified discord.py client talks to an aiohttp server on
127.0.0.1 (random port).  discord.py's ``Route.BASE``, the gateway
``DiscordWebSocket.DEFAULT_GATEWAY`` and ``Asset.BASE`` are patched for the
duration of a test and restored afterwards.  Every request is checked against
Discord's limits (all numbers live in :mod:`tests.fakediscord.limits`); a
breach is answered the way Discord would (same HTTP status and JSON error code,
so discord.py raises its real exceptions) and recorded in ``fake.violations``.

Usage (``tests/conftest.py`` holds ``pytest_plugins = ["tests.fakediscord.fixtures"]``)::

    import discord
    from discord.ext import commands
    from tests.fakediscord import FakeDiscord, running_bot

    def make_bot() -> commands.Bot:
        return commands.Bot(
            command_prefix="!",
            intents=discord.Intents.default(),
            allowed_mentions=discord.AllowedMentions.none(),
            guild_ready_timeout=0.05,
            chunk_guilds_at_startup=False,
        )

    async def test_quote(fake_discord: FakeDiscord) -> None:
        bot = make_bot()
        ...  # add commands / cogs
        async with running_bot(fake_discord, bot):
            await bot.tree.sync(guild=discord.Object(fake_discord.guild_id))
            rec = await fake_discord.slash("quote", {"topic": "khrushchev"}, user="alice")
            await rec.wait_done()
            assert "Secret Speech" in rec.content
            assert rec.ephemeral

Simulated users: ``slash``, ``autocomplete`` (choices in ``rec.choices``),
``click``/``select`` (on a message or on an interaction's response),
``submit_modal(rec_that_opened_it, {custom_id: value})``, ``user_message``,
``poll_vote_add``/``poll_vote_remove``, ``end_poll``; anything else with
``await fake.dispatch("EVENT_NAME", data)``.

The world (``fake.store``): guild "History 101" with #history and #debate,
roles @everyone and Moderator, member ``teacher`` (Moderator) and students
``alice``, ``bob``, ``carol``, ``dave``, ``erin``.

Assertions: ``fake.interactions[id]`` / the returned :class:`InteractionRecord`
(``response_type``, ``content``, ``embeds``, ``ephemeral``, ``followups``,
``modal``, ``choices``), ``fake.messages("history")`` (current state after
edits/deletes; ``msg.files`` holds attachment bytes), ``fake.requests``,
``fake.commands(guild_id)``, ``fake.threads()``, ``fake.polls()``.

Rules: ``fake.response_deadline`` (3 s) for the first response, one initial
response per interaction (40060), follow-ups only after a response,
``allowed_mentions`` required on message-creating requests and never parsing
``everyone``/``roles`` (``fake.allow_role_mentions(role_id)`` permits explicit
role ids).  Expected breaches: ``async with fake.expect_violation("regex"):``.
Rate limits: ``fake.rate_limit(r"POST /channels/\\d+/messages", times=2)``.
"""

from tests.fakediscord.fixtures import fake_discord, running_bot
from tests.fakediscord.interactions import InteractionRecord
from tests.fakediscord.server import FakeDiscord, RateLimitRule, Violation
from tests.fakediscord.store import FakeChannel, FakeMember, FakeMessage, FakeUser, Store

__all__ = [
    "FakeChannel",
    "FakeDiscord",
    "FakeMember",
    "FakeMessage",
    "FakeUser",
    "InteractionRecord",
    "RateLimitRule",
    "Store",
    "Violation",
    "fake_discord",
    "running_bot",
]
