"""The console's users: typed names with stable ids; "teacher" is the moderator."""

from __future__ import annotations

import zlib

from bot.models import Actor

DEFAULT_USER = "teacher"


def console_actor(name: str) -> Actor:
    """The console user called ``name``: a stable id from the name, and the default user,
    "teacher", is the moderator."""
    return Actor(
        id=zlib.crc32(name.lower().encode()) or 1,
        name=name,
        is_moderator=name.lower() == DEFAULT_USER,
    )
