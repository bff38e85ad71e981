"""Ballots: rubric scores and feedback a moderator writes, released to each student."""

from __future__ import annotations

import csv
import io

import pytest

from bot.debate import _grading as grading
from bot.debate._ballots import BALLOTS, Ballots
from bot.debate._export import COLUMNS, export_rows, to_csv
from bot.debate._record import SpeechTime, StudentRecord
from bot.debate._rubric import DEFAULT, checked_criterion, parse_score, suggest
from bot.errors import BadInput, Conflict, NotAllowed, NotFound
from bot.presentation import Form
from tests.bot.debate.conftest import CHANNEL, GUILD

SCORES = {"evidence": "3", "reasoning": "4", "rebuttal": "2", "delivery": "1"}
COLUMNS_BEFORE_BALLOTS = (  # the export's contract before ballots: kept, in this order
    "debate", "date", "motion", "student", "student id", "side", "speeches",
    "speeches skipped", "speeches ended early", "speeches not held", "seconds spoken",
    "seconds allowed", "arguments", "passages cited", "readings cited", "kinds of source",
    "counters", "POIs offered", "POIs accepted", "POIs declined", "suggestions",
    "vote before", "vote after", "against side", "evidence", "reasoning", "rebuttal",
    "delivery", "feedback",
)  # fmt: skip


@pytest.fixture
def ballots(service) -> Ballots:
    return grading.ballots_for(service)


@pytest.mark.parametrize("text", ["1", "2", "3", "4", " 4 "])
def test_a_score_is_1_to_4(text):
    assert parse_score(text, "Evidence") == int(text)


@pytest.mark.parametrize("text", ["0", "5", "four", "", "2.5", "-1", "３"])
def test_any_other_score_is_refused_in_words(text):
    with pytest.raises(BadInput, match="Evidence must be a whole number from 1 to 4"):
        parse_score(text, "Evidence")


def _student(**kw) -> StudentRecord:
    return StudentRecord(member_id=1, name="s", side="sincere", **kw)


@pytest.mark.parametrize(
    ("kw", "expected"),
    [
        ({}, {"evidence": 1, "reasoning": 1, "rebuttal": 1, "delivery": 1}),
        (
            {"citations": ("a-001", "b-002", "a-003"), "readings": ("A", "B"), "arguments": 3},
            {"evidence": 4, "reasoning": 4, "rebuttal": 1, "delivery": 1},
        ),
        (
            {"citations": ("a-001", "a-002", "a-003"), "readings": ("A",), "arguments": 1},
            {"evidence": 3, "reasoning": 2, "rebuttal": 1, "delivery": 1},
        ),
        (  # a citation for the other side does not count
            {"citations": ("a-001", "b-002", "c-003"), "readings": ("A", "B", "C"),
             "against_side": ("c-003",), "counters": 1, "pois_offered": 1},
            {"evidence": 2, "reasoning": 1, "rebuttal": 3, "delivery": 1},
        ),
        (
            {"speeches": (SpeechTime("Opening", "given", 110, 120),)},
            {"evidence": 1, "reasoning": 1, "rebuttal": 1, "delivery": 4},
        ),
        (
            {"speeches": (SpeechTime("Opening", "ended early", 60, 120),), "arguments": 2,
             "uncited_arguments": 2},
            {"evidence": 1, "reasoning": 2, "rebuttal": 1, "delivery": 2},
        ),
    ],
)  # fmt: skip
def test_the_suggestion_follows_the_record(kw, expected):
    assert suggest(_student(**kw)) == expected


