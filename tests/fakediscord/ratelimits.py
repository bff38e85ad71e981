"""Discord's rate limits as the fake enforces them: per-route buckets and the global limit.

Every answered REST request carries ``X-RateLimit-Limit``, ``-Remaining``, ``-Reset``,
``-Reset-After`` and ``-Bucket``; a request on an exhausted bucket gets HTTP 429 with
``Retry-After``, ``X-RateLimit-Scope: user`` and ``{"retry_after", "global": false}``.
More than :data:`GLOBAL_PER_SECOND` requests in a second get the global 429
(``X-RateLimit-Global: true``, scope ``global``). Interaction endpoints (callbacks and
the interaction-token webhooks) are not bound to the global limit, as on Discord.

Buckets are keyed like Discord's: the route (method and path template) plus its top-level
resource (``channel_id``, ``guild_id``, or webhook id and token); the ``X-RateLimit-Bucket``
name leaves the resource out. Discord does not publish per-route numbers and says never to
hard-code them, so :class:`RateLimits` takes them as settings; the defaults keep Discord's
shape (5 requests a window) on a shortened window so tests stay fast.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections import deque
from dataclasses import dataclass, field

ROUTE_LIMIT = 5
ROUTE_WINDOW = 0.5  # seconds (Discord's are longer; clients must read the headers)
GLOBAL_PER_SECOND = 50
MAJOR_PARAMS = ("channel_id", "guild_id")


@dataclass
class Bucket:
    name: str
    limit: int
    window: float
    remaining: int
    reset_at: float  # time.monotonic()


@dataclass
class Verdict:
    """What the limiter decided for one request: headers always, a 429 body sometimes."""

    headers: dict[str, str]
    limited: dict | None = None


@dataclass
class RateLimits:
    route_limit: int = ROUTE_LIMIT
    route_window: float = ROUTE_WINDOW
    global_per_second: int = GLOBAL_PER_SECOND
    buckets: dict[tuple[str, ...], Bucket] = field(default_factory=dict)
    recent: deque[float] = field(default_factory=deque)
    refused: list[str] = field(default_factory=list)  # "scope METHOD /path" per 429

    def check(self, method: str, template: str, params: dict[str, str], path: str) -> Verdict:
        now = time.monotonic()
        if not _is_interaction_endpoint(template):
            limited = self._global(now)
            if limited is not None:
                self.refused.append(f"global {method} {path}")
                return limited
        bucket = self._bucket(method, template, params, now)
        if bucket.remaining <= 0:
            self.refused.append(f"user {method} {path}")
            return self._too_many(bucket, now)
        bucket.remaining -= 1
        if not _is_interaction_endpoint(template):
            self.recent.append(now)
        return Verdict(_headers(bucket, now))

    def _global(self, now: float) -> Verdict | None:
        while self.recent and now - self.recent[0] >= 1.0:
            self.recent.popleft()
        if len(self.recent) < self.global_per_second:
            return None
        retry = max(0.001, 1.0 - (now - self.recent[0]))
        headers = {
            "Retry-After": str(math.ceil(retry)),
            "X-RateLimit-Global": "true",
            "X-RateLimit-Scope": "global",
            "Via": "1.1 google",  # discord.py treats a 429 without Via as a Cloudflare ban
        }
        body = {"message": "You are being rate limited.", "retry_after": retry, "global": True}
        return Verdict(headers, body)

    def _bucket(self, method: str, template: str, params: dict[str, str], now: float) -> Bucket:
        major = tuple(params.get(name, "") for name in MAJOR_PARAMS)
        if template.startswith("/webhooks/"):
            major += (params.get("application_id", ""), params.get("token", ""))
        elif template.startswith("/interactions/"):  # each interaction answers on its own
            major += (params.get("interaction_id", ""), params.get("token", ""))
        key = (method, template, *major)
        bucket = self.buckets.get(key)
        if bucket is None or now >= bucket.reset_at:
            name = hashlib.sha1(f"{method} {template}".encode()).hexdigest()[:16]
            bucket = Bucket(
                name, self.route_limit, self.route_window, self.route_limit, now + self.route_window
            )
            self.buckets[key] = bucket
        return bucket

    def _too_many(self, bucket: Bucket, now: float) -> Verdict:
        retry = max(0.001, bucket.reset_at - now)
        headers = dict(_headers(bucket, now), **{"Retry-After": str(math.ceil(retry))})
        headers.update({"X-RateLimit-Scope": "user", "Via": "1.1 google"})
        body = {"message": "You are being rate limited.", "retry_after": retry, "global": False}
        return Verdict(headers, body)


def _headers(bucket: Bucket, now: float) -> dict[str, str]:
    reset_after = max(0.0, bucket.reset_at - now)
    return {
        "X-RateLimit-Limit": str(bucket.limit),
        "X-RateLimit-Remaining": str(bucket.remaining),
        "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
        "X-RateLimit-Reset-After": f"{reset_after:.3f}",
        "X-RateLimit-Bucket": bucket.name,
    }


def _is_interaction_endpoint(template: str) -> bool:
    return template.startswith(("/interactions/", "/webhooks/"))
