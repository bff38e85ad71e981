"""Which sentences may be facts: each rule refuses what it should, and only that."""

from __future__ import annotations

import re

import pytest

from bot.facts._rules import refusal, stands_alone

FORBIDDEN_OPENERS = (
    "This",
    "These",
    "That",
    "He",
    "His",
    "It",
    "They",
    "Their",
    "However",
    "Additionally",
    "Besides",
    "Thirdly",
    "Firstly",
    "Further",
    "Overall",
    "Yet",
    "But",
)


@pytest.mark.parametrize("opener", FORBIDDEN_OPENERS)
def test_no_fact_opens_by_pointing_back(facts, opener):
    assert not [f.id for f in facts if re.match(rf"{opener}\b", f.text)]


def test_facts_are_short_complete_statements(facts):
    for fact in facts:
        assert 50 <= len(fact.text) <= 280, fact.id
        assert "?" not in fact.text, fact.id
        assert fact.text.count("“") == fact.text.count("”"), fact.id
        assert fact.text.count('"') % 2 == 0, fact.id
        assert refusal(fact.text, whole=False) is None, fact.id


@pytest.mark.parametrize(
    ("sentence", "rule"),
    [
        # from the readings (QA found these among the facts)
        (
            "Khrushchev was not, however, a singular, isolated political phenomenon like Stalin.",
            "points back",
        ),
        ("The USSR also saw the release of millions of political prisoners.", "points back"),
        (
            "The so-called “Khrushchev’s Thaw” followed, meaning less political control and "
            "censorship, and more openness and a rise in living standards.",
            "points back",
        ),
        (
            "Khrushchev, while still an authoritarian leader, differed significantly in his style.",
            "half a comparison",
        ),
        (
            "Khrushchev’s ushered in an era De-Stalinization, marked by a liberalization of "
            "culture and greater freedoms for Soviet citizens.",
            "garbled",
        ),
        (
            "The analysis of numerous sources reveals that Khrushchev pursued above all the aim of "
            "getting power in his hands.",
            "opinion",
        ),
        (
            "Citizens of the Soviet Union never knew a luxurious lifestyle and with nothing to "
            "compare their lifestyle to except the past, expectations stayed modest.",
            "opinion",
        ),
        # each rule on its own
        ("The Soviet leadership, too, denounced the purges of the 1930s in public.", "points back"),
        ("The Party Congress condemned the purges of 1937 as well.", "points back"),
        ("Khrushchev opposed such reforms at the Party Congress of 1957.", "points back"),
        ("Khrushchev spoke to the Congress that year about the crimes of Stalin.", "points back"),
        ("Khrushchev removed Malenkov in 1955 and the latter lost his post.", "points back"),
        (
            "Khrushchev’s policy was different in the countryside of the Soviet Union.",
            "half a comparison",
        ),
        (
            "Khrushchev allowed more freedom of expression in Soviet literature after 1956.",
            "half a comparison",
        ),
        ("De-Stalinization was a success for the Soviet Communist Party in the end.", "opinion"),
        ("The Soviet Party's claim about the purges of Stalin is hardly valid.", "opinion"),
        ("Khrushchev argued at the Party Congress that the purges were not necessary.", "opinion"),
        ("The purges of Stalin were morally reprehensible by any Soviet standard.", "opinion"),
        ("Let us turn to the Secret Speech Khrushchev gave to the Party Congress.", "opinion"),
        ("In this paper the Secret Speech of Khrushchev to the Congress is examined.", "opinion"),
        ("In 1956 we can see Khrushchev breaking with Stalin at the Party Congress.", "opinion"),
        # the rules that were there before
        (
            "This shift from the totalitarian style of Stalin, coined De-Stalinization, was "
            "necessary.",
            "opens by pointing back",
        ),
        (
            "He ruled through fear, paranoia, and an extensive network of Soviet secret police.",
            "opens by pointing back",
        ),
        (
            "Besides, Khrushchev was unable to alter the command economy inherited from Stalin.",
            "opens by pointing back",
        ),
        (
            "Stalin: Aggressive expansionism, prioritization of communist ideology, mistrust of "
            "West.",
            "opens by pointing back",
        ),
        (
            "Was de-Stalinization under Khrushchev sincere, or was it a political move by the "
            "Party?",
            "question or open quotation",
        ),
        (
            "Khrushchev told the Congress that “Stalin really did commit unpardonable abuses of "
            "power.",
            "question or open quotation",
        ),
        (
            "Work into rehabilitations exposed the extent to which current party officials, who "
            "also served under Stalin, participated in these “legal distortions.”",
            "points back",
        ),
        (
            "Khrushchev delivered his “Secret Speech,” denouncing Stalin’s cult of personality, "
            "his gross interpretations of party principles",
            "cut off",
        ),
        (
            "A product of the Stalin era, he played the principal role in refashioning the "
            "heritage.",
            "names no one",
        ),
        (
            "The state controlled every aspect of life, from employment to personal expression.",
            "names no one",
        ),
        ("Khrushchev spoke.", "too short"),
    ],
)
def test_what_does_not_stand_alone_or_is_opinion_is_refused(sentence, rule):
    assert refusal(sentence) == rule
    assert not stands_alone(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The security police, now the KGB, was staffed by party members, not career policemen.",
        "From 1954 special commissions began visiting the camps.",
        "Khrushchev was not only a reformer but also a product of Stalin’s Soviet system.",
        "The Soviet Union had camps such as Vorkuta and Norilsk until the late 1950s.",
        "Khrushchev denounced the purges as well as the cult of personality in 1956.",
        "The Secret Speech of 1956 was followed by the release of many political prisoners.",
        "Khrushchev’s policy differed from Stalin’s in the treatment of the Soviet peasants.",
        "In 1954 fewer than three percent of Soviet prisoners were rehabilitated by the Party.",
        "Soviet society under Khrushchev presents a stark contrast to the society under Stalin.",
        "Khrushchev’s Secret Speech shocked the delegates of the Twentieth Party Congress.",
    ],
)
def test_a_standalone_factual_sentence_is_kept(sentence):
    assert refusal(sentence) is None
