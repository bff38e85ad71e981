"""The floor: points of information, arguments with evidence, counter-passages."""

from __future__ import annotations

import pytest

from bot.debate import POLITICAL, SINCERE
from bot.errors import BadInput, Conflict, NotAllowed, NotFound


def test_a_point_of_information_offered_and_accepted(service, people, clock, running):
    clock.advance(45)
    poi = service.offer_poi(people.bob, running.id)
    assert (poi.name, poi.side, poi.status) == ("bob", POLITICAL, "offered")
    assert service.get(running.id).pending_poi == poi
    answered = service.answer_poi(people.alice, running.id, accept=True)
    assert answered.status == "accepted" and answered.answered_at == clock.now
    assert service.get(running.id).pending_poi is None


def test_a_moderator_may_decline_for_the_speaker(service, people, clock, running):
    clock.advance(45)
    service.offer_poi(people.dave, running.id)
    assert service.answer_poi(people.teacher, running.id, accept=False).status == "declined"


@pytest.mark.parametrize(
    ("who", "seconds", "error", "says"),
    [
        ("carol", 45, NotAllowed, "Only the other side"),  # the speaker's own side
        ("alice", 45, NotAllowed, "Only the other side"),  # the speaker herself
        ("erin", 45, NotAllowed, "Only the other side"),  # the audience
        ("bob", 10, Conflict, "Protected time"),  # first 30 seconds
        ("bob", 215, Conflict, "Protected time"),  # last 30 seconds
        ("bob", 300, Conflict, "Protected time"),  # over time
    ],
)
def test_poi_refusals(service, people, clock, running, who, seconds, error, says):
    clock.advance(seconds)
    with pytest.raises(error, match=says):
        service.offer_poi(getattr(people, who), running.id)


def test_one_poi_at_a_time_and_only_the_speaker_answers(service, people, clock, running):
    clock.advance(45)
    service.offer_poi(people.bob, running.id)
    with pytest.raises(Conflict, match="waiting for an answer"):
        service.offer_poi(people.dave, running.id)
    with pytest.raises(
        NotAllowed, match="Only the speaker, alice, or a moderator can accept or decline"
    ):
        service.answer_poi(people.bob, running.id, accept=True)
    service.answer_poi(people.alice, running.id, accept=False)
    with pytest.raises(Conflict, match="No point of information"):
        service.answer_poi(people.alice, running.id, accept=True)


def test_no_pois_in_a_round_that_does_not_take_them(service, people, clock, running):
    for _ in range(5):  # to the Political closing
        service.advance(people.teacher, running.id)
    clock.advance(45)
    with pytest.raises(Conflict, match="not taken in the Closing"):
        service.offer_poi(people.alice, running.id)


def test_a_waiting_poi_lapses_when_the_speech_ends(service, people, clock, running):
    clock.advance(45)
    service.offer_poi(people.bob, running.id)
    service.advance(people.teacher, running.id)
    record = service.record(running.id)
    assert [p.status for p in record.pois] == ["lapsed"]
    assert record.debate.pending_poi is None


def test_the_speaker_argues_with_evidence_quoted_word_for_word(service, people, running, db):
    argument = service.argue(
        people.alice, running.id, "It was a real break", "Prisoners came home", "listenit-010"
    )
    passage = db.passage("listenit-010")
    assert argument.cited and argument.side == SINCERE
    assert argument.evidence[0].text == passage.text
    assert argument.evidence[0].citation == passage.citation
    assert service.arguments(running.id) == [argument]


def test_an_uncited_argument_is_allowed_and_marked(service, people, running):
    argument = service.argue(people.alice, running.id, "It was a real break")
    assert not argument.cited and argument.evidence == ()


@pytest.mark.parametrize("who", ["bob", "carol", "teacher"])
def test_only_the_current_speaker_argues(service, people, running, who):
    with pytest.raises(NotAllowed, match="Only the current speaker, alice"):
        service.argue(getattr(people, who), running.id, "A claim")


