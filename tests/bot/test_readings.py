"""Readings teachers add: stored in SQLite, scoped to a server, seen without a restart."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot import readings
from bot.compare import compare
from bot.errors import BadInput, NotFound
from bot.search import SearchEngine
from bot.store import Store
from console.cli import main

HELDOUT = Path(__file__).parents[1] / "data" / "readings_heldout"
BLOG = HELDOUT / "sheilaomalley-secret-speech.txt"
META = {
    "id": "omalley",
    "title": "Kruschev's Secret Speech",
    "author": "Sheila O'Malley",
    "kind": "blog post",
}
QUERY = "Robert Conquest personal idols"
LIST_KEYS = {"id", "title", "author", "kind", "server", "passages", "added_at", "file"}


@pytest.fixture
def store(tmp_path) -> Store:
    opened = Store(tmp_path / "readings.sqlite3")
    opened.ensure_corpus()
    return opened


def _sources(result) -> set[str]:
    return {hit.passage.source for hit in result.hits}


def test_add_is_searched_at_once_in_its_server_only(store):
    engine = SearchEngine(store)
    assert "omalley" not in _sources(engine.search(QUERY, server=111))
    report = readings.add(store, BLOG, META, guild_id=111)
    assert report["passages"] > 0 and report["id"] == "omalley"
    assert "omalley" in _sources(engine.search(QUERY, server=111))  # no restart
    assert "omalley" not in _sources(engine.search(QUERY, server=222))
    assert "omalley" not in _sources(engine.search(QUERY))  # the shared view
    assert not any(p.source == "omalley" for p in store.visible_passages(222))
    assert any(p.source == "omalley" for p in store.visible_passages(111))
    own = next(p for p in store.visible_passages(111) if p.source == "omalley")
    assert engine.search(own.id, server=222).hits == ()  # not even by its id
    assert engine.search(own.id, server=111).hits[0].passage.id == own.id
    builtin = {p.source for p in store.visible_passages(222)}
    assert builtin and "omalley" not in builtin


def test_compare_sees_only_its_server(store):
    readings.add(store, BLOG, META, guild_id=111)
    engine = SearchEngine(store)
    theirs = compare(engine, "secret speech", server=111)
    other = compare(engine, "secret speech", server=222)
    sides = [h.passage.source for h in (*other.stalin, *other.khrushchev)]
    assert "omalley" not in sides
    assert theirs.theme == other.theme


def test_shared_reading_is_seen_by_every_server(store):
    readings.add(store, BLOG, META)
    engine = SearchEngine(store)
    for server in (None, 111, 222):
        assert "omalley" in _sources(engine.search(QUERY, server=server))


def test_remove_is_seen_at_once(store):
    engine = SearchEngine(store)
    readings.add(store, BLOG, META)
    assert "omalley" in _sources(engine.search(QUERY))
    removed = readings.remove(store, "omalley")
    assert removed.id == "omalley"
    assert "omalley" not in _sources(engine.search(QUERY))
    assert readings.listed(store) == []
    with pytest.raises(NotFound):
        readings.remove(store, "omalley")


def test_another_process_adding_is_seen_without_restart(store, tmp_path):
    engine = SearchEngine(store)
    assert "omalley" not in _sources(engine.search(QUERY))
    other = Store(store.path)  # a second connection: the CLI in another process
    readings.add(other, BLOG, META)
    assert "omalley" in _sources(engine.search(QUERY))
    assert any(p.source == "omalley" for p in store.passages())


def test_reused_id_is_refused_with_a_sentence(store):
    readings.add(store, BLOG, META)
    with pytest.raises(BadInput, match="already used"):
        readings.add(store, BLOG, META, guild_id=5)
    builtin = store.sources()[0][0].id
    with pytest.raises(BadInput, match="already used"):
        readings.add(store, BLOG, {**META, "id": builtin})
    assert [r.id for r in readings.listed(store)] == ["omalley"]


@pytest.mark.parametrize("bad", ["has space", "Upper", "-x", ""])
def test_bad_id_is_refused(store, bad):
    with pytest.raises(BadInput):
        readings.add(store, BLOG, {**META, "id": bad})
    assert readings.listed(store) == []


def test_nothing_half_added_when_indexing_fails(store, monkeypatch):
    before = [p.id for p in store.passages()]

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    # The index step fails after the reading's row and passages are written.
    monkeypatch.setattr("bot.indexupdate.add_rows", broken)
    with pytest.raises(RuntimeError):
        readings.add(store, BLOG, META)
    monkeypatch.undo()
    assert readings.listed(store) == []
    assert [p.id for p in store.passages()] == before
    assert "omalley" not in {s.id for s, _ in store.sources()}


def test_added_readings_survive_a_rebuild(store):
    readings.add(store, BLOG, META, guild_id=7)
    store.db["meta"].upsert({"key": "corpus_hash", "value": "stale"}, pk="key")
    assert store.ensure_corpus()
    assert "omalley" in {s.id for s, _ in store.sources()}
    assert store.hidden_sources(8) == {"omalley"}


def test_list_scope(store):
    readings.add(store, BLOG, META, guild_id=7)
    readings.add_text(
        store, "Khrushchev spoke for four hours in the night.", {**META, "id": "note"}
    )
    assert {r.id for r in readings.listed(store)} == {"omalley", "note"}
    assert {r.id for r in readings.listed(store, 8, every=False)} == {"note"}
    assert {r.id for r in readings.listed(store, 7, every=False)} == {"omalley", "note"}


# ---- the command line ----


def test_cli_add_list_search_remove(tmp_db, capsys, tmp_path):
    status = main(
        [
            "readings",
            "add",
            str(BLOG),
            "--id",
            "omalley",
            "--title",
            "T",
            "--author",
            "A",
            "--kind",
            "blog post",
            "--server",
            "42",
            "--json",
        ]
    )
    out = capsys.readouterr()
    assert status == 0, out.err
    assert json.loads(out.out)["passages"] > 0
    assert main(["readings", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rows] == ["omalley"] and set(rows[0]) == LIST_KEYS
    assert rows[0]["server"] == 42
    assert main(["search", *QUERY.split(), "--server", "42", "--json"]) == 0
    assert "omalley" in {r["source"] for r in json.loads(capsys.readouterr().out)}
    assert main(["search", *QUERY.split(), "--server", "43", "--json"]) == 0
    assert "omalley" not in {r["source"] for r in json.loads(capsys.readouterr().out)}
    assert main(["passages", "--server", "43", "--json"]) == 0
    assert "omalley" not in {r["source"] for r in json.loads(capsys.readouterr().out)}
    assert main(["compare", "secret", "speech", "--server", "43", "--json"]) == 0
    capsys.readouterr()
    assert main(["readings", "remove", "omalley"]) == 0
    capsys.readouterr()
    assert main(["readings", "remove", "omalley"]) == 1
    assert "No added reading" in capsys.readouterr().err


def test_cli_bad_input_exits_2_with_a_sentence(tmp_db, capsys, tmp_path):
    bad = [
        "readings",
        "add",
        str(BLOG),
        "--id",
        "has space",
        "--title",
        "T",
        "--author",
        "A",
        "--kind",
        "K",
    ]
    assert main(bad) == 2
    err = capsys.readouterr().err
    assert "not a usable reading id" in err and "Traceback" not in err
    odd = tmp_path / "x.exe"
    odd.write_bytes(b"x")
    assert main(["readings", "check", str(odd)]) == 2
    assert "a reading can be" in capsys.readouterr().err
    assert main(["readings", "check", str(tmp_path / "missing.txt")]) == 2
    assert "Cannot read" in capsys.readouterr().err


def test_cli_check_json_in_a_subprocess(tmp_path):
    copy = tmp_path / "blog.txt"
    shutil.copy(BLOG, copy)
    done = subprocess.run(
        [sys.executable, "-m", "bot", "readings", "check", str(copy), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**__import__("os").environ, "THAWBOT_DB": str(tmp_path / "db.sqlite3")},
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert {"passages", "dropped", "citations", "works_cited"} <= set(report)


def test_sources_and_facts_never_show_another_servers_reading(store):
    from bot.facts import FactService

    wiki = HELDOUT / "uncensored-wiki-khrushchev-thaw.txt"  # a reading that gives facts
    facts = FactService(store)
    before = {f.passage_id for f in facts.facts()}
    readings.add(store, wiki, META, guild_id=111)
    assert "omalley" not in {s.id for s, _ in store.visible_sources(222)}
    assert "omalley" in {s.id for s, _ in store.visible_sources(111)}
    assert {f.passage_id for f in facts.facts()} == before  # not in any server's posts
    readings.remove(store, "omalley")
    readings.add(store, wiki, META)  # shared: its facts join at once
    after = {f.passage_id for f in facts.facts()}
    assert before < after and all(p.startswith("omalley-") for p in after - before)


# ---- the console ----


def test_console_readings_list_show_remove(tmp_path):
    import io

    from rich.console import Console

    from bot.settings import load_settings
    from console.session import CONSOLE_GUILD, run_console

    path = tmp_path / "console.sqlite3"
    opened = Store(path)
    opened.ensure_corpus()
    readings.add(opened, BLOG, META, guild_id=CONSOLE_GUILD)
    readings.add(opened, BLOG, {**META, "id": "other", "title": "Elsewhere"}, guild_id=999)
    out = Console(file=io.StringIO(), width=200)
    script = (
        "/readings list\n/readings show omalley\n/readings show other\n"
        "as student: /readings remove omalley\n/readings remove omalley\n/readings list\n"
    )
    assert run_console(load_settings(database=path), stdin=io.StringIO(script), out=out) == 0
    text = out.file.getvalue()
    assert "Kruschev's Secret Speech" in text and "this server" in text
    assert "Elsewhere" not in text
    assert "No added reading here has the id “other”" in text
    assert "Only a moderator can remove a reading." in text
    assert "Removed “Kruschev's Secret Speech” (omalley)" in text
    assert "No readings have been added here yet" in text
    assert [r.id for r in readings.listed(Store(path))] == ["other"]


def test_a_stored_reading_todays_code_refuses_is_skipped_not_fatal(store):
    readings.add(store, BLOG, META)
    store.db.execute("update readings set text = ' ' where id = 'omalley'")
    store.db.conn.commit()
    store.db["meta"].upsert({"key": "corpus_hash", "value": "stale"}, pk="key")
    assert store.ensure_corpus()  # the bot still starts
    assert "omalley" not in {s.id for s, _ in store.sources()}
    assert store.passages()


def test_a_passage_of_a_hyphenated_reading_id_is_found_by_its_id(store):
    readings.add(store, BLOG, {**META, "id": "omalley-blog-2"}, guild_id=None)
    own = next(p for p in store.visible_passages(None) if p.source == "omalley-blog-2")
    hits = SearchEngine(store).search(own.id.upper()).hits
    assert hits and hits[0].passage.id == own.id and hits[0].score == 1.0


def _ctx(store: Store, guild: int):
    from bot.actions import Context
    from bot.models import Actor
    from bot.services import Services

    services = Services(store=store, search=SearchEngine(store))
    return Context(services=services, actor=Actor(1, "student"), guild_id=guild)


@pytest.mark.parametrize("button", ["quote:context", "quote:source", "quote:post"])
def test_quote_buttons_refuse_another_servers_passage(store, button):
    from bot.actions import dispatch, load_features
    from bot.errors import NotAllowed

    load_features()
    readings.add(store, BLOG, META, guild_id=7)
    assert dispatch(_ctx(store, 7), f"{button}:omalley-001").reply.cards
    with pytest.raises(NotAllowed, match="another server"):
        dispatch(_ctx(store, 8), f"{button}:omalley-001")


def test_debate_evidence_help_uses_the_servers_readings(store):
    from bot.debate._evidence import choices, suggest, validate
    from bot.errors import NotAllowed

    readings.add(store, BLOG, META, guild_id=7)
    engine = SearchEngine(store)
    for side in ("sincere", "political"):
        elsewhere = suggest(store, engine, side, "secret speech Conquest", 50, guild_id=8)
        assert all(s.passage.source != "omalley" for s in elsewhere)
    here = [
        s.passage.source
        for side in ("sincere", "political")
        for s in suggest(store, engine, side, "Conquest", 50, guild_id=7)
    ] + [
        pid.rsplit("-", 1)[0]
        for _label, pid in choices(store, engine, None, "Conquest", guild_id=7)
    ]
    assert "omalley" in here
    assert all(
        not pid.startswith("omalley")
        for _l, pid in choices(store, engine, None, "Conq", guild_id=8)
    )
    assert validate(store, ["omalley-1"], server=7)[0].passage_id == "omalley-001"
    with pytest.raises(NotAllowed, match="another server"):
        validate(store, ["omalley-001"], server=8)
