"""Cleaning: no site chrome left in any reading, page breaks joined, headings kept."""

from __future__ import annotations

import re

import pytest

from bot.corpus import SEEDS_DIR, load_corpus

CHROME = [
    "show more",
    "Open Document",
    "Words",
    "Article with TOC",
    "profile picture",
    "min read",
    "Table of Contents",
    "Related Post",
    "Thank you for visiting",
    "Go Home",
    "Previous Article",
    "JOIN NOW",
    "mailing list",
    "Page last modified",
    "Name Last Name",
    "Professor's Name",
    "This entry was posted",
    "Leave a Reply",
    "One Response",
    "Bookmark the permalink",
    "mycustomessay",
    "Works Cited",
]


@pytest.fixture(scope="module")
def corpus():
    return load_corpus()


@pytest.mark.parametrize("marker", CHROME)
def test_no_chrome_in_passages(corpus, marker):
    leaked = [p.id for p in corpus.passages if marker.lower() in p.text.lower()]
    assert not leaked, f"{marker!r} left in {leaked}"


@pytest.mark.parametrize(
    "source_id", ["liu", "listenit", "globalsecurity", "mycustomessay", "condemnation"]
)
def test_every_reading_has_passages_and_each_is_word_for_word(corpus, source_id):
    source = next(s for s in corpus.sources if s.id == source_id)
    raw = " ".join((SEEDS_DIR / source.file).read_text(encoding="utf-8").split())
    passages = [p for p in corpus.passages if p.source == source_id]
    assert len(passages) >= 5
    for passage in passages:
        assert passage.text in raw, f"{passage.id} is not word for word in {source.file}"


@pytest.mark.parametrize(
    "joined",
    [
        "all criminal investigation had to be conducted in regular courts",
        "Khrushchev was unable to alter the command economy inherited from Stalin.",
        "It helped Khrushchev in his power struggle with his opponents",
    ],
)
def test_page_breaks_are_joined(corpus, joined):
    assert any(joined in p.text for p in corpus.passages)


def test_headings_become_sections(corpus):
    sections = {p.section for p in corpus.passages if p.source == "listenit"}
    assert "Leadership Styles: The Tyrant vs. The Demagogue" in sections
    assert "Comparing Key Aspects: A Table for Clarity" not in sections  # the table is data


def test_cut_off_sentence_before_show_more_is_dropped(corpus):
    assert not any("his empowerment" in p.text for p in corpus.passages)


def test_cover_page_and_title_lines_are_not_passages(corpus):
    texts = " ".join(p.text for p in corpus.passages)
    assert "Edmund Liu" not in texts
    assert "Jesse O’Dell" not in texts
    assert not re.search(r"\bCourse\b\s+Date\b", texts)


def test_works_cited_become_reference_data(corpus):
    assert len(corpus.works_cited["mycustomessay"]) == 3
    assert len(corpus.works_cited["condemnation"]) == 4
    assert corpus.works_cited["liu"] == []
    assert all("<>" not in entry for entry in corpus.works_cited["condemnation"])


def test_comparison_table_rows_are_verified(corpus):
    features = [row.feature for row in corpus.table]
    assert features == [
        "Leadership Style",
        "Domestic Policies",
        "Foreign Policy",
        "Economic Focus",
        "Social Impact",
    ]