@pytest.mark.parametrize(
    ("claim", "evidence", "error", "says"),
    [
        ("", None, BadInput, "Write your claim"),
        ("x" * 201, None, BadInput, "under 200"),
        ("A claim", "liu-001 liu-002 liu-003 liu-004", BadInput, "at most 3"),
        ("A claim", "listenit-010, nosuch-001, Kort294", NotFound, "“nosuch-001”, “kort294”"),
    ],
)
def test_argument_input_is_checked(service, people, running, claim, evidence, error, says):
    with pytest.raises(error, match=says):
        service.argue(people.alice, running.id, claim, "", evidence)
    assert service.arguments(running.id) == []


def test_opponents_answer_with_a_counter_passage(service, people, running):
    argument = service.argue(people.alice, running.id, "It was sincere", "", "listenit-010")
    counter = service.counter(
        people.bob, running.id, argument.id, "mycustomessay-013", "He wanted power"
    )
    assert (counter.kind, counter.answers_id, counter.side) == ("counter", argument.id, POLITICAL)
    assert counter.evidence[0].passage_id == "mycustomessay-013"
    plain = service.counter(people.dave, running.id, argument.id, "liu-007")
    assert plain.claim == "Counter-passage to alice's argument"


@pytest.mark.parametrize(
    ("who", "target", "passage", "error", "says"),
    [
        ("carol", "argument", "liu-007", NotAllowed, "Only the Political side"),
        ("erin", "argument", "liu-007", NotAllowed, "Only the Political side"),
        ("bob", 999, "liu-007", NotFound, "not part of this debate"),
        ("bob", "argument", "liu-007 liu-003", BadInput, "exactly one passage"),
        ("bob", "argument", "liu-999", NotFound, "“liu-999”"),
    ],
)
def test_counter_refusals(service, people, running, who, target, passage, error, says):
    argument = service.argue(people.alice, running.id, "It was sincere")
    target_id = argument.id if target == "argument" else target
    with pytest.raises(error, match=says):
        service.counter(getattr(people, who), running.id, target_id, passage)


def test_a_counter_cannot_answer_a_counter(service, people, running):
    argument = service.argue(people.alice, running.id, "It was sincere")
    counter = service.counter(people.bob, running.id, argument.id, "liu-007")
    with pytest.raises(NotFound):
        service.counter(people.carol, running.id, counter.id, "listenit-010")


@pytest.mark.parametrize(
    ("claim", "reasoning", "evidence"),
    [
        ("As listenit-010 shows, it was a real break", "", None),
        ("It was a real break", "The camps emptied (see Listenit-10).", None),
        ("It was a real break", "", "listenit-10"),
    ],
)
def test_passage_ids_typed_in_the_text_or_unpadded_are_cited(
    service, people, running, claim, reasoning, evidence
):
    argument = service.argue(people.alice, running.id, claim, reasoning, evidence)
    assert [e.passage_id for e in argument.evidence] == ["listenit-010"]


def test_words_shaped_like_ids_are_not_citations_and_ids_are_cited_once(service, people, running):
    argument = service.argue(
        people.alice, running.id, "Not covid-19 or cold-war-1956: liu-7 and liu-007", "", "liu-7"
    )
    assert [e.passage_id for e in argument.evidence] == ["liu-007"]
    with pytest.raises(NotFound, match="“liu-999”"):
        service.argue(people.alice, running.id, "A claim", "", "liu-999")


def test_an_uncited_draft_is_posted_once(service, people, running):
    draft = service.save_draft(people.alice, running.id, "It was a real break", "Trust me")
    with pytest.raises(NotAllowed):
        service.post_draft(people.bob, running.id, draft)  # not bob's to post
    posted = service.post_draft(people.alice, running.id, draft)
    assert not posted.cited and posted.reasoning == "Trust me"
    with pytest.raises(Conflict, match="already posted"):
        service.post_draft(people.alice, running.id, draft)
    assert len(service.arguments(running.id)) == 1
