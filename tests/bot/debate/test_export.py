"""Done when: a debate replayed in the console exports one row per student, agreeing with
the transcript's counts (``python -m bot debates export``, the console's ``/debate export``)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from rich.console import Console

from bot.debate._export import COLUMNS
from bot.settings import load_settings
from console.cli import main
from console.session import run_console

README = Path(__file__).parents[3] / "README.md"


def readme_script() -> str:
    """The README's Debates example script, as a teacher would replay it."""
    text = README.read_text(encoding="utf-8")
    found = re.search(r"```text\n(/debate open \| short\n.*?)```", text, re.DOTALL)
    assert found, "the README's debate script is missing"
    return found.group(1)


@pytest.fixture
def replayed(tmp_db, tmp_path):
    """The README script run in the console, plus the console's own exports."""
    folder = tmp_path / "files"
    folder.mkdir()
    script = readme_script() + "/debate export\n/debate export xlsx\nas bob: /debate export\n"
    out = Console(file=io.StringIO(), width=200)
    settings = load_settings(database=tmp_db, console_files=folder)
    assert run_console(settings, stdin=io.StringIO(script), out=out) == 0
    return folder, out.file.getvalue()


def _cli_rows(capsysbinary, *argv: str) -> list[dict[str, str]]:
    assert main(["debates", "export", *argv]) == 0
    data = capsysbinary.readouterr().out
    assert not data.startswith(b"\xef\xbb\xbf")  # no byte-order mark on stdout
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def _total(rows, column: str) -> int:
    return sum(int(r[column]) for r in rows if r[column].isdigit())


def test_the_csv_agrees_with_the_transcript(replayed, capsysbinary):
    folder, _ = replayed
    transcript = (folder / "debate-1-transcript.md").read_text(encoding="utf-8")
    rows = _cli_rows(capsysbinary, "--format", "csv")
    joined = re.findall(r"as (\w+): /debate join", readme_script())
    assert sorted(r["student"] for r in rows) == sorted(joined)
    assert all(tuple(r) == COLUMNS for r in rows)
    given = re.search(r"Speeches: (\d+) given, (\d+) skipped", transcript)
    assert given is not None
    assert _total(rows, "speeches") == int(given.group(1))
    assert _total(rows, "speeches skipped") == int(given.group(2))
    assert _total(rows, "arguments") == transcript.count("#### Argument by ")
    assert _total(rows, "counters") == transcript.count("##### Counter-passage by ")
    assert _total(rows, "passages cited") == len(re.findall(r"^> — ", transcript, re.M))
    pois = re.findall(r"^Points of information: (.*)\.$", transcript, re.M)
    offered = sum(len(line.split("; ")) for line in pois)
    assert _total(rows, "POIs offered") == offered == 1
    accepted = sum(line.count("accepted") for line in pois)
    assert _total(rows, "POIs accepted") == accepted
    for row in rows:  # each student's own arguments, as the transcript attributes them
        authored = transcript.count(f"#### Argument by {row['student']} (")
        assert int(row["arguments"]) == authored
        assert row["debate"] == "1" and row["evidence"] == row["feedback"] == ""


def test_the_cli_writes_xlsx_and_filters(replayed, capsysbinary, tmp_path):
    folder, _ = replayed
    target = tmp_path / "out.xlsx"
    assert main(["debates", "export", "--format", "xlsx", "--out", str(target)]) == 0
    sheet = load_workbook(target).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert tuple(values[0]) == COLUMNS
    as_csv = _cli_rows(capsysbinary, "--format", "csv")
    assert len(values) - 1 == len(as_csv)
    student = COLUMNS.index("student")
    assert sorted(v[student] for v in values[1:]) == sorted(r["student"] for r in as_csv)
    console = load_workbook(folder / "debates-students.xlsx").active
    assert [list(r) for r in console.iter_rows(values_only=True)] == values  # the same file
    assert _cli_rows(capsysbinary, "--server", "2", "--format", "csv") == []
    assert main(["debates", "export", "--debate", "9"]) == 1
    assert "no debate number 9" in capsysbinary.readouterr().err.decode()


def test_the_console_export_is_for_moderators(replayed):
    folder, text = replayed
    assert (folder / "debates-students.csv").exists()
    assert "Only a moderator can export the students' records." in text
    assert len(list(folder.glob("debates-students*.csv"))) == 1  # bob's refusal saved nothing
