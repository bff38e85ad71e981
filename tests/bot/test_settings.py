"""Settings: validated with clear messages, nothing needs a token at import time."""

from __future__ import annotations

import pytest

from bot.errors import ConfigError
from bot.settings import load_settings


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DISCORD_TOKEN": "short"}, "does not look like a bot token"),
        ({"THAWBOT_TIMEZONE": "Mars/Olympus"}, "unknown time zone"),
        ({"THAWBOT_LOG_LEVEL": "LOUD"}, "DEBUG, INFO, WARNING or ERROR"),
        ({"THAWBOT_DEV_GUILD_ID": "not-a-number"}, "THAWBOT_DEV_GUILD_ID"),
        ({"THAWBOT_OWNER_IDS": "bad"}, "owner_ids"),
        ({"THAWBOT_DB": "/"}, "THAWBOT_DB must name a file"),
    ],
)
def test_invalid_settings_say_what_is_wrong(monkeypatch, env, message):
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(ConfigError, match=message):
        load_settings()


def test_defaults_need_no_token(monkeypatch, tmp_path):
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.delenv("THAWBOT_DB", raising=False)
    monkeypatch.chdir(tmp_path)  # no .env here
    settings = load_settings()
    assert settings.discord_token is None
    assert settings.database.name == "thawbot.sqlite3"


def test_token_and_database_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DISCORD_TOKEN", "  " + "a" * 59 + " ")
    monkeypatch.setenv("THAWBOT_DB", str(tmp_path / "x.db"))
    settings = load_settings()
    assert settings.discord_token.get_secret_value() == "a" * 59
    assert settings.database == tmp_path / "x.db"


def test_dotenv_file_is_read(monkeypatch, tmp_path):
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("DISCORD_TOKEN=" + "b" * 59 + "\n")
    assert load_settings().discord_token.get_secret_value() == "b" * 59


def test_seeds_folder_defaults_to_the_checkout(monkeypatch, tmp_path):
    from bot.corpus import SEEDS_DIR

    monkeypatch.delenv("THAWBOT_SEEDS", raising=False)
    monkeypatch.chdir(tmp_path)  # no .env here
    assert load_settings().seeds_dir == SEEDS_DIR


def test_seeds_folder_from_dotenv_is_read(monkeypatch, tmp_path):
    monkeypatch.delenv("THAWBOT_SEEDS", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text(f"THAWBOT_SEEDS={tmp_path / 'readings'}\n")
    assert load_settings().seeds_dir == tmp_path / "readings"
