"""Speech timers as pure functions of stored instants."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.debate import TimerState
from bot.debate._timer import (
    clock_text,
    deadline,
    due_marks,
    elapsed,
    extend,
    is_protected,
    pause,
    poi_allowed,
    remaining,
    resume,
)

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return START + timedelta(seconds=seconds)


def test_remaining_counts_down_and_goes_negative_when_over_time():
    timer = TimerState(seconds=120, started_at=START)
    assert remaining(timer, at(0)) == 120
    assert remaining(timer, at(45)) == 75
    assert remaining(timer, at(130)) == -10
    assert deadline(timer) == at(120)


def test_a_pause_stops_the_clock_and_moves_the_deadline():
    timer = pause(TimerState(seconds=120, started_at=START), at(30))
    assert deadline(timer) is None
    assert elapsed(timer, at(90)) == 30  # stopped while paused
    resumed = resume(timer, at(90))
    assert resumed.paused_seconds == 60
    assert remaining(resumed, at(100)) == 80
    assert deadline(resumed) == at(180)
    assert pause(timer, at(95)) == timer  # pausing twice changes nothing
    assert resume(resumed, at(99)) == resumed


def test_extension_adds_time_and_rearms_warnings_no_longer_passed():
    timer = TimerState(seconds=120, started_at=START, announced=frozenset({60, 30}))
    longer = extend(timer, 60, at(95))  # 25 s left -> 85 s left
    assert remaining(longer, at(95)) == 85
    assert longer.announced == frozenset()
    assert extend(timer, 10, at(95)).announced == frozenset({60})  # 35 s left: only 30 re-armed


@pytest.mark.parametrize(
    ("seconds", "spoken", "announced", "due"),
    [
        (240, 100, set(), []),
        (240, 180, set(), [60]),
        (240, 215, set(), [30, 60]),  # after a gap: most urgent first
        (240, 215, {60}, [30]),
        (240, 250, {60, 30}, [0]),
        (240, 250, {60, 30, 0}, []),
        (60, 35, set(), [30]),  # no "1 minute left" in a 1-minute speech
        (30, 31, set(), [0]),  # nor "30 seconds left" in a 30-second one
    ],
)
def test_warnings_due(seconds, spoken, announced, due):
    timer = TimerState(seconds=seconds, started_at=START, announced=frozenset(announced))
    assert due_marks(timer, at(spoken)) == due


@pytest.mark.parametrize(
    ("spoken", "protected"), [(0, True), (29, True), (30, False), (200, False), (211, True)]
)
def test_protected_time_at_start_and_end(spoken, protected):
    timer = TimerState(seconds=240, started_at=START)
    assert is_protected(timer, at(spoken)) is protected
    assert poi_allowed(timer, at(spoken), round_allows=True) is not protected


def test_no_pois_in_rounds_without_them_or_while_paused():
    timer = TimerState(seconds=240, started_at=START)
    assert not poi_allowed(timer, at(100), round_allows=False)
    assert not poi_allowed(pause(timer, at(100)), at(101), round_allows=True)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (240, "4:00"),
        (61, "1:01"),
        (59.2, "1:00"),
        (0, "0:00"),
        (-0.4, "+0:01 over"),
        (-75, "+1:15 over"),
    ],
)
def test_clock_text(seconds, text):
    assert clock_text(seconds) == text
