"""Settings from the environment or a ``.env`` file, validated with clear messages.

Nothing here runs at import time: :func:`load_settings` reads them when asked.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from platformdirs import user_data_dir
from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict, SettingsError

from bot.corpus import SEEDS_DIR
from bot.errors import ConfigError

DEFAULT_DB = Path(user_data_dir("thawbot", appauthor=False)) / "thawbot.sqlite3"


class Settings(BaseSettings):
    """Every knob the bot has. Environment names are in the README."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    discord_token: SecretStr | None = Field(
        None, validation_alias=AliasChoices("DISCORD_TOKEN", "THAWBOT_DISCORD_TOKEN")
    )
    database: Path = Field(DEFAULT_DB, validation_alias=AliasChoices("THAWBOT_DB", "database"))
    dev_guild_id: int | None = Field(
        None, validation_alias=AliasChoices("THAWBOT_DEV_GUILD_ID", "dev_guild_id")
    )
    owner_ids: list[int] = Field(
        default_factory=list, validation_alias=AliasChoices("THAWBOT_OWNER_IDS", "owner_ids")
    )
    moderator_role: str = Field(
        "Moderator", validation_alias=AliasChoices("THAWBOT_MODERATOR_ROLE", "moderator_role")
    )
    seeds_dir: Path = Field(SEEDS_DIR, validation_alias=AliasChoices("THAWBOT_SEEDS", "seeds_dir"))
    default_timezone: str = Field(
        "UTC", validation_alias=AliasChoices("THAWBOT_TIMEZONE", "default_timezone")
    )
    api_base: str | None = Field(
        None, validation_alias=AliasChoices("THAWBOT_API_BASE", "api_base")
    )
    gateway_url: str | None = Field(
        None, validation_alias=AliasChoices("THAWBOT_GATEWAY_URL", "gateway_url")
    )
    log_level: str = Field("INFO", validation_alias=AliasChoices("THAWBOT_LOG_LEVEL", "log_level"))
    console_files: Path | None = Field(
        None, validation_alias=AliasChoices("THAWBOT_CONSOLE_FILES", "console_files")
    )
    application_id: int | None = Field(
        None, validation_alias=AliasChoices("THAWBOT_APPLICATION_ID", "application_id")
    )
    retention_days: int = Field(
        0, validation_alias=AliasChoices("THAWBOT_RETENTION_DAYS", "retention_days")
    )

    @field_validator("discord_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        token = value.get_secret_value().strip()
        if " " in token or len(token) < 20:
            raise ValueError("DISCORD_TOKEN does not look like a bot token (copy it again)")
        return SecretStr(token)

    @field_validator("database")
    @classmethod
    def _database_file(cls, value: Path) -> Path:
        if not str(value).strip() or value.is_dir():
            raise ValueError("THAWBOT_DB must name a file, e.g. /data/thawbot.sqlite3")
        return value

    @field_validator("console_files", "application_id", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("console_files")
    @classmethod
    def _files_folder(cls, value: Path | None) -> Path | None:
        if value is None:
            return None
        value = value.expanduser()
        if value.exists() and not value.is_dir():
            raise ValueError("THAWBOT_CONSOLE_FILES must name a folder, e.g. ~/thawbot-files")
        return value

    @field_validator("application_id")
    @classmethod
    def _application(cls, value: int | None) -> int | None:
        if value is not None and value <= 0:
            raise ValueError("THAWBOT_APPLICATION_ID must be the application's numeric id")
        return value

    @field_validator("default_timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r} (use an IANA name)") from exc
        return value

    @field_validator("retention_days")
    @classmethod
    def _retention(cls, value: int) -> int:
        if not 0 <= value <= 3650:
            raise ValueError("THAWBOT_RETENTION_DAYS must be 0 (keep until deleted) to 3650")
        return value

    @field_validator("log_level")
    @classmethod
    def _level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ValueError("must be DEBUG, INFO, WARNING or ERROR")
        return level


def load_settings(**overrides: Any) -> Settings:
    """Read settings; invalid values raise ConfigError with one line per problem."""
    try:
        return Settings(**overrides)
    except SettingsError as exc:  # a value that is not even parseable, e.g. a JSON list
        cause = exc.__cause__ or exc
        raise ConfigError(f"Invalid settings: {exc} ({cause})") from None
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'settings'}: {err['msg']}"
            for err in exc.errors()
        )
        raise ConfigError(f"Invalid settings: {problems}") from None
