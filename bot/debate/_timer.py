"""Speech timers as pure functions of stored instants, so a restart loses nothing.

A timer is its allotted seconds, when it started, any extension, and pauses. From these
and ``now`` follow the remaining time, the deadline, which warnings are due (1 minute,
30 seconds, time) and whether points of information are allowed (never in the protected
time at the start and end of a speech).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

WARNINGS = (60, 30, 0)  # seconds left at which the speaker is warned; 0 is "time"
PROTECTED_SECONDS = 30  # no points of information in the first and last 30 s


@dataclass(frozen=True, slots=True)
class TimerState:
    """The stored state of one speech's timer."""

    seconds: int
    started_at: datetime
    extended: int = 0
    paused_at: datetime | None = None
    paused_seconds: float = 0.0
    announced: frozenset[int] = frozenset()

    @property
    def total(self) -> int:
        """Allotted plus extended seconds."""
        return self.seconds + self.extended

    @property
    def paused(self) -> bool:
        return self.paused_at is not None


def elapsed(state: TimerState, now: datetime) -> float:
    """Seconds spoken so far (pauses excluded)."""
    end = state.paused_at or now
    return max(0.0, (end - state.started_at).total_seconds() - state.paused_seconds)


def remaining(state: TimerState, now: datetime) -> float:
    """Seconds left; negative once the speaker is over time."""
    return state.total - elapsed(state, now)


def deadline(state: TimerState) -> datetime | None:
    """When time runs out, or None while paused (the clock is stopped)."""
    if state.paused:
        return None
    return state.started_at + timedelta(seconds=state.total + state.paused_seconds)


def pause(state: TimerState, now: datetime) -> TimerState:
    """Stop the clock (pausing a paused timer changes nothing)."""
    return state if state.paused else replace(state, paused_at=now)


def resume(state: TimerState, now: datetime) -> TimerState:
    """Restart the clock; the pause is added to the paused total."""
    if state.paused_at is None:
        return state
    pause_length = max(0.0, (now - state.paused_at).total_seconds())
    return replace(state, paused_at=None, paused_seconds=state.paused_seconds + pause_length)


def extend(state: TimerState, seconds: int, now: datetime) -> TimerState:
    """Add time; warnings that are no longer passed are armed again."""
    longer = replace(state, extended=state.extended + seconds)
    left = remaining(longer, now)
    return replace(longer, announced=frozenset(m for m in state.announced if m >= left))


def applies(state: TimerState, mark: int) -> bool:
    """A warning only makes sense for a longer speech: no "1 minute left" in a 1-minute one."""
    return mark == 0 or mark < state.total


def due_marks(state: TimerState, now: datetime) -> list[int]:
    """Warnings passed and not yet announced, most urgent (fewest seconds) first."""
    left = remaining(state, now)
    due = [m for m in WARNINGS if applies(state, m) and left <= m and m not in state.announced]
    return sorted(due)


def is_protected(state: TimerState, now: datetime, protected: int = PROTECTED_SECONDS) -> bool:
    """True in the first and last ``protected`` seconds of the speech (and over time)."""
    return elapsed(state, now) < protected or remaining(state, now) < protected


def poi_allowed(state: TimerState, now: datetime, round_allows: bool) -> bool:
    """Points of information: only in rounds that allow them, outside protected time."""
    return round_allows and not state.paused and not is_protected(state, now)


def clock_text(seconds: float) -> str:
    """``3:05`` for time left, ``+0:12 over`` once over time."""
    if seconds < 0:
        over = math.ceil(-seconds)
        return f"+{over // 60}:{over % 60:02d} over"
    whole = math.ceil(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def duration_text(seconds: float) -> str:
    """``2:05`` for a time spoken: whole seconds elapsed, so a 0.4-second speech is 0:00."""
    whole = max(0, math.floor(seconds + 1e-6))
    return f"{whole // 60}:{whole % 60:02d}"
