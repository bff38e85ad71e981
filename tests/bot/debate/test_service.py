"""The debate state machine: every transition, every refusal, sides and votes."""

from __future__ import annotations

import pytest

from bot.debate import (
    AFTER,
    BEFORE,
    DEFAULT_MOTION,
    ENDED,
    LOBBY,
    PAUSED,
    POLITICAL,
    RUNNING,
    SINCERE,
    VOTING,
    Actor,
)
from bot.debate._timer import remaining
from bot.errors import BadInput, Conflict, NotAllowed, NotFound
from tests.bot.debate.conftest import CHANNEL, GUILD

STATES = [LOBBY, RUNNING, PAUSED, VOTING, ENDED]


def reach(service, people, clock, state: str) -> int:
    """A debate (alice Sincere, bob Political; two rounds of 2:00) in ``state``."""
    debate = service.open(people.teacher, GUILD, CHANNEL, format_text="opening 2 poi, closing 2")
    service.join(people.alice, debate.id, SINCERE)
    service.join(people.bob, debate.id, POLITICAL)
    if state == LOBBY:
        return debate.id
    service.start(people.teacher, debate.id)
    if state == PAUSED:
        service.pause(people.teacher, debate.id)
    if state in (VOTING, ENDED):
        for _ in range(4):
            service.advance(people.teacher, debate.id)
    if state == ENDED:
        service.end(people.teacher, debate.id)
    clock.advance(45)  # out of protected time, so a point of information may be offered
    return debate.id


ACTIONS = {
    "start": lambda s, p, d: s.start(p.teacher, d),
    "advance": lambda s, p, d: s.advance(p.teacher, d),
    "skip": lambda s, p, d: s.skip(p.teacher, d),
    "pause": lambda s, p, d: s.pause(p.teacher, d),
    "resume": lambda s, p, d: s.resume(p.teacher, d),
    "extend": lambda s, p, d: s.extend(p.teacher, d, 30),
    "end": lambda s, p, d: s.end(p.teacher, d),
    "join": lambda s, p, d: s.join(p.erin, d),
    "leave": lambda s, p, d: s.leave(p.alice, d),
    "assign": lambda s, p, d: s.assign(p.teacher, d, p.erin, POLITICAL),
    "balance": lambda s, p, d: s.balance(p.teacher, d),
    "vote before": lambda s, p, d: s.vote(p.erin, d, BEFORE, SINCERE),
    "vote after": lambda s, p, d: s.vote(p.erin, d, AFTER, SINCERE),
    "argue": lambda s, p, d: s.argue(p.alice, d, "A claim", "", "listenit-010"),
    "offer poi": lambda s, p, d: s.offer_poi(p.bob, d),
}
ALLOWED = {
    "start": {LOBBY},
    "advance": {RUNNING, PAUSED},
    "skip": {RUNNING, PAUSED},
    "pause": {RUNNING},
    "resume": {PAUSED},
    "extend": {RUNNING, PAUSED},
    "end": {LOBBY, RUNNING, PAUSED, VOTING},
    "join": {LOBBY},
    "leave": {LOBBY},
    "assign": {LOBBY},
    "balance": {LOBBY},
    "vote before": {LOBBY},
    "vote after": {VOTING},
    "argue": {RUNNING, PAUSED},
    "offer poi": {RUNNING},
}
REFUSED = [(a, s) for a in ACTIONS for s in STATES if s not in ALLOWED[a]]
PERMITTED = [(a, s) for a in ACTIONS for s in STATES if s in ALLOWED[a]]


@pytest.mark.parametrize(("action", "state"), REFUSED)
def test_state_refusals_are_conflicts_and_change_nothing(service, people, clock, action, state):
    debate_id = reach(service, people, clock, state)
    before = service.get(debate_id)
    with pytest.raises(Conflict) as refused:
        ACTIONS[action](service, people, debate_id)
    assert str(refused.value).endswith(".")
    assert service.get(debate_id) == before


@pytest.mark.parametrize(("action", "state"), PERMITTED)
def test_permitted_actions_succeed(service, people, clock, action, state):
    debate_id = reach(service, people, clock, state)
    ACTIONS[action](service, people, debate_id)


@pytest.mark.parametrize(
    ("action", "state", "after"),
    [
        ("start", LOBBY, RUNNING),
        ("advance", RUNNING, RUNNING),
        ("advance", PAUSED, RUNNING),
        ("skip", RUNNING, RUNNING),
        ("pause", RUNNING, PAUSED),
        ("resume", PAUSED, RUNNING),
        ("extend", PAUSED, PAUSED),
        ("end", LOBBY, ENDED),
        ("end", RUNNING, ENDED),
        ("end", PAUSED, ENDED),
        ("end", VOTING, ENDED),
    ],
)
def test_transitions(service, people, clock, action, state, after):
    debate_id = reach(service, people, clock, state)
    ACTIONS[action](service, people, debate_id)
    assert service.get(debate_id).status == after


