"""The console's /facts and the passage button, through the shared action registry."""

from __future__ import annotations

import io

from rich.console import Console

from bot.facts import facts_for
from bot.search import SearchEngine
from bot.services import Services
from console.session import ConsoleSession


def session(fresh_store, clock) -> tuple[ConsoleSession, io.StringIO]:
    services = Services(fresh_store, SearchEngine(fresh_store))
    facts_for(services).clock = clock
    out = io.StringIO()
    return ConsoleSession(services, Console(file=out, width=300)), out


def test_students_may_look_but_not_post(fresh_store, clock):
    console, out = session(fresh_store, clock)
    console.handle("as alice: /facts now")
    console.handle("as alice: /facts setup 09:00 Europe/London")
    console.handle("as alice: /facts preview")
    printed = out.getvalue()
    assert printed.count("Only a moderator") == 2
    assert "Next fact (only you can see this)" in printed


def test_the_passage_button_and_the_schedule(fresh_store, clock):
    console, out = session(fresh_store, clock)
    console.handle("/facts setup 7:30pm London")
    console.handle("/facts now")
    claim_row = facts_for(console.services).repo.posts(1)[0]
    assert claim_row["status"] == "sent" and claim_row["kind"] == "now"
    console.handle("1")  # "Read the whole passage"
    passage_id = claim_row["fact_id"].removeprefix("fact-").rsplit("-", 1)[0]
    passage = fresh_store.passage(passage_id)
    printed = " ".join(out.getvalue().split())
    assert "19:30 (Europe/London)" in printed
    assert " ".join(passage.text.split())[:80] in printed


def test_unknown_subcommand_lists_the_others(fresh_store, clock):
    console, out = session(fresh_store, clock)
    console.handle("/facts tomorrow")
    assert "Unknown /facts command" in out.getvalue() and "preview" in out.getvalue()


def test_setup_without_a_zone_uses_the_default_zone(fresh_store, clock):
    services = Services(fresh_store, SearchEngine(fresh_store), default_zone="Asia/Tokyo")
    facts_for(services).clock = clock
    out = io.StringIO()
    console = ConsoleSession(services, Console(file=out, width=300))
    console.handle("/facts setup 09:00")
    assert "09:00 (Asia/Tokyo)" in " ".join(out.getvalue().split())
    console.handle("/facts setup 10:00 Europe/London")  # a zone given wins
    assert "10:00 (Europe/London)" in " ".join(out.getvalue().split())


def test_the_console_takes_the_default_zone_from_settings(tmp_path, monkeypatch):
    from bot.settings import load_settings
    from console.session import run_console

    monkeypatch.chdir(tmp_path)
    settings = load_settings(database=tmp_path / "db.sqlite3", default_timezone="Asia/Tokyo")
    out = io.StringIO()
    run_console(settings, io.StringIO("/facts setup 09:00\n"), Console(file=out, width=300))
    assert "09:00 (Asia/Tokyo)" in " ".join(out.getvalue().split())
