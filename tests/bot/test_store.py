"""The store: one file created on first start, rebuilt only when the readings change."""

from __future__ import annotations

import shutil

from bot.corpus import SEEDS_DIR
from bot.store import Store


def test_file_created_and_not_rebuilt_on_second_start(tmp_path):
    path = tmp_path / "data" / "thawbot.sqlite3"
    assert Store(path).ensure_corpus() is True
    assert path.exists()
    assert Store(path).ensure_corpus() is False


def test_rebuilt_when_a_reading_changes_and_other_tables_survive(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS_DIR, seeds)
    store = Store(tmp_path / "db.sqlite3")
    store.ensure_corpus(seeds)
    store.db["debates"].insert({"id": 1, "motion": "kept"}, pk="id")
    reading = seeds / "002_97fc3a152884d01f.txt"
    reading.write_text(reading.read_text(encoding="utf-8") + "\n\nA new closing sentence.\n")
    reopened = Store(tmp_path / "db.sqlite3")
    assert reopened.ensure_corpus(seeds) is True
    assert any(p.text == "A new closing sentence." for p in reopened.passages())
    assert reopened.db["debates"].get(1)["motion"] == "kept"


def test_neighbours_give_context(store):
    around = store.neighbours("listenit-005")
    assert [p.id for p in around] == ["listenit-004", "listenit-005", "listenit-006"]
    assert [p.id for p in store.neighbours("liu-001")] == ["liu-001", "liu-002"]


def test_sources_with_counts(store):
    sources = dict((s.id, n) for s, n in store.sources())
    assert set(sources) == {"liu", "listenit", "globalsecurity", "mycustomessay", "condemnation"}
    assert sum(sources.values()) == len(store.passages())
