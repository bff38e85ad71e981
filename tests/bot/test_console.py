"""The console in scripted mode: same commands, numbered buttons, messages on bad lines."""

from __future__ import annotations

import io

from rich.console import Console

from bot.presentation import Button, Card, Reply
from bot.services import Services
from bot.settings import load_settings
from console.richrender import print_reply
from console.session import ConsoleSession, run_console, save_attachment


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
    assert "There is no button 9: choose 1 to 8" in text  # 5, and the teacher's 3 marks
    assert "Button 1 is not available here" in text
    assert text.count("Match 2 of 10") == 1
    assert text.count("Match 1 of 10") == 2  # 2 went forward, then 1 went back


def test_empty_as_line_says_what_to_type(tmp_path):
    assert "Type a command after “as bob:”" in run("as bob:\n", tmp_path)


def test_an_escaped_title_prints_as_typed():
    from bot.presentation import Card
    from console.richrender import render_card

    out = Console(file=io.StringIO(), width=120)
    out.print(render_card(Card(title=r"Opening: \[x\](http://evil.example) \<@1\> (Sincere)")))
    assert "Opening: [x](http://evil.example) <@1> (Sincere)" in out.file.getvalue()


TRANSCRIPT_TWICE = "/debate open | short\n/debate end\n/debate transcript\n/debate transcript\n"


def test_attached_files_are_saved_and_never_overwritten(tmp_path):
    folder = tmp_path / "files"  # created on first use
    folder.mkdir()
    (folder / "debate-1-transcript.md").write_text("my own notes")
    out = Console(file=io.StringIO(), width=300)
    settings = load_settings(database=tmp_path / "db.sqlite3", console_files=folder)
    assert run_console(settings, stdin=io.StringIO(TRANSCRIPT_TWICE), out=out) == 0
    text = out.file.getvalue()
    assert (folder / "debate-1-transcript.md").read_text() == "my own notes"
    for copy in ("debate-1-transcript-2.md", "debate-1-transcript-3.md"):
        saved = folder / copy
        assert saved.read_text(encoding="utf-8").startswith("# Debate transcript")
        assert f"Saved the attached file debate-1-transcript.md as {saved.resolve()}" in text
    assert "(attached file" not in text


def test_without_a_folder_setting_files_go_to_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.delenv("THAWBOT_CONSOLE_FILES", raising=False)
    monkeypatch.chdir(tmp_path)
    run("/debate open | short\n/debate end\n/debate transcript\n", tmp_path)
    assert (tmp_path / "debate-1-transcript.md").is_file()


def test_a_saved_file_stays_in_its_folder(tmp_path):
    path = save_attachment(tmp_path / "out", "../../etc/passwd", b"x")
    assert path.parent == (tmp_path / "out").resolve() and path.name == "passwd"
    assert save_attachment(tmp_path / "out", "..", b"y").name == "attachment"


def test_a_folder_that_cannot_be_written_gets_one_sentence(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    out = Console(file=io.StringIO(), width=300)
    session = ConsoleSession(
        Services.open(tmp_path / "db.sqlite3"), out, interactive=False, files=blocker / "sub"
    )
    for line in TRANSCRIPT_TWICE.splitlines()[:3]:
        session.handle(line)
    text = out.file.getvalue()
    assert f"Could not save debate-1-transcript.md in {blocker / 'sub'}" in text
    assert "(attached file: debate-1-transcript.md, not saved)" in text


def narrow(reply: Reply) -> list[str]:
    out = Console(file=io.StringIO(), width=80)
    print_reply(out, reply)
    return out.file.getvalue().splitlines()


def test_a_long_footer_is_shown_whole_at_80_columns():
    note = "Searched with corrected spelling: " + ", ".join(
        f"wrong{n} → right{n}" for n in range(12)
    )
    lines = narrow(Reply(cards=[Card("Match 1 of 10", "Text.", footer=f"x-001 · {note}")]))
    body = " ".join(line.strip("│╭╮╰╯─ ") for line in lines)
    assert note in " ".join(body.split())
    assert all(len(line) <= 80 for line in lines)


def test_buttons_wrap_between_labels_at_80_columns():
    labels = ["◀ Previous", "Next ▶", "More context", "Source details", "Post to channel"]
    labels += ["Read the whole passage", "Answer with a counter-passage"]
    reply = Reply(buttons=[Button(label, f"b:{n}") for n, label in enumerate(labels)])
    lines = narrow(reply)
    assert len(lines) > 1 and all(len(line) <= 80 for line in lines)
    for number, label in enumerate(labels, 1):
        assert sum(f"[{number}] {label}" in line for line in lines) == 1


def test_the_quote_console_keeps_its_spelling_note_at_80_columns(tmp_path):
    out = Console(file=io.StringIO(), width=80)
    settings = load_settings(database=tmp_path / "db.sqlite3")
    run_console(settings, stdin=io.StringIO("/quote Krushchev secrit speach\n"), out=out)
    flat = " ".join(out.file.getvalue().replace("│", " ").split())
    assert "secrit → secret, speach → speech" in flat
    assert "[5] Post to channel" in out.file.getvalue()


def test_a_lone_surrogate_typed_at_the_console_is_kept_as_a_replacement(tmp_path):
    # A terminal or pipe with broken UTF-8 gives Python lone surrogates (surrogateescape).
    text = run("/quote stalin \udced\udca0\udc80 death\n", tmp_path)
    assert "could not be read" in text
    assert "Traceback" not in text and "Something went wrong" not in text
    assert "condemnation-001" in text or "Match 1" in text
