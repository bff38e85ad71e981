"""The console: a teacher marks passages and runs a debate on their own motion."""

from __future__ import annotations

from tests.bot.test_console import run


def test_the_teacher_marks_a_quote_and_a_student_is_refused(tmp_path):
    script = "/quote secret speech\nas alice: 7\n/quote secret speech\n7\n/quote secret speech\n"
    text = run(script, tmp_path)
    assert "Marked:" in text and "reads political in this server" in text
    assert "Only a moderator (your teacher) can mark" in text
    assert "political — marked by your teacher" in text


def test_a_custom_motion_debate_in_the_console(tmp_path):
    script = (
        "/debate open Lenin was more ruthless than Stalin | short | | Yes | No\n"
        "as alice: /debate join yes\n"
        "as bob: /debate join no\n"
        "/debate evidence\n"
    )
    text = run(script, tmp_path)
    assert "Join Yes" in text and "You are on Yes" in text and "You are on No" in text
    assert "Evidence for Yes" in text and "relevance to the motion" in text
    assert ": reads No" in text  # the teacher's mark buttons name the sides
