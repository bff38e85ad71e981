"""REST routes for users, the application, the guild, channels and threads."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from aiohttp import web

from tests.fakediscord import limits as L
from tests.fakediscord import rest_interactions, rest_messages
from tests.fakediscord.rest_messages import get_channel, get_message
from tests.fakediscord.routing import ApiError, ApiRequest, Router, json_response, no_content
from tests.fakediscord.store import FakeChannel, iso

if TYPE_CHECKING:
    from tests.fakediscord.server import FakeDiscord

log = logging.getLogger(__name__)
Json = dict[str, Any]
router = Router()


@router.add("GET", "/gateway", auth=False)
async def gateway(fake: FakeDiscord, req: ApiRequest) -> web.Response:
    return json_response({"url": fake.ws_url})


@router.add("GET", "/gateway/bot")
async def gateway_bot(fake: FakeDiscord, req: ApiRequest) -> web.Response:
    limit = {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
    return json_response({"url": fake.ws_url, "shards": 1, "session_start_limit": limit})


@router.add("GET", "/users/@me")
async def me(fake: FakeDiscord, req: ApiRequest) -> web.Response:
    user = fake.store.bot_user.payload()
    return json_response(dict(user, verified=True, mfa_enabled=False, email=None, locale="en-US"))


@router.add("GET", "/users/{user_id}")
async def get_user(fake: FakeDiscord, req: ApiRequest, user_id: int) -> web.Response:
    user = fake.store.users.get(user_id)
    if user is None:
        raise ApiError(404, L.ERR_UNKNOWN_USER, "Unknown User")
    return json_response(user.payload())


@router.add("POST", "/users/@me/channels")
async def open_dm(fake: FakeDiscord, req: ApiRequest) -> web.Response:
    recipient_id = int(req.body.get("recipient_id", 0))
    user = fake.store.users.get(recipient_id)
    if user is None:
        raise ApiError(404, L.ERR_UNKNOWN_USER, "Unknown User")
    for ch in fake.store.channels.values():
        if ch.type == 1 and ch.recipient is user:
            return json_response(ch.payload())
    dm = FakeChannel(fake.store.ids.next(), "", 1, recipient=user)
    fake.store.channels[dm.id] = dm
    return json_response(dm.payload())


def _application(fake: FakeDiscord) -> Json:
    store = fake.store
    return {
        "id": str(store.application_id),
        "name": store.bot_user.username,
        "icon": None,
        "description": "Thawbot test application",
        "summary": "",
        "type": None,
        "bot": store.bot_user.payload(),
        "bot_public": True,
        "bot_require_code_grant": False,
        "verify_key": "0" * 64,
        "owner": store.owner.payload(),
        "team": None,
        "flags": 0,
        "tags": [],
        "redirect_uris": [],
        "interactions_endpoint_url": None,
        "approximate_guild_count": 1,
        "integration_types_config": {"0": {}},
    }


@router.add("GET", "/oauth2/applications/@me")
async def application(fake: FakeDiscord, req: ApiRequest) -> web.Response:
    return json_response(_application(fake))


@router.add("GET", "/applications/@me")
async def application_self(fake: FakeDiscord, req: ApiRequest) -> web.Response:
    return json_response(_application(fake))


# --- guild ---------------------------------------------------------------------------
def _check_guild(guild_id: int, fake: FakeDiscord) -> None:
    if guild_id != fake.store.guild_id:
        raise ApiError(404, L.ERR_UNKNOWN_GUILD, "Unknown Guild")


@router.add("GET", "/guilds/{guild_id}")
async def get_guild(fake: FakeDiscord, req: ApiRequest, guild_id: int) -> web.Response:
    _check_guild(guild_id, fake)
    data = fake.store.guild_payload(full=False)
    data["approximate_presence_count"] = len(fake.store.members)
    return json_response(data)


@router.add("GET", "/guilds/{guild_id}/channels")
async def guild_channels(fake: FakeDiscord, req: ApiRequest, guild_id: int) -> web.Response:
    _check_guild(guild_id, fake)
    chans = [c.payload() for c in fake.store.channels.values() if c.type == 0]
    return json_response(chans)


@router.add("GET", "/guilds/{guild_id}/roles")
async def guild_roles(fake: FakeDiscord, req: ApiRequest, guild_id: int) -> web.Response:
    _check_guild(guild_id, fake)
    return json_response([r.payload() for r in fake.store.roles.values()])


@router.add("GET", "/guilds/{guild_id}/members")
async def list_members(fake: FakeDiscord, req: ApiRequest, guild_id: int) -> web.Response:
    _check_guild(guild_id, fake)
    after = int(req.query.get("after", 0))
    members = sorted((m for m in fake.store.members.values() if m.id > after), key=lambda m: m.id)
    limit = int(req.query.get("limit", 1))
    return json_response([m.payload() for m in members[:limit]])


@router.add("GET", "/guilds/{guild_id}/members/{user_id}")
async def get_member(
    fake: FakeDiscord, req: ApiRequest, guild_id: int, user_id: int
) -> web.Response:
    _check_guild(guild_id, fake)
    member = fake.store.members.get(user_id)
    if member is None:
        raise ApiError(404, L.ERR_UNKNOWN_MEMBER, "Unknown Member")
    return json_response(member.payload())


# --- channels & threads ----------------------------------------------------------------
@router.add("GET", "/channels/{channel_id}")
async def channel(fake: FakeDiscord, req: ApiRequest, channel_id: int) -> web.Response:
    return json_response(get_channel(fake, channel_id).payload())


@router.add("PATCH", "/channels/{channel_id}")
async def edit_channel(fake: FakeDiscord, req: ApiRequest, channel_id: int) -> web.Response:
    ch = get_channel(fake, channel_id)
    body = req.body
    ch.name = body.get("name", ch.name)
    ch.archived = bool(body.get("archived", ch.archived))
    ch.locked = bool(body.get("locked", ch.locked))
    ch.topic = body.get("topic", ch.topic)
    event = "THREAD_UPDATE" if ch.is_thread else "CHANNEL_UPDATE"
    await fake.emit(event, ch.payload())
    fake.notify()
    return json_response(ch.payload())


@router.add("DELETE", "/channels/{channel_id}")
async def delete_channel(fake: FakeDiscord, req: ApiRequest, channel_id: int) -> web.Response:
    ch = get_channel(fake, channel_id)
    del fake.store.channels[channel_id]
    if ch.is_thread:
        data = {"id": str(ch.id), "guild_id": str(ch.guild_id), "parent_id": str(ch.parent_id)}
        await fake.emit("THREAD_DELETE", dict(data, type=ch.type))
    else:
        await fake.emit("CHANNEL_DELETE", ch.payload())
    fake.notify()
    return json_response(ch.payload())


def _validate_thread(fake: FakeDiscord, req: ApiRequest, parent: FakeChannel) -> None:
    name = req.body.get("name")
    problems = []
    if not isinstance(name, str) or not 1 <= len(name) <= L.THREAD_NAME_MAX:
        problems.append(f"thread name must be 1-{L.THREAD_NAME_MAX} characters (got {name!r})")
    duration = req.body.get("auto_archive_duration")
    if duration is not None and duration not in L.THREAD_AUTO_ARCHIVE_DURATIONS:
        problems.append(
            f"auto_archive_duration {duration} not in {sorted(L.THREAD_AUTO_ARCHIVE_DURATIONS)}"
        )
    if parent.is_thread or parent.type not in (0, 5):
        problems.append(f"cannot start a thread in channel {parent.id} of type {parent.type}")
    for prob in problems:
        fake.violate("invalid-thread", prob, req)
    if problems:
        raise ApiError(400, L.ERR_INVALID_FORM_BODY, "Invalid Form Body")


async def _start_thread(
    fake: FakeDiscord, req: ApiRequest, parent: FakeChannel, thread_id: int, thread_type: int
) -> web.Response:
    _validate_thread(fake, req, parent)
    bot_id = fake.store.bot_user.id
    thread = FakeChannel(
        thread_id,
        str(req.body["name"]),
        thread_type,
        fake.store.guild_id,
        parent_id=parent.id,
        owner_id=bot_id,
        auto_archive_duration=int(req.body.get("auto_archive_duration") or 1440),
        thread_members={bot_id},
    )
    fake.store.channels[thread.id] = thread
    data = thread.payload()
    data["member"] = {
        "id": str(thread.id),
        "user_id": str(bot_id),
        "join_timestamp": iso(),
        "flags": 0,
    }
    await fake.emit("THREAD_CREATE", dict(data, newly_created=True))
    fake.notify()
    return json_response(data)


@router.add("POST", "/channels/{channel_id}/threads")
async def start_thread(fake: FakeDiscord, req: ApiRequest, channel_id: int) -> web.Response:
    parent = get_channel(fake, channel_id)
    thread_type = int(req.body.get("type") or 11)
    return await _start_thread(fake, req, parent, fake.store.ids.next(), thread_type)


@router.add("POST", "/channels/{channel_id}/messages/{message_id}/threads")
async def start_message_thread(
    fake: FakeDiscord, req: ApiRequest, channel_id: int, message_id: int
) -> web.Response:
    parent = get_channel(fake, channel_id)
    msg = get_message(fake, channel_id, message_id)
    if message_id in fake.store.channels:
        raise ApiError(400, 160004, "A thread has already been created for this message")
    response = await _start_thread(fake, req, parent, message_id, 11)
    msg.data["thread"] = fake.store.channels[message_id].payload()
    msg.data["flags"] = msg.flags | 32  # HAS_THREAD
    await fake.emit("MESSAGE_UPDATE", msg.data)
    return response


for _method in ("PUT", "DELETE"):

    @router.add(_method, "/channels/{channel_id}/thread-members/{who}")
    async def thread_member(
        fake: FakeDiscord, req: ApiRequest, channel_id: int, who: str
    ) -> web.Response:
        thread = get_channel(fake, channel_id)
        if not thread.is_thread:
            raise ApiError(400, 50024, "Cannot execute action on this channel type")
        user_id = fake.store.bot_user.id if who == "@me" else int(who)
        if user_id not in fake.store.members:
            raise ApiError(404, L.ERR_UNKNOWN_MEMBER, "Unknown Member")
        if req.method == "PUT":
            thread.thread_members.add(user_id)
        else:
            thread.thread_members.discard(user_id)
        fake.notify()
        return no_content()


api = Router()
api.include(router)
api.include(rest_messages.router)
api.include(rest_interactions.router)
