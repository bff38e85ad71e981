"""The fake gateway websocket: HELLO, heartbeats, IDENTIFY/RESUME and dispatches."""

from __future__ import annotations

import json
import logging
import secrets
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from tests.fakediscord.store import Store

log = logging.getLogger(__name__)
Json = dict[str, Any]

OP_DISPATCH, OP_HEARTBEAT, OP_IDENTIFY, OP_PRESENCE = 0, 1, 2, 3
OP_RESUME, OP_RECONNECT, OP_REQUEST_MEMBERS, OP_INVALID_SESSION = 6, 7, 8, 9
OP_HELLO, OP_HEARTBEAT_ACK = 10, 11

INTENT_GUILDS = 1 << 0
INTENT_GUILD_MEMBERS = 1 << 1
INTENT_GUILD_PRESENCES = 1 << 8
INTENT_GUILD_MESSAGES = 1 << 9
INTENT_GUILD_MESSAGE_REACTIONS = 1 << 10
INTENT_GUILD_MESSAGE_TYPING = 1 << 11
INTENT_DIRECT_MESSAGES = 1 << 12
INTENT_DIRECT_MESSAGE_REACTIONS = 1 << 13
INTENT_DIRECT_MESSAGE_TYPING = 1 << 14
INTENT_MESSAGE_CONTENT = 1 << 15
INTENT_GUILD_MESSAGE_POLLS = 1 << 24
INTENT_DIRECT_MESSAGE_POLLS = 1 << 25


def _events(intent: int, *names: str) -> dict[str, int]:
    return dict.fromkeys(names, intent)


# Gateway events and the intent a session needs to receive them (Discord's "List of
# Intents"); (guild intent, direct-message intent) where DMs have their own.  Events not
# listed (READY, RESUMED, INTERACTION_CREATE, GUILD_MEMBERS_CHUNK, ...) always arrive.
GUILD_EVENT_INTENTS: dict[str, int] = {
    **_events(
        INTENT_GUILDS,
        "GUILD_CREATE",
        "GUILD_UPDATE",
        "GUILD_DELETE",
        "GUILD_ROLE_CREATE",
        "GUILD_ROLE_UPDATE",
        "GUILD_ROLE_DELETE",
        "CHANNEL_CREATE",
        "CHANNEL_UPDATE",
        "CHANNEL_DELETE",
        "CHANNEL_PINS_UPDATE",
        "THREAD_CREATE",
        "THREAD_UPDATE",
        "THREAD_DELETE",
        "THREAD_LIST_SYNC",
        "THREAD_MEMBER_UPDATE",
        "THREAD_MEMBERS_UPDATE",
        "STAGE_INSTANCE_CREATE",
        "STAGE_INSTANCE_UPDATE",
        "STAGE_INSTANCE_DELETE",
    ),
    **_events(
        INTENT_GUILD_MEMBERS, "GUILD_MEMBER_ADD", "GUILD_MEMBER_UPDATE", "GUILD_MEMBER_REMOVE"
    ),
    **_events(INTENT_GUILD_PRESENCES, "PRESENCE_UPDATE"),
    **_events(
        INTENT_GUILD_MESSAGES,
        "MESSAGE_CREATE",
        "MESSAGE_UPDATE",
        "MESSAGE_DELETE",
        "MESSAGE_DELETE_BULK",
    ),
    **_events(
        INTENT_GUILD_MESSAGE_REACTIONS,
        "MESSAGE_REACTION_ADD",
        "MESSAGE_REACTION_REMOVE",
        "MESSAGE_REACTION_REMOVE_ALL",
        "MESSAGE_REACTION_REMOVE_EMOJI",
    ),
    **_events(INTENT_GUILD_MESSAGE_TYPING, "TYPING_START"),
    **_events(INTENT_GUILD_MESSAGE_POLLS, "MESSAGE_POLL_VOTE_ADD", "MESSAGE_POLL_VOTE_REMOVE"),
}
DM_EVENT_INTENTS: dict[str, int] = {
    **_events(
        INTENT_DIRECT_MESSAGES,
        "MESSAGE_CREATE",
        "MESSAGE_UPDATE",
        "MESSAGE_DELETE",
        "CHANNEL_PINS_UPDATE",
    ),
    **_events(
        INTENT_DIRECT_MESSAGE_REACTIONS,
        "MESSAGE_REACTION_ADD",
        "MESSAGE_REACTION_REMOVE",
        "MESSAGE_REACTION_REMOVE_ALL",
        "MESSAGE_REACTION_REMOVE_EMOJI",
    ),
    **_events(INTENT_DIRECT_MESSAGE_TYPING, "TYPING_START"),
    **_events(INTENT_DIRECT_MESSAGE_POLLS, "MESSAGE_POLL_VOTE_ADD", "MESSAGE_POLL_VOTE_REMOVE"),
}


