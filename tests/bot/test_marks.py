"""Teachers' marks: stored per server and motion, moderators only, used at once, exported."""

from __future__ import annotations

import csv
import io
import json
import tomllib

import pytest

from bot import actions, marks
from bot.actions import Context
from bot.debate import DebateService
from bot.debate._actions_floor import evidence
from bot.errors import BadInput, NotAllowed, NotFound
from bot.models import Actor
from bot.quote import quote
from bot.search import SearchEngine
from bot.services import Services
from bot.store import Store
from console.cli import main
from tests.bot.debate.conftest import copy_store

TEACHER = Actor(1, "teacher", is_moderator=True)
STUDENT = Actor(2, "student")
GUILD, OTHER = 100, 300


@pytest.fixture
def db(store: Store) -> Store:
    return copy_store(store)


@pytest.fixture
def services(db: Store) -> Services:
    return Services(store=db, search=SearchEngine(db))


@pytest.fixture
def service(db: Store, services: Services) -> DebateService:
    return DebateService(db, services.search)


def a_passage(store: Store, stance: str) -> str:
    """The id of a passage the stance reader reads as ``stance``."""
    return next(p.id for p in store.passages() if p.stance == stance)


def test_a_moderator_marks_a_passage_once_per_server_and_motion(db):
    pid = a_passage(db, "sincere")
    marks.mark(db, TEACHER, GUILD, pid, "political")
    marks.mark(db, TEACHER, GUILD, pid, "neutral")  # changed, not added
    marks.mark(db, TEACHER, OTHER, pid, "sincere")
    assert marks.marks_for(db, GUILD)[pid].stance == "neutral"
    assert marks.marks_for(db, OTHER)[pid].stance == "sincere"
    assert marks.marks_for(db, GUILD, "Lenin was more ruthless than Stalin") == {}
    assert len(marks.all_marks(db)) == 2 and len(marks.all_marks(db, GUILD)) == 1


@pytest.mark.parametrize(
    ("actor", "guild", "passage", "stance", "error"),
    [
        (STUDENT, GUILD, None, "political", NotAllowed),
        (TEACHER, 0, None, "political", BadInput),
        (TEACHER, GUILD, None, "ruthless", BadInput),
        (TEACHER, GUILD, "nosuch-999", "political", NotFound),
    ],
)
def test_refusals_are_clear_and_store_nothing(db, actor, guild, passage, stance, error):
    with pytest.raises(error) as refused:
        marks.mark(db, actor, guild, passage or a_passage(db, "sincere"), stance)
    assert str(refused.value)
    assert marks.all_marks(db) == []


def test_a_student_pressing_a_mark_button_is_told_only_a_moderator_can(services):
    actions.load_features()
    pid = a_passage(services.store, "sincere")
    ctx = Context(services=services, actor=STUDENT, guild_id=GUILD)
    with pytest.raises(NotAllowed, match="Only a moderator"):
        actions.dispatch(ctx, marks.custom_id("political", marks.BUILTIN, pid))
    teacher = Context(services=services, actor=TEACHER, guild_id=GUILD)
    reply = actions.dispatch(teacher, marks.custom_id("political", marks.BUILTIN, pid)).reply
    assert marks.MARKED in (reply.content or "")
    assert marks.marks_for(services.store, GUILD)[pid].stance == "political"


def test_a_mark_wins_over_the_reader_at_once_in_that_server_only(service, db):
    pid = a_passage(db, "sincere")
    assert pid in {s.passage.id for s in service.suggest("sincere", limit=100, guild_id=GUILD)}
    marks.mark(db, TEACHER, GUILD, pid, "political")
    political = service.suggest("political", limit=5, guild_id=GUILD)
    assert political[0].passage.id == pid and political[0].marked  # a teacher's mark first
    assert pid not in {s.passage.id for s in service.suggest("sincere", limit=100, guild_id=GUILD)}
    elsewhere = service.suggest("sincere", limit=100, guild_id=OTHER)
    assert pid in {s.passage.id for s in elsewhere}  # another server keeps the reader's


