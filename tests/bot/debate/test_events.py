"""What the timer loop announces: warnings, time, scheduled starts, each exactly once."""

from __future__ import annotations

from bot.debate import DebateService
from tests.bot.debate.conftest import CHANNEL, GUILD


def kinds(events) -> list[tuple[str, int | None]]:
    return [(e.kind, e.seconds_left) for e in events]


def test_warnings_at_one_minute_thirty_seconds_and_time(service, people, clock, running):
    service.set_message(running.id, "thread", 555)
    service.set_speech_message(running.current.id, 777)  # the speech's own timer message
    clock.advance(100)
    assert service.due_events() == []
    clock.advance(80)  # 60 s left
    events = service.due_events()
    assert kinds(events) == [("warning", 60)]
    assert events[0].text == "1 minute left for alice."
    assert (events[0].channel_id, events[0].timer_message_id) == (555, 777)
    assert service.due_events() == []  # never twice
    clock.advance(30)
    assert kinds(service.due_events()) == [("warning", 30)]
    clock.advance(31)
    events = service.due_events()
    assert kinds(events) == [("time_up", 0)]
    assert events[0].text == "Time! alice, please finish your sentence."
    clock.advance(60)
    assert service.due_events() == []


def test_after_downtime_only_the_most_urgent_warning(service, people, clock, running):
    clock.advance(300)
    assert kinds(service.due_events()) == [("time_up", 0)]
    assert service.due_events() == []


def test_a_paused_timer_announces_nothing(service, people, clock, running):
    clock.advance(100)
    service.pause(people.teacher, running.id)
    clock.advance(600)
    assert service.due_events() == []
    service.resume(people.teacher, running.id)
    clock.advance(80)
    assert kinds(service.due_events()) == [("warning", 60)]


def test_extra_time_arms_the_warnings_again(service, people, clock, running):
    clock.advance(215)
    assert kinds(service.due_events()) == [("warning", 30)]
    service.extend(people.teacher, running.id, 60)  # 85 s left
    clock.advance(30)
    assert kinds(service.due_events()) == [("warning", 60)]


def test_each_speech_gets_its_own_warnings(service, people, clock, running):
    clock.advance(250)
    assert kinds(service.due_events()) == [("time_up", 0)]
    service.advance(people.teacher, running.id)
    clock.advance(181)
    events = service.due_events()
    assert kinds(events) == [("warning", 60)] and "bob" in events[0].text


def test_a_scheduled_start_is_announced_once(service, people, clock):
    debate = service.open(people.teacher, GUILD, CHANNEL, starts_in=5)
    clock.advance(299)
    assert service.due_events() == []
    clock.advance(1)
    events = service.due_events()
    assert [(e.kind, e.debate_id, e.channel_id) for e in events] == [
        ("start_due", debate.id, CHANNEL)
    ]
    assert service.due_events() == []


def test_two_services_never_announce_the_same_event(service, people, clock, running, db):
    other = DebateService(db, service.search, clock)
    clock.advance(181)
    assert len(service.due_events()) + len(other.due_events()) == 1
