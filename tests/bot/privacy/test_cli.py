"""``python -m bot privacy notice|purge|forget``: the contract scripts rely on."""

from __future__ import annotations

import json

from bot.debate import SINCERE, Actor, debates_for
from bot.services import Services
from bot.settings import load_settings
from console.cli import main

STUDENT = Actor(812345678901234567, "Noor Haddad")
TEACHER = Actor(1, "teacher", is_moderator=True)


def _debate(guild: int) -> int:
    settings = load_settings()
    service = debates_for(Services.open(settings.database, settings.seeds_dir))
    debate = service.open(TEACHER, guild, 10 + guild)
    service.join(STUDENT, debate.id, SINCERE)
    service.vote(STUDENT, debate.id, "before", SINCERE)
    service.end(TEACHER, debate.id)
    return debate.id


def test_forget_json(tmp_db, capsys):
    _debate(5)
    _debate(6)
    assert main(["privacy", "forget", str(STUDENT.id), "--server", "5", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["user_id"] == str(STUDENT.id) and data["server"] == 5
    assert data["deleted"] == {"debate_participants": 1, "debate_votes": 1}
    assert set(data) == {"user_id", "server", "deleted", "anonymized", "scrubbed", "unscoped"}
    assert main(["privacy", "forget", str(STUDENT.id), "--json"]) == 0  # every server
    assert json.loads(capsys.readouterr().out)["deleted"]["debate_participants"] == 1


def test_forget_refuses_an_id_that_is_not_one(tmp_db, capsys):
    try:
        main(["privacy", "forget", "alice"])
    except SystemExit as exit:
        assert exit.code == 2
    assert "not a Discord id" in capsys.readouterr().err


def test_purge_with_the_default_retention(tmp_db, capsys, monkeypatch):
    _debate(5)
    assert main(["privacy", "purge", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"debates": [], "deleted": {}}  # off
    monkeypatch.setenv("THAWBOT_RETENTION_DAYS", "0")
    assert main(["privacy", "notice", "--json"]) == 0
    notice = json.loads(capsys.readouterr().out)
    tables = {t["table"]: t for t in notice["tables"]}
    assert tables["debate_votes"]["people"] == ["member_id"] and notice["retention_days"] == 0
