"""The ``python -m bot`` contract: JSON fields scripts rely on, exit status 0 for any text."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from bot.cli import main

PASSAGE_KEYS = {
    "id",
    "source",
    "title",
    "section",
    "text",
    "citation",
    "references",
    "stance",
    "stance_reasons",
    "stance_confidence",
}


def run_json(capsys, *argv: str):
    status = main([*argv, "--json"])
    captured = capsys.readouterr()
    return status, json.loads(captured.out), captured.err


def test_search_json(tmp_db, capsys):
    status, data, _err = run_json(capsys, "search", "secret", "speech", "--limit", "3")
    assert status == 0
    assert len(data) == 3
    for item in data:
        assert set(item) == PASSAGE_KEYS | {"score"}
        assert all(set(ref) == {"in_text", "entry"} for ref in item["references"])
    assert data[0]["score"] >= data[-1]["score"]


@pytest.mark.parametrize("query", ['"', "NEAR(", "x" * 10000, "🙂", "zzzzqqqq"])
def test_search_any_text_gives_an_array(tmp_db, capsys, query):
    status, data, err = run_json(capsys, "search", query)
    assert status == 0
    assert isinstance(data, list)
    if not data:
        assert "No passage matches" in err


def test_passages_json(tmp_db, capsys):
    status, data, _ = run_json(capsys, "passages")
    assert status == 0 and len(data) > 50
    assert set(data[0]) == PASSAGE_KEYS
    assert data[0]["stance"] in {"sincere", "political", "neutral"}


def test_compare_json(tmp_db, capsys):
    status, data, _ = run_json(capsys, "compare", "farming")
    assert status == 0
    assert data["theme"] == "agriculture"
    assert data["fallback"] is False and data["table"]
    assert data["stalin"] and data["khrushchev"]
    assert set(data["stalin"][0]) == PASSAGE_KEYS | {"score"}


def test_compare_unknown_theme_says_so(tmp_db, capsys):
    status, data, err = run_json(capsys, "compare", "secret speech")
    assert status == 0 and "No theme matches" in err
    assert data["khrushchev"]


def test_sources_json(tmp_db, capsys):
    status, data, _ = run_json(capsys, "sources")
    assert status == 0
    assert [s["id"] for s in data] == [
        "liu",
        "listenit",
        "globalsecurity",
        "mycustomessay",
        "condemnation",
    ]
    for source in data:
        assert {"id", "title", "author", "kind", "date", "passages", "works_cited"} <= set(source)


def test_readable_output(tmp_db, capsys):
    assert main(["search", "virgin", "lands", "--limit", "1"]) == 0
    assert "Virgin Lands" in capsys.readouterr().out


def test_module_entry_point_prints_only_json(tmp_db):
    done = subprocess.run(
        [sys.executable, "-m", "bot", "search", "Kort 294", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["id"].startswith("mycustomessay")


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"THAWBOT_DB": "/proc/no/such.db"}, "Cannot open the database"),
        ({"THAWBOT_SEEDS": "/nonexistent"}, "is THAWBOT_SEEDS right?"),
    ],
)
def test_unusable_paths_end_with_one_sentence(tmp_db, env, message):
    done = subprocess.run(
        [sys.executable, "-m", "bot", "search", "x", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, **env},
    )
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("limit", ["0", "-5", "51", "many"])
def test_bad_limit_is_refused(tmp_db, limit, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["search", "stalin", "--limit", limit])
    assert exited.value.code == 2
    assert "--limit" in capsys.readouterr().err


def test_broken_pipe_is_quiet(tmp_db):
    done = subprocess.run(
        f"{sys.executable} -m bot passages --json | head -c 10",
        shell=True,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr
