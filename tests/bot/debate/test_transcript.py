"""The Markdown transcript and the summary: what a teacher grades."""

from __future__ import annotations

import pytest

from bot.debate import AFTER, BEFORE, POLITICAL, SINCERE, transcript_reply
from tests.bot.debate.conftest import CHANNEL, GUILD


@pytest.fixture
def finished(service, people, clock):
    """A whole short debate: votes, arguments, a counter, a POI, extra time, a skip."""
    debate = service.open(people.teacher, GUILD, CHANNEL, format_text="short")
    for student in (people.alice, people.bob, people.carol, people.dave):
        service.join(student, debate.id)
    service.vote(people.erin, debate.id, BEFORE, POLITICAL)
    service.vote(people.carol, debate.id, BEFORE, POLITICAL)
    service.start(people.teacher, debate.id)
    clock.advance(45)
    argued = service.argue(
        people.alice,
        debate.id,
        "It was a real break",
        "Terror ended.",
        "listenit-010, condemnation-003",
    )
    service.offer_poi(people.bob, debate.id)
    service.answer_poi(people.alice, debate.id, accept=True)
    service.argue(people.alice, debate.id, "Censorship eased")
    service.extend(people.teacher, debate.id, 30)
    clock.advance(100)
    service.advance(people.teacher, debate.id)
    clock.advance(50)
    service.argue(people.bob, debate.id, "He wanted power", "", "mycustomessay-013")
    service.counter(people.dave, debate.id, argued.id, "liu-007", "Saving face, not sincerity")
    service.advance(people.teacher, debate.id)
    service.skip(people.teacher, debate.id)  # dave's rebuttal
    for _ in range(3):
        service.advance(people.teacher, debate.id)
    service.vote(people.erin, debate.id, AFTER, SINCERE)
    service.vote(people.carol, debate.id, AFTER, SINCERE)
    service.end(people.teacher, debate.id)
    return debate.id


def test_the_transcript_has_every_speech_in_order(service, finished, clock):
    text = service.transcript(finished)
    headings = [line for line in text.splitlines() if line.startswith("### ")]
    assert headings == [
        "### 1. Opening · Sincere · alice",
        "### 2. Opening · Political · bob",
        "### 3. Rebuttal · Sincere · carol",
        "### 4. Rebuttal · Political · dave",
        "### 5. Closing · Sincere · alice",
        "### 6. Closing · Political · bob",
    ]
    assert "Time: 2:25 of 2:00, extended by 0:30; given." in text
    assert "Skipped: the speaker did not speak (1:30 allotted)." in text
    assert "skipped." not in text.lower().replace("skipped: the speaker", "")
    assert "Points of information: bob (Political) at 0:45, accepted." in text


def test_arguments_quote_evidence_word_for_word_with_full_citations(service, finished, db):
    text = service.transcript(finished)
    for passage_id in ("listenit-010", "condemnation-003", "mycustomessay-013", "liu-007"):
        passage = db.passage(passage_id)
        assert f"> {passage.text}" in text
        assert f"> — {passage.citation} [{passage_id}]" in text
    assert "**Claim:** It was a real break" in text and "**Reasoning:** Terror ended." in text
    assert text.count("*Uncited: this argument cites no passage.*") == 1
    assert "Works cited: Dallin qtd. in Ostrow, 118: Ostrow, Joel M. Politics in Russia" in text
    assert "Not in the reading's works-cited list: Hosking (cut off in the scrape)" in text


def test_a_counter_sits_under_the_argument_it_answers(service, finished):
    text = service.transcript(finished)
    argument = text.index("#### Argument by alice (Sincere)\n\n**Claim:** It was a real break")
    counter = text.index("##### Counter-passage by dave (Political)")
    next_argument = text.index("#### Argument by alice (Sincere)\n\n**Claim:** Censorship")
    assert argument < counter < next_argument
    assert "Saving face, not sincerity" in text[counter:next_argument]


def test_votes_summary_and_works_cited(service, finished, store):
    text = service.transcript(finished)
    assert "| Before | 0 (0%) | 2 (100%) | 2 |" in text
    assert "| After | 2 (100%) | 0 (0%) | 2 |" in text
    assert "Swing: 100 points to Sincere. 2 members changed their vote." in text
    assert (
        "- Sincere: 2 arguments (1 uncited), 0 counter-passages; evidence used: "
        "listenit-010, condemnation-003" in text
    )
    assert (
        "- Political: 1 argument (0 uncited), 1 counter-passage; evidence used: "
        "mycustomessay-013, liu-007" in text
    )
    assert (
        "- Speeches: 5 given, 1 skipped, 0 not held; points of information: 1 offered, 1 accepted"
        in text
    )
    cited = text.split("## Works cited\n\n", 1)[1].splitlines()
    assert cited == sorted(cited, key=str.casefold) and len(cited) == len(set(cited))
    assert any(line.startswith("- listenit. “How Was Khrushchev") for line in cited)
    assert any("Ostrow, Joel M." in line for line in cited)
    assert "- Status: ended" in text


def test_summary_numbers(service, finished):
    summary = service.summary(finished)
    assert summary.arguments == {SINCERE: 2, POLITICAL: 1}
    assert summary.counters == {SINCERE: 0, POLITICAL: 1}
    assert summary.uncited == {SINCERE: 1, POLITICAL: 0}
    assert summary.evidence[POLITICAL] == ("mycustomessay-013", "liu-007")
    assert (summary.speeches_given, summary.speeches_skipped) == (5, 1)
    assert (summary.pois_offered, summary.pois_accepted) == (1, 1)
    assert summary.results.swing == 100


def test_a_debate_ended_in_the_lobby_has_a_short_transcript(service, people):
    debate = service.open(people.teacher, GUILD, CHANNEL)
    service.end(people.teacher, debate.id)
    text = service.transcript(debate.id)
    assert "The debate never started." in text
    assert "Swing: not known" in text and "No passage was cited." in text


def test_the_transcript_is_a_markdown_file(service, finished):
    debate = service.get(finished)
    reply = transcript_reply(debate, service.transcript(finished))
    name, data = reply.file
    assert name == f"debate-{finished}-transcript.md"
    assert data.decode("utf-8").startswith("# Debate transcript: De-Stalinization")


def test_speeches_never_reached_are_not_held_not_skipped(service, people, clock):
    debate = service.open(people.teacher, GUILD, CHANNEL, format_text="short")
    for student in (people.alice, people.bob):
        service.join(student, debate.id)
    service.start(people.teacher, debate.id)
    clock.advance(50)
    service.skip(people.teacher, debate.id)  # alice spoke 50 s: ended early, not skipped
    service.skip(people.teacher, debate.id)  # bob never spoke
    service.end(people.teacher, debate.id)
    summary = service.summary(debate.id)
    assert (summary.speeches_given, summary.speeches_skipped, summary.speeches_not_held) == (
        1,
        1,
        4,
    )
    text = service.transcript(debate.id)
    assert text.count("Not held (") == 4 and text.count("Skipped: the speaker") == 1
    assert "- Speeches: 1 given, 1 skipped, 4 not held;" in text


def test_time_and_points_of_information_are_separate_paragraphs(service, finished):
    text = service.transcript(finished)
    assert (
        "Time: 2:25 of 2:00, extended by 0:30; given.\n\n"
        "Points of information: bob (Political) at 0:45, accepted." in text
    )


def test_a_speech_of_less_than_a_second_took_no_time(service, people, clock):
    debate = service.open(people.teacher, GUILD, CHANNEL, format_text="short")
    for student in (people.alice, people.bob):
        service.join(student, debate.id)
    service.start(people.teacher, debate.id)
    service.argue(people.alice, debate.id, "Quick")  # she spoke: the speech is given
    clock.advance(0.4)
    service.advance(people.teacher, debate.id)
    assert "Time: 0:00 of 2:00; given." in service.transcript(debate.id)


def test_typed_markdown_stays_literal(service, people, clock, running):
    service.argue(
        people.alice,
        running.id,
        "### Not a heading",
        "A *real* break\n# Still not a heading\n1. nor a list\n> nor a quote",
    )
    text = service.transcript(running.id)
    lines = text.splitlines()
    assert not any(line.startswith(("### Not", "# Still", "1. nor", "> nor")) for line in lines)
    assert "**Claim:** \\### Not a heading" in text
    assert "A \\*real\\* break\n\\# Still not a heading\n1\\. nor a list\n\\> nor a quote" in text
    assert "- Transcript made: 2026-03-02 09:00 UTC" in text


def test_a_point_of_information_keeps_its_time_when_the_speech_is_paused_later(
    service, people, clock
):
    debate = service.open(people.teacher, GUILD, CHANNEL, format_text="short")
    service.join(people.alice, debate.id, SINCERE)
    service.join(people.bob, debate.id, POLITICAL)
    service.start(people.teacher, debate.id)
    clock.advance(10)
    service.pause(people.teacher, debate.id)
    clock.advance(20)  # a pause before the point counts against it
    service.resume(people.teacher, debate.id)
    clock.advance(35)
    service.offer_poi(people.bob, debate.id)
    service.answer_poi(people.alice, debate.id, accept=True)
    service.pause(people.teacher, debate.id)
    clock.advance(60)  # a pause after the point must not
    service.resume(people.teacher, debate.id)
    service.end(people.teacher, debate.id)
    assert "Points of information: bob (Political) at 0:45, accepted." in service.transcript(
        debate.id
    )
