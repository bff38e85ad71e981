"""Data classes for the fake's world: users, roles, members, channels, messages.

Everything is kept close to Discord's wire format so the payloads handed to
discord.py are exactly what it would get from the real API.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import time
from dataclasses import dataclass, field
from typing import Any

import discord

from tests.fakediscord import limits

log = logging.getLogger(__name__)

DISCORD_EPOCH_MS = 1420070400000
Json = dict[str, Any]


class Snowflakes:
    """Monotonic snowflake generator whose ids encode the current time."""

    def __init__(self) -> None:
        self._last = 0
        self._seq = itertools.count()

    def next(self) -> int:
        candidate = (int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22 | (next(self._seq) % 4096)
        self._last = max(candidate, self._last + 1)
        return self._last


def iso(when: dt.datetime | None = None) -> str:
    return (when or dt.datetime.now(dt.UTC)).isoformat()


def _perms(**flags: bool) -> int:
    return discord.Permissions(**flags).value


EVERYONE_PERMS = _perms(
    view_channel=True,
    send_messages=True,
    read_message_history=True,
    add_reactions=True,
    embed_links=True,
    attach_files=True,
    use_application_commands=True,
    create_public_threads=True,
    send_messages_in_threads=True,
    change_nickname=True,
    use_external_emojis=True,
    send_polls=True,
)
MODERATOR_PERMS = _perms(
    manage_messages=True, manage_threads=True, kick_members=True, moderate_members=True
)
BOT_PERMS = EVERYONE_PERMS | _perms(
    manage_messages=True, manage_threads=True, create_private_threads=True
)


@dataclass
class FakeUser:
    id: int
    username: str
    global_name: str | None = None
    bot: bool = False

    @property
    def mention(self) -> str:
        return f"<@{self.id}>"

    def payload(self) -> Json:
        return {
            "id": str(self.id),
            "username": self.username,
            "global_name": self.global_name,
            "discriminator": "0",
            "avatar": None,
            "bot": self.bot,
            "public_flags": 0,
            "flags": 0,
        }


@dataclass
class FakeRole:
    id: int
    name: str
    permissions: int
    position: int = 0
    managed: bool = False
    mentionable: bool = False  # "Allow anyone to @mention this role"

    def payload(self) -> Json:
        return {
            "id": str(self.id),
            "name": self.name,
            "permissions": str(self.permissions),
            "position": self.position,
            "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
            "color": 0,
            "hoist": False,
            "managed": self.managed,
            "mentionable": self.mentionable,
            "icon": None,
            "unicode_emoji": None,
            "flags": 0,
        }


@dataclass
class FakeMember:
    user: FakeUser
    roles: list[int] = field(default_factory=list)
    nick: str | None = None
    joined_at: str = field(default_factory=iso)

    @property
    def id(self) -> int:
        return self.user.id

    def payload(self, *, with_user: bool = True, permissions: int | None = None) -> Json:
        data: Json = {
            "roles": [str(r) for r in self.roles],
            "nick": self.nick,
            "avatar": None,
            "banner": None,
            "joined_at": self.joined_at,
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "pending": False,
            "flags": 0,
            "communication_disabled_until": None,
        }
        if with_user:
            data["user"] = self.user.payload()
        if permissions is not None:
            data["permissions"] = str(permissions)
        return data


@dataclass
class FakeChannel:
    id: int
    name: str
    type: int = 0  # 0 text, 1 DM, 11 public thread, 12 private thread
    guild_id: int | None = None
    parent_id: int | None = None
    position: int = 0
    topic: str | None = None
    owner_id: int | None = None
    thread_members: set[int] = field(default_factory=set)
    archived: bool = False
    locked: bool = False
    auto_archive_duration: int = 1440
    recipient: FakeUser | None = None
    last_message_id: int | None = None

    @property
    def is_thread(self) -> bool:
        return self.type in (10, 11, 12)

    @property
    def mention(self) -> str:
        return f"<#{self.id}>"

    def payload(self) -> Json:
        data: Json = {
            "id": str(self.id),
            "type": self.type,
            "name": self.name,
            "last_message_id": str(self.last_message_id) if self.last_message_id else None,
            "flags": 0,
        }
        if self.type == 1 and self.recipient is not None:
            data["recipients"] = [self.recipient.payload()]
            return data
        data.update(
            guild_id=str(self.guild_id),
            parent_id=str(self.parent_id) if self.parent_id else None,
            position=self.position,
            rate_limit_per_user=0,
            nsfw=False,
        )
        if self.is_thread:
            data.update(
                owner_id=str(self.owner_id),
                message_count=0,
                member_count=len(self.thread_members),
                total_message_sent=0,
                thread_metadata={
                    "archived": self.archived,
                    "locked": self.locked,
                    "auto_archive_duration": self.auto_archive_duration,
                    "archive_timestamp": iso(),
                    "create_timestamp": iso(),
                    "invitable": True,
                },
            )
        else:
            data.update(topic=self.topic, permission_overwrites=[])
        return data


@dataclass
class FakeMessage:
    """A stored message.  ``data`` is the current wire payload."""

    data: Json
    files: dict[str, bytes] = field(default_factory=dict)  # filename -> bytes
    history: list[Json] = field(default_factory=list)  # previous versions
    deleted: bool = False
    interaction_id: int | None = None
    poll_votes: dict[int, list[int]] = field(default_factory=dict)  # answer -> user ids
    reactions: dict[str, set[int]] = field(default_factory=dict)  # emoji -> user ids

    @property
    def id(self) -> int:
        return int(self.data["id"])

    @property
    def channel_id(self) -> int:
        return int(self.data["channel_id"])

    @property
    def content(self) -> str:
        return str(self.data.get("content", ""))

    @property
    def embeds(self) -> list[Json]:
        return list(self.data.get("embeds", []))

    @property
    def components(self) -> list[Json]:
        return list(self.data.get("components", []))

    @property
    def flags(self) -> int:
        return int(self.data.get("flags", 0))

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & limits.EPHEMERAL_FLAG)

    @property
    def author_id(self) -> int:
        return int(self.data["author"]["id"])

    @property
    def poll(self) -> Json | None:
        return self.data.get("poll")

    def text(self) -> str:
        """Content plus every embed's visible text, for easy ``in`` assertions."""
        parts = [self.content]
        for embed in self.embeds:
            parts += [embed.get("title", ""), embed.get("description", "")]
            for fld in embed.get("fields", []):
                parts += [fld.get("name", ""), fld.get("value", "")]
            parts.append(embed.get("footer", {}).get("text", ""))
        return "\n".join(p for p in parts if p)
