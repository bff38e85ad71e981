"""The invite link: the OAuth2 scopes and the permissions the bot asks a server for.

The permissions are named once here, with the bit Discord's documentation gives each
("Permissions" in the Topics section), and the integer in the invite URL is their sum.
The application id needs no network: a bot token's first segment is the bot user's id
in base64, and a bot user's id is its application's id.
"""

from __future__ import annotations

import base64
import binascii
from urllib.parse import urlencode

from bot.errors import ConfigError

AUTHORIZE_URL = "https://discord.com/oauth2/authorize"
SCOPES = ("bot", "applications.commands")

# Name as the Developer Portal and server settings show it: bit, and why the bot needs it.
PERMISSIONS: dict[str, tuple[int, str]] = {
    "View Channel": (1 << 10, "see the channel it answers, debates and posts facts in"),
    "Send Messages": (1 << 11, "post shared passages, debate cards and daily facts"),
    "Send Messages in Threads": (1 << 38, "post in the debate and fact discussion threads"),
    "Create Public Threads": (1 << 35, "open a thread under a debate lobby or a daily fact"),
    "Embed Links": (1 << 14, "every answer is an embed (a card)"),
    "Attach Files": (1 << 15, "the debate transcript is a Markdown file"),
    "Read Message History": (1 << 16, "edit its own timer cards and read poll answers"),
    "Send Polls": (1 << 49, "the audience votes before and after a debate"),
}


def permissions_value(names: tuple[str, ...] | None = None) -> int:
    """The permissions integer for ``names`` (default: every permission the bot asks for)."""
    chosen = tuple(PERMISSIONS) if names is None else names
    value = 0
    for name in chosen:
        value |= PERMISSIONS[name][0]
    return value


def application_id_from_token(token: str) -> int:
    """The application id a bot token carries in its first segment; ConfigError if none."""
    first = token.strip().split(".", 1)[0].replace("-", "+").replace("_", "/")
    try:
        decoded = base64.b64decode(first + "=" * (-len(first) % 4), validate=True)
        text = decoded.decode("ascii")
    except (binascii.Error, ValueError):
        text = ""
    if not text.isdigit() or int(text) <= 0:
        raise ConfigError(
            "The token does not carry an application id: pass --application-id or set "
            "THAWBOT_APPLICATION_ID (Developer Portal > General Information > Application ID)."
        )
    return int(text)


def invite_url(application_id: int) -> str:
    """The link a server admin opens to add the bot with its scopes and permissions."""
    query = {
        "client_id": str(application_id),
        "scope": " ".join(SCOPES),
        "permissions": str(permissions_value()),
    }
    return f"{AUTHORIZE_URL}?{urlencode(query)}"
