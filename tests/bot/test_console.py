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
    text = run("/quote secret speech\n2\n", tmp_path)
    assert "Match 2 of 10" in text


def test_bad_lines_get_a_message_and_the_console_goes_on(tmp_path):
    text = run('hello\n/quote\n99\n/quote "\n/compare\n/help\n', tmp_path)
    assert "Unknown command" in text
    assert "Type a few words" in text
    assert "The last answer has no buttons to press" in text
    assert "Name a theme" in text
    assert "Every answer quotes the readings" in text  # still running at the end


def test_as_runs_a_command_as_another_user(tmp_path):
    text = run("/quote virgin lands\nas alice: 5\n", tmp_path)
    assert "shared by alice" in text


def test_quit_stops_early(tmp_path):
    text = run("/quit\n/help\n", tmp_path)
    assert "Every answer" not in text


def test_user_text_is_never_read_as_markup(tmp_path):
    text = run("[/x]\n/quote [red]qqqqzz\n/help\n", tmp_path)
    assert "Unknown command “[/x]”" in text
    assert "[red]qqqqzz" in text
    assert "Every answer quotes the readings" in text


def test_disabled_buttons_keep_their_number(tmp_path):
    text = run("/quote secret speech\n1\n2\n1\n9\n", tmp_path)
    assert "There is no button 9: choose 1 to 5" in text
    assert "Button 1 is not available here" in text
    assert text.count("Match 2 of 10") == 1
    assert text.count("Match 1 of 10") == 2  # 2 went forward, then 1 went back


def test_empty_as_line_says_what_to_type(tmp_path):
    assert "Type a command after “as bob:”" in run("as bob:\n", tmp_path)


def test_an_escaped_title_prints_as_typed():
    from bot.presentation import Card
    from bot.richrender import render_card

    out = Console(file=io.StringIO(), width=120)
    out.print(render_card(Card(title=r"Opening: \[x\](http://evil.example) \<@1\> (Sincere)")))
    assert "Opening: [x](http://evil.example) <@1> (Sincere)" in out.file.getvalue()
