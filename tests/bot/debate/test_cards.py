"""Cards and buttons for every debate message: stable ids, word-for-word evidence, limits."""

from __future__ import annotations

import re

import pytest

from bot import limits
from bot.debate import (
    AFTER,
    BEFORE,
    POLITICAL,
    SINCERE,
    Actor,
    Tally,
    argue_form,
    argument_reply,
    control,
    counter_form,
    custom_id,
    lobby_reply,
    poll_question,
    results_reply,
    suggestions_reply,
    summary_reply,
    thread_name,
    timer_reply,
    vote_reply,
)
from tests.bot.debate.conftest import CHANNEL, GUILD

ID_FORMS = re.compile(
    r"debate:(join:\d+:(sincere|political|any)|leave:\d+|ctl:\d+:[a-z]+(:\d+)?|"
    r"poi:\d+:(offer|accept|decline)|argue:\d+|counter:\d+:\d+|vote:\d+:(before|after):"
    r"(sincere|political)|evidence:\d+|transcript:\d+|uncited:\d+:\d+)"
)


def ids(reply) -> list[str]:
    return [button.custom_id for button in reply.buttons]


def check_ids(reply) -> None:
    for value in ids(reply):
        assert ID_FORMS.fullmatch(value), value
        assert len(value) <= limits.CUSTOM_ID


def card_text(reply) -> str:
    card = reply.cards[0]
    return "\n".join([card.title, card.description, *(f"{f.name}\n{f.value}" for f in card.fields)])


def test_lobby_card_shows_roster_order_and_join_buttons(service, lobby):
    reply = lobby_reply(lobby, service.speaking_order(lobby))
    check_ids(reply)
    text = card_text(reply)
    assert "Sincere (2)\n• alice\n• carol" in text and "Political (2)\n• bob\n• dave" in text
    assert "1. Opening · Sincere · alice" in text and "6. Closing · Political · bob" in text
    assert f"debate:join:{lobby.id}:sincere" in ids(reply)
    assert f"debate:ctl:{lobby.id}:start" in ids(reply)
    assert not reply.ephemeral


def test_timer_card_through_a_speech(service, people, clock, running):
    check_ids(timer_reply(running, clock.now))
    text = card_text(timer_reply(running, clock.now))
    assert "Opening: alice (Sincere)" in text and "**4:00** left of 4:00" in text
    assert "Protected time" in text and "Up next\nbob (Opening · Political)" in text
    clock.advance(45)
    assert "Open: the other side may offer one." in card_text(timer_reply(running, clock.now))
    service.offer_poi(people.bob, running.id)
    reply = timer_reply(service.get(running.id), clock.now)
    assert "bob (Political) offers a point: alice, accept or decline." in card_text(reply)
    accept = next(b for b in reply.buttons if b.label == "Accept POI")
    assert not accept.disabled
    paused = service.pause(people.teacher, running.id)
    reply = timer_reply(paused, clock.now)
    assert "Paused with **3:15** left." in card_text(reply)
    assert f"debate:ctl:{running.id}:resume" in ids(reply)
    service.resume(people.teacher, running.id)
    clock.advance(200)
    assert "**Time!** +0:05 over" in card_text(timer_reply(service.get(running.id), clock.now))


def test_timer_card_after_the_speeches_offers_the_vote(service, people, clock, running):
    for _ in range(6):
        service.advance(people.teacher, running.id)
    reply = timer_reply(service.get(running.id), clock.now)
    check_ids(reply)
    assert f"debate:vote:{running.id}:after:sincere" in ids(reply)


def test_argument_card_quotes_evidence_with_citation_and_works_cited(service, people, running, db):
    argument = service.argue(
        people.alice, running.id, "It was sincere", "Because", "liu-007, condemnation-003"
    )
    reply = argument_reply(argument)
    check_ids(reply)
    text = card_text(reply)
    for passage_id in ("liu-007", "condemnation-003"):
        passage = db.passage(passage_id)
        assert f"> {passage.text}\n— {passage.citation} [{passage_id}]" in text
    assert "Works cited\n• Edmund Liu (student)" in text
    assert "Ostrow, Joel M. Politics in Russia" in text
    assert ids(reply) == [f"debate:counter:{running.id}:{argument.id}"]
    assert reply.cards[0].total() <= limits.EMBED_TOTAL


