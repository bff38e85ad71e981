"""The console in scripted mode: same commands, numbered buttons, messages on bad lines."""

from __future__ import annotations

import io

from rich.console import Console

from bot.console import run_console
from bot.settings import load_settings


def run(script: str, tmp_path) -> str:
    out = Console(file=io.StringIO(), width=200)
    status = run_console(
        load_settings(database=tmp_path / "db.sqlite3"), stdin=io.StringIO(script), out=out
    )
    assert status == 0
    return out.file.getvalue()


def test_commands_run_and_end_of_input_exits(tmp_path):
    text = run("/quote Kort 294\n/compare farming\n/sources\n/help\n", tmp_path)
    assert "Kort, Michael" in text
    assert "Stalin and Khrushchev on agriculture" in text
    assert "The readings" in text
    assert "Every answer quotes the readings" in text


def test_numbers_press_buttons(tmp_path):
    text = run("/quote secret speech\n1\n", tmp_path)
    assert "Match 2 of 10" in text


def test_bad_lines_get_a_message_and_the_console_goes_on(tmp_path):
    text = run('hello\n/quote\n99\n/quote "\n/compare\n/help\n', tmp_path)
    assert "Unknown command" in text
    assert "Type a few words" in text
    assert "That did not look right" in text
    assert "Name a theme" in text
    assert "Every answer quotes the readings" in text  # still running at the end


def test_as_runs_a_command_as_another_user(tmp_path):
    text = run("/quote virgin lands\nas alice: 4\n", tmp_path)
    assert "shared by alice" in text


def test_quit_stops_early(tmp_path):
    text = run("/quit\n/help\n", tmp_path)
    assert "Every answer" not in text
