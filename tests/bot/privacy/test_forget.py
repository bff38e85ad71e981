"""Forgetting a student: every table loses them, structure stays, the export has no row."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest

from bot.debate import POLITICAL, SINCERE, Actor, DebateService
from bot.debate._export import export_file
from bot.errors import NotAllowed
from bot.privacy import PrivacyService, read_schema
from bot.search import SearchEngine
from tests.bot.debate.conftest import CHANNEL, GUILD, FakeClock, People, copy_store

ALICE = Actor(734512345678901234, "Alisa Marchetti")  # a real-sized snowflake: no collisions


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))


@pytest.fixture
def debates(store, clock) -> DebateService:
    db = copy_store(store)
    return DebateService(db, SearchEngine(db), clock)


def everywhere(service: DebateService, clock: FakeClock, guild: int = GUILD) -> int:
    """A debate where alice joins, votes, speaks, argues with evidence, offers a POI,
    suggests a passage to her side's speaker and leaves a draft."""
    t, bob, carol, dave = People.teacher, People.bob, People.carol, People.dave
    debate = service.open(t, guild, CHANNEL + guild)
    service.join(ALICE, debate.id, SINCERE)
    service.join(bob, debate.id, POLITICAL)
    service.join(carol, debate.id, SINCERE)
    service.join(dave, debate.id, POLITICAL)
    service.vote(ALICE, debate.id, "before", SINCERE)
    service.vote(bob, debate.id, "before", POLITICAL)
    running = service.start(t, debate.id)
    assert running.current is not None and running.current.speaker_id == ALICE.id
    clock.advance(45)
    service.offer_poi(bob, debate.id)
    service.answer_poi(ALICE, debate.id, accept=True)
    service.argue(
        ALICE,
        debate.id,
        "It was a real break, said Alisa Marchetti",
        "Terror ended",
        "listenit-010",
    )
    service.save_draft(ALICE, debate.id, "A second thought", "not cited yet")
    clock.advance(60)
    service.advance(t, debate.id)  # bob speaks
    clock.advance(45)
    service.offer_poi(ALICE, debate.id)
    service.answer_poi(bob, debate.id, accept=False)
    service.argue(
        bob,
        debate.id,
        "Alisa Marchetti is wrong, <@734512345678901234>: he wanted power",
        "see the text",
        "mycustomessay-013",
    )
    clock.advance(60)
    service.advance(t, debate.id)  # carol, alice's side, speaks
    service.suggest_to_speaker(ALICE, debate.id, "listenit-010", "use this, carol")
    service.end(t, debate.id, vote_after=True)
    service.vote(ALICE, debate.id, "after", SINCERE)
    service.end(t, debate.id)
    return debate.id


def _cells(db) -> list[tuple[str, str, object]]:
    """Every value of every ordinary table (the corpus excluded)."""
    schema = read_schema(db.conn)
    found = []
    for table, columns in schema.columns.items():
        for row in db.conn.execute(f"select * from {table}").fetchall():
            found += [(table, c.name, v) for c, v in zip(columns, row, strict=True)]
    return found


def test_forgetting_a_student_leaves_no_id_or_name_anywhere(debates, clock):
    debate_id = everywhere(debates, clock)
    db = debates.store.db
    before = _cells(db)
    assert any(v == ALICE.id for _t, c, v in before if c == "member_id")
    assert {t for t, c, v in before if v == ALICE.id} >= {
        "debate_participants",
        "debate_speeches",
        "debate_pois",
        "debate_arguments",
        "debate_votes",
        "debate_tips",
        "debate_drafts",
    }
    privacy = PrivacyService(db)
    with pytest.raises(NotAllowed):
        privacy.forget(People.bob, ALICE.id, GUILD)
    done = privacy.forget(People.teacher, ALICE.id, GUILD)
    assert done.deleted["debate_participants"] == 1 and done.anonymized["debate_speeches"] >= 1
    assert done.deleted["debate_evidence"] >= 1  # her argument's cited passages went with it
    for table, column, value in _cells(db):
        assert value != ALICE.id, (table, column)
        text = str(value)
        assert str(ALICE.id) not in text and "alisa" not in text.lower(), (table, column, value)
    # what others did stays: bob's POI on her speech, bob's argument, the debate itself
    record = debates.record(debate_id)
    assert any(p.member_id == People.bob.id for p in record.pois)
    assert [a.author_id for a in debates.arguments(debate_id)] == [People.bob.id]
    _name, data = export_file(debates, "csv", GUILD, None)
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows and all(r["student id"] != str(ALICE.id) for r in rows)
    assert {r["student"] for r in rows} == {"bob", "carol", "dave"}
    assert debates.transcript(debate_id)  # the record still renders


def test_forgetting_in_one_server_leaves_another(debates, clock):
    everywhere(debates, clock, GUILD)
    other = everywhere(debates, clock, GUILD + 1)
    PrivacyService(debates.store.db).forget(People.teacher, ALICE.id, GUILD)
    assert any(p.member_id == ALICE.id for p in debates.get(other).participants)


def test_a_table_added_later_is_covered(debates, clock):
    everywhere(debates, clock)
    db = debates.store.db
    db.execute(
        "create table debate_later_notes (id integer primary key, debate_id integer not null, "
        "member_id integer not null, feedback text)"
    )
    db.execute(
        "insert into debate_later_notes (debate_id, member_id, feedback) values (1, ?, 'ok')",
        [ALICE.id],
    )
    done = PrivacyService(db).forget(People.teacher, ALICE.id, GUILD)
    assert done.deleted["debate_later_notes"] == 1


def test_retention_purges_only_ended_debates_older_than_the_setting(debates, clock):
    old = everywhere(debates, clock)
    clock.advance(timedelta(days=20).total_seconds())
    recent = everywhere(debates, clock, GUILD + 1)
    privacy = PrivacyService(debates.store.db, default_days=30, clock=clock)
    assert privacy.purge() == {}
    clock.advance(timedelta(days=15).total_seconds())  # the old one is 35 days ended
    assert set(privacy.purge()) == {old}
    assert (
        debates.store.db.conn.execute(
            "select count(*) from debate_evidence e join debate_arguments a "
            "on a.id = e.argument_id where a.debate_id = ?",
            [old],
        ).fetchone()[0]
        == 0
    )
    assert debates.get(recent).participants
    with pytest.raises(NotAllowed):
        privacy.set_retention(People.alice, GUILD + 1, 1)
    privacy.set_retention(People.teacher, GUILD + 1, 0)  # off in that server
    clock.advance(timedelta(days=400).total_seconds())
    assert privacy.purge() == {}


def test_what_is_stored_comes_from_the_schema(debates, clock):
    everywhere(debates, clock)
    stored = {s.table: s for s in PrivacyService(debates.store.db).stored()}
    assert stored["debate_speeches"].people == ("speaker_id",)
    assert "name" in stored["debate_participants"].names
    assert "claim" in stored["debate_arguments"].other
