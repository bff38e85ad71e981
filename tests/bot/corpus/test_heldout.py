"""Pipeline quality on real readings nobody here wrote (``python -m benchmarks.readings``).

The bars sit a little under the figures measured when the cleaning was last changed
(README, "Bring your own readings"); ``dev`` was tuned on, ``test`` only measured.
"""

from __future__ import annotations

import pytest

from benchmarks.readings import evaluate
from bot.corpus import load_corpus
from bot.corpus.citations import resolve


@pytest.fixture(scope="module")
def held_dev():
    return evaluate("dev")


@pytest.fixture(scope="module")
def held_test():
    return evaluate("test")


def test_dev_readings(held_dev):
    dev = held_dev
    assert dev["chrome_passages"] <= 1, dev["misses"]
    assert dev["heading_passages"] <= 1, dev["misses"]
    assert dev["sentences_lost"] <= 1, dev["misses"]
    assert dev["citations_extracted"] >= 9, dev["misses"]
    assert dev["citations_resolved"] == dev["citations_in_list"], dev["misses"]
    assert dev["unresolved_kept"] >= 8, dev["misses"]
    assert dev["spurious_citations"] <= 1, dev["misses"]
    assert dev["recall_at_1_own_reading"] >= 0.60
    assert dev["recall_at_1"] >= 0.40


def test_test_readings(held_test):
    test = held_test
    assert test["chrome_passages"] <= 3, test["misses"]
    assert test["heading_passages"] <= 4, test["misses"]
    assert test["sentences_lost"] <= 2, test["misses"]
    assert test["citations_extracted"] >= 2, test["misses"]
    assert test["unresolved_kept"] >= 2, test["misses"]
    assert test["spurious_citations"] <= 1, test["misses"]
    assert test["recall_at_1_own_reading"] >= 0.70
    assert test["recall_at_1"] >= 0.35


def test_the_seeds_citations_all_resolve_where_their_list_has_them():
    corpus = load_corpus()
    refs = [(p.source, r) for p in corpus.passages for r in p.references]
    assert len(refs) == 21
    for source, ref in refs:
        if ref.entry is None:  # only when the reading's list has no such entry
            name = ref.in_text.split(",")[0].split()[0]
            assert not resolve(name, corpus.works_cited[source]), ref
