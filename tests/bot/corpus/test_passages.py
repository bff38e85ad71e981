"""Passage boundaries: whole sentences, 1-3 of them, at most ~600 characters, stable ids."""

from __future__ import annotations

import re

import pytest

from bot.corpus import load_corpus
from bot.corpus.sentences import split_sentences


@pytest.fixture(scope="module")
def passages():
    return load_corpus().passages


def test_passages_are_whole_sentences(passages):
    for p in passages:
        assert p.text[0].isupper() or p.text[0] in "“\"'‘", p.id
        assert re.search(r"[.!?][\"”’)]*$", p.text) or p.id == "liu-007", p.id


def test_passage_sizes(passages):
    for p in passages:
        sentences = split_sentences(p.text)
        assert 1 <= len(sentences) <= 3, p.id
        assert len(p.text) <= 600 or len(sentences) == 1, p.id


def test_ids_are_stable_across_rebuilds(passages):
    again = load_corpus().passages
    assert [(p.id, p.text) for p in passages] == [(p.id, p.text) for p in again]
    assert len({p.id for p in passages}) == len(passages)
    assert passages[0].id == "liu-001"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lazar M. Kaganovich left. He went home.", 2),
        ("It was cited (Dallin qtd. in Ostrow, 118). Then more.", 2),
        ("He said “Stalin did it. We condemned him.” Then left.", 2),
        ("Some e.g. priests, could be sacked. Next.", 2),
        ("The World War 2. That was the start.", 2),
    ],
)
def test_sentence_splitter(text, expected):
    assert len(split_sentences(text)) == expected


def test_sentence_cut_inside_its_citation_is_kept_without_the_dangling_bracket(passages):
    last = next(p for p in passages if p.id == "liu-007")
    assert last.text.endswith("his and his colleagues’ roles")
    assert last.references[0].in_text.startswith("Hosking")


def test_citation_string(passages):
    p = next(p for p in passages if p.id == "liu-003")
    assert p.citation == "“From Stalin to Khrushchev” (student essay), para. 2, citing Hosking 346"
