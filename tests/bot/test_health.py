"""The container healthcheck reads the heartbeat the running bot writes."""

from __future__ import annotations

from bot.health import STALE_AFTER, check_heartbeat, write_heartbeat
from bot.settings import load_settings


def test_health(tmp_path):
    settings = load_settings(database=tmp_path / "data" / "thawbot.sqlite3")
    assert check_heartbeat(settings, now=1000)[0] is False
    write_heartbeat(settings, now=1000)
    assert check_heartbeat(settings, now=1010) == (
        True,
        "Healthy: Discord acknowledged a heartbeat 10 s ago.",
    )
    healthy, message = check_heartbeat(settings, now=1000 + STALE_AFTER + 1)
    assert not healthy and "disconnected" in message


def test_a_problem_the_bot_reported_is_unhealthy(tmp_path):
    settings = load_settings(database=tmp_path / "thawbot.sqlite3")
    write_heartbeat(settings, now=1000, problem="The database file\nwas deleted.")
    assert check_heartbeat(settings, now=1001) == (False, "The database file was deleted.")