def required_intent(event: str, data: Json) -> int:
    """The intent bit a session needs for ``event`` (0: none needed)."""
    if "guild_id" in data or event not in DM_EVENT_INTENTS:
        return GUILD_EVENT_INTENTS.get(event, 0)
    return DM_EVENT_INTENTS[event]


PRIVILEGED_INTENTS = INTENT_GUILD_MEMBERS | INTENT_GUILD_PRESENCES | INTENT_MESSAGE_CONTENT
CONTENT_FIELDS = {"content": "", "embeds": [], "attachments": [], "components": []}


@dataclass
class Session:
    """A gateway session; survives reconnects so RESUME can replay what was missed."""

    session_id: str
    intents: int
    shard: list[int] | None
    seq: int = 0
    backlog: list[Json] = field(default_factory=list)
    connection: Connection | None = None


@dataclass
class Connection:
    ws: web.WebSocketResponse
    compressor: Any = None  # zlib compressobj when the client asked for zlib-stream
    session: Session | None = None

    async def send(self, payload: Json) -> None:
        if self.ws.closed:
            return
        text = json.dumps(payload)
        if self.compressor is not None:
            data = self.compressor.compress(text.encode()) + self.compressor.flush(
                zlib.Z_SYNC_FLUSH
            )
            await self.ws.send_bytes(data)
        else:
            await self.ws.send_str(text)