CONTROLS = {
    "start": (LOBBY, lambda s, a, d: s.start(a, d)),
    "advance": (RUNNING, lambda s, a, d: s.advance(a, d)),
    "skip": (RUNNING, lambda s, a, d: s.skip(a, d)),
    "pause": (RUNNING, lambda s, a, d: s.pause(a, d)),
    "resume": (PAUSED, lambda s, a, d: s.resume(a, d)),
    "extend": (RUNNING, lambda s, a, d: s.extend(a, d)),
    "end": (RUNNING, lambda s, a, d: s.end(a, d)),
    "assign": (LOBBY, lambda s, a, d: s.assign(a, d, Actor(9, "zed"), SINCERE)),
    "balance": (LOBBY, lambda s, a, d: s.balance(a, d)),
}


@pytest.mark.parametrize("control", list(CONTROLS))
def test_only_a_moderator_controls_the_flow(service, people, clock, control):
    state, call = CONTROLS[control]
    debate_id = reach(service, people, clock, state)
    before = service.get(debate_id)
    with pytest.raises(NotAllowed, match="Only a moderator"):
        call(service, people.alice, debate_id)
    assert service.get(debate_id) == before


def test_open_with_defaults(service, people, clock):
    debate = service.open(people.teacher, GUILD, CHANNEL)
    assert (debate.status, debate.motion, debate.format.name) == (
        LOBBY,
        DEFAULT_MOTION,
        "classroom",
    )
    assert debate.moderator_name == "teacher" and debate.created_at == clock.now
    assert debate.scheduled_for is None


def test_open_with_motion_format_and_start(service, people, clock):
    debate = service.open(
        people.teacher, GUILD, CHANNEL, "  Khrushchev   meant it ", "short", starts_in=10
    )
    assert debate.motion == "Khrushchev meant it"
    assert debate.format.name == "short"
    assert (debate.scheduled_for - clock.now).total_seconds() == 600


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"motion": "x" * 201}, BadInput),
        ({"starts_in": 241}, BadInput),
        ({"starts_in": -1}, BadInput),
        ({"format_text": "opening"}, BadInput),
    ],
)
def test_open_refuses_bad_input(service, people, kwargs, error):
    with pytest.raises(error):
        service.open(people.teacher, GUILD, CHANNEL, **kwargs)


def test_one_debate_per_channel_until_it_ends(service, people):
    first = service.open(people.teacher, GUILD, CHANNEL)
    with pytest.raises(Conflict, match="already has a debate"):
        service.open(people.teacher, GUILD, CHANNEL)
    service.set_message(first.id, "thread", 555)
    with pytest.raises(Conflict):
        service.open(people.teacher, GUILD, 555)  # not from inside its thread either
    assert service.open(people.teacher, GUILD, CHANNEL + 1).id != first.id
    service.end(people.teacher, first.id)
    assert service.open(people.teacher, GUILD, CHANNEL).id != first.id


def test_finding_a_debate_by_channel_thread_and_message(service, people):
    with pytest.raises(NotFound, match="No debate is open"):
        service.current_in(CHANNEL)
    debate = service.open(people.teacher, GUILD, CHANNEL)
    service.set_message(debate.id, "thread", 555)
    service.set_message(debate.id, "timer", 777)
    assert service.current_in(555).id == debate.id == service.current_in(CHANNEL).id
    found, kind = service.find_message(777)
    assert (found.id, kind, found.where) == (debate.id, "timer", 555)
    assert service.find_message(1) is None
    service.end(people.teacher, debate.id)
    assert service.latest_in(555).id == debate.id
    with pytest.raises(NotFound):
        service.get(999)


def test_joins_without_a_side_fill_the_smaller_side(service, people, lobby):
    sides = {p.name: p.side for p in lobby.participants}
    assert sides == {"alice": SINCERE, "bob": POLITICAL, "carol": SINCERE, "dave": POLITICAL}


def test_join_is_idempotent_and_can_switch_side(service, people, lobby):
    again = service.join(people.alice, lobby.id)
    assert again.side == SINCERE and again.seq == 1
    switched = service.join(people.alice, lobby.id, POLITICAL)
    assert switched.side == POLITICAL and switched.seq == 1  # keeps her place in line
    with pytest.raises(BadInput):
        service.join(people.alice, lobby.id, "maybe")


def test_assigned_students_cannot_switch_but_can_leave(service, people, lobby):
    service.assign(people.teacher, lobby.id, people.erin, POLITICAL)
    with pytest.raises(NotAllowed, match="moderator put you on Political"):
        service.join(people.erin, lobby.id, SINCERE)
    assert service.leave(people.erin, lobby.id).side == POLITICAL
    with pytest.raises(NotFound, match="not on a side"):
        service.leave(people.erin, lobby.id)


