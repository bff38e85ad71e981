"""Channel messages, reactions, pins and polls."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from aiohttp import web

from tests.fakediscord import limits as L
from tests.fakediscord import validate
from tests.fakediscord.messages import (
    create_message,
    edit_message,
    poll_result_message_extra,
    refresh_poll_results,
)
from tests.fakediscord.routing import ApiError, ApiRequest, Router, json_response, no_content
from tests.fakediscord.store import FakeChannel, FakeMessage, iso

if TYPE_CHECKING:
    from tests.fakediscord.server import FakeDiscord

log = logging.getLogger(__name__)
Json = dict[str, Any]
router = Router()


def get_channel(fake: FakeDiscord, channel_id: int) -> FakeChannel:
    channel = fake.store.channels.get(channel_id)
    if channel is None:
        raise ApiError(404, L.ERR_UNKNOWN_CHANNEL, "Unknown Channel")
    return channel


def get_message(fake: FakeDiscord, channel_id: int, message_id: int) -> FakeMessage:
    get_channel(fake, channel_id)
    msg = fake.store.messages.get(message_id)
    if msg is None or msg.deleted or msg.channel_id != channel_id or msg.ephemeral:
        raise ApiError(404, L.ERR_UNKNOWN_MESSAGE, "Unknown Message")
    return msg


def check_body(
    fake: FakeDiscord, req: ApiRequest, *, creating: bool, editing: FakeMessage | None = None
) -> None:
    problems = validate.check_message(
        req.body, creating=creating, has_files=bool(req.uploads), **fake.mention_rules()
    )
    if editing is not None and editing.poll is not None:
        problems.append(validate.Problem("", "Cannot edit a poll message", L.ERR_CANNOT_EDIT_POLL))
    if problems:
        for prob in problems:
            fake.violate("invalid-body", str(prob), req)
        err = validate.error_body(problems)
        raise ApiError(400, err["code"], err["message"], err["errors"])


def delete_event(fake: FakeDiscord, msg: FakeMessage) -> Json:
    return {
        "id": str(msg.id),
        "channel_id": str(msg.channel_id),
        "guild_id": str(fake.store.guild_id),
    }


@router.add("POST", "/channels/{channel_id}/messages")
async def send_message(fake: FakeDiscord, req: ApiRequest, channel_id: int) -> web.Response:
    channel = get_channel(fake, channel_id)
    check_body(fake, req, creating=True)
    nonce = req.body.get("nonce")
    if nonce is not None and req.body.get("enforce_nonce"):
        # Discord: the same author's message with this nonce (past few minutes) is returned
        for old in fake.store.channel_messages(channel_id):
            if old.data.get("nonce") == str(nonce):
                return json_response(old.data)
    msg = create_message(fake.store, channel, req.body, req.uploads, base_url=fake.url)
    await fake.emit("MESSAGE_CREATE", msg.data)
    fake.notify()
    return json_response(msg.data)


@router.add("GET", "/channels/{channel_id}/messages")
async def history(fake: FakeDiscord, req: ApiRequest, channel_id: int) -> web.Response:
    get_channel(fake, channel_id)
    msgs = fake.store.channel_messages(channel_id)  # oldest first
    limit = int(req.query.get("limit", 50))
    if "before" in req.query:
        msgs = [m for m in msgs if m.id < int(req.query["before"])]
    if "after" in req.query:
        msgs = [m for m in msgs if m.id > int(req.query["after"])][:limit]
    if "around" in req.query:
        around = int(req.query["around"])
        older = [m for m in msgs if m.id <= around][-(limit // 2 + 1) :]
        msgs = older + [m for m in msgs if m.id > around][: limit - len(older)]
    newest_first = list(reversed(msgs))[:limit]
    return json_response([m.data for m in newest_first])


@router.add("GET", "/channels/{channel_id}/messages/{message_id}")
async def fetch_message(
    fake: FakeDiscord, req: ApiRequest, channel_id: int, message_id: int
) -> web.Response:
    return json_response(get_message(fake, channel_id, message_id).data)


@router.add("PATCH", "/channels/{channel_id}/messages/{message_id}")
async def edit(
    fake: FakeDiscord, req: ApiRequest, channel_id: int, message_id: int
) -> web.Response:
    msg = get_message(fake, channel_id, message_id)
    if msg.author_id != fake.store.bot_user.id:
        fake.violate("edit-foreign", f"bot tried to edit message {message_id} by another user", req)
        raise ApiError(
            403, L.ERR_CANNOT_EDIT_OTHER_USER, "Cannot edit a message authored by another user"
        )
    check_body(fake, req, creating=False, editing=msg)
    edit_message(fake.store, msg, req.body, req.uploads, base_url=fake.url)
    await fake.emit("MESSAGE_UPDATE", msg.data)
    fake.notify()
    return json_response(msg.data)


@router.add("DELETE", "/channels/{channel_id}/messages/{message_id}")
async def delete(
    fake: FakeDiscord, req: ApiRequest, channel_id: int, message_id: int
) -> web.Response:
    msg = get_message(fake, channel_id, message_id)
    msg.deleted = True
    await fake.emit("MESSAGE_DELETE", delete_event(fake, msg))
    fake.notify()
    return no_content()


@router.add("POST", "/channels/{channel_id}/messages/bulk-delete")
async def bulk_delete(fake: FakeDiscord, req: ApiRequest, channel_id: int) -> web.Response:
    ids = [int(i) for i in req.body.get("messages") or []]
    for message_id in ids:
        get_message(fake, channel_id, message_id).deleted = True
    data = {
        "ids": [str(i) for i in ids],
        "channel_id": str(channel_id),
        "guild_id": str(fake.store.guild_id),
    }
    await fake.emit("MESSAGE_DELETE_BULK", data)
    fake.notify()
    return no_content()


@router.add("POST", "/channels/{channel_id}/typing")
async def typing(fake: FakeDiscord, req: ApiRequest, channel_id: int) -> web.Response:
    get_channel(fake, channel_id)
    return no_content()


# --- reactions -------------------------------------------------------------------
def _emoji(raw: str) -> Json:
    text = unquote(raw)
    if ":" in text:
        name, emoji_id = text.split(":", 1)
        return {"id": emoji_id, "name": name}
    return {"id": None, "name": text}


async def react(fake: FakeDiscord, msg: FakeMessage, emoji: str, user_id: int, add: bool) -> None:
    users = msg.reactions.setdefault(unquote(emoji), set())
    (users.add if add else users.discard)(user_id)
    counts = [
        {"emoji": _emoji(e), "count": len(u), "me": fake.store.bot_user.id in u, "burst_count": 0}
        for e, u in msg.reactions.items()
        if u
    ]
    msg.data["reactions"] = counts
    data: Json = {
        "user_id": str(user_id),
        "channel_id": str(msg.channel_id),
        "message_id": str(msg.id),
        "guild_id": str(fake.store.guild_id),
        "emoji": _emoji(emoji),
        "burst": False,
        "burst_colors": [],
        "type": 0,
    }
    if add:
        data["member"] = fake.store.members[user_id].payload()
        data["message_author_id"] = str(msg.author_id)
    await fake.emit("MESSAGE_REACTION_ADD" if add else "MESSAGE_REACTION_REMOVE", data)
    fake.notify()


for _method in ("PUT", "DELETE"):

    @router.add(_method, "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me")
    async def own_reaction(
        fake: FakeDiscord, req: ApiRequest, channel_id: int, message_id: int, emoji: str
    ) -> web.Response:
        msg = get_message(fake, channel_id, message_id)
        await react(fake, msg, emoji, fake.store.bot_user.id, req.method == "PUT")
        return no_content()


# --- pins ----------------------------------------------------------------------------
for _method, _template in [
    ("PUT", "/channels/{channel_id}/messages/pins/{message_id}"),
    ("DELETE", "/channels/{channel_id}/messages/pins/{message_id}"),
    ("PUT", "/channels/{channel_id}/pins/{message_id}"),
    ("DELETE", "/channels/{channel_id}/pins/{message_id}"),
]:

    @router.add(_method, _template)
    async def pin(
        fake: FakeDiscord, req: ApiRequest, channel_id: int, message_id: int
    ) -> web.Response:
        msg = get_message(fake, channel_id, message_id)
        pins = fake.store.pins.setdefault(channel_id, [])
        if req.method == "PUT" and message_id not in pins:
            pins.append(message_id)
        elif req.method == "DELETE" and message_id in pins:
            pins.remove(message_id)
        msg.data["pinned"] = req.method == "PUT"
        await fake.emit("MESSAGE_UPDATE", msg.data)
        fake.notify()
        return no_content()


@router.add("GET", "/channels/{channel_id}/messages/pins")
async def list_pins(fake: FakeDiscord, req: ApiRequest, channel_id: int) -> web.Response:
    get_channel(fake, channel_id)
    ids = reversed(fake.store.pins.get(channel_id, []))
    items = [{"pinned_at": iso(), "message": fake.store.messages[i].data} for i in ids]
    return json_response({"items": items, "has_more": False})


# --- polls -----------------------------------------------------------------------------
def get_poll_message(
    fake: FakeDiscord, req: ApiRequest, channel_id: int, message_id: int
) -> FakeMessage:
    msg = get_message(fake, channel_id, message_id)
    if msg.poll is None:
        fake.violate("not-a-poll", f"message {message_id} has no poll", req)
        raise ApiError(400, L.ERR_NOT_A_POLL, "Cannot expire a non-poll message")
    return msg


async def finish_poll(fake: FakeDiscord, msg: FakeMessage) -> None:
    poll = msg.data["poll"]
    poll["expiry"] = iso()
    refresh_poll_results(msg, finalized=True)
    await fake.emit("MESSAGE_UPDATE", msg.data)
    channel = fake.store.channels[msg.channel_id]
    body = {"content": "", **poll_result_message_extra(msg)}
    result = create_message(fake.store, channel, body, [], base_url=fake.url, msg_type=46)
    await fake.emit("MESSAGE_CREATE", result.data)
    fake.notify()


@router.add("POST", "/channels/{channel_id}/polls/{message_id}/expire")
async def expire_poll(
    fake: FakeDiscord, req: ApiRequest, channel_id: int, message_id: int
) -> web.Response:
    msg = get_poll_message(fake, req, channel_id, message_id)
    if msg.data["poll"]["results"].get("is_finalized"):
        raise ApiError(400, L.ERR_POLL_EXPIRED, "Poll expired")
    await finish_poll(fake, msg)
    return json_response(msg.data)


@router.add("GET", "/channels/{channel_id}/polls/{message_id}/answers/{answer_id}")
async def poll_voters(
    fake: FakeDiscord, req: ApiRequest, channel_id: int, message_id: int, answer_id: int
) -> web.Response:
    msg = get_poll_message(fake, req, channel_id, message_id)
    voters = sorted(msg.poll_votes.get(answer_id, []))
    if "after" in req.query:
        voters = [v for v in voters if v > int(req.query["after"])]
    voters = voters[: int(req.query.get("limit", 25))]
    return json_response({"users": [fake.store.users[v].payload() for v in voters]})
