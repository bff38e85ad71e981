"""Adding or removing one reading re-indexes only it, and gives the index a full build gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import readings
from bot.search import SearchEngine
from bot.searchindex import NAMES, POSTINGS, VOCAB, SearchIndex, Stemmer
from bot.store import TOKENIZE, Store
from bot.text import index_text

HELDOUT = Path(__file__).parents[1] / "data" / "readings_heldout"
BLOG = HELDOUT / "sheilaomalley-secret-speech.txt"
META = {"id": "omalley", "title": "Secret Speech", "author": "Sheila O'Malley", "kind": "blog"}
TEXT = "Zyxwv Qwerty founded the Plonk Institute in 1950."
QUERIES = ["secret speech", "Robert Conquest personal idols", "gulag prisoners", "Beria"]


@pytest.fixture
def store(tmp_path) -> Store:
    opened = Store(tmp_path / "a.sqlite3")
    opened.ensure_corpus()
    return opened


def _rebuilt(store: Store) -> None:
    store.set_meta("corpus_hash", "stale")
    assert store.ensure_corpus()


def _snapshot(store: Store) -> dict:
    """The ranking index in terms of passage ids (rowids differ between builds)."""
    ids = dict(store.db.execute("select rowid, id from passages").fetchall())
    index = SearchIndex(store.db, TOKENIZE)
    postings = {}
    for (term,) in store.db.execute(f"select term from {POSTINGS}"):
        at, weights, counts = index.postings(term)
        postings[term] = sorted(
            (ids[r], round(float(w), 4), int(c))
            for r, w, c in zip(at.tolist(), weights, counts, strict=True)
        )
    vocab = dict(store.db.execute(f"select word, passages from {VOCAB} where passages > 0"))
    names = {w for (w,) in store.db.execute(f"select word from {NAMES}")}
    return {
        "postings": postings,
        "vocab": vocab,
        "names": names,
        "rows": index.rows,
        "avg": round(index.words_per_row, 6),
    }


def _top(store: Store) -> list[list[tuple[str, float]]]:
    engine = SearchEngine(store)
    return [
        [(h.passage.id, round(h.score, 4)) for h in engine.search(q, limit=5).hits] for q in QUERIES
    ]


def test_an_added_reading_is_indexed_as_a_full_build_would(store, tmp_path):
    readings.add(store, BLOG, META, guild_id=7)
    incremental, top = _snapshot(store), _top(store)
    _rebuilt(store)
    assert _snapshot(store) == incremental
    assert _top(store) == top


def test_removing_a_reading_gives_back_the_index_without_it(store):
    before, top = _snapshot(store), _top(store)
    readings.add(store, BLOG, META)
    readings.remove(store, "omalley")
    assert _snapshot(store) == before
    assert _top(store) == top


def test_adding_does_not_rewrite_the_other_readings(store):
    """Only the new reading's terms are written: a term it lacks keeps its stored row."""
    untouched = store.db.execute(f"select term, rowids from {POSTINGS}").fetchall()
    readings.add_text(store, TEXT, {**META})
    after = dict(store.db.execute(f"select term, rowids from {POSTINGS}").fetchall())
    new_terms = set(after) - {t for t, _ in untouched}
    assert {"zyxwv", "qwerti", "plonk"} <= new_terms
    text_terms = {t for ts in Stemmer(TOKENIZE)(index_text(TEXT).split()).values() for t in ts}
    changed = {term for term, rowids in untouched if after[term] != rowids}
    assert changed and changed <= text_terms


def test_another_process_sees_an_added_reading_without_restart(store, tmp_path):
    other = Store(tmp_path / "a.sqlite3")
    engine = SearchEngine(other)
    assert not engine.search("Robert Conquest personal idols", server=7).hits or all(
        h.passage.source != "omalley"
        for h in engine.search("Robert Conquest personal idols", server=7).hits
    )
    readings.add(store, BLOG, META, guild_id=7)
    hits = engine.search("Robert Conquest personal idols", server=7).hits
    assert hits and hits[0].passage.source == "omalley"
    elsewhere = engine.search("personal idols", server=8).hits
    assert all(h.passage.source != "omalley" for h in elsewhere)


# ---- stable ids ----


def _ids(store: Store, source: str) -> dict[str, str]:
    return {p.text: p.id for p in store.passages() if p.source == source}


def test_ids_survive_a_metadata_edit(store):
    readings.add(store, BLOG, META)
    before = _ids(store, "omalley")
    store.db.execute(
        "update readings set meta = json_set(meta, '$.title', 'Another title') where id = ?",
        ["omalley"],
    )
    store.db.conn.commit()
    _rebuilt(store)
    assert _ids(store, "omalley") == before
    assert store.source("omalley").title == "Another title"


def test_ids_survive_an_edit_elsewhere_and_new_text_takes_the_next_number(store):
    readings.add(store, BLOG, META)
    before = _ids(store, "omalley")
    text = store.db.execute("select text from readings where id = 'omalley'").fetchone()[0]
    inserted = "Khrushchev spoke for four hours to a closed session of delegates."
    store.db.execute("update readings set text = ? where id = 'omalley'", [f"{inserted}\n\n{text}"])
    store.db.conn.commit()
    _rebuilt(store)
    after = _ids(store, "omalley")
    assert {t: i for t, i in after.items() if t in before} == before
    new = [i for t, i in after.items() if t not in before]
    assert new == [f"omalley-{len(before) + 1:03d}"]
    assert store.passages()[0].id == "liu-001"  # the built-in ids are as they were


def test_a_first_cut_numbers_in_reading_order(store):
    readings.add(store, BLOG, META)
    numbers = [int(p.id.rsplit("-", 1)[1]) for p in store.passages() if p.source == "omalley"]
    assert numbers == list(range(1, len(numbers) + 1))
