"""``python -m bot facts --json``: the contract scripts rely on."""

from __future__ import annotations

import json
from datetime import date

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


CALENDAR = "tests/data/calendars/term-2026-27.ics"


def test_calendar_import_and_holidays_json(tmp_db, capsys):
    assert main(["facts", "calendar", "import", CALENDAR, "--server", "7"]) == 2
    assert "time zone" in capsys.readouterr().err  # no schedule yet: no zone to read it in
    from bot.facts import facts_for
    from bot.services import Services
    from bot.settings import load_settings

    settings = load_settings()
    service = facts_for(Services.open(settings.database, settings.seeds_dir))
    service.setup(7, 70, "09:00", "America/Los_Angeles")
    args = ["facts", "calendar", "import", CALENDAR, "--server", "7", "--json"]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["skipped"] == 0 and len(data["added"]) == 6
    assert set(data["added"][0]) == {"id", "from", "to", "name", "channel_id"}
    assert main(args) == 0 and json.loads(capsys.readouterr().out)["skipped"] == 6
    assert main(["facts", "holidays", "--server", "7", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    today = date.today().isoformat()
    assert all(h["to"] >= today for h in listed)  # holidays that ended are not listed
    assert {h["name"] for h in listed} <= {h["name"] for h in data["added"]}


def test_exclude_and_include_from_the_command_line(tmp_db, capsys):
    assert main(["facts", "exclude", "liu", "--server", "7", "--json"]) == 0
    excluded = json.loads(capsys.readouterr().out)
    assert excluded["kind"] == "reading" and excluded["id"] == "liu" and "liu" in excluded["label"]
    assert main(["facts", "include", "liu", "--server", "7"]) == 0
    assert main(["facts", "include", "liu", "--server", "7"]) == 2
    assert "not excluded" in capsys.readouterr().err