def test_only_a_moderator_writes_a_ballot_and_only_after_the_speeches(
    service, ballots, people, played, lobby
):
    number = played[0]
    debate = ballots.debate(GUILD, number)
    with pytest.raises(NotAllowed, match="Only a moderator can fill in a ballot"):
        ballots.save(people.alice, debate, people.bob.id, SCORES)
    with pytest.raises(Conflict, match="still running"):
        ballots.save(people.teacher, service.get(lobby.id), people.bob.id, SCORES)
    with pytest.raises(NotFound, match="did not take part"):
        ballots.save(people.teacher, debate, 999, SCORES)
    with pytest.raises(BadInput, match="Delivery must be"):
        ballots.save(people.teacher, debate, people.bob.id, {**SCORES, "delivery": "5"})
    with pytest.raises(NotFound):  # another server's debate is not found from here
        ballots.debate(GUILD + 1, number)
    assert ballots.ballots(number) == {}  # nothing refused was stored


def test_a_student_reads_their_own_ballot_only_after_release(ballots, people, played):
    number = played[0]
    debate = ballots.debate(GUILD, number)
    saved = ballots.save(people.teacher, debate, people.alice.id, {**SCORES, "feedback": "Cite!"})
    assert saved.total == 10
    ballots.save(people.teacher, debate, people.alice.id, {**SCORES, "evidence": "4"})  # edit
    with pytest.raises(Conflict, match="not released yet"):
        ballots.own(people.alice, GUILD, None)
    with pytest.raises(NotAllowed):
        ballots.release(people.alice, debate)
    assert ballots.release(people.teacher, debate) == 1
    with pytest.raises(Conflict, match="already released"):
        ballots.release(people.teacher, debate)
    mine = ballots.own(people.alice, GUILD, number)
    assert (mine.scores["evidence"], mine.feedback, mine.total) == (4, "", 11)
    with pytest.raises(NotFound, match="no ballot"):  # bob has none; he never sees alice's
        ballots.own(people.bob, GUILD, number)
    with pytest.raises(NotFound):
        ballots.own(people.alice, GUILD + 1, None)


def test_release_needs_a_ballot(ballots, people, played):
    with pytest.raises(Conflict, match="no ballots yet"):
        ballots.release(people.teacher, ballots.debate(GUILD, played[0]))


def test_the_export_shows_ballots_in_added_columns(service, ballots, people, played):
    number = played[0]
    assert COLUMNS[: len(COLUMNS_BEFORE_BALLOTS)] == COLUMNS_BEFORE_BALLOTS
    debate = ballots.debate(GUILD, number)
    ballots.save(people.teacher, debate, people.bob.id, {**SCORES, "feedback": "=1+1 clear"})
    rows = {r["student"]: r for r in export_rows(service, GUILD)}
    bob, alice = rows["bob"], rows["alice"]
    assert (bob["evidence"], bob["delivery"], bob["rubric total"]) == (3, 1, 10)
    assert (bob["feedback"], bob["ballot released"]) == ("=1+1 clear", "no")
    assert alice["evidence"] == alice["rubric total"] == alice["ballot released"] == ""
    ballots.release(people.teacher, debate)
    parsed = list(csv.DictReader(io.StringIO(to_csv(export_rows(service)).decode("utf-8-sig"))))
    bob = next(r for r in parsed if r["student"] == "bob")
    assert bob["feedback"] == "'=1+1 clear" and bob["ballot released"] == "yes"


def test_the_rubric_is_per_server(ballots, people):
    evidence = checked_criterion("evidence", "Sources", ["none", "one", "some", "many"])
    with pytest.raises(NotAllowed):
        ballots.set_criterion(people.alice, GUILD, evidence)
    changed = ballots.set_criterion(people.teacher, GUILD, evidence)
    assert changed.get("evidence").level(2) == "one" and changed.get("delivery").name
    assert ballots.rubric(GUILD).get("evidence").name == "Sources"
    assert ballots.rubric(GUILD + 1) == DEFAULT
    assert ballots.reset_rubric(people.teacher, GUILD) == DEFAULT == ballots.rubric(GUILD)


