"""The ``python -m bot`` contract: JSON fields scripts rely on, exit status 0 for any text."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import subprocess
import sys
from pathlib import Path

import discord
import pytest

from bot import invite
from bot.compare import THEMES
from console.cli import main

SEARCH_KEYS = {"matched_terms", "confidence", "corrections", "missing", "related"}  # additive
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
        assert set(item) == PASSAGE_KEYS | {"score"} | SEARCH_KEYS
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


def test_the_seeds_folder_in_dotenv_is_the_one_loaded(tmp_db, tmp_path):
    """THAWBOT_SEEDS in a .env file (not only the environment) names the readings' folder."""
    missing = tmp_path / "no-readings-here"
    (tmp_path / ".env").write_text(f"THAWBOT_SEEDS={missing}\n")
    env = {k: v for k, v in os.environ.items() if k != "THAWBOT_SEEDS"}
    root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-m", "bot", "search", "x", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=tmp_path,
        env=env,
    )
    assert done.returncode == 2
    assert str(missing) in done.stderr and "is THAWBOT_SEEDS right?" in done.stderr


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


def test_help_prints_the_command_list(capsys):
    assert main(["help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: python -m bot")
    for command in ("search", "compare", "console", "run", "invite", "help"):
        assert f"    {command} " in out


def test_help_command_explains_its_arguments_defaults_and_themes(capsys):
    assert main(["help", "search"]) == 0
    out = capsys.readouterr().out
    assert "usage: python -m bot search" in out
    assert "what to look for" in out and "1 to 50 (default: 5)" in out
    assert main(["help", "compare"]) == 0
    out = capsys.readouterr().out
    for theme in THEMES:
        assert f"  {theme.name}: {theme.synonyms[0]}" in out
    with pytest.raises(SystemExit) as exited:
        main(["compare", "--help"])
    assert exited.value.code == 0
    assert "themes (and some words that find them)" in capsys.readouterr().out


def test_help_for_an_unknown_command_names_the_commands(capsys):
    assert main(["help", "serch"]) == 2
    err = capsys.readouterr().err
    assert "there is no command “serch”" in err and "search, passages" in err


def test_help_works_with_broken_settings(monkeypatch, capsys):
    monkeypatch.setenv("THAWBOT_LOG_LEVEL", "LOUD")
    assert main(["help", "run"]) == 0
    assert "DISCORD_TOKEN" in capsys.readouterr().out


def _token(application_id: int) -> str:
    first = base64.b64encode(str(application_id).encode()).decode().rstrip("=")
    return f"{first}.GhIjKl.{'a' * 38}"


def test_the_permissions_integer_is_the_named_permissions_and_the_readme_s():
    names = {
        "View Channel": "view_channel",
        "Send Messages": "send_messages",
        "Send Messages in Threads": "send_messages_in_threads",
        "Create Public Threads": "create_public_threads",
        "Embed Links": "embed_links",
        "Attach Files": "attach_files",
        "Read Message History": "read_message_history",
        "Send Polls": "send_polls",
    }
    assert set(invite.PERMISSIONS) == set(names)
    expected = discord.Permissions(**{flag: True for flag in names.values()}).value
    assert invite.permissions_value() == expected
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert f"permissions={expected}" in readme
    assert f"**{expected}**" in readme
    listed = readme.split("**Setting up the Discord application.**", 1)[1].split("\n\n", 1)[0]
    assert all(name in " ".join(listed.split()) for name in names)


def test_invite_reads_the_application_id_from_the_token(monkeypatch, capsys):
    monkeypatch.setenv("DISCORD_TOKEN", _token(1234567890123456789))
    status, data, _err = run_json(capsys, "invite")
    assert status == 0
    assert data["application_id"] == "1234567890123456789"
    assert data["url"] == (
        "https://discord.com/oauth2/authorize?client_id=1234567890123456789"
        f"&scope=bot+applications.commands&permissions={invite.permissions_value()}"
    )
    assert data["permissions"] == str(invite.permissions_value())


def test_invite_prefers_the_option_then_the_setting(monkeypatch, capsys):
    monkeypatch.setenv("DISCORD_TOKEN", _token(111111111111111111))
    monkeypatch.setenv("THAWBOT_APPLICATION_ID", "222222222222222222")
    assert run_json(capsys, "invite")[1]["application_id"] == "222222222222222222"
    status, data, _ = run_json(capsys, "invite", "--application-id", "333333333333333333")
    assert status == 0 and data["application_id"] == "333333333333333333"
    assert main(["invite"]) == 0
    assert capsys.readouterr().out.strip().endswith(f"permissions={invite.permissions_value()}")


@pytest.mark.parametrize("token", [None, "x" * 59, "bm90IGRpZ2l0cw.abc." + "a" * 30])
def test_invite_without_an_id_says_where_to_get_one(monkeypatch, capsys, token):
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.delenv("THAWBOT_APPLICATION_ID", raising=False)
    if token:
        monkeypatch.setenv("DISCORD_TOKEN", token)
    assert main(["invite"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "--application-id" in captured.err


async def test_run_with_a_rejected_token_prints_only_its_sentence(fake_discord, tmp_path):
    env = {
        **os.environ,
        "THAWBOT_DB": str(tmp_path / "db.sqlite3"),
        "DISCORD_TOKEN": "wrong." + "x" * 40,
        "THAWBOT_API_BASE": fake_discord.api_base,
    }
    levels = [("WARNING", 1), ("INFO", 2)]  # INFO adds discord.py's "logging in" line

    def run_bot(level: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "bot", "run"],
            env={**env, "THAWBOT_LOG_LEVEL": level},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            stdin=subprocess.DEVNULL,
        )

    for level, lines in levels:
        done = await asyncio.to_thread(run_bot, level)
        assert done.returncode == 1
        printed = done.stderr.splitlines()
        assert len(printed) == lines, done.stderr
        assert "ERROR cogs.app: Discord rejected the token" in printed[-1]
        assert "voice" not in done.stderr
