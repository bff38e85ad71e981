"""FactService: claim before send, no double post after a restart, catch-up, failures."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.corpus import load_corpus
from bot.errors import BadInput, Conflict, NotFound
from bot.facts import FactService

GUILD, CHANNEL, ROLE, MOD = 100, 200, 300, 400
NY = "America/New_York"


@pytest.fixture
def service(fresh_store, clock) -> FactService:
    return FactService(fresh_store, clock=clock)


def set_up(service: FactService, clock, at: str = "09:00", zone: str = NY, when=(2026, 3, 1, 8)):
    """Set up at a local time (by default 08:00 on 2026-03-01, an hour before the post)."""
    clock.set_local(zone, *when)
    return service.setup(GUILD, CHANNEL, at, zone, moderator_id=MOD, days="daily")


def rows(service: FactService) -> list[dict]:
    return service.repo.posts(GUILD)


def test_nothing_is_due_before_the_time(service, clock):
    set_up(service, clock)
    assert service.claim_due() == []
    clock.set_local(NY, 2026, 3, 1, 8, 59, 59)
    assert service.claim_due() == []


def test_the_post_is_recorded_before_it_is_sent(service, clock):
    set_up(service, clock)
    clock.set_local(NY, 2026, 3, 1, 9, 0)
    [claim] = service.claim_due()
    assert claim.local_date == date(2026, 3, 1) and claim.kind == "daily"
    assert [(r["fact_id"], r["status"]) for r in rows(service)] == [(claim.fact.id, "claimed")]
    service.mark_sent(claim, message_id=555)
    assert rows(service)[0]["status"] == "sent" and rows(service)[0]["message_id"] == 555


def test_claiming_is_idempotent_per_day(service, clock):
    set_up(service, clock)
    clock.set_local(NY, 2026, 3, 1, 9, 0)
    assert len(service.claim_due()) == 1
    for _ in range(3):
        clock.advance(seconds=30)
        assert service.claim_due() == []
    assert len(rows(service)) == 1


def test_a_restart_after_claiming_never_posts_twice(fresh_store, clock):
    first = FactService(fresh_store, clock=clock)
    set_up(first, clock)
    clock.set_local(NY, 2026, 3, 1, 9, 0)
    [claim] = first.claim_due()  # ... and the process dies before sending
    restarted = FactService(type(fresh_store)(fresh_store.path), clock=clock)
    clock.advance(minutes=1)
    assert restarted.claim_due() == []
    assert restarted.status(GUILD).unconfirmed == 1
    clock.set_local(NY, 2026, 3, 2, 9, 0)
    [tomorrow] = restarted.claim_due()
    assert tomorrow.fact.id != claim.fact.id  # the unconfirmed one counts as used


def test_after_downtime_the_missed_day_posts_once(service, clock):
    set_up(service, clock)
    clock.set_local(NY, 2026, 3, 1, 9, 0)
    service.mark_sent(service.claim_due()[0], 1)
    clock.set_local(NY, 2026, 3, 6, 15, 0)  # down for four days
    claims = service.claim_due()
    assert [c.local_date for c in claims] == [date(2026, 3, 6)]
    assert service.claim_due() == []
    assert len(rows(service)) == 2


def test_setting_up_after_the_time_waits_for_tomorrow(service, clock):
    clock.set_local(NY, 2026, 3, 1, 10, 0)
    service.setup(GUILD, CHANNEL, "09:00", NY, days="daily")
    assert service.claim_due() == []
    assert service.next_post_at(GUILD) == datetime(2026, 3, 2, 14, tzinfo=UTC)


def test_spring_forward_gap_in_new_york_with_a_ticking_clock(service, clock):
    set_up(service, clock, at="02:30", when=(2026, 3, 6, 12))
    clock.set_local(NY, 2026, 3, 7, 0, 0)
    posted = []
    while clock() < datetime(2026, 3, 10, 5, tzinfo=UTC):
        posted += [(c.local_date, clock()) for c in service.claim_due()]
        clock.advance(seconds=30 * 20)  # ten-minute ticks keep the test fast
    assert posted == [
        (date(2026, 3, 7), datetime(2026, 3, 7, 7, 30, tzinfo=UTC)),
        (date(2026, 3, 8), datetime(2026, 3, 8, 7, 0, tzinfo=UTC)),  # 03:00 EDT
        (date(2026, 3, 9), datetime(2026, 3, 9, 6, 30, tzinfo=UTC)),
    ]


def test_fall_back_fold_in_london_posts_once(service, clock):
    set_up(service, clock, at="01:30", zone="Europe/London", when=(2026, 10, 24, 12))
    posted = []
    while clock() < datetime(2026, 10, 26, 12, tzinfo=UTC):
        posted += [(c.local_date, clock()) for c in service.claim_due()]
        clock.advance(minutes=5)
    assert posted == [
        (date(2026, 10, 25), datetime(2026, 10, 25, 0, 30, tzinfo=UTC)),  # 01:30 BST
        (date(2026, 10, 26), datetime(2026, 10, 26, 1, 30, tzinfo=UTC)),  # 01:30 GMT
    ]


def test_a_failure_pauses_the_schedule_with_its_reason(service, clock):
    set_up(service, clock)
    clock.set_local(NY, 2026, 3, 1, 9, 0)
    [claim] = service.claim_due()
    paused = service.mark_failed(claim, "The channel was deleted.")
    assert paused.paused and paused.pause_reason == "The channel was deleted."
    assert service.status(GUILD).next_post is None
    clock.set_local(NY, 2026, 3, 2, 9, 0)
    assert service.claim_due() == []
    clock.set_local(NY, 2026, 3, 2, 12, 0)
    service.resume(GUILD)
    assert service.claim_due() == []  # no backlog on resume
    clock.set_local(NY, 2026, 3, 3, 9, 0)
    [again] = service.claim_due()
    assert again.fact.id == claim.fact.id  # the fact nobody saw goes back into the round


def test_pause_and_resume(service, clock):
    set_up(service, clock)
    with pytest.raises(Conflict, match="not paused"):
        service.resume(GUILD)
    assert service.pause(GUILD).pause_reason == "Paused by a moderator."
    with pytest.raises(Conflict, match="already paused"):
        service.pause(GUILD)
    clock.set_local(NY, 2026, 3, 1, 9, 0)
    assert service.claim_due() == []
    assert not service.resume(GUILD).paused


def test_preview_is_what_gets_posted_and_skip_sets_it_aside(service, clock):
    set_up(service, clock)
    first = service.preview(GUILD)
    skipped, upcoming = service.skip(GUILD)
    assert skipped == first and upcoming.fact.id != first.fact.id
    assert service.preview(GUILD) == upcoming
    clock.set_local(NY, 2026, 3, 1, 9, 0)
    [claim] = service.claim_due()
    assert claim.fact == upcoming.fact
    assert service.status(GUILD).used_in_round == 2


def test_anniversary_post_says_on_this_day(service, clock):
    clock.set_local(NY, 2027, 2, 24, 12, 0)
    service.setup(GUILD, CHANNEL, "08:00", NY, days="daily")
    assert service.preview(GUILD).on_this_day == "On this day in 1956"
    clock.set_local(NY, 2027, 2, 25, 8, 0)
    [claim] = service.claim_due()
    assert claim.fact.id == "fact-mycustomessay-001-1"
    assert claim.on_this_day == "On this day in 1956"


def test_only_the_configured_role_is_pinged_and_only_by_daily_posts(service, clock):
    set_up(service, clock)
    clock.set_local(NY, 2026, 3, 1, 9, 0)
    assert service.claim_due()[0].ping_role_id is None  # off by default
    service.setup(GUILD, CHANNEL, "09:00", NY, role_id=ROLE, thread=True, days="daily")
    clock.set_local(NY, 2026, 3, 2, 9, 0)
    [claim] = service.claim_due()
    assert claim.ping_role_id == ROLE and claim.thread
    assert service.post_now(GUILD).ping_role_id is None


def test_post_now_uses_the_rotation_and_does_not_touch_the_schedule(service, clock):
    set_up(service, clock)
    now = service.post_now(GUILD)
    assert now.kind == "now" and now.channel_id == CHANNEL
    clock.set_local(NY, 2026, 3, 1, 9, 0)
    [daily] = service.claim_due()
    assert daily.fact.id != now.fact.id
    assert service.mark_failed(now, "Missing permission") is None
    assert not service.schedule(GUILD).paused


def test_post_now_without_a_schedule_needs_a_channel(service):
    with pytest.raises(BadInput, match="channel"):
        service.post_now(GUILD)
    assert service.post_now(GUILD, channel_id=CHANNEL).channel_id == CHANNEL


@pytest.mark.parametrize(
    ("time", "zone", "message"),
    [
        ("25:00", NY, "HH:MM"),
        ("soon", NY, "HH:MM"),
        ("09:00", "Europe/Londn", "Did you mean Europe/London"),
        ("09:00", "EST", "daylight-saving"),
        ("09:00", "GMT", "daylight-saving"),
        ("09:00", "", "Give a time zone"),
    ],
)
def test_setup_explains_bad_input(service, time, zone, message):
    with pytest.raises(BadInput, match=message):
        service.setup(GUILD, CHANNEL, time, zone)


NOT_PLACES = (
    *("localtime", "Factory", "posixrules", "Etc/GMT+5", "etc/utc", "GMT+5", "UTC-3"),
    *("+05:00", "GMT0", "Zulu", "Universal", "UCT", "EST5EDT", "right/UTC", "posix/Europe/London"),
)


@pytest.mark.parametrize("zone", NOT_PLACES)
def test_setup_refuses_zones_that_are_not_places(service, zone):
    with pytest.raises(BadInput, match=r"Did you mean [A-Z]\w*") as refused:
        service.setup(GUILD, CHANNEL, "09:00", zone)
    assert str(refused.value).endswith("?")
    assert service.repo.schedule(GUILD) is None


def test_setup_accepts_friendly_forms(service):
    schedule = service.setup(GUILD, CHANNEL, "7:30pm", "new york")
    assert (schedule.local_time.hour, schedule.local_time.minute) == (19, 30)
    assert schedule.timezone == NY


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("UTC", "UTC"),
        ("singapore", "Asia/Singapore"),
        ("Europe/London", "Europe/London"),
        ("US/Eastern", "US/Eastern"),
        ("Asia/Calcutta", "Asia/Calcutta"),
    ],
)
def test_setup_accepts_place_names_and_utc(service, typed, zone):
    assert service.setup(GUILD, CHANNEL, "09:00", typed).timezone == zone


def test_commands_before_setup_say_how_to_set_up(service):
    for call in (service.status, service.pause, service.resume, service.next_post_at):
        with pytest.raises(NotFound, match="/facts setup"):
            call(GUILD)


def test_timezone_autocomplete(service):
    assert len(service.timezones("")) <= 25
    assert service.timezones("new y")[0] == NY
    assert "Europe/London" in service.timezones("lond")
    assert len(service.timezones("a")) == 25


def test_schedules_are_per_server(service, clock):
    set_up(service, clock)
    clock.set_local("Europe/London", 2026, 3, 1, 8, 0)
    service.setup(GUILD + 1, CHANNEL + 1, "09:00", "Europe/London", days="daily")
    clock.set_local("Europe/London", 2026, 3, 1, 9, 0)
    assert [c.guild_id for c in service.claim_due()] == [GUILD + 1]
    clock.set_local(NY, 2026, 3, 1, 9, 0)
    assert [c.guild_id for c in service.claim_due()] == [GUILD]


def test_a_corpus_rebuild_keeps_the_fact_tables(service, clock, fresh_store):
    set_up(service, clock)
    clock.set_local(NY, 2026, 3, 1, 9, 0)
    service.claim_due()
    fresh_store.rebuild(load_corpus(), "another-hash")
    assert len(rows(service)) == 1 and service.schedule(GUILD).channel_id == CHANNEL
    clock.advance(days=1)
    assert service.claim_due()[0].local_date == date(2026, 3, 2)
