"""Tiny router and request/response helpers shared by the REST modules."""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import web

from tests.fakediscord.messages import Upload

if TYPE_CHECKING:
    from tests.fakediscord.server import FakeDiscord

log = logging.getLogger(__name__)
Json = dict[str, Any]
Handler = Callable[..., Awaitable[web.StreamResponse]]


class ApiError(Exception):
    """Raised by handlers; becomes a Discord-style JSON error response."""

    def __init__(self, status: int, code: int, message: str, errors: Json | None = None) -> None:
        super().__init__(f"{status} {code} {message}")
        self.status = status
        self.body: Json = {"message": message, "code": code}
        if errors:
            self.body["errors"] = errors


@dataclass
class ApiRequest:
    """One REST request as the fake saw it (also the entry type of ``fake.requests``)."""

    method: str
    path: str  # without the /api/v10 prefix
    query: dict[str, str]
    headers: dict[str, str]
    json: Any = None
    uploads: list[Upload] = field(default_factory=list)
    status: int | None = None
    response: Any = None
    at: float = field(default_factory=time.monotonic)

    @property
    def body(self) -> Json:
        return self.json if isinstance(self.json, dict) else {}

    def __str__(self) -> str:
        return f"{self.method} {self.path} -> {self.status}"


async def read_request(request: web.Request, path: str) -> ApiRequest:
    req = ApiRequest(request.method, path, dict(request.query), dict(request.headers))
    ctype = request.content_type
    if ctype == "multipart/form-data":
        form = await request.post()
        for name, value in form.items():
            if isinstance(value, web.FileField):
                data = value.file.read()
                req.uploads.append(Upload(name, value.filename, data, value.content_type))
            elif name == "payload_json":
                req.json = json.loads(str(value))
    elif request.can_read_body:
        raw = await request.read()
        if raw:
            try:
                req.json = json.loads(raw)
            except ValueError:
                req.json = raw.decode(errors="replace")
    return req


def json_response(
    data: Any, status: int = 200, headers: dict[str, str] | None = None
) -> web.Response:
    # Exactly "application/json" (no charset): discord.py compares the header verbatim.
    all_headers = {"Content-Type": "application/json", **(headers or {})}
    return web.Response(body=json.dumps(data).encode(), status=status, headers=all_headers)


def no_content() -> web.Response:
    return web.Response(status=204)


@dataclass
class Route:
    method: str
    regex: re.Pattern[str]
    handler: Handler
    auth: bool
    template: str = ""  # e.g. "/channels/{channel_id}/messages" (the rate-limit route)


class Router:
    """Matches ``METHOD /path`` against ``{name}`` templates (``*_id`` segments are digits)."""

    def __init__(self) -> None:
        self.routes: list[Route] = []

    def add(self, method: str, template: str, *, auth: bool = True) -> Callable[[Handler], Handler]:
        def to_regex(m: re.Match[str]) -> str:
            name = m.group(1)
            return rf"(?P<{name}>\d+)" if name.endswith("_id") else rf"(?P<{name}>[^/]+)"

        pattern = re.compile("^" + re.sub(r"\{(\w+)\}", to_regex, template) + "$")

        def decorator(func: Handler) -> Handler:
            self.routes.append(Route(method, pattern, func, auth, template))
            return func

        return decorator

    def include(self, other: Router) -> None:
        self.routes.extend(other.routes)

    def match(self, method: str, path: str) -> tuple[Route, dict[str, str]] | None:
        for route in self.routes:
            if route.method == method:
                found = route.regex.match(path)
                if found:
                    return route, found.groupdict()
        return None


async def call(route: Route, fake: FakeDiscord, req: ApiRequest, params: dict[str, str]) -> Any:
    kwargs: dict[str, Any] = {k: int(v) if k.endswith("_id") else v for k, v in params.items()}
    return await route.handler(fake, req, **kwargs)
