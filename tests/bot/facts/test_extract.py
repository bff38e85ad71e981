"""Facts are verbatim, stand alone, carry their dates and a theme."""

from __future__ import annotations

import re

import pytest

from bot.compare import THEMES
from bot.corpus.sentences import split_sentences
from bot.facts import FactDate, extract_facts, parse_date
from bot.facts._extract import GENERAL_THEME, MAX_CHARS, stands_alone
from bot.models import Passage

FORBIDDEN_OPENERS = (
    "This",
    "These",
    "That",
    "He",
    "His",
    "It",
    "They",
    "Their",
    "However",
    "Additionally",
    "Besides",
    "Thirdly",
    "Firstly",
    "Further",
    "Overall",
    "Yet",
    "But",
)


def test_a_reasonable_number_of_facts(facts):
    assert 30 <= len(facts) <= 120


def test_every_fact_is_verbatim_from_its_passage(store, facts):
    for fact in facts:
        passage = store.passage(fact.passage_id)
        assert fact.text in passage.text, fact.id
        assert fact.citation == passage.citation


def test_ids_are_stable_and_name_the_sentence(store, facts):
    assert len({f.id for f in facts}) == len(facts)
    for fact in facts:
        match = re.fullmatch(r"fact-(.+)-(\d+)", fact.id)
        assert match and match.group(1) == fact.passage_id
        sentence = split_sentences(store.passage(fact.passage_id).text)[int(match.group(2)) - 1]
        assert sentence.startswith(fact.text)
    assert [f.id for f in extract_facts(store.passages())] == [f.id for f in facts]


@pytest.mark.parametrize("opener", FORBIDDEN_OPENERS)
def test_no_fact_opens_by_pointing_back(facts, opener):
    assert not [f.id for f in facts if re.match(rf"{opener}\b", f.text)]


def test_facts_are_short_complete_statements(facts):
    for fact in facts:
        assert 50 <= len(fact.text) <= MAX_CHARS, fact.id
        assert "?" not in fact.text, fact.id
        assert fact.text.count("“") == fact.text.count("”"), fact.id
        assert fact.text.count('"') % 2 == 0, fact.id


@pytest.mark.parametrize(
    "sentence",
    [
        "This shift from the totalitarian style of Stalin, coined De-Stalinization, was necessary.",
        "He ruled through fear, paranoia, and an extensive network of Soviet secret police.",
        "However, this de-Stalinization was selective and incomplete, and the Soviet system "
        "remained firmly authoritarian.",
        "Besides, Khrushchev was unable to alter the command economy inherited from Stalin.",
        "Thirdly, he wanted to carry out some economic initiatives (e.g. the Virgin Lands policy).",
        "Stalin: Aggressive expansionism, prioritization of communist ideology, mistrust of West.",
        "A product of the Stalin era, he played the principal role in refashioning the heritage.",
        "Destalinization sought to liberalize the society through dismantling his police state.",
        "Was de-Stalinization under Khrushchev sincere, or was it a political move by the Party?",
        "Khrushchev told the Congress that “Stalin really did commit unpardonable abuses of power.",
        "The state controlled every aspect of life, from employment to personal expression.",
        "Pospelov was trying to add something positive about Stalin in the report, but no.",
        "Work into rehabilitations exposed the extent to which current party officials, who also "
        "served under Stalin, participated in these “legal distortions.”",
        "Khrushchev delivered his “Secret Speech,” denouncing Stalin’s cult of personality, his "
        "gross interpretations of party principles",
    ],
)
def test_text_that_does_not_stand_alone_is_refused(sentence):
    assert not stands_alone(sentence)


@pytest.mark.parametrize(
    ("fact_id", "iso"),
    [
        ("fact-condemnation-001-1", "1953-03-05"),
        ("fact-mycustomessay-001-1", "1956-02-25"),
        ("fact-globalsecurity-007-1", "1956-02"),
        ("fact-globalsecurity-014-3", "1957-06"),
        ("fact-globalsecurity-012-1", "1961"),
        ("fact-globalsecurity-002-2", "1953"),
        ("fact-liu-004-1", None),
    ],
)
def test_dates_in_the_readings(facts, fact_id, iso):
    fact = next(f for f in facts if f.id == fact_id)
    assert fact.to_json()["date"] == iso


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("After Stalin’s death on March 5th, 1953, uncertainty spread.", FactDate(1953, 3, 5)),
        ("It began on 5 March 1953 in Moscow.", FactDate(1953, 3, 5)),
        ("On February 25th, 1956, in the morning", FactDate(1956, 2, 25)),
        ("held in February 1956, and again in 1961", FactDate(1956, 2)),
        ("at the Twenty-Second Party Congress in 1961", FactDate(1961)),
        ("the camp uprisings of 1953-1954", FactDate(1953)),
        ("a 20, 000-word report (Kort 294)", None),
        ("February 30th, 1956", FactDate(1956)),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def test_only_full_dates_have_anniversaries():
    from datetime import date

    assert FactDate(1956, 2, 25).is_anniversary(date(2027, 2, 25))
    assert not FactDate(1956, 2).is_anniversary(date(2027, 2, 25))
    assert not FactDate(1956, 2, 25).is_anniversary(date(2027, 2, 26))


@pytest.mark.parametrize(
    ("fact_id", "theme"),
    [
        ("fact-listenit-012-1", "foreign policy"),
        ("fact-liu-004-1", "secret police"),
        ("fact-globalsecurity-010-2", "the gulag"),
        ("fact-globalsecurity-010-1", "censorship and culture"),
        ("fact-listenit-017-1", "legacy"),
        ("fact-mycustomessay-001-1", GENERAL_THEME),
    ],
)
def test_themes(facts, fact_id, theme):
    assert next(f for f in facts if f.id == fact_id).theme == theme


def test_every_theme_is_a_known_one(facts):
    known = {theme.name for theme in THEMES} | {GENERAL_THEME}
    assert {f.theme for f in facts} <= known


def test_a_clean_first_clause_makes_a_fact_when_the_sentence_is_too_long():
    long_tail = "; ".join(["and then a great deal more was said about it"] * 8)
    text = f"Khrushchev condemned Stalin’s cult of personality at the 1956 Congress; {long_tail}."
    passage = Passage("x-001", "x", "X", None, 1, 1, text, "X, para. 1")
    [fact] = extract_facts([passage])
    assert fact.text == "Khrushchev condemned Stalin’s cult of personality at the 1956 Congress"
    assert fact.text in passage.text and fact.date == FactDate(1956)