def test_uncited_argument_and_counter_cards(service, people, running):
    argument = service.argue(people.alice, running.id, "It was sincere")
    assert "Uncited\nNo passage cited" in card_text(argument_reply(argument))
    counter = service.counter(people.bob, running.id, argument.id, "liu-007", "Face-saving")
    reply = argument_reply(counter, argument)
    assert "Answers alice's claim: “It was sincere”\n\nFace-saving" in card_text(reply)
    assert reply.buttons == []


def test_longest_arguments_fit_discords_limits(service, people, running, db):
    longest = sorted(db.passages(), key=lambda p: -len(p.text))[:3]
    argument = service.argue(
        people.alice, running.id, "c" * 200, "r" * 1000, [p.id for p in longest]
    )
    card = argument_reply(argument).cards[0]
    assert card.total() <= limits.EMBED_TOTAL
    assert all(len(f.value) <= limits.FIELD_VALUE for f in card.fields)
    assert sum(f.name.startswith("Evidence") for f in card.fields) == 3


@pytest.mark.parametrize("stage", [BEFORE, AFTER])
def test_vote_buttons_and_results(service, lobby, stage):
    reply = vote_reply(lobby, stage, Tally(stage, 2, 1))
    check_ids(reply)
    assert ids(reply) == [f"debate:vote:{lobby.id}:{stage}:{side}" for side in (SINCERE, POLITICAL)]
    assert [b.label for b in reply.buttons] == ["Vote Sincere", "Vote Political"]
    assert "3 votes so far" in reply.cards[0].footer


def test_results_and_summary_cards(service, people, lobby):
    service.vote(people.erin, lobby.id, BEFORE, POLITICAL)
    results = service.results(lobby.id)
    assert "Political 1 (100%)" in card_text(results_reply(lobby, results))
    ended = service.end(people.teacher, lobby.id)
    reply = summary_reply(ended, service.summary(lobby.id))
    check_ids(reply)
    assert "0 arguments (0 uncited), 0 counter-passages" in card_text(reply)
    assert ids(reply) == [f"debate:transcript:{lobby.id}"]


def test_suggestion_card_explains_why(service):
    found = service.suggest(POLITICAL, limit=3)
    reply = suggestions_reply(POLITICAL, "", found)
    text = card_text(reply)
    assert text.count("\nWhy: ") == 3 and "reads as political" in text
    liu = next(f.value for f in reply.cards[0].fields if f.name.endswith("liu-007"))
    assert liu.endswith(
        "\nWhy: “save face” reads as political: a motive of power or self-protection"
        "\nAlso: “omit his”, “protect the status”"
    )
    empty = suggestions_reply(SINCERE, "missiles", [])
    assert "No passage on this theme" in card_text(empty)


def test_forms_and_names_respect_limits(service, people):
    debate = service.open(people.teacher, GUILD, CHANNEL, "m" * 200)
    form = argue_form(debate.id, ["mycustomessay-013", "globalsecurity-017", "condemnation-007"])
    assert form.custom_id.startswith(f"debate:argue:{debate.id}:form:")
    assert len(form.custom_id) <= limits.CUSTOM_ID
    assert [i.key for i in form.inputs] == ["claim", "reasoning", "evidence"]
    assert all(len(i.label) <= limits.MODAL_LABEL for i in form.inputs)
    assert counter_form(debate.id, 7).custom_id == f"debate:counter:{debate.id}:7:form"
    assert len(thread_name(debate)) <= 100
    assert len(poll_question(debate, BEFORE)) <= limits.POLL_QUESTION
    with pytest.raises(ValueError, match="too long"):
        custom_id("argue", 1, "x" * 100)


def test_the_lobby_closes_its_join_buttons_once_the_debate_starts(service, people, running):
    reply = lobby_reply(running, service.speaking_order(running))
    assert ids(reply) == [f"debate:transcript:{running.id}"]
    assert "under way" in reply.cards[0].description


