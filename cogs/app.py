"""The Discord client: intents, cogs, persistent items, command sync and start-up errors."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import signal
import sqlite3
import time
from typing import Any, cast

import aiohttp
import discord
import yarl
from discord import app_commands
from discord.ext import commands, tasks

from bot import actions, features, runtime, typed
from bot.errors import ThawbotError
from bot.health import HEARTBEAT_SECONDS, write_heartbeat
from bot.services import Services
from bot.settings import Settings
from bot.storefaults import startup_error
from cogs.components import ActionButton
from cogs.errors import report_error
from cogs.marks import MarkButton

log = logging.getLogger(__name__)

EXTENSIONS = features.extensions()  # one per declared feature (bot.features)
OP_HEARTBEAT_ACK = 11
VOICE_WARNINGS = frozenset(
    {
        "PyNaCl is not installed, voice will NOT be supported",
        "davey is not installed, voice will NOT be supported",
    }
)


def _not_a_voice_warning(record: logging.LogRecord) -> bool:
    """discord.client warns at start-up that voice libraries are missing: the bot has no
    voice, so exactly those two warnings are dropped."""
    return record.msg not in VOICE_WARNINGS


async def clean_typed_text(interaction: discord.Interaction) -> bool:
    """The input edge of every command: unreadable characters in typed options become
    U+FFFD before the options are read, so the text is kept (and the user told)."""
    if interaction.data:
        # the raw payload discord.py reads the options from, changed in place
        data = cast("dict[str, Any]", interaction.data)
        cleaned, changed = typed.clean_tree(dict(data))
        if changed:
            data.clear()
            data.update(cleaned)
            interaction.extras["unreadable_text"] = True
    return True


class CheckedTree(app_commands.CommandTree):
    """The command tree; its check runs before every command is read."""

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return await clean_typed_text(interaction)

    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError, /
    ) -> None:
        """The one error handler for every app command."""
        await report_error(interaction, error)


class Thawbot(commands.Bot):
    """The bot. Settings and services are attached here for cogs to use."""

    def __init__(self, settings: Settings, services: Services | None = None, **options) -> None:
        intents = discord.Intents.none()
        intents.guilds = True  # channels, threads and roles; no privileged intent is needed
        intents.guild_polls = True  # audience votes in debates
        options.setdefault("chunk_guilds_at_startup", False)
        # socket_raw_receive: the gateway's heartbeat acknowledgements, for the healthcheck
        options.setdefault("enable_debug_events", True)
        if settings.owner_ids:
            options.setdefault("owner_ids", set(settings.owner_ids))
        options.setdefault("tree_cls", CheckedTree)
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            allowed_mentions=discord.AllowedMentions.none(),
            help_command=None,
            **options,
        )
        self.settings = settings
        self.services = services or Services.open(
            settings.database,
            settings.seeds_dir,
            settings.default_timezone,
            settings.retention_days,
        )
        self.last_ack: float | None = None  # wall time of the gateway's last HEARTBEAT_ACK
        self._reported: str | None = None

    async def setup_hook(self) -> None:
        """Load cogs, register persistent items, then sync commands if they changed."""
        actions.load_features()
        self.add_dynamic_items(ActionButton, MarkButton)
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        await self.sync_commands()

    async def sync_commands(self, force: bool = False) -> bool:
        """Sync to the development guild if one is set, else globally; only when changed."""
        guild = discord.Object(self.settings.dev_guild_id) if self.settings.dev_guild_id else None
        if guild is not None:
            self.tree.copy_global_to(guild=guild)
        scope = f"command_hash:{guild.id if guild else 'global'}"
        digest = self.command_hash(guild)
        if not force and self.services.store.meta(scope) == digest:
            log.info("application commands unchanged; not syncing")
            return False
        await self.tree.sync(guild=guild)
        self.services.store.set_meta(scope, digest)
        log.info("synced application commands to %s", guild.id if guild else "all guilds")
        return True

    def command_hash(self, guild: discord.abc.Snowflake | None) -> str:
        """A hash of the command payloads Discord would receive."""
        payload = [command.to_dict(self.tree) for command in self.tree.get_commands(guild=guild)]
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:16]

    async def on_app_command_completion(
        self, interaction: discord.Interaction, command: object
    ) -> None:
        """After the command's one answer: say that some typed characters were replaced."""
        if interaction.extras.get("unreadable_text") and interaction.response.is_done():
            try:
                await interaction.followup.send(typed.NOTE, ephemeral=True)
            except discord.HTTPException as exc:
                log.info("could not send the unreadable-text note: %s", exc)

    async def on_ready(self) -> None:
        log.info("ready as %s in %d servers", self.user, len(self.guilds))
        if not self.heartbeat.is_running():
            self.heartbeat.start()

    async def on_socket_raw_receive(self, message: str) -> None:
        """Note each heartbeat acknowledgement (a short message; the rest is skipped)."""
        if len(message) < 96 and f'"op":{OP_HEARTBEAT_ACK}' in message.replace(" ", ""):
            self.last_ack = time.time()

    @tasks.loop(seconds=HEARTBEAT_SECONDS)
    async def heartbeat(self) -> None:
        """Record the last gateway acknowledgement (and any storage problem) for health."""
        problem = self.services.store.file_problem()
        if problem and problem != self._reported:
            log.error("%s", problem)
        self._reported = problem
        if self.last_ack is not None:
            write_heartbeat(self.settings, now=self.last_ack, problem=problem)

    @heartbeat.before_loop
    async def _before_heartbeat(self) -> None:
        await self.wait_until_ready()


