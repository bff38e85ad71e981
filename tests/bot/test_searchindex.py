"""The ranking index: the same BM25 as FTS5, over FTS5's stems, for any list of passages."""

from __future__ import annotations

import pytest

from bot.models import Passage
from bot.search import SearchEngine
from bot.searchindex import POSTINGS, SearchIndex, Stemmer
from bot.store import TOKENIZE, Store


def fts5_scores(store: Store, match: str) -> dict[int, float]:
    rows = store.db.execute(
        "select rowid, rank from passages_fts where passages_fts match ?", [match]
    ).fetchall()
    return {rowid: -rank for rowid, rank in rows}


@pytest.fixture(scope="module")
def index(store) -> SearchIndex:
    return SearchIndex(store.db, TOKENIZE)


@pytest.mark.parametrize(
    "words",
    [
        ["khrushchev"],
        ["secret", "speech"],
        ["stalin", "denounce", "condemn", "khrushchev"],
        ["abandon", "abandoned", "mass", "political", "terror"],  # one stem twice counts twice
        ["collectivization", "agriculture", "1953"],
    ],
)
def test_bm25_is_fts5s(store, index, words):
    expected = fts5_scores(store, " OR ".join(f'"{w}"' for w in words))
    terms = [term for word in words for term in index.terms(word)]
    found = dict(index.top(terms, n=1000))
    assert found.keys() == expected.keys()
    for rowid, score in expected.items():
        assert found[rowid] == pytest.approx(score, rel=1e-5)


@pytest.mark.parametrize(("done", "unfinished"), [("virgin", "la"), ("secret", "spe"), ("", "st")])
def test_unfinished_word_scores_as_fts5_prefix(store, index, done, unfinished):
    match = (f'"{done}" OR ' if done else "") + f'"{unfinished}"*'
    expected = fts5_scores(store, match)
    found = dict(index.top(list(index.terms(done)) if done else [], index.terms(unfinished), 1000))
    assert found.keys() == expected.keys()
    for rowid, score in expected.items():
        assert found[rowid] == pytest.approx(score, rel=1e-5)


def test_top_returns_the_best_rows_best_first(index):
    ranked = index.top(["stalin"], n=5)
    assert len(ranked) == 5
    scores = [score for _rowid, score in ranked]
    assert scores == sorted(scores, reverse=True)
    assert ranked[0][1] == max(score for _r, score in index.top(["stalin"], n=1000))


def test_stemmer_is_fts5s_porter():
    stem = Stemmer(TOKENIZE)
    assert stem(["running", "lands", "happy", "détente"]) == {
        "running": ("run",),
        "lands": ("land",),
        "happy": ("happi",),
        "détente": ("detent",),
    }


def test_unknown_words_are_stemmed_and_missing_terms_score_nothing(index):
    assert index.terms("denouncements") == ("denounc",)
    assert index.top(["zzzz"]) == []


def synthetic(n: int, text: str) -> Passage:
    return Passage(
        id=f"syn-{n}",
        source="bench",
        title="Bench",
        section=None,
        paragraph=1,
        position=n,
        text=text,
        citation="bench",
    )


def test_index_passages_makes_any_list_searchable():
    store = Store(None)
    count = store.index_passages(
        [
            synthetic(1, "The Virgin Lands campaign ploughed the steppe."),
            synthetic(2, "Khrushchev denounced Stalin in a secret speech."),
        ]
    )
    assert count == 2
    hits = SearchEngine(store).search("Krushchev secrit speach").hits
    assert [hit.passage.id for hit in hits] == ["syn-2"]
    assert store.passage("syn-1").text.startswith("The Virgin Lands")


def test_a_store_without_the_ranking_index_is_reindexed(tmp_path):
    path = tmp_path / "old.sqlite3"
    Store(path).ensure_corpus()
    Store(path).db[POSTINGS].drop()  # as a file written before the ranking index existed
    assert Store(path).ensure_corpus() is True
    assert SearchEngine(Store(path)).search("secret speech").hits


def test_an_engine_follows_a_reindex_of_its_store():
    store = Store(None)
    store.index_passages([synthetic(1, "Malenkov became premier.")])
    engine = SearchEngine(store)
    assert engine.search("Malenkof").corrections == {"malenkof": "malenkov"}
    store.index_passages([synthetic(7, "Molotov was expelled."), synthetic(8, "Corn grew.")])
    hits = engine.search("Molotof").hits
    assert [hit.passage.id for hit in hits] == ["syn-7"]
    assert not engine.search("Malenkov").hits
