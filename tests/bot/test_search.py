"""Search: quality on the labelled query set, typos, spelling variants and hostile input."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

CASES = tomllib.loads((Path(__file__).parents[1] / "data" / "search_queries.toml").read_text())[
    "case"
]
RECALL_AT_1 = 0.95  # measured 0.98 (57/58); the README reports the current figures
RECALL_AT_3 = 0.98  # measured 1.00


def recall(engine, k: int) -> float:
    found = 0
    for case in CASES:
        ids = [hit.passage.id for hit in engine.search(case["query"], limit=k).hits]
        found += any(i in case["expected"] for i in ids[:k])
    return found / len(CASES)


def test_query_set_is_big_and_points_at_real_passages(store):
    assert len(CASES) >= 40
    ids = {p.id for p in store.passages()}
    for case in CASES:
        assert set(case["expected"]) <= ids, case["query"]


def test_recall_at_1(engine):
    assert recall(engine, 1) >= RECALL_AT_1


def test_recall_at_3(engine):
    assert recall(engine, 3) >= RECALL_AT_3


@pytest.mark.parametrize(
    ("typo", "fixed"),
    [
        ("secrit", "secret"),
        ("speach", "speech"),
        ("Malenkof", "malenkov"),
        ("Kaganovitch", "kaganovich"),
        ("Pospelof", "pospelov"),
        ("mausoleim", "mausoleum"),
    ],
)
def test_typos_are_corrected(engine, typo, fixed):
    result = engine.search(typo)
    assert result.corrections.get(typo.lower()) == fixed
    assert result.hits
    assert "corrected spelling" in result.hint


@pytest.mark.parametrize(
    ("british", "american_passage"),
    [("destalinisation", "mycustomessay"), ("collectivisation", "listenit-008")],
)
def test_british_spellings(engine, british, american_passage):
    ids = [h.passage.id for h in engine.search(british, limit=3).hits]
    assert any(i.startswith(american_passage) for i in ids)


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"unbalanced quote',
        "“curly” ‘quotes’",
        "(brackets] {braces}",
        "AND OR NOT",
        "secret NEAR speech",
        "NEAR(secret speech, 2)",
        "*",
        "speech*",
        "^khrushchev",
        "text:stalin",
        "col:foo -bar +baz",
        "x" * 10_000,
        "🙂🙂🙂",
        "Сталин и Хрущёв",
        "'; DROP TABLE passages; --",
        "\x00\x1f",
        "",
        "   ",
    ],
)
def test_no_input_raises(engine, store, query):
    result = engine.search(query, limit=5)
    assert isinstance(result.hits, tuple)
    assert len(store.passages()) > 0  # the table is still there


def test_cyrillic_is_transliterated(engine):
    assert engine.search("Сталин").hits


def test_passage_id_finds_the_passage(engine):
    assert engine.search("listenit-008").hits[0].passage.id == "listenit-008"


def test_prefix_search_for_autocomplete(engine):
    hits = engine.search("virgin la", limit=3, prefix=True).hits
    assert hits and "Virgin Lands" in hits[0].passage.text


def test_limit_is_respected(engine):
    assert len(engine.search("Khrushchev", limit=3).hits) == 3


@pytest.mark.parametrize(
    "word", ["sincere", "housing", "Cowles", "replaced", "gain", "trials", "renamed", "NEAR"]
)
def test_real_words_are_not_corrected_into_unrelated_ones(engine, word):
    assert engine.search(word).corrections == {}


@pytest.mark.parametrize(
    ("typo", "fixed"),
    [("Kruschev", "khrushchev"), ("khrushev", "khrushchev"), ("stallin", "stalin")],
)
def test_corrections_reach_the_common_spelling(engine, typo, fixed):
    assert engine.search(typo).corrections[typo.lower()] == fixed


def test_how_many_prefers_passages_that_give_a_number(engine):
    ids = [h.passage.id for h in engine.search("how many prisoners were rehabilitated", 3).hits]
    assert "globalsecurity-009" in ids


def test_a_query_with_a_lone_surrogate_still_searches(engine):
    result = engine.search("stalin \ud800 death")
    assert result.hits
