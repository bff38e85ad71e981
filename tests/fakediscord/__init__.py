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

Simulated users (all ``async``; each returns an :class:`InteractionRecord` and by
default waits for the bot's initial response):

* ``slash("quiz start", {"rounds": 5}, user="alice", channel="history")`` - once
  commands are synced the fake behaves like the Discord client: unknown commands,
  options, missing required options, wrong types, values outside choices/ranges and
  commands hidden by ``default_member_permissions`` raise ``AssertionError``;
  option types come from the registered schema (so ``{"student": "bob"}`` resolves
  a member), otherwise they are inferred from Python values (``fake.member("bob")``
  for users).  ``slash_payload(...)`` + ``dispatch_interaction(payload, name=...)``
  let a test tweak the raw INTERACTION_CREATE.
* Attachment options: pass ``FakeFile("ch13.pdf", data)`` (see
  :mod:`tests.fakediscord.attachments`: the upload limit, ``data.resolved.attachments``,
  the served URL, ``store.attachment_downloads``).
* ``autocomplete("quote", focused="topic", value="sta")`` - choices in ``rec.choices``.
* ``click(msg_or_rec, "custom_id")``, ``select(msg_or_rec, "custom_id", ["v"])``.
* ``submit_modal(rec_that_opened_it, {"custom_id": "value" or ["v"]})``.
* ``user_message("text", user=..., channel=...)`` (content is blanked for bots
  without the MESSAGE_CONTENT intent, as on Discord), ``poll_vote_add``,
  ``poll_vote_remove``, ``end_poll``, ``reconnect()`` (op 7, bot RESUMEs), and
  anything else with ``await fake.dispatch("EVENT_NAME", data)``.

The world (``fake.store``): guild "History 101" with #history and #debate,
roles @everyone and Moderator, member ``teacher`` (Moderator) and students
``alice``, ``bob``, ``carol``, ``dave``, ``erin``.  ``fake.guild_id``,
``fake.application_id``, ``fake.member(name)``, ``fake.channel(name)``.

Assertions: the :class:`InteractionRecord` (also ``fake.interactions[id]``):
``response_type``, ``content``, ``embeds``, ``ephemeral``, ``original``,
``followups``, ``messages``, ``text()``, ``modal``, ``choices``, and
``await rec.wait_done()`` / ``await rec.wait_followups(n)`` for deferred work.
``fake.messages("history")`` is the channel as users see it (after edits and
deletes, no ephemerals; ``msg.files`` holds attachment bytes), plus
``fake.requests``, ``fake.commands(guild_id)``, ``fake.threads()``,
``fake.polls()``, ``await fake.wait_until(predicate, timeout, "what")``.

Rules: ``fake.response_deadline`` (3 s) for the first response -> 10062, one
initial response per interaction -> 40060, follow-ups only after a response,
``allowed_mentions`` required on message-creating requests and never parsing
``everyone``/``roles`` (``fake.allow_role_mentions(role_id)`` permits explicit
role ids), every size limit in :mod:`tests.fakediscord.limits` -> 50035.
At teardown ``fake_discord`` fails the test on any recorded violation, unknown
route, interaction that got no response, or defer that was never completed
(``fake.problems()`` lists them).  Expected breaches::

    async with fake.expect_violation("double-response"):
        ...

or ``fake.take_violations("regex")``; ``fake.require_responses = False`` turns
off the no-response check.  Rate limits:
``fake.rate_limit(r"POST /channels/\\d+/messages", times=2, retry_after=0.05)``
answers 429 so discord.py's retry logic runs.  Besides, every route has Discord's
per-route buckets and the 50-a-second global limit (:mod:`tests.fakediscord.ratelimits`;
``fake.limits.route_limit`` / ``route_window`` / ``global_per_second``): each answer
carries the ``X-RateLimit-*`` headers and an exhausted bucket answers 429 with
``Retry-After``, as Discord does.  The gateway sends only the events of the intents the
bot identified with (``fake.gateway.withheld`` lists what it held back).
"""

from tests.fakediscord.attachments import FakeFile
from tests.fakediscord.fixtures import fake_discord, running_bot
from tests.fakediscord.interactions import InteractionRecord
from tests.fakediscord.server import FakeDiscord, RateLimitRule, Violation
from tests.fakediscord.store import FakeChannel, FakeMember, FakeMessage, FakeUser, Store

__all__ = [
    "FakeChannel",
    "FakeDiscord",
    "FakeFile",
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
