"""Fact cards: the post, its passage button, the ping, and the moderator's cards."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot import limits
from bot.errors import Conflict
from bot.facts import (
    GENERAL_THEME,
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
from bot.facts._actions import console_channel


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


def test_the_post_lists_the_works_its_own_words_cite(facts):
    fact = next(f for f in facts if f.id == "fact-mycustomessay-014-1")
    fields = {f.name: f.value for f in post_reply(claim_for(fact)).cards[0].fields}
    assert fields["Works cited"].startswith("• (Kort 294) Kort, Michael.")
    assert "Wood" not in fields["Works cited"] and "Wood" not in fields["Citation"]


@pytest.mark.parametrize(
    ("fact_id", "other_sentences_scholar"),
    [
        ("fact-condemnation-001-1", "Freeze"),
        ("fact-liu-003-1", "Hosking"),
        ("fact-liu-004-1", "Hosking"),
        ("fact-mycustomessay-014-1", "Wood"),
    ],
)
def test_the_post_never_names_a_scholar_the_fact_does_not_cite(
    facts, fact_id, other_sentences_scholar
):
    fact = next(f for f in facts if f.id == fact_id)
    assert other_sentences_scholar not in _text(post_reply(claim_for(fact)))


def test_works_cited_lines_follow_the_facts_own_citations(facts):
    for fact in facts:
        fields = {f.name: f.value for f in post_reply(claim_for(fact)).cards[0].fields}
        listed = fields.get("Works cited", "") + fields.get(
            "Not in the reading's works-cited list", ""
        )
        for ref in fact.references:
            assert f"({ref.in_text})" in listed, fact.id
        assert listed.count("(") == len(fact.references), fact.id


def test_a_general_theme_is_not_shown_as_a_theme(facts):
    general = next(f for f in facts if f.theme == GENERAL_THEME)
    themed = next(f for f in facts if f.theme != GENERAL_THEME)
    assert "Theme" not in [f.name for f in post_reply(claim_for(general)).cards[0].fields]
    assert "Theme" in [f.name for f in post_reply(claim_for(themed)).cards[0].fields]


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
    built.setup(1, 20, "09:00", "America/New_York", role_id=5, days="daily")
    return built


def test_status_and_setup_cards(service):
    text = _text(status_reply(service.status(1)))
    assert "Running" in text and "<#20>" in text and "<@&5>" in text
    assert "Sun 08 Mar 2026, 09:00 EDT" in text  # 08:00 EDT now, the day DST began
    assert "Round 1: 0 of" in text
    service.pause(1, "Missing permission: Send Messages.")
    assert "Paused: Missing permission" in _text(status_reply(service.status(1)))
    setup = _text(setup_reply(service.schedule(1), datetime(2026, 3, 9, 13, tzinfo=UTC)))
    assert "09:00 (America/New_York)" in setup and "in <#20>." in setup


@pytest.mark.parametrize(("here", "shown"), [(20, "this channel"), (7, "#channel-20")])
def test_the_console_names_the_channel_instead_of_a_mention(service, here, shown):
    label = console_channel(here)
    status = _text(status_reply(service.status(1), label))
    setup = _text(setup_reply(service.schedule(1), datetime(2026, 3, 9, 13, tzinfo=UTC), label))
    failure = _text(failure_reply(service.schedule(1), "The channel was deleted.", label))
    for text in (status, setup, failure):
        assert shown in text and "<#" not in text


@pytest.mark.parametrize(
    "reason",
    [
        "Paused by a moderator.",
        "The channel was deleted, or the bot can no longer see it.",
        "Schedule unusable: 'No time zone found with key Mars/Olympus'",
        "Missing permission in #history: Send Messages.",
        "Discord refused the post (HTTP 500).",
    ],
)
def test_pause_messages_end_with_one_full_stop(service, reason):
    service.repo.set_paused(1, reason, datetime(2026, 3, 8, 12, tzinfo=UTC))
    with pytest.raises(Conflict) as refused:
        service.pause(1)
    texts = [str(refused.value), _text(status_reply(service.status(1)))]
    texts.append(_text(failure_reply(service.schedule(1), reason)))
    for text in texts:
        for line in text.splitlines():
            assert not line.endswith((".).", "..")) and ".)." not in line, line
    assert str(refused.value).startswith("Daily facts are already paused (")


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
