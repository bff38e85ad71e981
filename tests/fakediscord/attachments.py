"""Attachment options of slash commands, as Discord documents them.

A test passes a :class:`FakeFile` for an option of type ATTACHMENT (11)::

    await fake.slash("readings add", {"file": FakeFile("ch13.pdf", data), ...}, user="teacher")

As the Discord client does, the fake uploads it first and refuses (``AssertionError``)
a file over the uploader's limit (``fake.store.upload_limit``: 10 MiB for a user
without Nitro; :data:`NITRO_UPLOAD_LIMIT` or a boosted server's limit when a test sets
it). The interaction then carries the option's value (the attachment's id) and the
attachment object in ``data.resolved.attachments`` (id, filename, size, url, proxy_url,
content_type, ephemeral), and the fake serves the bytes at that URL, so discord.py's
``Attachment.read()`` works; ``fake.store.attachment_downloads`` lists each id fetched
(a bot that must refuse a file before downloading it can be checked). Command
registration is checked too: option types must be Discord's (1-11).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

Json = dict[str, Any]

ATTACHMENT = 11
OPTION_TYPES = frozenset(range(1, 12))  # SUB_COMMAND (1) ... ATTACHMENT (11)
USER_UPLOAD_LIMIT = 10 * 1024 * 1024  # a user without Nitro, on a server without boosts
NITRO_UPLOAD_LIMIT = 500 * 1024 * 1024


@dataclass(frozen=True)
class FakeFile:
    """A file a simulated user attaches to a slash command option."""

    filename: str
    data: bytes
    content_type: str | None = None


def resolve(store: Any, name: str, value: Any, resolved: Json) -> str:
    """Upload ``value`` as Discord's client would; the option's value (the attachment id)."""
    if not isinstance(value, FakeFile):
        raise AssertionError(f"option {name!r} is an attachment: pass a FakeFile, not {value!r}")
    limit = getattr(store, "upload_limit", USER_UPLOAD_LIMIT)
    if len(value.data) > limit:
        raise AssertionError(
            f"Discord's client refuses to upload {value.filename!r}: {len(value.data)} bytes "
            f"is over the upload limit of {limit}"
        )
    att_id = store.ids.next()
    store.attachments[att_id] = value.data
    base = getattr(store, "cdn_base", "")
    url = f"{base}/attachments/{store.application_id}/{att_id}/{quote(value.filename)}"
    data: Json = {
        "id": str(att_id),
        "filename": value.filename,
        "size": len(value.data),
        "url": url,
        "proxy_url": url,
        "ephemeral": True,  # Discord deletes a command's attachments after a while
    }
    if value.content_type:
        data["content_type"] = value.content_type
    resolved.setdefault("attachments", {})[str(att_id)] = data
    return str(att_id)


def option_type_problems(opt: Json, where: str) -> list[tuple[str, str]]:
    """(path, message) for an option whose type Discord does not have."""
    if opt.get("type") not in OPTION_TYPES:
        return [(f"{where}.type", f"Value must be one of {sorted(OPTION_TYPES)}.")]
    return []