def test_evidence_help_shows_marked_by_your_teacher_and_gives_moderators_mark_buttons(service, db):
    pid = a_passage(db, "political")
    marks.mark(db, TEACHER, GUILD, pid, "sincere")
    shown = evidence(service, TEACHER, None, "sincere", "", GUILD).reply
    text = "\n".join(f.value for card in shown.cards for f in card.fields)
    assert f"Why: {marks.MARKED}" in text
    assert "stance reader" in (shown.cards[0].footer or "")
    labels = [b.label for b in shown.buttons]
    assert f"{pid}: reads political" in labels and f"{pid}: reads neutral" in labels
    assert len(shown.buttons) <= 25
    assert evidence(service, STUDENT, None, "sincere", "", GUILD).reply.buttons == []


def test_quote_shows_the_mark_and_a_second_row_for_moderators(services):
    first = quote(services, "secret speech", GUILD, moderator=True)
    pid = first.buttons[2].custom_id.split(":")[-1]
    assert [b.label for b in first.buttons[5:]] == [
        "Reads sincere",
        "Reads political",
        "Reads neutral",
    ]
    assert len(quote(services, "secret speech", GUILD).buttons) == 5  # a student: no marks
    marks.mark(services.store, TEACHER, GUILD, pid, "neutral")
    marked = quote(services, "secret speech", GUILD, moderator=True)
    field = marked.cards[0].fields[0]
    assert field.name == "Reads" and field.value == f"neutral — {marks.MARKED}"
    assert "Reads neutral" not in [b.label for b in marked.buttons]  # it reads so already


def test_a_custom_motion_mark_counts_for_that_motion_only(service, db, services):
    actions.load_features()
    motion = "Khrushchev's agricultural reforms helped the peasants"
    debate = service.open(TEACHER, GUILD, 200, motion, "short", sides="Yes | No")
    pid = a_passage(db, "neutral")
    ctx = Context(services=services, actor=TEACHER, guild_id=GUILD)
    reply = actions.dispatch(ctx, marks.custom_id("political", debate.id, pid)).reply
    assert "supports No" in (reply.content or "")
    assert marks.marks_for(db, GUILD, motion)[pid].stance == "political"
    assert pid not in marks.marks_for(db, GUILD)  # the built-in motion is untouched
    no = service.suggest("political", guild_id=GUILD, debate=debate)
    assert no[0].passage.id == pid and no[0].marked
    assert pid not in {s.passage.id for s in service.suggest("sincere", debate=debate)}
    elsewhere = Context(services=services, actor=TEACHER, guild_id=OTHER)
    with pytest.raises(NotFound):
        actions.dispatch(elsewhere, marks.custom_id("political", debate.id, pid))


def test_export_has_the_labelled_set_fields_in_every_format(db, service):
    pid = a_passage(db, "sincere")
    marks.mark(db, TEACHER, GUILD, pid, "political")
    custom = service.open(TEACHER, GUILD, 201, "Stalin's terror was inevitable", "short")
    marks.mark(db, TEACHER, GUILD, pid, "sincere", custom.motion, "For")
    rows = marks.export_rows(db)
    assert [r["stance"] for r in rows] == ["political", "for"]
    assert set(rows[0]) >= {"passage_id", "text", "stance", "guild_id", "motion", "marked_at"}
    assert rows[0]["text"] == db.passage(pid).text and rows[1]["motion"] == custom.motion
    assert json.loads(marks.render(rows, "json")) == rows
    parsed = list(csv.DictReader(io.StringIO(marks.render(rows, "csv"))))
    assert parsed[0]["passage_id"] == pid and parsed[1]["stance"] == "for"
    assert tomllib.loads(marks.render(rows, "toml"))["label"] == rows
    assert marks.export_rows(db, OTHER) == []


def test_stance_labels_export_on_the_command_line(tmp_db, capsys):
    services = Services.open(tmp_db)
    pid = a_passage(services.store, "sincere")
    marks.mark(services.store, TEACHER, GUILD, pid, "neutral")
    assert main(["stance-labels", "export", "--server", str(GUILD)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["passage_id"], r["stance"], r["guild_id"]) for r in rows] == [
        (pid, "neutral", GUILD)
    ]
    assert main(["stance-labels", "export", "--server", str(OTHER), "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines() == [",".join(marks._FIELDS)]
