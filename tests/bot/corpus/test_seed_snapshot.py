"""The built-in readings' passage ids and texts stay as they were when the pipeline changed.

Labelled sets and many tests name these ids; ``tests/data/seed_passages.json`` is the
snapshot of ``python -m bot passages --json`` taken before the cleaning was generalized.
"""

from __future__ import annotations

import json
from pathlib import Path

from bot.corpus import load_corpus

SNAPSHOT = Path(__file__).parents[2] / "data" / "seed_passages.json"


def test_seed_passage_ids_and_texts_are_unchanged():
    expected = [(p["id"], p["text"]) for p in json.loads(SNAPSHOT.read_text(encoding="utf-8"))]
    assert [(p.id, p.text) for p in load_corpus().passages] == expected
