"""Turning message create/edit request bodies into stored Discord messages."""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from typing import Any

from tests.fakediscord import limits
from tests.fakediscord.store import FakeChannel, FakeMessage, FakeUser, Store, iso

log = logging.getLogger(__name__)
Json = dict[str, Any]

USER_MENTION_RE = re.compile(r"<@!?(\d+)>")
ROLE_MENTION_RE = re.compile(r"<@&(\d+)>")
MENTION_EVERYONE = 1 << 17


@dataclass
class Upload:
    """One ``files[n]`` part of a multipart request."""

    field: str
    filename: str
    data: bytes
    content_type: str | None = None

    @property
    def index(self) -> str:
        return self.field.removeprefix("files[").removesuffix("]")


def _attachment(store: Store, base_url: str, channel_id: int, up: Upload, meta: Json) -> Json:
    att_id = store.ids.next()
    store.attachments[att_id] = up.data
    url = f"{base_url}/attachments/{channel_id}/{att_id}/{up.filename}"
    data: Json = {
        "id": str(att_id),
        "filename": meta.get("filename") or up.filename,
        "size": len(up.data),
        "url": url,
        "proxy_url": url,
        "content_type": up.content_type,
    }
    if meta.get("description"):
        data["description"] = meta["description"]
    return data


def _attachments(
    store: Store, base_url: str, channel_id: int, body: Json, uploads: list[Upload], old: list[Json]
) -> tuple[list[Json], dict[str, bytes]]:
    """Resolve the ``attachments`` array (new uploads by index, kept ones by id)."""
    by_index = {u.index: u for u in uploads}
    result: list[Json] = []
    files: dict[str, bytes] = {}
    if "attachments" in body and body["attachments"] is not None:
        old_by_id = {str(a["id"]): a for a in old}
        for meta in body["attachments"]:
            key = str(meta.get("id"))
            if key in by_index:
                up = by_index.pop(key)
                result.append(_attachment(store, base_url, channel_id, up, meta))
                files[result[-1]["filename"]] = up.data
            elif key in old_by_id:
                result.append(old_by_id[key])
                files[old_by_id[key]["filename"]] = store.attachments.get(int(key), b"")
    else:
        result = list(old)
        for att in old:
            files[att["filename"]] = store.attachments.get(int(att["id"]), b"")
    for up in by_index.values():  # uploads not described in the attachments array
        result.append(_attachment(store, base_url, channel_id, up, {}))
        files[result[-1]["filename"]] = up.data
    return result, files


def _mentions(store: Store, content: str, allowed: Json | None) -> list[Json]:
    if allowed is None:
        allowed = {"parse": ["users", "roles", "everyone"]}
    parse_users = "users" in (allowed.get("parse") or [])
    explicit = {int(u) for u in allowed.get("users") or []}
    found = []
    for raw in USER_MENTION_RE.findall(content or ""):
        uid = int(raw)
        if uid in store.users and (parse_users or uid in explicit):
            found.append(store.users[uid].payload())
    return found


def role_mentions(store: Store, content: str, allowed: Json | None, author_id: int) -> list[str]:
    """The roles a message notifies: allowed, and mentionable or the author has Mention Everyone."""
    if allowed is None:
        allowed = {"parse": ["users", "roles", "everyone"]}
    parse_roles = "roles" in (allowed.get("parse") or [])
    explicit = {int(r) for r in allowed.get("roles") or []}
    author = store.members.get(author_id)
    everyone = author is not None and bool(store.permissions_for(author) & MENTION_EVERYONE)
    found = []
    for raw in ROLE_MENTION_RE.findall(content or ""):
        role = store.roles.get(int(raw))
        allowed_here = role is not None and (parse_roles or role.id in explicit)
        if allowed_here and (role.mentionable or everyone):  # type: ignore[union-attr]
            found.append(raw)
    return found


def poll_from_request(req: Json, created: dt.datetime) -> Json:
    hours = float(req.get("duration", 24))
    answers = [
        {"answer_id": i, "poll_media": dict(a.get("poll_media") or {})}
        for i, a in enumerate(req.get("answers") or [], start=1)
    ]
    return {
        "question": dict(req.get("question") or {}),
        "answers": answers,
        "expiry": iso(created + dt.timedelta(hours=hours)),
        "allow_multiselect": bool(req.get("allow_multiselect", False)),
        "layout_type": req.get("layout_type", 1),
        "results": {"is_finalized": False, "answer_counts": []},
    }


