"""Facts are verbatim, stand alone, cite only what their own words cite, carry their dates."""

from __future__ import annotations

import re

import pytest

from bot.corpus.passages import format_citation
from bot.corpus.sentences import split_sentences
from bot.facts import FactDate, extract_facts, parse_date
from bot.facts._extract import own_references
from bot.models import Passage, Reference, Source

# Every fact the readings give, each read by a person: a rule change that adds or drops
# one fails here, so the new list is read again before this set is updated.
REVIEWED = {
    "fact-liu-001-1",
    "fact-liu-001-2",
    "fact-liu-003-1",
    "fact-liu-004-1",
    "fact-listenit-001-1",
    "fact-listenit-008-1",
    "fact-listenit-010-1",
    "fact-listenit-012-1",
    "fact-listenit-013-1",
    "fact-listenit-021-1",
    "fact-globalsecurity-001-2",
    "fact-globalsecurity-002-2",
    "fact-globalsecurity-003-1",
    "fact-globalsecurity-005-1",
    "fact-globalsecurity-007-1",
    "fact-globalsecurity-007-2",
    "fact-globalsecurity-009-1",
    "fact-globalsecurity-012-1",
    "fact-globalsecurity-014-3",
    "fact-mycustomessay-001-1",
    "fact-mycustomessay-014-1",
    "fact-mycustomessay-014-2",
    "fact-condemnation-001-1",
    "fact-condemnation-001-3",
    "fact-condemnation-003-1",
    "fact-condemnation-004-2",
    "fact-condemnation-005-1",
}
X = Source("x", "x.txt", "A Test Reading", "Someone", "test essay")


def test_the_facts_are_the_reviewed_ones(facts):
    assert {fact.id for fact in facts} == REVIEWED
    assert len(facts) >= 20


def test_every_fact_is_verbatim_from_its_passage(store, facts):
    for fact in facts:
        assert fact.text in store.passage(fact.passage_id).text, fact.id


def test_a_fact_cites_exactly_the_citations_in_its_own_words(store, facts, sources):
    for fact in facts:
        passage = store.passage(fact.passage_id)
        in_text = re.findall(r"\(([^()]*)\)", fact.text)
        cited = {part.strip() for inside in in_text for part in inside.split(";")}
        assert {ref.in_text for ref in fact.references} <= cited, fact.id
        assert set(fact.references) <= set(passage.references), fact.id
        assert fact.citation == format_citation(
            sources[passage.source], passage.section, passage.paragraph, fact.references
        )
        assert ("citing" in fact.citation) == bool(fact.references), fact.id


@pytest.mark.parametrize(
    ("fact_id", "cites"),
    [
        ("fact-condemnation-001-1", None),  # Freeze is cited by the next sentence
        ("fact-liu-003-1", None),  # Hosking 346 is cited by the next sentence
        ("fact-liu-004-1", None),  # Hosking 333 closes the passage's third sentence
        ("fact-mycustomessay-014-1", "Kort 294"),  # not Wood, cited by the next sentence
        ("fact-mycustomessay-014-2", "Wood"),
        ("fact-condemnation-003-1", "Dallin qtd. in Ostrow, 118"),
    ],
)
def test_citations_name_only_the_facts_own_sources(facts, fact_id, cites):
    fact = next(f for f in facts if f.id == fact_id)
    if cites is None:
        assert "citing" not in fact.citation and fact.references == ()
    else:
        assert fact.citation.endswith(f", citing {cites}")
        assert {ref.in_text for ref in fact.references} == {cites}


def test_own_references_reads_shared_and_cut_off_citations():
    kort, wood, thackeray = Reference("Kort 294"), Reference("Wood"), Reference("Thackeray 182")
    cut = Reference("Hosking (cut off in the scrape)")
    text = "Stalin died (Kort 294). Khrushchev spoke (Wood; Thackeray 182). He omitted roles"
    passage = Passage("x-001", "x", "X", None, 1, 1, text, "X", (kort, wood, thackeray, cut))
    assert own_references("Stalin died (Kort 294).", passage) == (kort,)
    assert own_references("Khrushchev spoke (Wood; Thackeray 182).", passage) == (
        wood,
        thackeray,
    )
    assert own_references("He omitted roles", passage) == (cut,)
    assert own_references("Stalin died in Moscow.", passage) == ()


def test_ids_are_stable_and_name_the_sentence(store, facts, sources):
    assert len({f.id for f in facts}) == len(facts)
    for fact in facts:
        match = re.fullmatch(r"fact-(.+)-(\d+)", fact.id)
        assert match and match.group(1) == fact.passage_id
        sentence = split_sentences(store.passage(fact.passage_id).text)[int(match.group(2)) - 1]
        assert sentence.startswith(fact.text)
    assert [f.id for f in extract_facts(store.passages(), sources)] == [f.id for f in facts]


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


def test_a_clean_first_clause_makes_a_fact_when_the_sentence_is_too_long():
    long_tail = "; ".join(["and then a great deal was said about it (Wood)"] * 8)
    text = f"Khrushchev condemned Stalin’s cult of personality at the 1956 Congress; {long_tail}."
    passage = Passage("x-001", "x", "X", None, 1, 1, text, "X, para. 1", (Reference("Wood"),))
    [fact] = extract_facts([passage], {"x": X})
    assert fact.text == "Khrushchev condemned Stalin’s cult of personality at the 1956 Congress"
    assert fact.text in passage.text and fact.date == FactDate(1956)
    assert fact.citation == "“A Test Reading” (test essay), para. 1"  # Wood cites the rest
