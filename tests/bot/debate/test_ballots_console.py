"""Done when: after a debate replayed in the console, a ballot's scores and feedback appear
in ``python -m bot debates export`` and in the student's private view, only after release."""

from __future__ import annotations

import csv
import io

from rich.console import Console

from bot.settings import load_settings
from console.cli import main
from console.session import run_console
from tests.bot.debate.test_export import readme_script

GRADING = """\
/debate ballot
as bob: /debate ballot alice | 4 | 4 | 4 | 4 | Fine
/debate ballot alice | 3 | four | 2 | 1 | Typo
/debate ballot alice
/debate ballot alice | 3 | 4 | 2 | 3 | Strong sources; answer the counter next time
/debate ballot bob | 2 | 2 | 3 | 2 | Cite more
as alice: /debate feedback
/debate release
as alice: /debate feedback
as bob: /debate feedback 1
as erin: /debate feedback
"""


def _replay(tmp_db, tmp_path, script: str) -> str:
    folder = tmp_path / "files"
    folder.mkdir(exist_ok=True)
    out = Console(file=io.StringIO(), width=400)
    settings = load_settings(database=tmp_db, console_files=folder)
    assert run_console(settings, stdin=io.StringIO(script), out=out) == 0
    return out.file.getvalue()


def _rows(capsysbinary) -> dict[str, dict[str, str]]:
    assert main(["debates", "export", "--format", "csv"]) == 0
    data = capsysbinary.readouterr().out.decode("utf-8")
    return {r["student"]: r for r in csv.DictReader(io.StringIO(data))}


def test_a_ballot_reaches_the_export_and_the_student_only_after_release(
    tmp_db, tmp_path, capsysbinary
):
    text = _replay(tmp_db, tmp_path, readme_script() + GRADING)
    before, _, after = text.partition("> /debate release")
    assert "Only a moderator can fill in a ballot." in before
    assert "Reasoning must be a whole number from 1 to 4 (you gave “four”)." in before
    assert "A script cannot fill a form: write it on one line, /debate ballot 1 alice |" in before
    assert "Ballots: debate 1" in before and "[1] Ballot: alice" in before
    assert "Your ballot for debate 1 is not released yet" in before
    assert "Strong sources" not in before.split("> as alice: /debate feedback")[1]
    assert "Released 2 ballots of debate 1" in after
    alice_view = after.split("> as alice: /debate feedback")[1].split("> as bob:")[0]
    assert "Your ballot: debate 1" in alice_view and "Delivery: 3 / 4" in alice_view
    assert "Strong sources; answer the counter next time" in alice_view
    assert "Cite more" not in alice_view  # bob's feedback is bob's alone
    assert "Cite more" in after.split("> as bob: /debate feedback 1")[1].split("> as erin")[0]
    assert "You have no ballot on this server yet." in after  # erin only voted
    rows = _rows(capsysbinary)
    alice, bob = rows["alice"], rows["bob"]
    assert [alice[k] for k in ("evidence", "reasoning", "rebuttal", "delivery")] == list("3423")
    assert alice["feedback"] == "Strong sources; answer the counter next time"
    assert (alice["rubric total"], alice["ballot released"]) == ("12", "yes")
    assert (bob["rubric total"], bob["feedback"]) == ("9", "Cite more")


def test_unreleased_ballots_are_in_the_export_marked_so(tmp_db, tmp_path, capsysbinary):
    script = readme_script() + "/debate ballot alice | 1 | 2 | 3 | 4 | Draft\n"
    _replay(tmp_db, tmp_path, script)
    alice = _rows(capsysbinary)["alice"]
    assert (alice["rubric total"], alice["feedback"], alice["ballot released"]) == (
        "10",
        "Draft",
        "no",
    )


def test_the_rubric_is_reworded_from_the_console(tmp_db, tmp_path):
    script = (
        "/rubric\n/rubric delivery\n"
        "/rubric delivery | Speaking | Silent | Halting | Clear | Compelling\n"
        "as alice: /rubric delivery | X | a | b | c | d\n/rubric\n/rubric default\n/rubric\n"
    )
    text = _replay(tmp_db, tmp_path, script)
    assert "write it on one line, /rubric delivery | NAME |" in text
    assert "Only a moderator can change the rubric." in text
    assert text.count("This server has reworded it.") == 2 and "Compelling" in text
    assert text.rstrip().endswith("╯") and "The rubric is back to the default." in text