def refresh_poll_results(msg: FakeMessage, *, finalized: bool | None = None) -> None:
    poll = msg.data.get("poll")
    if poll is None:
        return
    results = poll.setdefault("results", {"is_finalized": False, "answer_counts": []})
    if finalized is not None:
        results["is_finalized"] = finalized
    results["answer_counts"] = [
        {"id": aid, "count": len(users), "me_voted": False}
        for aid, users in sorted(msg.poll_votes.items())
        if users
    ]


def create_message(
    store: Store,
    channel: FakeChannel,
    body: Json,
    uploads: list[Upload],
    *,
    base_url: str,
    author: FakeUser | None = None,
    msg_type: int = 0,
    extra: Json | None = None,
) -> FakeMessage:
    author = author or store.bot_user
    msg_id = store.ids.next()
    now = dt.datetime.now(dt.UTC)
    attachments, files = _attachments(store, base_url, channel.id, body, uploads, [])
    data: Json = {
        "id": str(msg_id),
        "channel_id": str(channel.id),
        "author": author.payload(),
        "content": body.get("content") or "",
        "timestamp": iso(now),
        "edited_timestamp": None,
        "tts": bool(body.get("tts", False)),
        "mention_everyone": False,
        "mentions": _mentions(store, body.get("content") or "", body.get("allowed_mentions")),
        "mention_roles": role_mentions(
            store, body.get("content") or "", body.get("allowed_mentions"), author.id
        ),
        "attachments": attachments,
        "embeds": [dict(e, type=e.get("type", "rich")) for e in body.get("embeds") or []],
        "components": list(body.get("components") or []),
        "pinned": False,
        "type": msg_type,
        "flags": int(body.get("flags") or 0),
    }
    if channel.guild_id is not None:
        data["guild_id"] = str(channel.guild_id)
        if author.id in store.members:
            data["member"] = store.members[author.id].payload(with_user=False)
    if body.get("nonce") is not None:
        data["nonce"] = str(body["nonce"])
    if body.get("poll"):
        data["poll"] = poll_from_request(body["poll"], now)
    ref = body.get("message_reference")
    if ref and ref.get("message_id") and int(ref["message_id"]) in store.messages:
        target = store.messages[int(ref["message_id"])]
        data["type"] = 19 if msg_type == 0 else msg_type
        data["message_reference"] = {
            "type": 0,
            "message_id": str(target.id),
            "channel_id": str(target.channel_id),
            "guild_id": str(channel.guild_id) if channel.guild_id else None,
        }
        data["referenced_message"] = dict(target.data)
    data.update(extra or {})
    msg = FakeMessage(data=data, files=files)
    store.messages[msg_id] = msg
    channel.last_message_id = msg_id
    return msg


def edit_message(
    store: Store, msg: FakeMessage, body: Json, uploads: list[Upload], *, base_url: str
) -> None:
    msg.history.append(dict(msg.data))
    data = dict(msg.data)
    defaults: Json = {"content": "", "embeds": [], "components": [], "tts": False}
    for key, default in defaults.items():
        if key in body:
            data[key] = default if body[key] is None else body[key]
    data["embeds"] = [dict(e, type=e.get("type", "rich")) for e in data.get("embeds") or []]
    keep = msg.flags & (limits.EPHEMERAL_FLAG | limits.COMPONENTS_V2_FLAG)
    new_flags = int(body["flags"]) if body.get("flags") is not None else msg.flags
    data["flags"] = (new_flags | keep) & ~limits.LOADING_FLAG
    old = msg.data.get("attachments", [])
    attachments, files = _attachments(store, base_url, msg.channel_id, body, uploads, old)
    data["attachments"] = attachments
    data["mentions"] = _mentions(store, data.get("content", ""), body.get("allowed_mentions"))
    data["edited_timestamp"] = iso()
    msg.data = data
    msg.files = files


def poll_result_message_extra(msg: FakeMessage) -> Json:
    """Embed of the POLL_RESULT system message Discord posts when a poll ends."""
    poll = msg.data["poll"]
    counts = {aid: len(users) for aid, users in msg.poll_votes.items()}
    total = sum(counts.values())
    fields = [
        {"name": "poll_question_text", "value": poll["question"].get("text", "")},
        {"name": "total_votes", "value": str(total)},
    ]
    if total:
        victor = max(counts, key=lambda a: counts[a])
        answer = next(a for a in poll["answers"] if a["answer_id"] == victor)
        text = answer["poll_media"].get("text", "")
        fields += [
            {"name": "victor_answer_id", "value": str(victor)},
            {"name": "victor_answer_text", "value": text},
            {"name": "victor_answer_votes", "value": str(counts[victor])},
        ]
    return {
        "embeds": [{"type": "poll_result", "fields": fields}],
        "message_reference": {
            "type": 0,
            "message_id": str(msg.id),
            "channel_id": str(msg.channel_id),
        },
    }
