"""In-memory world of the fake Discord: one guild with channels, roles and members.

Everything is kept close to Discord's wire format so the payloads handed to
discord.py are exactly what it would get from the real API.
"""

from __future__ import annotations

import logging
from typing import Any

import discord

from tests.fakediscord.models import (
    BOT_PERMS,
    EVERYONE_PERMS,
    MODERATOR_PERMS,
    FakeChannel,
    FakeMember,
    FakeMessage,
    FakeRole,
    FakeUser,
    Snowflakes,
    iso,
)

log = logging.getLogger(__name__)
Json = dict[str, Any]

__all__ = [
    "FakeChannel",
    "FakeMember",
    "FakeMessage",
    "FakeRole",
    "FakeUser",
    "Store",
    "iso",
]


class Store:
    """The fake's world.  Ids are fresh for every store (every test)."""

    def __init__(self, *, bot_name: str = "Thawbot", student_names: tuple[str, ...] = ()) -> None:
        self.ids = Snowflakes()
        self.bot_user = FakeUser(self.ids.next(), bot_name, None, bot=True)
        self.application_id = self.bot_user.id
        self.owner = FakeUser(self.ids.next(), "bot_owner", "Bot Owner")
        self.guild_id = self.ids.next()
        self.guild_name = "History 101"
        self.roles: dict[int, FakeRole] = {}
        self.channels: dict[int, FakeChannel] = {}
        self.members: dict[int, FakeMember] = {}
        self.users: dict[int, FakeUser] = {u.id: u for u in (self.bot_user, self.owner)}
        self.messages: dict[int, FakeMessage] = {}
        self.pins: dict[int, list[int]] = {}
        self.attachments: dict[int, bytes] = {}
        self.attachment_downloads: list[int] = []  # ids fetched (tests.fakediscord.attachments)
        self.upload_limit = 10 * 1024 * 1024  # a user's upload limit without Nitro or boosts
        self.cdn_base = ""  # set when the server starts: where attachment URLs point
        self.global_commands: dict[str, Json] = {}
        self.guild_commands: dict[int, dict[str, Json]] = {}

        everyone = self._role("@everyone", EVERYONE_PERMS, role_id=self.guild_id)
        self.moderator_role = self._role("Moderator", MODERATOR_PERMS, position=2)
        bot_role = self._role(bot_name, BOT_PERMS, position=1, managed=True)
        self.everyone_role = everyone
        for position, name in enumerate(("history", "debate")):
            ch = FakeChannel(self.ids.next(), name, 0, self.guild_id, position=position)
            self.channels[ch.id] = ch
        self.teacher = self.add_member("teacher", "Ms. Novak", roles=[self.moderator_role.id])
        for name in student_names or ("alice", "bob", "carol", "dave", "erin"):
            self.add_member(name, name.capitalize())
        self.members[self.bot_user.id] = FakeMember(self.bot_user, [bot_role.id])

    # --- construction -------------------------------------------------------
    def _role(self, name: str, perms: int, *, role_id: int | None = None, **kw: Any) -> FakeRole:
        role = FakeRole(role_id or self.ids.next(), name, perms, **kw)
        self.roles[role.id] = role
        return role

    def add_role(
        self, name: str, permissions: int = 0, *, position: int = 1, mentionable: bool = False
    ) -> FakeRole:
        """Create a role (before the bot connects, or dispatch GUILD_ROLE_CREATE yourself)."""
        return self._role(name, permissions, position=position, mentionable=mentionable)

    def add_member(
        self, username: str, global_name: str | None = None, *, roles: list[int] | None = None
    ) -> FakeMember:
        user = FakeUser(self.ids.next(), username, global_name)
        self.users[user.id] = user
        member = FakeMember(user, list(roles or []))
        self.members[user.id] = member
        return member

    def add_channel(self, name: str, *, type: int = 0, parent_id: int | None = None) -> FakeChannel:
        ch = FakeChannel(self.ids.next(), name, type, self.guild_id, parent_id=parent_id)
        ch.position = len(self.channels)
        self.channels[ch.id] = ch
        return ch

    # --- lookups ------------------------------------------------------------
    def member(self, ref: str | int | FakeMember | FakeUser) -> FakeMember:
        if isinstance(ref, FakeMember):
            return ref
        if isinstance(ref, FakeUser):
            ref = ref.id
        if isinstance(ref, int):
            return self.members[ref]
        for member in self.members.values():
            if ref in (member.user.username, member.user.global_name):
                return member
        known = [m.user.username for m in self.members.values()]
        raise KeyError(f"no member named {ref!r}; known: {known}")

    def channel(self, ref: str | int | FakeChannel) -> FakeChannel:
        if isinstance(ref, FakeChannel):
            return ref
        if isinstance(ref, int):
            return self.channels[ref]
        name = ref.lstrip("#")
        for ch in self.channels.values():
            if ch.name == name:
                return ch
        known = [c.name for c in self.channels.values()]
        raise KeyError(f"no channel named {ref!r}; known: {known}")

    def message(self, ref: int | FakeMessage) -> FakeMessage:
        return ref if isinstance(ref, FakeMessage) else self.messages[int(ref)]

    def permissions_for(self, member: FakeMember) -> int:
        value = self.everyone_role.permissions
        for role_id in member.roles:
            value |= self.roles[role_id].permissions
        if value & discord.Permissions.administrator.flag:  # type: ignore[attr-defined]
            return discord.Permissions.all().value
        return value

    def channel_messages(self, channel_id: int) -> list[FakeMessage]:
        found = [
            m
            for m in self.messages.values()
            if m.channel_id == channel_id and not m.deleted and not m.ephemeral
        ]
        return sorted(found, key=lambda m: m.id)

    # --- payloads -----------------------------------------------------------
    def guild_payload(self, *, full: bool = True) -> Json:
        data: Json = {
            "id": str(self.guild_id),
            "name": self.guild_name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "owner_id": str(self.teacher.id),
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 1,
            "explicit_content_filter": 0,
            "roles": [r.payload() for r in self.roles.values()],
            "emojis": [],
            "stickers": [],
            "features": [],
            "mfa_level": 0,
            "system_channel_id": None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "vanity_url_code": None,
            "description": None,
            "banner": None,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "preferred_locale": "en-US",
            "public_updates_channel_id": None,
            "nsfw_level": 0,
            "premium_progress_bar_enabled": False,
            "approximate_member_count": len(self.members),
        }
        if full:
            chans = list(self.channels.values())
            data.update(
                unavailable=False,
                large=False,
                member_count=len(self.members),
                joined_at=iso(),
                channels=[c.payload() for c in chans if not c.is_thread and c.type != 1],
                threads=[c.payload() for c in chans if c.is_thread and not c.archived],
                members=[m.payload() for m in self.members.values()],
                voice_states=[],
                presences=[],
                stage_instances=[],
                guild_scheduled_events=[],
                soundboard_sounds=[],
            )
        return data

    def command_store(self, guild_id: int | None) -> dict[str, Json]:
        if guild_id is None:
            return self.global_commands
        return self.guild_commands.setdefault(guild_id, {})

    def find_command(self, name: str, guild_id: int | None, ctype: int = 1) -> Json | None:
        for scope in (self.guild_commands.get(guild_id or 0, {}), self.global_commands):
            for cmd in scope.values():
                if cmd["name"] == name and cmd.get("type", 1) == ctype:
                    return cmd
        return None
