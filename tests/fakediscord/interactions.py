"""INTERACTION_CREATE payload builders and the per-interaction record tests assert on."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tests.fakediscord import attachments, limits
from tests.fakediscord.store import FakeChannel, FakeMember, FakeMessage, FakeRole, FakeUser, Store

log = logging.getLogger(__name__)
Json = dict[str, Any]
Waiter = Callable[[Callable[[], bool], float, str], Awaitable[None]]

USER, CHANNEL, ROLE, NUMBER = 6, 7, 8, 10
TYPE_NAMES = {1: "ping", 2: "slash", 3: "component", 4: "autocomplete", 5: "modal"}


@dataclass
class InteractionRecord:
    """What one user interaction produced, as the user would see it."""

    id: int
    token: str
    type: int  # 2 command, 3 component, 4 autocomplete, 5 modal submit
    name: str  # command path or custom_id
    user_id: int
    channel_id: int
    payload: Json
    dispatched_at: float
    store: Store = field(repr=False)
    waiter: Waiter = field(repr=False)
    source_message_id: int | None = None  # message holding the clicked component
    response_type: int | None = None
    response_data: Json | None = None
    responded_at: float | None = None
    original_message_id: int | None = None
    followup_ids: list[int] = field(default_factory=list)
    modal: Json | None = None
    choices: list[Json] | None = None
    callbacks: list[Json] = field(default_factory=list)  # every callback body received
    violated: bool = False

    def describe(self) -> str:
        return f"{TYPE_NAMES.get(self.type, self.type)} {self.name!r} (interaction {self.id})"

    # --- what the user saw ----------------------------------------------------
    @property
    def responded(self) -> bool:
        return self.response_type is not None

    @property
    def deferred(self) -> bool:
        return self.response_type in (5, 6)

    @property
    def original(self) -> FakeMessage | None:
        if self.original_message_id is None:
            return None
        return self.store.messages.get(self.original_message_id)

    @property
    def ephemeral(self) -> bool:
        msg = self.original
        if msg is not None:
            return msg.ephemeral
        return bool(int((self.response_data or {}).get("flags") or 0) & limits.EPHEMERAL_FLAG)

    @property
    def content(self) -> str:
        msg = self.original
        return msg.content if msg is not None else ""

    @property
    def embeds(self) -> list[Json]:
        msg = self.original
        return msg.embeds if msg is not None else []

    @property
    def followups(self) -> list[FakeMessage]:
        return [self.store.messages[i] for i in self.followup_ids]

    @property
    def messages(self) -> list[FakeMessage]:
        """Original response (if a message) followed by follow-ups, skipping deleted ones."""
        found = [self.original] if self.original is not None else []
        found += [m for m in self.followups if m is not self.original]
        return [m for m in found if m is not None and not m.deleted]

    def text(self) -> str:
        return "\n".join(m.text() for m in self.messages)

    # --- waiting ------------------------------------------------------------
    async def wait_response(self, timeout: float = 5.0) -> InteractionRecord:
        await self.waiter(lambda: self.responded, timeout, f"a response to {self.describe()}")
        return self

    async def wait_done(self, timeout: float = 5.0) -> InteractionRecord:
        """Wait until the response is no longer a 'thinking…' placeholder."""

        def done() -> bool:
            msg = self.original
            loading = msg is not None and bool(msg.flags & limits.LOADING_FLAG)
            return self.responded and not loading

        await self.waiter(done, timeout, f"a final response to {self.describe()}")
        return self

    async def wait_followups(self, count: int = 1, timeout: float = 5.0) -> list[FakeMessage]:
        what = f"{count} follow-up(s) to {self.describe()}"
        await self.waiter(lambda: len(self.followup_ids) >= count, timeout, what)
        return self.followups


def _value_type(value: Any) -> int:
    if isinstance(value, bool):
        return 5
    if isinstance(value, int):
        return 4
    if isinstance(value, float):
        return NUMBER
    if isinstance(value, FakeMember | FakeUser):
        return USER
    if isinstance(value, FakeChannel):
        return CHANNEL
    if isinstance(value, FakeRole):
        return ROLE
    if isinstance(value, attachments.FakeFile):
        return attachments.ATTACHMENT
    return 3


def _schema_options(
    store: Store,
    parts: list[str],
    values: Mapping[str, Any] | list[Json] | None,
    focused: str | None,
) -> list[Json]:
    """The registered options of ``/parts...``, checking what a real user could type.

    With no commands registered at all (the test never synced) anything goes and
    option types are inferred from the Python values.
    """
    schema = store.find_command(parts[0], store.guild_id)
    if schema is None:
        if store.global_commands or any(store.guild_commands.values()):
            raise AssertionError(f"/{parts[0]} is not registered with Discord; sync the tree first")
        return []
    node = schema
    for part in parts[1:]:
        subs = [o for o in node.get("options") or [] if o.get("type") in (1, 2)]
        found = next((o for o in subs if o.get("name") == part), None)
        if found is None:
            raise AssertionError(f"/{' '.join(parts)}: no subcommand {part!r}")
        node = found
    options = list(node.get("options") or [])
    if any(o.get("type") in (1, 2) for o in options):
        raise AssertionError(f"/{' '.join(parts)} is a group; name one of its subcommands")
    if isinstance(values, list):
        return options
    by_name = {o["name"]: o for o in options}
    unknown = sorted(set(values or {}) - set(by_name))
    if unknown:
        raise AssertionError(
            f"/{' '.join(parts)} has no option(s) {unknown}; it has {sorted(by_name)}"
        )
    if focused is None:
        missing = [n for n, o in by_name.items() if o.get("required") and n not in (values or {})]
        if missing:
            raise AssertionError(f"/{' '.join(parts)}: required option(s) {missing} missing")
    elif not by_name[focused].get("autocomplete"):
        raise AssertionError(f"/{' '.join(parts)}: option {focused!r} has no autocomplete")
    for name, value in (values or {}).items():
        if name != focused:
            _check_typed_value(f"/{' '.join(parts)} {name}", by_name[name], value)
    return options


def _check_typed_value(where: str, opt: Json, value: Any) -> None:
    """Discord's client refuses values outside an option's choices/ranges/type."""
    choices = [c.get("value") for c in opt.get("choices") or []]
    if choices and value not in choices:
        raise AssertionError(f"{where}: {value!r} is not one of the choices {choices}")
    otype = int(opt.get("type", 3))
    if otype == 4 and (isinstance(value, bool) or not isinstance(value, int)):
        raise AssertionError(f"{where}: expects an integer, got {value!r}")
    if otype == 10 and (isinstance(value, bool) or not isinstance(value, int | float)):
        raise AssertionError(f"{where}: expects a number, got {value!r}")
    if otype == 5 and not isinstance(value, bool):
        raise AssertionError(f"{where}: expects true/false, got {value!r}")
    if otype in (4, 10) and isinstance(value, int | float):
        lo, hi = opt.get("min_value"), opt.get("max_value")
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            raise AssertionError(f"{where}: {value} is outside [{lo}, {hi}]")
    if otype == 3 and isinstance(value, str):
        lo, hi = opt.get("min_length", 0), opt.get("max_length", 6000)
        if not lo <= len(value) <= hi:
            raise AssertionError(f"{where}: length {len(value)} is outside [{lo}, {hi}]")


def check_can_use(store: Store, command: str, member: FakeMember) -> None:
    """Discord hides commands whose ``default_member_permissions`` the member lacks."""
    schema = store.find_command(command.split()[0], store.guild_id)
    required = int((schema or {}).get("default_member_permissions") or 0)
    if required and store.permissions_for(member) & required != required:
        name = member.user.username
        raise AssertionError(f"{name} cannot see /{command}: needs permissions {required:#x}")


def build_options(
    store: Store,
    values: Mapping[str, Any] | list[Json] | None,
    schema_opts: list[Json],
    resolved: Json,
    focused: str | None = None,
) -> list[Json]:
    if isinstance(values, list):
        return values  # raw option dicts, used verbatim
    types = {o["name"]: int(o["type"]) for o in schema_opts}
    out: list[Json] = []
    for name, value in (values or {}).items():
        otype = types.get(name, _value_type(value))
        if otype == USER:
            member = store.member(value)
            resolved.setdefault("users", {})[str(member.id)] = member.user.payload()
            member_data = member.payload(with_user=False, permissions=store.permissions_for(member))
            resolved.setdefault("members", {})[str(member.id)] = member_data
            value = str(member.id)
        elif otype == CHANNEL:
            ch = store.channel(value)
            resolved.setdefault("channels", {})[str(ch.id)] = dict(ch.payload(), permissions="0")
            value = str(ch.id)
        elif otype == attachments.ATTACHMENT:
            value = attachments.resolve(store, name, value, resolved)
        elif otype == ROLE:
            role = value if isinstance(value, FakeRole) else store.roles[int(value)]
            resolved.setdefault("roles", {})[str(role.id)] = role.payload()
            value = str(role.id)
        option: Json = {"name": name, "type": otype, "value": value}
        if name == focused:
            option["focused"] = True
            option["value"] = str(value)
        out.append(option)
    if focused is not None and focused not in (values or {}):
        otype = types.get(focused, 3)
        out.append({"name": focused, "type": otype, "value": "", "focused": True})
    return out


def command_data(
    store: Store,
    path: str,
    options: Mapping[str, Any] | list[Json] | None,
    *,
    focused: str | None = None,
) -> Json:
    parts = path.split()
    schema_opts = _schema_options(store, parts, options, focused)
    schema = store.find_command(parts[0], store.guild_id)
    resolved: Json = {}
    leaf = build_options(store, options, schema_opts, resolved, focused)
    for depth in range(len(parts) - 1, 0, -1):
        kind = 1 if depth == len(parts) - 1 else 2
        leaf = [{"name": parts[depth], "type": kind, "options": leaf}]
    data: Json = {
        "id": str(schema["id"]) if schema else str(store.ids.next()),
        "name": parts[0],
        "type": 1,
        "options": leaf,
    }
    if schema and schema.get("guild_id"):
        data["guild_id"] = str(schema["guild_id"])
    if resolved:
        data["resolved"] = resolved
    return data


def envelope(
    store: Store,
    *,
    itype: int,
    data: Json,
    member: FakeMember,
    channel: FakeChannel,
    app_permissions: int | None = None,
    locale: str = "en-US",
    message: FakeMessage | None = None,
) -> Json:
    """The full INTERACTION_CREATE payload around ``data``."""
    perms = store.permissions_for(member)
    bot_perms = store.permissions_for(store.members[store.bot_user.id])
    payload: Json = {
        "id": str(store.ids.next()),
        "application_id": str(store.application_id),
        "type": itype,
        "data": data,
        "guild_id": str(store.guild_id),
        "guild": {"id": str(store.guild_id), "locale": "en-US", "features": []},
        "channel_id": str(channel.id),
        "channel": dict(channel.payload(), permissions=str(perms)),
        "member": member.payload(permissions=perms),
        "token": secrets.token_urlsafe(48),
        "version": 1,
        "app_permissions": str(bot_perms if app_permissions is None else app_permissions),
        "locale": locale,
        "guild_locale": "en-US",
        "entitlements": [],
        "entitlement_sku_ids": [],
        "authorizing_integration_owners": {"0": str(store.guild_id)},
        "context": 0,
        "attachment_size_limit": limits.ATTACHMENT_SIZE_LIMIT,
    }
    if message is not None:
        payload["message"] = dict(message.data)
    return payload


def modal_submit_components(modal: Json, values: Mapping[str, Any]) -> list[Json]:
    """Mirror the structure of a shown modal, filling in the user's values."""

    def fill(comp: Json) -> Json:
        cid = comp.get("custom_id")
        filled: Json = {"type": comp.get("type"), "custom_id": cid}
        if "id" in comp:
            filled["id"] = comp["id"]
        value = values.get(cid or "", comp.get("value") or "")
        if comp.get("type") == 4:
            filled["value"] = str(value)
        else:
            filled["values"] = list(value) if isinstance(value, list | tuple) else [str(value)]
            filled["values"] = [v for v in filled["values"] if v]
        if comp.get("required", True) and not (filled.get("value") or filled.get("values")):
            raise AssertionError(f"modal input {cid!r} is required; give it a value")
        return filled

    out: list[Json] = []
    for comp in modal.get("components") or []:
        if comp.get("type") == 1:
            out.append({"type": 1, "components": [fill(c) for c in comp.get("components") or []]})
        elif comp.get("type") == 18:
            out.append({"type": 18, "id": comp.get("id", 0), "component": fill(comp["component"])})
        elif comp.get("custom_id"):
            out.append(fill(comp))
    unknown = set(values) - {c.get("custom_id") for c in _walk(modal.get("components") or [])}
    if unknown:
        raise KeyError(f"modal {modal.get('custom_id')!r} has no inputs {sorted(unknown)}")
    return out


def _walk(components: list[Json]) -> list[Json]:
    found: list[Json] = []
    for comp in components:
        found.append(comp)
        found += _walk(comp.get("components") or [])
        if isinstance(comp.get("component"), dict):
            found += _walk([comp["component"]])
    return found


def find_component(message: FakeMessage, custom_id: str) -> Json | None:
    return next((c for c in _walk(message.components) if c.get("custom_id") == custom_id), None)