class Gateway:
    """Serves ``/gateway``.  ``token_ok`` decides whether an IDENTIFY token is accepted."""

    def __init__(
        self,
        store: Store,
        *,
        ws_url: Callable[[], str],
        token_ok: Callable[[str], bool],
        heartbeat_interval_ms: int = 5000,
        allow_privileged: bool = True,
    ) -> None:
        self.store = store
        self.ws_url = ws_url
        self.token_ok = token_ok
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.allow_privileged = allow_privileged
        self.sessions: dict[str, Session] = {}
        self.connections: list[Connection] = []
        self.identifies: list[Json] = []
        self.heartbeats = 0
        self.ack_heartbeats = True  # False: a half-dead connection that never acknowledges
        self.resumes = 0
        self.withheld: list[str] = []  # events not sent for want of an intent

    # --- websocket handler ---------------------------------------------------
    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True, max_msg_size=0)
        await ws.prepare(request)
        zlib_stream = request.query.get("compress") == "zlib-stream"
        conn = Connection(ws, zlib.compressobj() if zlib_stream else None)
        self.connections.append(conn)
        log.debug("gateway connection opened (%s)", request.query_string)
        await conn.send({"op": OP_HELLO, "d": {"heartbeat_interval": self.heartbeat_interval_ms}})
        try:
            async for msg in ws:
                if msg.type is WSMsgType.TEXT:
                    await self._on_message(conn, json.loads(msg.data))
                elif msg.type is WSMsgType.ERROR:
                    log.debug("gateway connection error: %s", ws.exception())
        finally:
            self.connections.remove(conn)
            if conn.session is not None and conn.session.connection is conn:
                conn.session.connection = None
            log.debug("gateway connection closed (code %s)", ws.close_code)
        return ws

    async def _on_message(self, conn: Connection, msg: Json) -> None:
        op, data = msg.get("op"), msg.get("d")
        if op == OP_HEARTBEAT:
            self.heartbeats += 1
            if self.ack_heartbeats:
                await conn.send({"op": OP_HEARTBEAT_ACK})
        elif op == OP_IDENTIFY:
            await self._identify(conn, data or {})
        elif op == OP_RESUME:
            await self._resume(conn, data or {})
        elif op == OP_REQUEST_MEMBERS:
            await self._request_members(conn, data or {})
        elif op in (OP_PRESENCE, 4):
            log.debug("ignoring gateway op %s", op)
        else:
            log.warning("unexpected gateway op %s: %s", op, msg)

    async def _identify(self, conn: Connection, data: Json) -> None:
        self.identifies.append(data)
        if not self.token_ok(str(data.get("token", ""))):
            await conn.ws.close(code=4004, message=b"Authentication failed.")
            return
        intents = int(data.get("intents", 0))
        if intents & PRIVILEGED_INTENTS and not self.allow_privileged:
            await conn.ws.close(code=4014, message=b"Disallowed intent(s).")
            return
        session = Session(secrets.token_hex(16), intents, data.get("shard"))
        self.sessions[session.session_id] = session
        session.connection = conn
        conn.session = session
        store = self.store
        ready: Json = {
            "v": 10,
            "user": dict(store.bot_user.payload(), verified=True, mfa_enabled=False, email=None),
            "guilds": [{"id": str(store.guild_id), "unavailable": True}],
            "session_id": session.session_id,
            "resume_gateway_url": self.ws_url(),
            "application": {"id": str(store.application_id), "flags": 0},
            "private_channels": [],
            "relationships": [],
            "user_settings": {},
            "session_type": "normal",
            "geo_ordered_rtc_regions": [],
        }
        if session.shard is not None:
            ready["shard"] = session.shard
        await self._send_event(session, "READY", ready)
        if intents & INTENT_GUILDS:
            await self._send_event(session, "GUILD_CREATE", self.guild_create(intents))

    def guild_create(self, intents: int) -> Json:
        data = self.store.guild_payload(full=True)
        if not intents & INTENT_GUILD_PRESENCES:
            # Real Discord: without presences only the bot itself is in GUILD_CREATE.members.
            me = str(self.store.bot_user.id)
            data["members"] = [m for m in data["members"] if m["user"]["id"] == me]
        return data

    async def _resume(self, conn: Connection, data: Json) -> None:
        session = self.sessions.get(str(data.get("session_id")))
        if session is None or not self.token_ok(str(data.get("token", ""))):
            await conn.send({"op": OP_INVALID_SESSION, "d": False})
            return
        self.resumes += 1
        session.connection = conn
        conn.session = session
        since = int(data.get("seq") or 0)
        for payload in [p for p in session.backlog if p["s"] > since]:
            await conn.send(payload)
        await self._send_event(session, "RESUMED", {})

    async def _request_members(self, conn: Connection, data: Json) -> None:
        query = str(data.get("query") or "").lower()
        wanted = {int(u) for u in data.get("user_ids") or []}
        limit = int(data.get("limit") or 0)
        members = [
            m
            for m in self.store.members.values()
            if (not wanted or m.id in wanted) and m.user.username.lower().startswith(query)
        ]
        if limit:
            members = members[:limit]
        chunk = {
            "guild_id": str(self.store.guild_id),
            "members": [m.payload() for m in members],
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": [],
            "nonce": data.get("nonce"),
        }
        if conn.session is not None:
            await self._send_event(conn.session, "GUILD_MEMBERS_CHUNK", chunk)

    # --- sending -----------------------------------------------------------
    async def _send_event(self, session: Session, event: str, data: Json) -> None:
        session.seq += 1
        payload = {"op": OP_DISPATCH, "t": event, "s": session.seq, "d": data}
        session.backlog.append(payload)
        del session.backlog[:-500]
        if session.connection is not None:
            await session.connection.send(payload)

    @staticmethod
    def _for_session(session: Session, event: str, data: Json, bot_id: int) -> Json:
        if (
            event not in ("MESSAGE_CREATE", "MESSAGE_UPDATE")
            or session.intents & INTENT_MESSAGE_CONTENT
        ):
            return data
        author = int((data.get("author") or {}).get("id", 0))
        mentioned = any(int(u["id"]) == bot_id for u in data.get("mentions") or [])
        if author == bot_id or mentioned or "guild_id" not in data:
            return data
        stripped = dict(data, **CONTENT_FIELDS)  # no MESSAGE_CONTENT intent: Discord blanks these
        stripped.pop("poll", None)
        return stripped

    @property
    def connected(self) -> bool:
        return any(s.connection is not None for s in self.sessions.values())

    async def dispatch(self, event: str, data: Json) -> None:
        if not self.sessions:
            raise RuntimeError(
                f"cannot dispatch {event}: no bot has identified on the fake gateway"
            )
        bot_id = self.store.bot_user.id
        needed = required_intent(event, data)
        for session in list(self.sessions.values()):
            if needed and not session.intents & needed:
                self.withheld.append(event)  # Discord sends only subscribed events
                continue
            await self._send_event(session, event, self._for_session(session, event, data, bot_id))

    async def reconnect(self) -> None:
        """Send op 7 RECONNECT; discord.py reconnects and RESUMEs."""
        for conn in list(self.connections):
            await conn.send({"op": OP_RECONNECT, "d": None})

    async def close(self) -> None:
        for conn in list(self.connections):
            await conn.ws.close(code=1001, message=b"fake shutting down")