def create_bot(settings: Settings, services: Services | None = None, **options) -> Thawbot:
    """A bot for the settings (tests pass a short ``guild_ready_timeout``)."""
    if settings.api_base:
        discord.http.Route.BASE = settings.api_base.rstrip("/")
    if settings.gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.gateway_url)
    logging.getLogger("discord.client").addFilter(_not_a_voice_warning)  # added once
    return Thawbot(settings, services, **options)


def run_bot(settings: Settings) -> int:
    """Run until stopped; one clear sentence and a non-zero status when Discord says no."""
    assert settings.discord_token is not None
    runtime.redact_logs()  # discord.py's DEBUG lines carry interaction tokens
    bot = create_bot(settings)
    try:
        asyncio.run(_run(bot, settings.discord_token.get_secret_value()))
    except discord.LoginFailure:
        log.error("Discord rejected the token: check DISCORD_TOKEN (Developer Portal > Bot).")
        return 1
    except discord.PrivilegedIntentsRequired:
        log.error("Discord refused an intent this bot asked for; see the README's intents.")
        return 1
    except discord.Forbidden as exc:
        log.error(
            "Discord refused a start-up request (403: %s). If THAWBOT_DEV_GUILD_ID is set, "
            "invite the bot to that server with the applications.commands scope.",
            exc.text or "forbidden",
        )
        return 1
    except discord.HTTPException as exc:
        log.error("Discord answered a start-up request with HTTP %s; try again later.", exc.status)
        return 1
    except (aiohttp.ClientError, OSError, discord.GatewayNotFound) as exc:
        log.error("Cannot reach Discord (%s). Check the network and try again.", type(exc).__name__)
        return 1
    except (commands.ExtensionFailed, sqlite3.Error, ThawbotError) as exc:
        cause = getattr(exc, "original", exc)
        if isinstance(cause, sqlite3.Error):
            cause = startup_error(cause, settings.database)
        if not isinstance(cause, ThawbotError):
            raise
        log.error("%s", cause)
        return 1
    return 0


async def _run(bot: Thawbot, token: str) -> None:
    """Start, and close cleanly on SIGTERM (``docker stop``, PID 1) or SIGINT (Ctrl-C)."""
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, _stop, bot, signum)
    try:
        async with bot:
            await bot.start(token)
    finally:
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(signum)


_closing: set[asyncio.Task] = set()


def _stop(bot: Thawbot, signum: int) -> None:
    log.info("%s received: closing the connection to Discord", signal.Signals(signum).name)
    task = asyncio.get_running_loop().create_task(bot.close())
    _closing.add(task)
    task.add_done_callback(_closing.discard)
