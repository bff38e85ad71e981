"""Preparation time: between Start and the first speech, with warnings, survived restarts."""

from __future__ import annotations

import pytest

from bot.debate import SINCERE, DebateService, control, evidence, timer_reply
from bot.debate._models import LIVE, NOT_HELD, PENDING, PREP, RUNNING, VOTING
from bot.debate._prep import prep_seconds
from bot.errors import BadInput, Conflict
from bot.search import SearchEngine


@pytest.fixture
def preparing(service, lobby, people):
    """The classroom lobby started with two minutes of preparation."""
    return service.start(people.teacher, lobby.id, prep_minutes=2)


def _kinds(events) -> list[tuple[str, int | None]]:
    return [(e.kind, e.seconds_left) for e in events]


@pytest.mark.parametrize(("minutes", "seconds"), [(None, 0), (0, 0), (1, 60), (30, 1800)])
def test_preparation_is_0_or_1_to_30_minutes(minutes, seconds):
    assert prep_seconds(minutes) == seconds


@pytest.mark.parametrize("minutes", [31, -1, 600])
def test_longer_preparation_is_refused(service, lobby, people, minutes):
    with pytest.raises(BadInput, match="1 to 30 minutes"):
        service.start(people.teacher, lobby.id, prep_minutes=minutes)
    assert not service.get(lobby.id).speeches  # nothing started


def test_start_with_preparation_fixes_the_order_and_waits(preparing, clock):
    assert preparing.status == PREP and preparing.current is None
    assert {s.status for s in preparing.speeches} == {PENDING}
    assert preparing.prep_until == clock.now.replace(minute=2)
    assert preparing.upcoming is not None and preparing.upcoming.side == SINCERE


def test_the_timer_loop_warns_then_starts_the_first_speech_once(service, preparing, clock):
    assert service.due_events() == []
    clock.advance(61)
    assert _kinds(service.due_events()) == [("prep_warning", 60)]
    assert service.due_events() == []  # claimed: never twice
    clock.advance(30)
    [warning] = service.due_events()
    assert warning.text == "30 seconds of preparation left."
    clock.advance(30)
    [over] = service.due_events()
    assert over.kind == "prep_over" and "Now speaking: alice (Opening · Sincere)" in over.text
    debate = service.get(preparing.id)
    assert debate.status == RUNNING and debate.current is not None
    assert debate.current.started_at == clock.now and over.speech_id == debate.current.id
    assert _kinds(service.due_events()) == []  # the speech's own warnings come later


def test_a_restart_resumes_the_countdown_and_repeats_nothing(db, preparing, clock):
    first = DebateService(db, SearchEngine(db), clock)
    clock.advance(61)
    assert _kinds(first.due_events()) == [("prep_warning", 60)]
    clock.advance(200)  # down through the 30-second warning and the end of preparation
    second = DebateService(db, SearchEngine(db), clock)
    assert [d.id for d in second.running()] == [preparing.id]
    assert _kinds(second.due_events()) == [("prep_over", 0)]  # only the most urgent
    assert second.get(preparing.id).current is not None


def test_one_minute_of_preparation_warns_only_at_30_seconds(service, lobby, people, clock):
    service.start(people.teacher, lobby.id, prep_minutes=1)
    assert service.due_events() == []
    clock.advance(31)
    assert _kinds(service.due_events()) == [("prep_warning", 30)]


def test_next_ends_the_preparation_and_a_second_press_changes_nothing(
    service, preparing, people, clock
):
    with pytest.raises(Conflict, match="still preparing"):
        service.skip(people.teacher, preparing.id, speech=0)
    outcome = control(service, people.teacher, preparing, "next", speech=0)
    assert "Preparation is over. Now speaking: alice" in outcome.posts[0].content
    assert outcome.debate is not None and outcome.debate.current is not None
    assert outcome.debate.current.status == LIVE and outcome.debate.current.position == 0
    with pytest.raises(Conflict, match="already moved on"):
        control(service, people.teacher, preparing, "next", speech=0)
    clock.advance(200)
    assert "prep_over" not in [e.kind for e in service.due_events()]


def test_during_preparation_both_sides_get_their_evidence_and_nobody_argues(
    service, preparing, people
):
    card = timer_reply(preparing, service.clock())
    ids = [b.custom_id for b in card.buttons]
    assert f"debate:evidence:{preparing.id}" in ids and f"debate:ctl:{preparing.id}:next:0" in ids
    assert "Preparation: 2:00 left" in card.cards[0].title and not card.ephemeral
    for student in (people.alice, people.bob):
        shown = evidence(service, student, preparing).reply
        assert shown.ephemeral and shown.cards
    with pytest.raises(Conflict, match="The speakers are preparing"):
        service.argue(people.alice, preparing.id, "Claim", "Reason", "")
    with pytest.raises(Conflict, match="The speakers are preparing"):
        service.pause(people.teacher, preparing.id)


def test_status_during_preparation_is_the_preparation_card(service, preparing):
    from bot.debate import status

    [card, _votes] = status(service, preparing).reply.cards
    assert card.title == "Preparation: 2:00 left"


def test_the_start_post_offers_the_evidence_help(service, lobby, people):
    outcome = control(service, people.teacher, lobby, "start", prep=3)
    [post] = outcome.posts
    assert "3 minutes of preparation, then alice (Opening · Sincere)" in post.content
    assert "Evidence help" in post.content and outcome.poll_close == "before"


def test_ending_during_preparation_goes_to_the_vote_after(service, preparing, people):
    ended = service.end(people.teacher, preparing.id, vote_after=True, speech=0)
    assert ended.status == VOTING and {s.status for s in ended.speeches} == {NOT_HELD}


def test_a_console_script_prepares_then_speaks(tmp_db, tmp_path):
    import io

    from rich.console import Console

    from bot.settings import load_settings
    from console.session import run_console

    script = (
        "/debate open | short\nas alice: /debate join sincere\nas bob: /debate join\n"
        "/debate start 31\n/debate start 2\n/debate wait 65\n/debate wait 30\n/debate wait 30\n"
        "/debate status\n"
    )
    out = Console(file=io.StringIO(), width=200)
    settings = load_settings(database=tmp_db, console_files=tmp_path)
    assert run_console(settings, stdin=io.StringIO(script), out=out) == 0
    text = out.file.getvalue()
    assert "Preparation time can be 1 to 30 minutes." in text
    assert "Preparation: 2:00 left" in text and "[2] Start first speech" in text
    assert text.index("1 minute of preparation left.") < text.index("30 seconds of preparation")
    assert "Preparation is over. Now speaking: alice (Opening · Sincere)." in text
    assert "Opening: alice (Sincere)" in text.split("> /debate status")[1]
