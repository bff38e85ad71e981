"""The per-student record: what each student did, and the teacher-only stance flag."""

from __future__ import annotations

import csv
import io

import pytest

from bot.debate import POLITICAL, SINCERE, Actor
from bot.debate._export import COLUMNS, export_for, export_rows, to_csv
from bot.debate._record import students
from bot.errors import NotAllowed, NotFound
from tests.bot.debate.conftest import CHANNEL, GUILD

GINA = Actor(8, "=HYPERLINK(1)")


def test_each_student_has_their_own_counts(service, played, clock, db):
    number, mine, theirs = played
    found = {s.name: s for s in students(service.record(number), clock(), _lookup(db))}
    alice, bob, dave, frank = found["alice"], found["bob"], found["dave"], found["frank"]
    assert [(t.round_name, t.status, t.seconds_used) for t in alice.speeches] == [
        ("Opening", "ended early", 105)
    ]
    assert (alice.arguments, alice.citations, alice.vote_before, alice.vote_after) == (
        1,
        (mine, theirs),
        SINCERE,
        POLITICAL,
    )
    assert alice.against_side == (theirs,)  # a Political passage cited for Sincere
    assert [t.status for t in bob.speeches] == ["given", "not held"]
    assert (bob.seconds_spoken, bob.seconds_allowed, bob.against_side) == (120, 120, ())
    assert (bob.pois_offered, bob.pois_accepted, bob.pois_declined) == (1, 0, 1)
    assert (dave.counters, dave.citations, dave.arguments) == (1, (theirs,), 0)
    assert not frank.has_speech and frank.suggestions == 1
    skipped = [s for s in found.values() if any(t.status == "skipped" for t in s.speeches)]
    assert len(skipped) == 1 and skipped[0].side == SINCERE


def test_the_transcript_table_marks_quiet_students_and_never_the_flag(service, played):
    number = played[0]
    text = service.transcript(number)
    table = text.split("## Students")[1].split("## Audience vote")[0]
    assert "| frank | Sincere | no speech in this format | - |" in table
    assert "| alice | Sincere | Opening 1:45 of 2:00 (ended early) | 1:45 | 1 | 0 | 2 |" in table
    assert "against" not in text.lower() and "reads for the other side" not in text


def test_the_export_has_a_row_per_student_and_flags_for_the_teacher(service, played):
    number, _, theirs = played
    rows = export_rows(service, GUILD)
    assert [r["student"] for r in rows] == ["alice", "carol", "erin", "frank", "bob", "dave"]
    alice = rows[0]
    assert (alice["debate"], alice["speeches"], alice["speeches ended early"]) == (number, 1, 1)
    assert alice["against side"] == theirs and alice["vote after"] == "Political"
    assert rows[3]["speeches"] == "no speech"
    assert all(r[name] == "" for r in rows for name in ("evidence", "feedback"))
    parsed = list(csv.DictReader(io.StringIO(to_csv(rows).decode("utf-8-sig"))))
    assert tuple(parsed[0]) == COLUMNS and parsed[1]["speeches"] == "0"  # carol: skipped


def test_a_name_a_spreadsheet_would_run_is_kept_as_text(service, people):
    debate = service.open(people.teacher, GUILD, CHANNEL)
    service.join(GINA, debate.id)
    parsed = list(csv.DictReader(io.StringIO(to_csv(export_rows(service)).decode("utf-8-sig"))))
    assert parsed[0]["student"] == "'=HYPERLINK(1)"


def test_only_a_moderator_exports(service, played, people):
    with pytest.raises(NotAllowed):
        export_for(service, people.alice, GUILD)
    name, data = export_for(service, people.teacher, GUILD, "csv", played[0])
    assert name == f"debate-{played[0]}-students.csv" and data.count(b"\n") == 7
    with pytest.raises(NotFound):  # another server's debate is not found from here
        export_for(service, people.teacher, GUILD + 1, "csv", played[0])


def _lookup(db):
    def find(passage_id):
        passage = db.passage(passage_id)
        return passage, db.source(passage.source).kind

    return find


def test_before_the_start_nobody_is_marked_without_a_speech(service, lobby, clock):
    [alice, *_] = students(service.record(lobby.id), clock())
    assert alice.has_speech and alice.speeches_given == 0
    assert "| alice | Sincere | not started |" in service.transcript(lobby.id)
    assert {r["speeches"] for r in export_rows(service)} == {0}


def test_a_teachers_mark_flags_a_citation_for_the_other_side(service, played, people, db):
    """A passage the teacher marked political is flagged when cited for Sincere, only there."""
    from bot.debate._record import store_lookup
    from bot.marks import mark

    number, mine, theirs = played
    mark(db, people.teacher, GUILD, mine, POLITICAL)
    here = {
        s.name: s
        for s in students(service.record(number), service.clock(), store_lookup(db, GUILD))
    }
    elsewhere = {
        s.name: s for s in students(service.record(number), service.clock(), store_lookup(db))
    }
    assert here["alice"].against_side == (mine, theirs)
    assert elsewhere["alice"].against_side == (theirs,)
    assert export_rows(service, GUILD)[0]["against side"] == f"{mine}; {theirs}"
