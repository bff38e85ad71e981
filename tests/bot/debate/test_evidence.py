"""Evidence: parsing and checking cited ids, and stance-ranked suggestions for a side."""

from __future__ import annotations

import pytest

from bot.debate import POLITICAL, SINCERE, parse_ids, reading_entry
from bot.debate._evidence import choices, strength, suggest, validate
from bot.errors import BadInput, NotFound


@pytest.mark.parametrize(
    ("typed", "ids"),
    [
        (None, []),
        ("", []),
        ("listenit-010", ["listenit-010"]),
        (" Listenit-010, liu-007;[liu-007] ", ["listenit-010", "liu-007"]),
        (["liu-001", "liu-002 liu-003"], ["liu-001", "liu-002", "liu-003"]),
    ],
)
def test_parse_ids(typed, ids):
    assert parse_ids(typed) == ids


def test_at_most_three_passages_per_argument():
    with pytest.raises(BadInput, match="at most 3"):
        parse_ids("liu-001 liu-002 liu-003 liu-004")


def test_validate_snapshots_passages_with_full_citations(store):
    [item] = validate(store, ["mycustomessay-010"])
    passage = store.passage("mycustomessay-010")
    assert (item.text, item.citation, item.title) == (passage.text, passage.citation, passage.title)
    assert item.references == passage.references
    assert item.entries[0].startswith("unnamed writer")  # the reading itself
    assert "Kort, Michael. *The Soviet Colossus" in item.entries[1]


def test_validate_names_every_bad_id(store):
    with pytest.raises(NotFound) as missing:
        validate(store, ["liu-001", "liu-999", "secret speech"])
    assert "“liu-999”, “secret speech”" in str(missing.value)
    assert "liu-001" not in str(missing.value)


def test_reading_entry_keeps_a_title_question_mark(store):
    entry = reading_entry(store.source("mycustomessay"))
    assert "destalinisation?”" in entry and "?." not in entry
    assert reading_entry(store.source("listenit")).endswith("Blog post, listenit, 2025-04-13.")


@pytest.mark.parametrize("side", [SINCERE, POLITICAL])
def test_suggestions_read_for_the_side_strongest_first(store, engine, side):
    found = suggest(store, engine, side, limit=5)
    assert len(found) == 5
    assert all(s.passage.stance == side for s in found)
    scores = [s.score for s in found]
    assert scores == sorted(scores, reverse=True)
    assert all(s.reasons for s in found)
    assert strength(found[0].passage, side) >= strength(found[-1].passage, side)


def test_political_suggestions_lead_with_power_motives(store, engine):
    top = {s.passage.id for s in suggest(store, engine, POLITICAL, limit=5)}
    assert top & {"mycustomessay-013", "liu-007", "mycustomessay-014"}


def test_suggestions_on_a_theme(store, engine):
    found = suggest(store, engine, SINCERE, "prisoners", limit=3)
    assert found and all(s.passage.stance == SINCERE for s in found)
    assert all("prisoner" in s.passage.text.lower() for s in found)
    assert suggest(store, engine, SINCERE, "Cuban missile crisis") == []
    with pytest.raises(BadInput):
        suggest(store, engine, "neutral")


def test_autocomplete_puts_the_speakers_side_first(store, engine):
    listed = choices(store, engine, POLITICAL, "secret speech")
    stances = [store.passage(pid).stance for _label, pid in listed]
    first_other = next(i for i, s in enumerate(stances) if s != POLITICAL)
    assert all(s != POLITICAL for s in stances[first_other:])
    assert all(len(label) <= 100 for label, _ in listed)
    assert listed[0][0].startswith(f"{listed[0][1]} [P]")
    assert len(choices(store, engine, None, "")) == 25
