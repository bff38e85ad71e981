"""A small per-user rate limit for actions that post publicly (a button has no app-command
cooldown of its own), shared by Discord and the console."""

from __future__ import annotations

import time
from collections.abc import Callable

from bot.errors import BadInput


class Cooldown:
    """At most ``rate`` uses per ``per`` seconds for each key."""

    def __init__(self, rate: int, per: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.per = per
        self.clock = clock
        self._uses: dict[object, list[float]] = {}

    def hit(self, key: object, what: str) -> None:
        """Record one use, or raise BadInput saying how long to wait."""
        now = self.clock()
        recent = [t for t in self._uses.get(key, []) if now - t < self.per]
        if len(recent) >= self.rate:
            wait = self.per - (now - recent[0])
            raise BadInput(f"You just {what}; wait {wait:.0f} s before doing it again.")
        recent.append(now)
        self._uses[key] = recent
