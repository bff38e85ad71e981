"""``python -m bot facts --json``: the contract scripts rely on."""

from __future__ import annotations

import json

from console.cli import main


def test_facts_json(tmp_db, capsys):
    assert main(["facts", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data) >= 20
    for item in data:
        assert set(item) == {"id", "text", "passage_id", "citation", "theme", "date"}
        assert item["id"].startswith(f"fact-{item['passage_id']}-")
        assert isinstance(item["theme"], str)
    citations = {item["id"]: item["citation"] for item in data}
    assert citations["fact-mycustomessay-014-1"].endswith(", citing Kort 294")
    assert "citing" not in citations["fact-condemnation-001-1"]
    dates = {item["id"]: item["date"] for item in data}
    assert dates["fact-condemnation-001-1"] == "1953-03-05"
    assert dates["fact-globalsecurity-007-1"] == "1956-02"
    assert dates["fact-globalsecurity-012-1"] == "1961"


def test_facts_readable(tmp_db, capsys):
    assert main(["facts"]) == 0
    out = capsys.readouterr().out
    assert "fact-condemnation-001-1" in out and "March 5th, 1953" in out
