"""Interaction callbacks, follow-ups/original-response webhooks and command sync."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from aiohttp import web

from tests.fakediscord import limits as L
from tests.fakediscord import validate
from tests.fakediscord.interactions import InteractionRecord
from tests.fakediscord.messages import create_message, edit_message
from tests.fakediscord.routing import ApiError, ApiRequest, Router, json_response, no_content
from tests.fakediscord.store import FakeMessage

if TYPE_CHECKING:
    from tests.fakediscord.server import FakeDiscord

log = logging.getLogger(__name__)
Json = dict[str, Any]
router = Router()

# Callback types each interaction type may use (1 PONG is only for HTTP pings).
VALID_CALLBACKS = {2: {4, 5, 9}, 3: {4, 5, 6, 7, 9}, 4: {8}, 5: {4, 5, 6, 7}}


def _unknown_interaction() -> ApiError:
    return ApiError(404, L.ERR_UNKNOWN_INTERACTION, "Unknown interaction")


def _reject(
    fake: FakeDiscord, req: ApiRequest, rec: InteractionRecord, problems: list[Any]
) -> None:
    if problems:
        rec.violated = True
        for prob in problems:
            fake.violate("invalid-body", f"{rec.describe()}: {prob}", req)
        raise ApiError(400, **_form_error(problems))


def _form_error(problems: list[Any]) -> Json:
    body = validate.error_body(problems)
    return {"code": body["code"], "message": body["message"], "errors": body["errors"]}


def _poll_edit(rec: InteractionRecord, rtype: Any) -> list[Any]:
    """UPDATE_MESSAGE on a poll message: after creation a poll message cannot be edited."""
    source = rec.store.messages.get(rec.source_message_id or 0)
    if rtype == 7 and source is not None and source.poll is not None:
        return [validate.Problem("", "Cannot edit a poll message", L.ERR_CANNOT_EDIT_POLL)]
    return []


def _interaction_extra(fake: FakeDiscord, rec: InteractionRecord) -> Json:
    user = fake.store.users[rec.user_id].payload()
    meta: Json = {
        "id": str(rec.id),
        "type": rec.type,
        "user": user,
        "authorizing_integration_owners": {"0": str(fake.store.guild_id)},
    }
    if rec.type == 2:
        meta.update(name=rec.name, command_type=1)
    extra: Json = {
        "webhook_id": str(fake.store.application_id),
        "application_id": str(fake.store.application_id),
        "interaction_metadata": meta,
    }
    if rec.type == 2:
        extra["interaction"] = {"id": str(rec.id), "type": 2, "name": rec.name, "user": user}
    return extra


def _new_message(
    fake: FakeDiscord, rec: InteractionRecord, body: Json, req: ApiRequest, events: list[Any]
) -> FakeMessage:
    channel = fake.store.channel(rec.channel_id)
    msg = create_message(
        fake.store,
        channel,
        body,
        req.uploads,
        base_url=fake.url,
        msg_type=20 if rec.type == 2 else 0,
        extra=_interaction_extra(fake, rec),
    )
    msg.interaction_id = rec.id
    if not msg.ephemeral:
        events.append(("MESSAGE_CREATE", msg.data))
    return msg


async def _emit_all(fake: FakeDiscord, events: list[Any]) -> None:
    """Gateway events go out only after the record is updated (no await in between)."""
    for event, data in events:
        await fake.emit(event, data)
    fake.notify()


@router.add("POST", "/interactions/{interaction_id}/{token}/callback", auth=False)
async def callback(
    fake: FakeDiscord, req: ApiRequest, interaction_id: int, token: str
) -> web.Response:
    rec = fake.interactions.get(interaction_id)
    if rec is None or rec.token != token:
        fake.violate(
            "unknown-interaction", f"callback for unknown interaction {interaction_id}", req
        )
        raise _unknown_interaction()
    body = req.body
    rtype, data = body.get("type"), dict(body.get("data") or {})
    rec.callbacks.append(body)
    if rec.responded:
        rec.violated = True
        fake.violate(
            "double-response",
            f"{rec.describe()} already acknowledged with type {rec.response_type}; "
            f"second initial response (type {rtype}) rejected with 40060",
            req,
        )
        raise ApiError(
            400, L.ERR_ALREADY_ACKNOWLEDGED, "Interaction has already been acknowledged."
        )
    elapsed = fake.loop_time() - rec.dispatched_at
    if elapsed > fake.response_deadline:
        rec.violated = True
        fake.violate(
            "late-response",
            f"{rec.describe()} answered after {elapsed:.2f}s; Discord allows "
            f"{fake.response_deadline:.2f}s (defer first) -> 10062 Unknown interaction",
            req,
        )
        raise _unknown_interaction()
    allowed = VALID_CALLBACKS.get(rec.type, set())
    if rec.type == 5 and rec.source_message_id is None:
        allowed = {4, 5}
    if rtype not in allowed:
        problem = validate.Problem("type", f"callback type {rtype} is invalid for {rec.describe()}")
        _reject(fake, req, rec, [problem])
    if rtype in (4, 7):
        _reject(
            fake,
            req,
            rec,
            validate.check_message(
                data,
                creating=rtype == 4,
                interaction=True,
                has_files=bool(req.uploads),
                **fake.mention_rules(),
            )
            + _poll_edit(rec, rtype),
        )
    elif rtype == 8:
        _reject(fake, req, rec, validate.check_choices(data.get("choices"), "data.choices"))
    elif rtype == 9:
        _reject(fake, req, rec, validate.check_modal(data))

    msg: FakeMessage | None = None
    events: list[Any] = []
    if rtype == 4:
        msg = _new_message(fake, rec, data, req, events)
    elif rtype == 5:
        flags = L.LOADING_FLAG | (int(data.get("flags") or 0) & L.EPHEMERAL_FLAG)
        msg = _new_message(fake, rec, {"content": "", "flags": flags}, req, events)
    elif rtype in (6, 7) and rec.source_message_id is not None:
        msg = fake.store.messages[rec.source_message_id]
        if rtype == 7:
            edit_message(fake.store, msg, data, req.uploads, base_url=fake.url)
            if not msg.ephemeral:
                events.append(("MESSAGE_UPDATE", msg.data))
    rec.original_message_id = msg.id if msg is not None else None
    rec.modal = data if rtype == 9 else None
    rec.choices = data.get("choices") if rtype == 8 else None
    rec.response_type, rec.response_data = rtype, data
    rec.responded_at = fake.loop_time()
    await _emit_all(fake, events)
    if req.query.get("with_response") not in ("1", "true", "True"):
        return no_content()
    info: Json = {"id": str(rec.id), "type": rec.type}
    result: Json = {"interaction": info}
    if msg is not None:
        info.update(
            response_message_id=str(msg.id),
            response_message_loading=rtype == 5,
            response_message_ephemeral=msg.ephemeral,
        )
        result["resource"] = {"type": rtype, "message": msg.data}
    else:
        result["resource"] = {"type": rtype}
    return json_response(result)


def _record_for(fake: FakeDiscord, req: ApiRequest, app_id: int, token: str) -> InteractionRecord:
    rec = fake.interaction_by_token(token)
    if rec is None or app_id != fake.store.application_id:
        fake.violate(
            "unknown-webhook", f"webhook call with unknown interaction token {token[:8]}…", req
        )
        raise ApiError(404, L.ERR_UNKNOWN_WEBHOOK, "Unknown Webhook")
    if fake.loop_time() - rec.dispatched_at > L.INTERACTION_TOKEN_TTL:
        fake.violate("expired-token", f"{rec.describe()}: token used after 15 minutes", req)
        raise ApiError(401, 50027, "Invalid Webhook Token")
    return rec


@router.add("POST", "/webhooks/{application_id}/{token}", auth=False)
async def followup(
    fake: FakeDiscord, req: ApiRequest, application_id: int, token: str
) -> web.Response:
    rec = _record_for(fake, req, application_id, token)
    if not rec.responded:
        rec.violated = True
        fake.violate(
            "followup-before-response", f"{rec.describe()}: follow-up sent before any response", req
        )
        raise ApiError(404, L.ERR_UNKNOWN_WEBHOOK, "Unknown Webhook")
    found = validate.check_message(
        req.body,
        creating=True,
        interaction=True,
        has_files=bool(req.uploads),
        **fake.mention_rules(),
    )
    _reject(fake, req, rec, found)
    original = rec.original
    events: list[Any] = []
    if rec.response_type == 5 and original is not None and original.flags & L.LOADING_FLAG:
        # Discord: the first follow-up after a deferred response replaces the "thinking…" message.
        edit_message(fake.store, original, req.body, req.uploads, base_url=fake.url)
        msg = original
        if not msg.ephemeral:
            events.append(("MESSAGE_UPDATE", msg.data))
    else:
        msg = _new_message(fake, rec, req.body, req, events)
    rec.followup_ids.append(msg.id)
    await _emit_all(fake, events)
    if req.query.get("wait") in ("1", "true", "True"):
        return json_response(msg.data)
    return no_content()


def _webhook_message(
    fake: FakeDiscord, req: ApiRequest, rec: InteractionRecord, ref: str
) -> FakeMessage:
    if ref == "@original":
        msg = rec.original
        if msg is None or msg.deleted:
            rec.violated = True
            what = (
                "before responding"
                if not rec.responded
                else "after deleting it"
                if msg is not None
                else f"after response type {rec.response_type}"
            )
            fake.violate("no-original", f"{rec.describe()}: @original used {what}", req)
            raise ApiError(404, L.ERR_UNKNOWN_MESSAGE, "Unknown Message")
        return msg
    msg = fake.store.messages.get(int(ref)) if ref.isdigit() else None
    if msg is None or msg.deleted or msg.id not in (*rec.followup_ids, rec.original_message_id):
        fake.violate("unknown-message", f"{rec.describe()}: no message {ref} for this webhook", req)
        raise ApiError(404, L.ERR_UNKNOWN_MESSAGE, "Unknown Message")
    return msg


async def _webhook_msg_route(
    fake: FakeDiscord, req: ApiRequest, app_id: int, token: str, ref: str
) -> web.Response:
    rec = _record_for(fake, req, app_id, token)
    msg = _webhook_message(fake, req, rec, ref)
    if req.method == "GET":
        return json_response(msg.data)
    if req.method == "DELETE":
        msg.deleted = True
        if not msg.ephemeral:
            data = {
                "id": str(msg.id),
                "channel_id": str(msg.channel_id),
                "guild_id": str(fake.store.guild_id),
            }
            await fake.emit("MESSAGE_DELETE", data)
        fake.notify()
        return no_content()
    found = validate.check_message(req.body, creating=False, **fake.mention_rules())
    if msg.poll is not None:
        found.append(validate.Problem("", "Cannot edit a poll message", L.ERR_CANNOT_EDIT_POLL))
    _reject(fake, req, rec, found)
    edit_message(fake.store, msg, req.body, req.uploads, base_url=fake.url)
    if not msg.ephemeral:
        await fake.emit("MESSAGE_UPDATE", msg.data)
    fake.notify()
    return json_response(msg.data)


for _method in ("GET", "PATCH", "DELETE"):

    @router.add(_method, "/webhooks/{application_id}/{token}/messages/{ref}", auth=False)
    async def webhook_message(
        fake: FakeDiscord, req: ApiRequest, application_id: int, token: str, ref: str
    ) -> web.Response:
        return await _webhook_msg_route(fake, req, application_id, token, ref)


# --- application commands ------------------------------------------------------------
def _store_command(fake: FakeDiscord, body: Json, guild_id: int | None) -> Json:
    scope = fake.store.command_store(guild_id)
    key = f"{body.get('type', 1)}:{body.get('name')}"
    old = scope.get(key)
    cmd: Json = {
        "id": old["id"] if old else str(fake.store.ids.next()),
        "application_id": str(fake.store.application_id),
        "version": str(fake.store.ids.next()),
        "type": 1,
        "description": "",
        "options": [],
        "default_member_permissions": None,
        "nsfw": False,
        "contexts": None,
        "integration_types": [0],
    }
    cmd.update(body)
    if guild_id is not None:
        cmd["guild_id"] = str(guild_id)
    scope[key] = cmd
    return cmd


def _check_app(
    fake: FakeDiscord, req: ApiRequest, application_id: int, guild_id: int | None
) -> None:
    if application_id != fake.store.application_id:
        fake.violate(
            "unknown-application", f"commands for unknown application {application_id}", req
        )
        raise ApiError(404, 10002, "Unknown Application")
    if guild_id is not None and guild_id != fake.store.guild_id:
        raise ApiError(404, L.ERR_UNKNOWN_GUILD, "Unknown Guild")


async def _commands(
    fake: FakeDiscord, req: ApiRequest, application_id: int, guild_id: int | None
) -> web.Response:
    _check_app(fake, req, application_id, guild_id)
    scope = fake.store.command_store(guild_id)
    if req.method == "GET":
        return json_response(list(scope.values()))
    bodies = req.json if req.method == "PUT" else [req.body]
    problems = validate.check_commands(bodies)
    if problems:
        for prob in problems:
            fake.violate("invalid-command", f"application command {prob}", req)
        raise ApiError(400, **_form_error(problems))
    if req.method == "PUT":
        scope.clear()
    stored = [_store_command(fake, body, guild_id) for body in bodies]
    fake.notify()
    return json_response(stored if req.method == "PUT" else stored[0])


async def _command(
    fake: FakeDiscord, req: ApiRequest, application_id: int, command_id: int, guild_id: int | None
) -> web.Response:
    _check_app(fake, req, application_id, guild_id)
    scope = fake.store.command_store(guild_id)
    key = next((k for k, c in scope.items() if int(c["id"]) == command_id), None)
    if key is None:
        raise ApiError(404, L.ERR_UNKNOWN_COMMAND, "Unknown application command")
    if req.method == "DELETE":
        del scope[key]
        return no_content()
    if req.method == "PATCH":
        scope[key].update(req.body)
    return json_response(scope[key])


for _method in ("GET", "PUT", "POST"):

    @router.add(_method, "/applications/{application_id}/commands")
    async def global_commands(
        fake: FakeDiscord, req: ApiRequest, application_id: int
    ) -> web.Response:
        return await _commands(fake, req, application_id, None)

    @router.add(_method, "/applications/{application_id}/guilds/{guild_id}/commands")
    async def guild_commands(
        fake: FakeDiscord, req: ApiRequest, application_id: int, guild_id: int
    ) -> web.Response:
        return await _commands(fake, req, application_id, guild_id)


for _method in ("GET", "PATCH", "DELETE"):

    @router.add(_method, "/applications/{application_id}/commands/{command_id}")
    async def global_command(
        fake: FakeDiscord, req: ApiRequest, application_id: int, command_id: int
    ) -> web.Response:
        return await _command(fake, req, application_id, command_id, None)

    @router.add(_method, "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}")
    async def guild_command(
        fake: FakeDiscord, req: ApiRequest, application_id: int, guild_id: int, command_id: int
    ) -> web.Response:
        return await _command(fake, req, application_id, command_id, guild_id)