def test_balance_moves_latest_self_chosen_joiners(service, people):
    debate = service.open(people.teacher, GUILD, CHANNEL)
    service.assign(people.teacher, debate.id, people.erin, SINCERE)
    for student in (people.alice, people.bob, people.carol, people.dave):
        service.join(student, debate.id, SINCERE)
    moved = service.balance(people.teacher, debate.id)
    assert [p.name for p in moved] == ["dave", "carol"]
    counts = {s: len(service.get(debate.id).side(s)) for s in (SINCERE, POLITICAL)}
    assert counts == {SINCERE: 3, POLITICAL: 2}
    assert service.balance(people.teacher, debate.id) == []


def test_a_class_of_thirty_all_join_and_those_without_a_speech_still_take_part(
    service, people, clock
):
    debate = service.open(people.teacher, GUILD, CHANNEL, format_text="short")
    students = [Actor(1000 + number, f"s{number}") for number in range(30)]
    for student in students:
        service.join(student, debate.id)
    joined = service.get(debate.id)
    assert len(joined.participants) == 30
    assert len(joined.side(SINCERE)) == len(joined.side(POLITICAL)) == 15
    started = service.start(people.teacher, debate.id)
    speakers = {s.speaker_id for s in started.speeches}
    quiet_political = next(p for p in started.side(POLITICAL) if p.member_id not in speakers)
    quiet_sincere = next(p for p in started.side(SINCERE) if p.member_id not in speakers)
    clock.advance(45)
    point = service.offer_poi(Actor(quiet_political.member_id, quiet_political.name), debate.id)
    assert point.side == POLITICAL
    tip = service.suggest_to_speaker(
        Actor(quiet_sincere.member_id, quiet_sincere.name), debate.id, "listenit-010", "camps"
    )
    assert [t.passage_id for t in service.tips(debate.id, SINCERE)] == [tip.passage_id]
    assert service.tips(debate.id, POLITICAL) == []
    service.end(people.teacher, debate.id)
    text = service.transcript(debate.id)
    assert f"Without a speech in this format: {quiet_sincere.name}," in text
    assert f"- {quiet_sincere.name} (Sincere) suggested listenit-010 during speech 1" in text
    assert f"{quiet_political.name} (Political) at 0:45" in text


def test_only_a_member_of_a_side_suggests_evidence_and_only_one_real_passage(
    service, people, running
):
    with pytest.raises(NotAllowed, match="Join a side first"):
        service.suggest_to_speaker(people.erin, running.id, "listenit-010")
    with pytest.raises(BadInput, match="exactly one passage"):
        service.suggest_to_speaker(people.carol, running.id, "listenit-010 listenit-011")
    with pytest.raises(NotFound):
        service.suggest_to_speaker(people.carol, running.id, "nosuch-999")


def test_start_needs_both_sides(service, people):
    debate = service.open(people.teacher, GUILD, CHANNEL)
    service.join(people.alice, debate.id, SINCERE)
    with pytest.raises(Conflict, match="nobody is on Political"):
        service.start(people.teacher, debate.id)


def test_speaking_order_alternates_sides_and_rotates_speakers(service, people, lobby):
    preview = [(s.round_name, s.side, s.speaker_name) for s in service.speaking_order(lobby)]
    debate = service.start(people.teacher, lobby.id)
    fixed = [(s.round_name, s.side, s.speaker_name) for s in debate.speeches]
    assert (
        preview
        == fixed
        == [
            ("Opening", SINCERE, "alice"),
            ("Opening", POLITICAL, "bob"),
            ("Rebuttal", SINCERE, "carol"),
            ("Rebuttal", POLITICAL, "dave"),
            ("Closing", SINCERE, "alice"),
            ("Closing", POLITICAL, "bob"),
        ]
    )
    assert [s.seconds for s in debate.speeches[::2]] == [240, 180, 120]
    assert service.speaking_order(debate)[0].speaker_name == "alice"


def test_advancing_through_every_speech_opens_the_vote_after(service, people, clock, running):
    for expected in range(2, 7):
        clock.advance(60)
        debate = service.advance(people.teacher, running.id)
        assert debate.current.position == expected - 1
    debate = service.advance(people.teacher, running.id)
    assert debate.status == VOTING and debate.current is None
    assert {s.status for s in debate.speeches} == {"done"}


def test_skip_marks_the_speaker_skipped_and_end_marks_the_rest_not_held(
    service, people, clock, running
):
    debate = service.skip(people.teacher, running.id)
    assert debate.speeches[0].status == "skipped"
    assert debate.current.speaker_name == "bob"
    clock.advance(40)
    debate = service.end(people.teacher, running.id)
    assert [s.status for s in debate.speeches] == ["skipped", "done"] + ["not_held"] * 4


