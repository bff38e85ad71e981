"""Things simulated users do (slash commands, clicks, modals, votes) plus state accessors.

Mixed into :class:`tests.fakediscord.server.FakeDiscord`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from tests.fakediscord import interactions as ix
from tests.fakediscord.messages import create_message, refresh_poll_results
from tests.fakediscord.store import FakeChannel, FakeMember, FakeMessage, FakeUser

if TYPE_CHECKING:
    from tests.fakediscord.gateway import Gateway
    from tests.fakediscord.store import Store

log = logging.getLogger(__name__)
Json = dict[str, Any]
UserRef = str | int | FakeMember | FakeUser
ChannelRef = str | int | FakeChannel
MessageRef = int | FakeMessage | ix.InteractionRecord


class UserActions:
    store: Store
    gateway: Gateway
    interactions: dict[int, ix.InteractionRecord]
    response_deadline: float
    url: str

    async def dispatch(self, event: str, data: Json) -> None:
        raise NotImplementedError

    async def wait_until(
        self, predicate: Callable[[], bool], timeout: float = 5.0, what: str = ""
    ) -> None:
        raise NotImplementedError

    def loop_time(self) -> float:
        raise NotImplementedError

    # --- world shortcuts ----------------------------------------------------------
    @property
    def guild_id(self) -> int:
        return self.store.guild_id

    @property
    def application_id(self) -> int:
        return self.store.application_id

    @property
    def teacher(self) -> FakeMember:
        return self.store.teacher

    def member(self, ref: UserRef) -> FakeMember:
        return self.store.member(ref)

    def channel(self, ref: ChannelRef) -> FakeChannel:
        return self.store.channel(ref)

    # --- interactions -----------------------------------------------------------------
    async def dispatch_interaction(
        self,
        payload: Json,
        *,
        name: str,
        source_message_id: int | None = None,
        wait: bool = True,
    ) -> ix.InteractionRecord:
        """Send a prebuilt INTERACTION_CREATE and track it; ``wait`` for the initial response."""
        rec = ix.InteractionRecord(
            id=int(payload["id"]),
            token=payload["token"],
            type=int(payload["type"]),
            name=name,
            user_id=int(payload["member"]["user"]["id"]),
            channel_id=int(payload["channel_id"]),
            payload=payload,
            dispatched_at=self.loop_time(),
            store=self.store,
            waiter=self.wait_until,
            source_message_id=source_message_id,
        )
        self.interactions[rec.id] = rec
        await self.dispatch("INTERACTION_CREATE", payload)
        if wait:
            await rec.wait_response(timeout=self.response_deadline + 1.0)
        return rec

    def interaction_by_token(self, token: str) -> ix.InteractionRecord | None:
        return next((r for r in self.interactions.values() if r.token == token), None)

    def _envelope(
        self, itype: int, data: Json, user: UserRef, channel: ChannelRef, **kw: Any
    ) -> Json:
        return ix.envelope(
            self.store,
            itype=itype,
            data=data,
            member=self.store.member(user),
            channel=self.store.channel(channel),
            **kw,
        )

    def slash_payload(
        self,
        command: str,
        options: Mapping[str, Any] | list[Json] | None = None,
        *,
        user: UserRef = "alice",
        channel: ChannelRef = "history",
        **kw: Any,
    ) -> Json:
        """The INTERACTION_CREATE payload :meth:`slash` would send (to tweak, then
        :meth:`dispatch_interaction`)."""
        ix.check_can_use(self.store, command, self.store.member(user))
        data = ix.command_data(self.store, command, options)
        return self._envelope(2, data, user, channel, **kw)

    async def slash(
        self,
        command: str,
        options: Mapping[str, Any] | list[Json] | None = None,
        *,
        user: UserRef = "alice",
        channel: ChannelRef = "history",
        app_permissions: int | None = None,
        locale: str = "en-US",
        wait: bool = True,
    ) -> ix.InteractionRecord:
        """Run ``/command`` (``"group sub"`` for subcommands) with ``options`` {name: value}."""
        payload = self.slash_payload(
            command,
            options,
            user=user,
            channel=channel,
            app_permissions=app_permissions,
            locale=locale,
        )
        return await self.dispatch_interaction(payload, name=command, wait=wait)

    async def autocomplete(
        self,
        command: str,
        focused: str,
        value: str = "",
        options: Mapping[str, Any] | None = None,
        *,
        user: UserRef = "alice",
        channel: ChannelRef = "history",
        wait: bool = True,
    ) -> ix.InteractionRecord:
        """Type ``value`` into option ``focused``; the bot's choices land in ``rec.choices``."""
        values = dict(options or {})
        values[focused] = value
        ix.check_can_use(self.store, command, self.store.member(user))
        data = ix.command_data(self.store, command, values, focused=focused)
        payload = self._envelope(4, data, user, channel)
        return await self.dispatch_interaction(payload, name=f"{command} [{focused}]", wait=wait)

    def _message(self, ref: MessageRef) -> FakeMessage:
        if isinstance(ref, ix.InteractionRecord):
            msg = ref.original
            if msg is None:
                raise AssertionError(f"{ref.describe()} has no response message to interact with")
            return msg
        return self.store.message(ref)

    async def _component(
        self, ref: MessageRef, custom_id: str, values: list[str] | None, user: UserRef, wait: bool
    ) -> ix.InteractionRecord:
        msg = self._message(ref)
        comp = ix.find_component(msg, custom_id)
        if comp is None:
            ids = [c.get("custom_id") for c in ix._walk(msg.components) if c.get("custom_id")]
            raise AssertionError(f"message {msg.id} has no component {custom_id!r}; it has {ids}")
        if comp.get("disabled"):
            raise AssertionError(f"component {custom_id!r} is disabled; a user cannot use it")
        data: Json = {"custom_id": custom_id, "component_type": comp["type"]}
        if values is not None:
            offered = {o.get("value") for o in comp.get("options") or []}
            if comp["type"] == 3 and not set(values) <= offered:
                raise AssertionError(f"select {custom_id!r} offers {sorted(offered)}, not {values}")
            data["values"] = list(values)
        payload = self._envelope(3, data, user, msg.channel_id, message=msg)
        return await self.dispatch_interaction(
            payload, name=custom_id, source_message_id=msg.id, wait=wait
        )

    async def click(
        self, message: MessageRef, custom_id: str, *, user: UserRef = "alice", wait: bool = True
    ) -> ix.InteractionRecord:
        """Click the button ``custom_id`` on ``message`` (or on an interaction's response)."""
        return await self._component(message, custom_id, None, user, wait)

    async def select(
        self,
        message: MessageRef,
        custom_id: str,
        values: list[str],
        *,
        user: UserRef = "alice",
        wait: bool = True,
    ) -> ix.InteractionRecord:
        """Pick ``values`` in the select menu ``custom_id``."""
        return await self._component(message, custom_id, values, user, wait)

    async def submit_modal(
        self,
        shown_by: ix.InteractionRecord,
        values: Mapping[str, Any],
        *,
        user: UserRef | None = None,
        wait: bool = True,
    ) -> ix.InteractionRecord:
        """Fill in and submit the modal that ``shown_by``'s response opened."""
        modal = shown_by.modal
        if modal is None:
            raise AssertionError(f"{shown_by.describe()} did not open a modal")
        data = {
            "custom_id": modal["custom_id"],
            "components": ix.modal_submit_components(modal, values),
        }
        source = self.store.messages.get(shown_by.source_message_id or 0)
        payload = self._envelope(
            5, data, user or shown_by.user_id, shown_by.channel_id, message=source
        )
        return await self.dispatch_interaction(
            payload,
            name=modal["custom_id"],
            source_message_id=shown_by.source_message_id,
            wait=wait,
        )

    # --- messages & polls from users -------------------------------------------------------
    async def user_message(
        self, content: str, *, user: UserRef = "alice", channel: ChannelRef = "history"
    ) -> FakeMessage:
        """A member posts ``content``; dispatched as MESSAGE_CREATE."""
        member = self.store.member(user)
        ch = self.store.channel(channel)
        msg = create_message(
            self.store, ch, {"content": content}, [], base_url=self.url, author=member.user
        )
        await self.dispatch("MESSAGE_CREATE", msg.data)
        return msg

    async def poll_vote(
        self, message: MessageRef, answer_id: int, *, user: UserRef = "alice", remove: bool = False
    ) -> None:
        """Dispatch MESSAGE_POLL_VOTE_ADD (or _REMOVE) and update the stored results."""
        msg = self._message(message)
        poll = msg.poll
        if poll is None:
            raise AssertionError(f"message {msg.id} has no poll")
        if answer_id not in {a["answer_id"] for a in poll["answers"]}:
            raise AssertionError(f"poll on message {msg.id} has no answer {answer_id}")
        if poll["results"].get("is_finalized"):
            raise AssertionError(f"poll on message {msg.id} has ended; users cannot vote")
        member = self.store.member(user)
        voters = msg.poll_votes.setdefault(answer_id, [])
        if remove:
            voters.remove(member.id)
        else:
            if not poll.get("allow_multiselect"):
                for other in msg.poll_votes.values():
                    if member.id in other:
                        raise AssertionError(
                            f"{member.user.username} already voted (single choice)"
                        )
            voters.append(member.id)
        refresh_poll_results(msg)
        event = "MESSAGE_POLL_VOTE_REMOVE" if remove else "MESSAGE_POLL_VOTE_ADD"
        data = {
            "user_id": str(member.id),
            "channel_id": str(msg.channel_id),
            "message_id": str(msg.id),
            "guild_id": str(self.store.guild_id),
            "answer_id": answer_id,
        }
        await self.dispatch(event, data)

    async def poll_vote_add(
        self, message: MessageRef, answer_id: int, *, user: UserRef = "alice"
    ) -> None:
        await self.poll_vote(message, answer_id, user=user)

    async def poll_vote_remove(
        self, message: MessageRef, answer_id: int, *, user: UserRef = "alice"
    ) -> None:
        await self.poll_vote(message, answer_id, user=user, remove=True)

    async def end_poll(self, message: MessageRef) -> None:
        """Let the poll's time run out (as Discord would when the duration passes)."""
        from tests.fakediscord.rest_messages import finish_poll

        await finish_poll(self, self._message(message))  # type: ignore[arg-type]

    # --- recorded state -----------------------------------------------------------------------
    def messages(self, channel: ChannelRef = "history") -> list[FakeMessage]:
        """Visible (non-ephemeral, not deleted) messages in ``channel``, oldest first."""
        return self.store.channel_messages(self.store.channel(channel).id)

    def message(self, message_id: int) -> FakeMessage:
        return self.store.messages[message_id]

    def last_message(self, channel: ChannelRef = "history") -> FakeMessage:
        msgs = self.messages(channel)
        if not msgs:
            raise AssertionError(f"no messages in {channel!r}")
        return msgs[-1]

    def commands(self, guild_id: int | None = None) -> list[Json]:
        """Registered commands: global ones, or those of ``guild_id``."""
        scope = (
            self.store.global_commands
            if guild_id is None
            else self.store.guild_commands.get(guild_id, {})
        )
        return list(scope.values())

    def threads(self, parent: ChannelRef | None = None) -> list[FakeChannel]:
        parent_id = self.store.channel(parent).id if parent is not None else None
        return [
            c
            for c in self.store.channels.values()
            if c.is_thread and (parent_id is None or c.parent_id == parent_id)
        ]

    def polls(self, channel: ChannelRef | None = None) -> list[FakeMessage]:
        msgs = self.messages(channel) if channel is not None else list(self.store.messages.values())
        return [m for m in msgs if m.poll is not None and not m.deleted]