def test_the_lobby_and_the_start_name_students_without_a_speech(service, people, lobby):
    service.join(people.erin, lobby.id, SINCERE)  # a third speaker for three rounds: fits
    service.join(Actor(7, "frank"), lobby.id, SINCERE)
    service.join(Actor(8, "gina"), lobby.id, SINCERE)
    debate = service.get(lobby.id)
    text = card_text(lobby_reply(debate, service.speaking_order(debate)))
    assert "No speech yet\nfrank (Sincere) and gina (Sincere) have no speech" in text
    assert "Balance the sides, or open the debate with a format that has more rounds" in text
    started = control(service, people.teacher, debate, "start")
    assert "frank (Sincere) and gina (Sincere) have no speech" in started.posts[0].content
    balanced = service.open(people.teacher, GUILD, CHANNEL + 1)
    for student in (people.alice, people.bob):
        service.join(student, balanced.id)
    quiet = card_text(lobby_reply(service.get(balanced.id), []))
    assert "no speech" not in quiet


def test_a_planned_start_is_a_discord_timestamp_on_discord_and_utc_elsewhere(
    service, people, clock
):
    debate = service.open(people.teacher, GUILD, CHANNEL, starts_in=10)
    unix = int(clock.now.timestamp()) + 600
    on_discord = card_text(lobby_reply(debate, [], timestamps=True))
    assert f"Starts\n<t:{unix}:t> (<t:{unix}:R>); the moderator presses Start" in on_discord
    assert "UTC" not in on_discord
    assert "Starts\n09:10 UTC; the moderator presses Start" in card_text(lobby_reply(debate, []))


def test_argument_cards_keep_typed_markdown_literal(service, people, running):
    argument = service.argue(people.alice, running.id, "### Big", "**bold** claim\n# heading")
    description = argument_reply(argument).cards[0].description
    assert description == (
        "**Claim:** \\### Big\n\n**Reasoning:** \\*\\*bold\\*\\* claim\n\\# heading"
    )


HOSTILE = ("[x](http://evil.example)", "||spoiler||", "<@123>")


@pytest.mark.parametrize("nick", HOSTILE)
def test_display_names_and_the_motion_are_shown_as_text_everywhere(service, people, clock, nick):
    from bot.debate import Actor, poi, vote_reply
    from bot.debate._actions import control, counter, join
    from bot.debate._transcript import md_escape

    shown = md_escape(nick)
    motion = f"Was it sincere {nick}"
    # a custom motion whose moderator chose the built-in side names
    debate = service.open(
        people.teacher, GUILD, CHANNEL, motion, "short", sides="Sincere | Political"
    )
    student = Actor(77, nick)
    join(service, student, debate, "sincere")
    join(service, people.bob, debate, "political")
    join(service, people.dave, debate, "political")  # dave has no speech: named as such
    debate = service.get(debate.id)
    lobby = card_text(lobby_reply(debate, service.speaking_order(debate)))
    assert f"• {shown}" in lobby and f"Sincere · {shown}" in lobby  # roster, speaking order
    assert f"Debate: {md_escape(motion)}" in lobby
    started = control(service, people.teacher, debate, "start")
    assert f"Now speaking: {shown} (Opening · Sincere)" in started.posts[0].content
    clock.advance(45)
    offered = poi(service, people.bob, service.get(debate.id), "offer")
    assert f"offers a point of information to {shown}." in offered.posts[0].content
    timer = card_text(timer_reply(service.get(debate.id), clock()))
    assert f"Opening: {shown} (Sincere)" in timer and f"{shown}, accept or decline" in timer
    argued = service.argue(student, debate.id, "A claim", "", "listenit-010")
    answered = counter(
        service, people.bob, service.get(debate.id), argued.id, {"passage": "liu-007"}
    )
    assert f"Answers {shown}'s claim" in card_text(answered.posts[0])
    votes = card_text(vote_reply(service.get(debate.id), "after", service.results(debate.id).after))
    assert f"**{md_escape(motion)}**" in votes
    service.end(people.teacher, debate.id)
    assert service.transcript(debate.id).startswith(f"# Debate transcript: {md_escape(motion)}\n")
    for text in (lobby, timer, votes, started.posts[0].content):
        assert nick not in text  # never the raw, live form
