"""Debate formats: presets and custom rounds typed by a moderator."""

from __future__ import annotations

import pytest

from bot.debate import CLASSROOM, SHORT, Format, Round, parse_format
from bot.errors import BadInput


@pytest.mark.parametrize(
    ("text", "expected"),
    [(None, CLASSROOM), ("", CLASSROOM), ("classroom", CLASSROOM), ("Short", SHORT)],
)
def test_presets(text, expected):
    assert parse_format(text) == expected


def test_classroom_has_every_kind_of_round_and_short_fits_a_lesson():
    names = [r.name for r in CLASSROOM.rounds]
    assert names == ["Opening", "Rebuttal", "Closing"]
    assert any(r.pois for r in CLASSROOM.rounds) and not CLASSROOM.rounds[-1].pois
    assert SHORT.speaking_seconds <= 12 * 60  # leaves time for votes in 20 minutes


@pytest.mark.parametrize(
    ("text", "rounds"),
    [
        (
            "opening 4, rebuttal 3, closing 2",
            [("Opening", 240, False), ("Rebuttal", 180, False), ("Closing", 120, False)],
        ),
        ("opening 4 poi; rebuttal 1.5 min poi", [("Opening", 240, True), ("Rebuttal", 90, True)]),
        ("cross examination 1:30", [("Cross examination", 90, False)]),
        ("summary 90s\nclosing 2 minutes", [("Summary", 90, False), ("Closing", 120, False)]),
    ],
)
def test_custom_rounds(text, rounds):
    parsed = parse_format(text)
    assert parsed.name == "custom"
    assert [(r.name, r.seconds, r.pois) for r in parsed.rounds] == rounds


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("opening", "needs a round name and a time"),
        ("4 opening", "needs a round name and a time"),
        ("opening 4 loud", "only “poi” may follow"),
        ("opening 0.2", "between 0:30"),
        ("opening 20", "between 0:30"),
        ("op3ning 4", "is not a round name"),
        (", ".join(f"round {i}" for i in range(1, 10)), "at most 8 rounds"),
    ],
)
def test_bad_formats_explain_what_to_type(text, says):
    with pytest.raises(BadInput, match=says):
        parse_format(text)


def test_round_trip_through_json():
    fmt = Format("custom", (Round("Opening", 150, True), Round("Closing", 60)))
    assert Format.from_json(fmt.to_json()) == fmt
    assert fmt.describe() == "custom: Opening 2:30 (POIs) · Closing 1:00"
