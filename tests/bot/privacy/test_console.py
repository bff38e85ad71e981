"""/privacy in the console: the same notice, confirmation buttons and moderator checks."""

from __future__ import annotations

import io

from rich.console import Console

from bot.settings import load_settings
from console.session import run_console
from console.users import console_actor
from tests.bot.test_console import run


def test_the_console_forgets_a_student_after_the_confirmation(tmp_path):
    alice = console_actor("alice").id
    script = (
        "/debate open\nas alice: /debate join sincere\n/privacy\n"
        f"as alice: /privacy forget {alice}\n/privacy forget {alice}\n2\n"
        f"/privacy forget <@{alice}>\n1\n"
    )
    text = run(script, tmp_path)
    assert "What Thawbot stores about students" in text
    assert "Only a moderator can delete" in text
    assert "Nothing deleted" in text
    assert "Records deleted" in text and "debate_participants: 1 deleted" in text


def test_retention_in_the_console_and_from_the_settings(tmp_path):
    out = Console(file=io.StringIO(), width=200)
    settings = load_settings(database=tmp_path / "db.sqlite3", retention_days=90)
    script = "/privacy retention\n/privacy retention 7\n/privacy retention soon\n"
    assert run_console(settings, stdin=io.StringIO(script), out=out) == 0
    text = out.file.getvalue()
    assert "deleted 90 days after they end" in text and "deleted 7 days after" in text
    assert "Give a number of days" in text