def test_a_speech_ended_before_it_really_began_is_not_held(service, people, clock, running):
    clock.advance(5)
    debate = service.end(people.teacher, running.id)
    assert {s.status for s in debate.speeches} == {"not_held"}


@pytest.mark.parametrize(
    ("seconds", "argued", "status"),
    [(10, False, "skipped"), (29, False, "skipped"), (30, False, "done"), (5, True, "done")],
)
def test_a_speaker_who_already_spoke_is_not_skipped(
    service, people, clock, running, seconds, argued, status
):
    if argued:
        service.argue(people.alice, running.id, "A claim")
    clock.advance(seconds)
    debate = service.skip(people.teacher, running.id)
    assert debate.speeches[0].status == status


def test_pause_resume_and_extend_keep_the_time_right(service, people, clock, running):
    clock.advance(60)
    service.pause(people.teacher, running.id)
    clock.advance(300)
    debate = service.resume(people.teacher, running.id)
    timer = debate.current.timer
    assert timer.paused_seconds == 300
    debate = service.extend(people.teacher, running.id, 60)
    assert remaining(debate.current.timer, clock.now) == 240 - 60 + 60
    with pytest.raises(BadInput, match="Extra time"):
        service.extend(people.teacher, running.id, 5)


def test_votes_change_until_the_stage_closes_and_report_the_swing(service, people, clock):
    debate_id = reach(service, people, clock, LOBBY)
    service.vote(people.carol, debate_id, BEFORE, POLITICAL)
    service.vote(people.carol, debate_id, BEFORE, SINCERE)  # changed her mind
    service.vote(people.dave, debate_id, BEFORE, POLITICAL)
    service.vote(people.erin, debate_id, BEFORE, POLITICAL)
    service.vote(people.erin, debate_id, BEFORE, POLITICAL)
    service.start(people.teacher, debate_id)
    with pytest.raises(Conflict, match="before the debate has closed"):
        service.vote(people.erin, debate_id, BEFORE, SINCERE)
    with pytest.raises(Conflict, match="opens when the last speech ends"):
        service.vote(people.erin, debate_id, AFTER, SINCERE)
    for _ in range(4):
        service.advance(people.teacher, debate_id)
    for student in (people.carol, people.dave, people.erin):
        service.vote(student, debate_id, AFTER, SINCERE)
    assert service.unvote(people.dave, debate_id, AFTER, POLITICAL) is False
    assert service.unvote(people.dave, debate_id, AFTER) is True
    results = service.results(debate_id)
    assert (results.before.sincere, results.before.political) == (1, 2)
    assert (results.after.sincere, results.after.political) == (2, 0)
    assert results.swing == pytest.approx(66.7)
    assert results.swung_to == SINCERE and results.changed == 1
    service.end(people.teacher, debate_id)
    with pytest.raises(Conflict, match="Voting has closed"):
        service.vote(people.alice, debate_id, AFTER, SINCERE)


def test_swing_is_unknown_without_both_votes(service, people, clock):
    debate_id = reach(service, people, clock, LOBBY)
    service.vote(people.erin, debate_id, BEFORE, SINCERE)
    results = service.results(debate_id)
    assert results.swing is None and results.swung_to is None


@pytest.mark.parametrize("stage", [BEFORE, AFTER])
def test_a_closed_native_poll_merges_with_votes_cast_by_command(service, people, clock, stage):
    debate_id = reach(service, people, clock, LOBBY if stage == BEFORE else VOTING)
    service.vote(people.erin, debate_id, stage, SINCERE)  # also answers the poll below
    service.vote(people.carol, debate_id, stage, SINCERE)  # /debate vote only
    poll = {people.erin.id: POLITICAL, 77: POLITICAL}
    results = service.sync_votes(debate_id, stage, poll)
    tally = results.before if stage == BEFORE else results.after
    assert (tally.sincere, tally.political) == (1, 2)  # carol kept, erin's poll answer wins
    with pytest.raises(BadInput):
        service.sync_votes(debate_id, "during", {})


def test_discarding_an_unposted_debate_frees_the_channel(service, people, clock):
    debate_id = reach(service, people, clock, LOBBY)
    service.vote(people.erin, debate_id, BEFORE, SINCERE)
    service.discard(debate_id)
    with pytest.raises(NotFound):
        service.get(debate_id)
    assert service.repo.votes(debate_id) == []
    again = service.open(people.teacher, GUILD, CHANNEL)
    service.join(people.alice, again.id)
    service.join(people.bob, again.id)
    service.start(people.teacher, again.id)
    with pytest.raises(Conflict, match="under way"):
        service.discard(again.id)  # a debate that has started is ended, never discarded
