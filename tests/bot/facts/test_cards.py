"""Fact cards: the post, its passage button, the ping, and the moderator's cards."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot import limits
from bot.facts import (
    Claim,
    FactService,
    Pick,
    failure_reply,
    passage_id_of,
    passage_reply,
    post_reply,
    preview_reply,
    setup_reply,
    status_reply,
    thread_name,
)


def claim_for(fact, **extra) -> Claim:
    return Claim(1, 10, 20, fact, 1, date(2026, 3, 1), "daily", **extra)


def test_every_fact_post_fits_discord(facts):
    for fact in facts:
        reply = post_reply(claim_for(fact))
        [card] = reply.cards
        assert fact.text in card.description and card.total() <= limits.EMBED_TOTAL
        assert all(len(b.custom_id) <= limits.CUSTOM_ID for b in reply.buttons)
        assert len(thread_name(fact)) <= 100


def test_the_post_is_public_with_a_passage_button(facts):
    reply = post_reply(claim_for(facts[0]))
    assert reply.ephemeral is False and reply.content is None
    [button] = reply.buttons
    assert passage_id_of(button.custom_id) == facts[0].passage_id
    assert reply.cards[0].fields[0].value == facts[0].citation
    assert passage_id_of("quote:context:liu-001") is None


def test_the_post_pings_only_the_configured_role(facts):
    assert post_reply(claim_for(facts[0], ping_role_id=300)).content == "<@&300>"


def test_an_anniversary_post_says_on_this_day(facts):
    fact = next(f for f in facts if f.id == "fact-mycustomessay-001-1")
    [card] = post_reply(claim_for(fact, on_this_day="On this day in 1956")).cards
    assert card.title == "On this day in 1956"
    assert card.description.startswith("**On this day in 1956…**")


def test_the_passage_button_shows_the_whole_passage(store):
    reply = passage_reply(store.passage("listenit-014"))
    assert reply.ephemeral and store.passage("listenit-014").text in reply.cards[0].description


@pytest.fixture
def service(fresh_store):
    clock = lambda: datetime(2026, 3, 8, 12, tzinfo=UTC)  # noqa: E731
    built = FactService(fresh_store, clock=clock)
    built.setup(1, 20, "09:00", "America/New_York", role_id=5)
    return built


def test_status_and_setup_cards(service):
    text = _text(status_reply(service.status(1)))
    assert "Running" in text and "<#20>" in text and "<@&5>" in text
    assert "Sun 08 Mar 2026, 09:00 EDT" in text  # 08:00 EDT now, the day DST began
    assert "Round 1: 0 of" in text
    service.pause(1, "Missing permission: Send Messages.")
    assert "Paused: Missing permission" in _text(status_reply(service.status(1)))
    setup = _text(setup_reply(service.schedule(1), datetime(2026, 3, 9, 13, tzinfo=UTC)))
    assert "09:00 (America/New_York)" in setup


def test_preview_and_failure_cards(service, facts):
    reply = preview_reply(Pick(facts[0], 1), None, None)
    assert reply.ephemeral and facts[0].text in reply.cards[0].description
    when = preview_reply(Pick(facts[0], 1), datetime(2026, 3, 9, 13, tzinfo=UTC), ZoneInfo("UTC"))
    assert "Mon 09 Mar 2026, 13:00 UTC" in _text(when)
    failure = _text(failure_reply(service.schedule(1), "The channel was deleted."))
    assert "The channel was deleted." in failure and "/facts resume" in failure


def _text(reply) -> str:
    parts = []
    for card in reply.cards:
        parts += [card.title, card.description, *(f.name + " " + f.value for f in card.fields)]
    return "\n".join(parts)
