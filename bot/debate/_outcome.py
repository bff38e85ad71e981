"""The result of every debate action: the one outcome type of :mod:`bot.outcome`."""

from __future__ import annotations

from bot.outcome import Outcome

__all__ = ["Outcome"]