@pytest.mark.parametrize(
    ("key", "name", "levels"),
    [
        ("style", "Style", ["a", "b", "c", "d"]),
        ("evidence", "", ["a", "b", "c", "d"]),
        ("evidence", "Evidence", ["a", "b", "c"]),
        ("evidence", "Evidence", ["a", "", "c", "d"]),
        ("evidence", "Evidence", ["a", "b", "c", "d" * 201]),
    ],
)
def test_a_bad_rubric_wording_is_refused(key, name, levels):
    with pytest.raises(BadInput):
        checked_criterion(key, name, levels)


def test_the_form_is_prefilled_and_the_teacher_alone_sees_the_flag(service, people, played):
    number, _, theirs = played
    debate = service.get(number)
    listing = grading.ballot(service, people.teacher, debate).reply
    shown = str(listing)
    assert "Cites for the other side: " + theirs in shown and "No speech in this debate" in shown
    assert len(listing.buttons) == len(debate.participants)
    with pytest.raises(NotAllowed):
        grading.ballot(service, people.alice, debate)
    form = grading.ballot(service, people.teacher, debate, "Bob").reply
    assert (
        isinstance(form, Form) and form.custom_id == f"debate:ballot:{number}:{people.bob.id}:form"
    )
    record = grading.ballots_for(service).student(debate, people.bob.id)
    assert [i.value for i in form.inputs[:4]] == [str(v) for v in suggest(record).values()]
    grading.submit_ballot(
        service, people.teacher, debate, people.bob.id, {**SCORES, "feedback": "ok"}
    )
    again = grading.ballot_form(service, debate, people.bob.id)
    assert [i.value for i in again.inputs] == ["3", "4", "2", "1", "ok"]  # the saved ballot
    grading.ballots_for(service).release(people.teacher, debate)
    view = grading.feedback(service, people.bob, GUILD, None).reply
    assert theirs not in str(view) and "Rebuttal: 2 / 4" in str(view) and view.ephemeral
    assert "reads for the other side" not in service.transcript(number)


def test_a_student_is_found_by_id_or_name(service, people, played):
    debate = service.get(played[0])
    assert grading.find_student(debate, str(people.bob.id)) == people.bob.id
    assert grading.find_student(debate, "BOB") == people.bob.id
    with pytest.raises(NotFound, match="not a student of debate"):
        grading.find_student(debate, "zed")
    assert [v for _, v in grading.student_choices(debate, "bo")] == [str(people.bob.id)]


def test_forgetting_a_student_by_member_id_removes_their_ballot(service, ballots, people, played):
    """The privacy helper deletes by column name: the ballot's student is ``member_id``."""
    debate = ballots.debate(GUILD, played[0])
    ballots.save(people.teacher, debate, people.bob.id, SCORES)
    columns = {row[1] for row in service.store.db.conn.execute(f"pragma table_info({BALLOTS})")}
    assert {"member_id", "moderator_id"} <= columns
    with service.repo.transaction():
        service.store.db.execute(f"delete from {BALLOTS} where member_id = ?", [people.bob.id])
    assert ballots.ballots(debate.id) == {}
    assert CHANNEL  # the debate is still there


def test_a_refused_ballot_gives_back_what_was_typed(service, ballots, people, played):
    debate = service.get(played[0])
    typed = {**SCORES, "rebuttal": "four", "feedback": "Long *careful* feedback"}
    reply = grading.submit_ballot(service, people.teacher, debate, people.bob.id, typed).reply
    [card] = reply.cards
    shown = " ".join([card.description, *(f.value for f in card.fields)])
    assert "Rebuttal must be a whole number from 1 to 4" in shown and "Nothing was saved" in shown
    assert r"Long \*careful\* feedback" in shown
    assert [b.custom_id for b in reply.buttons] == [f"debate:ballot:{debate.id}:{people.bob.id}"]
    assert ballots.ballots(debate.id) == {}


def test_the_readme_prints_the_default_rubric():
    from tests.bot.debate.test_export import README

    text = README.read_text(encoding="utf-8")
    for criterion in DEFAULT.criteria:
        assert f"| {criterion.name} | " + " | ".join(criterion.levels) + " |" in text
