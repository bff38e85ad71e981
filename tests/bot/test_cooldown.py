"""The per-user cooldown for public posts."""

from __future__ import annotations

import pytest

from bot.cooldown import Cooldown
from bot.errors import BadInput


def test_cooldown_allows_rate_then_refuses_until_the_window_passes():
    now = [0.0]
    cooldown = Cooldown(rate=2, per=30.0, clock=lambda: now[0])
    cooldown.hit(1, "shared")
    cooldown.hit(1, "shared")
    with pytest.raises(BadInput, match="wait 30 s"):
        cooldown.hit(1, "shared")
    cooldown.hit(2, "shared")  # another user is not affected
    now[0] = 30.5
    cooldown.hit(1, "shared")
