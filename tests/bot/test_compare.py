"""Compare: themes and their synonyms, sides, the table, and the fallback to search."""

from __future__ import annotations

import pytest

from bot.compare import THEMES, compare, find_theme


@pytest.mark.parametrize(
    ("typed", "theme"),
    [
        ("agriculture", "agriculture"),
        ("farming", "agriculture"),
        ("the arts", "censorship and culture"),
        ("KGB", "secret police"),
        ("gulag", "the gulag"),
        ("Foreign policy", "foreign policy"),
        ("leadership", "leadership style"),
        ("religion", "religion"),
        ("economy", "economy"),
        ("terror", "terror"),
        ("legacy", "legacy"),
        ("agricultre", "agriculture"),
        ("soviet agriculture", "agriculture"),
        ("the KGB", "secret police"),
        ("  Foreign   Policy ", "foreign policy"),
    ],
)
def test_theme_synonyms(typed, theme):
    found = find_theme(typed)
    assert found is not None and found.name == theme


@pytest.mark.parametrize(
    "typed",
    [
        "the secret speech",
        "secret speech 1956",
        "the party",
        "what did each think about the secret speech",
        "AND",
        "OR",
        "a",
        "to",
        "x",
        "zzzz",
        "",
    ],
)
def test_no_theme_is_guessed_for_unrelated_text(typed):
    assert find_theme(typed) is None


@pytest.mark.parametrize("theme", [t.name for t in THEMES if t.name != "religion"])
def test_each_theme_has_both_sides(engine, theme):
    result = compare(engine, theme)
    assert result.stalin and result.khrushchev, theme
    assert all(h.passage.subject == "stalin" for h in result.stalin)
    assert all(h.passage.subject == "khrushchev" for h in result.khrushchev)


def test_religion_has_khrushchev_side(engine):
    result = compare(engine, "religion")
    assert any("Orthodox Church" in h.passage.text for h in result.khrushchev)


def test_table_rows_are_used(engine):
    result = compare(engine, "leadership style")
    assert [row.feature for row in result.table] == ["Leadership Style"]


def test_unknown_theme_falls_back_to_search(engine):
    result = compare(engine, "secret speech")
    assert result.fallback
    assert result.khrushchev


def test_compare_json_contract(engine):
    data = compare(engine, "agriculture").to_json()
    assert {"theme", "stalin", "khrushchev"} <= set(data)
    assert data["fallback"] is False
    assert data["table"][0]["feature"] == "Domestic Policies"
    assert data["stalin"][0]["citation"]


def test_long_fallback_theme_pages_with_the_same_text(engine):
    from bot import cards

    text = "what did the two leaders do about prisoners in the labour camps " * 3
    reply = cards.compare_reply(compare(engine, text))
    nxt = reply.buttons[1].custom_id
    assert len(nxt) <= 100
    assert nxt.split(":", 3)[3] == compare(engine, text).theme


@pytest.mark.parametrize("typed", ["🤡", "zzzzqqqq"])
def test_nothing_found_is_one_clear_sentence(engine, typed):
    from bot.compare import compare_reply
    from bot.errors import NotFound

    with pytest.raises(NotFound, match="Nothing in the readings matches"):
        compare_reply(engine, typed)


@pytest.mark.parametrize("typed", ["KGB?", "gulag!!!", "the gulag!!!", "farming?"])
def test_punctuation_does_not_hide_a_theme(typed):
    assert find_theme(typed) is not None
