"""The fake Discord server: one aiohttp app on 127.0.0.1 serving REST + gateway."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import discord
import discord.asset
import discord.gateway
import discord.http
import yarl
from aiohttp import web

from tests.fakediscord import limits
from tests.fakediscord.actions import UserActions
from tests.fakediscord.gateway import Gateway
from tests.fakediscord.interactions import InteractionRecord
from tests.fakediscord.ratelimits import RateLimits
from tests.fakediscord.rest import api
from tests.fakediscord.routing import ApiError, ApiRequest, call, json_response, read_request
from tests.fakediscord.store import Store

log = logging.getLogger(__name__)
Json = dict[str, Any]
HOST = "127.0.0.1"


@dataclass
class Violation:
    rule: str
    message: str
    request: str | None = None

    def __str__(self) -> str:
        where = f" [{self.request}]" if self.request else ""
        return f"{self.rule}: {self.message}{where}"


@dataclass
class RateLimitRule:
    pattern: re.Pattern[str] | None
    remaining: int
    retry_after: float
    is_global: bool = False
    hits: list[str] = field(default_factory=list)


@dataclass
class FaultRule:
    """The next ``remaining`` matching requests fail with ``status`` (a 5xx outage).

    ``applied``: the request takes effect first and only its answer is lost, as when
    Discord creates a message but the response never arrives intact.
    """

    pattern: re.Pattern[str] | None
    remaining: int
    status: int = 503
    applied: bool = False
    hits: list[str] = field(default_factory=list)


class FakeDiscord(UserActions):
    """A local stand-in for Discord.  See the package docstring for usage."""

    def __init__(
        self, *, token: str | None = "test-token", heartbeat_interval_ms: int = 5000
    ) -> None:
        self.store = Store()
        self.token = token
        self.response_deadline: float = limits.INTERACTION_RESPONSE_DEADLINE
        self.role_mention_allowlist: set[int] = set()
        self.require_responses = True
        self.requests: list[ApiRequest] = []
        self.violations: list[Violation] = []
        self.unhandled: list[str] = []
        self.interactions: dict[int, InteractionRecord] = {}
        self.rate_limits: list[RateLimitRule] = []
        self.limits = RateLimits()  # per-route buckets and the global limit, with headers
        self.faults: list[FaultRule] = []
        self.port = 0
        self.gateway = Gateway(
            self.store,
            ws_url=lambda: self.ws_url,
            token_ok=self._token_ok,
            heartbeat_interval_ms=heartbeat_interval_ms,
        )
        self._runner: web.AppRunner | None = None
        self._waiters: set[asyncio.Future[None]] = set()

    # --- lifecycle ------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def api_base(self) -> str:
        return f"{self.url}/api/v10"

    @property
    def ws_url(self) -> str:
        return f"ws://{HOST}:{self.port}/gateway"

    async def start(self) -> FakeDiscord:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_get("/gateway", self.gateway.handle)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._api)
        app.router.add_get("/attachments/{channel_id}/{attachment_id}/{filename}", self._attachment)
        app.router.add_route("*", "/{tail:.*}", self._not_found)
        self._runner = web.AppRunner(
            app, handle_signals=False, access_log=None, shutdown_timeout=1.0
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, HOST, 0)
        await site.start()
        server = site._server
        assert server is not None and server.sockets, "fake Discord failed to bind"
        self.port = server.sockets[0].getsockname()[1]
        self.store.cdn_base = self.url  # attachment options' URLs (tests.fakediscord.attachments)
        log.info("fake Discord listening on %s", self.url)
        return self

    async def stop(self) -> None:
        await self.gateway.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @contextlib.contextmanager
    def patched(self) -> Iterator[FakeDiscord]:
        """Point discord.py's REST base, gateway URL and CDN at this fake; restore after."""
        route_cls = discord.http.Route
        ws_cls = discord.gateway.DiscordWebSocket
        asset_cls = discord.asset.Asset
        saved = (route_cls.BASE, ws_cls.DEFAULT_GATEWAY, asset_cls.BASE)
        route_cls.BASE = self.api_base
        ws_cls.DEFAULT_GATEWAY = yarl.URL(self.ws_url)
        asset_cls.BASE = f"{self.url}/cdn"
        try:
            yield self
        finally:
            route_cls.BASE, ws_cls.DEFAULT_GATEWAY, asset_cls.BASE = saved

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[FakeDiscord]:
        await self.start()
        try:
            with self.patched():
                yield self
        finally:
            await self.stop()

    # --- HTTP handling ------------------------------------------------------------
    def _token_ok(self, token: str) -> bool:
        return bool(token) if self.token is None else token == self.token

    async def _api(self, request: web.Request) -> web.StreamResponse:
        req = await read_request(request, "/" + request.match_info["tail"])
        self.requests.append(req)
        headers: dict[str, str] = {}
        try:
            self._check_upload_sizes(req)
            resp = (
                self._rate_limited(req)
                or await self._faulted(req)
                or await self._route(req, headers)
            )
        except ApiError as exc:
            resp = json_response(exc.body, status=exc.status)
            req.response = exc.body
        resp.headers.update({k: v for k, v in headers.items() if k not in resp.headers})
        req.status = resp.status
        self.notify()
        return resp

    def _check_upload_sizes(self, req: ApiRequest) -> None:
        for up in req.uploads:
            if len(up.data) > limits.ATTACHMENT_SIZE_LIMIT:
                size = f"{len(up.data)} bytes > {limits.ATTACHMENT_SIZE_LIMIT}"
                self.violate("file-too-large", f"{up.filename}: {size}", req)
                raise ApiError(413, limits.ERR_ENTITY_TOO_LARGE, "Request entity too large")

    async def _route(self, req: ApiRequest, headers: dict[str, str]) -> web.StreamResponse:
        found = api.match(req.method, req.path)
        if found is None:
            self.unhandled.append(f"{req.method} {req.path}")
            log.warning("fake Discord has no route for %s %s", req.method, req.path)
            raise ApiError(404, 0, "404: Not Found")
        route, params = found
        auth = req.headers.get("Authorization", "")
        if route.auth and not (auth.startswith("Bot ") and self._token_ok(auth[4:])):
            raise ApiError(401, 0, "401: Unauthorized")
        verdict = self.limits.check(req.method, route.template, params, req.path)
        headers.update(verdict.headers)
        if verdict.limited is not None:
            req.response = verdict.limited
            return json_response(verdict.limited, status=429, headers=verdict.headers)
        return await call(route, self, req, params)

    async def _attachment(self, request: web.Request) -> web.StreamResponse:
        data = self.store.attachments.get(int(request.match_info["attachment_id"]))
        self.store.attachment_downloads.append(int(request.match_info["attachment_id"]))
        if data is None:
            return web.Response(status=404)
        return web.Response(body=data, content_type="application/octet-stream")

    async def _not_found(self, request: web.Request) -> web.StreamResponse:
        self.unhandled.append(f"{request.method} {request.path}")
        log.warning(
            "fake Discord got a request outside the API: %s %s", request.method, request.path
        )
        return json_response({"message": "404: Not Found", "code": 0}, status=404)

    # --- rate limiting ----------------------------------------------------------------
    def rate_limit(
        self,
        route_pattern: str | None = None,
        *,
        times: int = 1,
        retry_after: float = 0.05,
        is_global: bool = False,
    ) -> RateLimitRule:
        """Answer the next ``times`` matching requests with HTTP 429.

        ``route_pattern`` is a regex searched in ``"METHOD /path"`` (path without
        ``/api/v10``), e.g. ``r"POST /channels/\\d+/messages"``; ``None`` matches all.
        """
        rule = RateLimitRule(
            re.compile(route_pattern) if route_pattern else None, times, retry_after, is_global
        )
        self.rate_limits.append(rule)
        return rule

    def _rate_limited(self, req: ApiRequest) -> web.Response | None:
        key = f"{req.method} {req.path}"
        for rule in self.rate_limits:
            if rule.remaining > 0 and (rule.pattern is None or rule.pattern.search(key)):
                rule.remaining -= 1
                rule.hits.append(key)
                body = {
                    "message": "You are being rate limited.",
                    "retry_after": rule.retry_after,
                    "global": rule.is_global,
                }
                headers = {
                    "Retry-After": str(max(1, round(rule.retry_after))),
                    "X-RateLimit-Limit": "5",
                    "X-RateLimit-Remaining": "0",
                    "X-RateLimit-Reset": f"{time.time() + rule.retry_after:.3f}",
                    "X-RateLimit-Reset-After": f"{rule.retry_after:.3f}",
                    "X-RateLimit-Bucket": "fakebucket",
                    "X-RateLimit-Scope": "global" if rule.is_global else "user",
                    "Via": "1.1 google",  # discord.py treats a 429 without Via as a Cloudflare ban
                }
                if rule.is_global:
                    headers["X-RateLimit-Global"] = "true"
                req.response = body
                return json_response(body, status=429, headers=headers)
        return None

    # --- outages ---------------------------------------------------------------------
    def fail(
        self,
        route_pattern: str | None = None,
        *,
        times: int = 1,
        status: int = 503,
        applied: bool = False,
    ) -> FaultRule:
        """Answer the next ``times`` matching requests with a server error (see FaultRule)."""
        rule = FaultRule(
            re.compile(route_pattern) if route_pattern else None, times, status, applied
        )
        self.faults.append(rule)
        return rule

    async def _faulted(self, req: ApiRequest) -> web.Response | None:
        key = f"{req.method} {req.path}"
        for rule in self.faults:
            if rule.remaining > 0 and (rule.pattern is None or rule.pattern.search(key)):
                rule.remaining -= 1
                rule.hits.append(key)
                if rule.applied:
                    await self._route(req)
                body = {"message": "503: Service Unavailable", "code": 0}
                req.response = body
                return json_response(body, status=rule.status)
        return None

    # --- violations -------------------------------------------------------------------
    def violate(self, rule: str, message: str, req: ApiRequest | None = None) -> None:
        violation = Violation(rule, message, f"{req.method} {req.path}" if req else None)
        log.warning("Discord rule violated: %s", violation)
        self.violations.append(violation)
        self.notify()

    def mention_rules(self) -> dict[str, Any]:
        return {"role_allowlist": set(self.role_mention_allowlist)}

    def allow_role_mentions(self, *role_ids: int) -> None:
        """Opt in to explicit ``allowed_mentions.roles`` lists naming these roles."""
        self.role_mention_allowlist.update(role_ids)

    def take_violations(self, pattern: str) -> list[Violation]:
        """Remove and return the violations whose text matches ``pattern`` (regex)."""
        regex = re.compile(pattern)
        taken = [v for v in self.violations if regex.search(str(v))]
        self.violations = [v for v in self.violations if v not in taken]
        return taken

    @contextlib.asynccontextmanager
    async def expect_violation(
        self, pattern: str, *, timeout: float = 2.0
    ) -> AsyncIterator[list[Violation]]:
        """Assert a violation matching ``pattern`` happens in the block; it is consumed."""
        taken: list[Violation] = []
        yield taken
        regex = re.compile(pattern)
        await self.wait_until(
            lambda: any(regex.search(str(v)) for v in self.violations),
            timeout,
            f"a violation matching {pattern!r}",
        )
        taken.extend(self.take_violations(pattern))

    def problems(self) -> list[str]:
        """What fails the test: violations, unhandled routes, unanswered interactions."""
        found = [str(v) for v in self.violations]
        found += [f"unhandled route: {r} (add it to tests/fakediscord)" for r in self.unhandled]
        if self.require_responses:
            found += [
                f"no-response: {rec.describe()} was never answered (user sees 'interaction failed')"
                for rec in self.interactions.values()
                if not rec.responded and not rec.violated
            ]
            found += [
                f"still-thinking: {rec.describe()} was deferred but never completed"
                for rec in self.interactions.values()
                if rec.response_type == 5
                and not rec.violated
                and rec.original is not None
                and rec.original.flags & limits.LOADING_FLAG
                and not rec.original.deleted
            ]
        return found

    # --- waiting ----------------------------------------------------------------------
    def loop_time(self) -> float:
        return asyncio.get_running_loop().time()

    def notify(self) -> None:
        for fut in list(self._waiters):
            if not fut.done():
                fut.set_result(None)

    async def wait_until(
        self, predicate: Callable[[], bool], timeout: float = 5.0, what: str = ""
    ) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not predicate():
            remaining = deadline - loop.time()
            if remaining <= 0:
                recent = "\n  ".join(str(r) for r in self.requests[-10:]) or "(none)"
                raise AssertionError(
                    f"timed out after {timeout:.1f}s waiting for {what or predicate}\n"
                    f"last requests:\n  {recent}\nviolations: {[str(v) for v in self.violations]}"
                )
            fut: asyncio.Future[None] = loop.create_future()
            self._waiters.add(fut)
            try:
                await asyncio.wait({fut}, timeout=min(remaining, 0.05))
            finally:
                self._waiters.discard(fut)

    # --- gateway ------------------------------------------------------------------------
    async def dispatch(self, event: str, data: Json) -> None:
        """Send a DISPATCH (op 0) event named ``event`` to every connected bot."""
        await self.gateway.dispatch(event, data)
        self.notify()

    async def emit(self, event: str, data: Json) -> None:
        """Like :meth:`dispatch`, but a no-op when no bot is on the gateway (REST-only use)."""
        if self.gateway.sessions:
            await self.dispatch(event, data)

    async def reconnect(self) -> None:
        """Ask the bot to reconnect (op 7); discord.py comes back with RESUME."""
        resumes = self.gateway.resumes
        await self.gateway.reconnect()
        await self.wait_until(lambda: self.gateway.resumes > resumes, 5.0, "the bot to RESUME")
