"""Stance on the motion: accuracy on hand labels, and each context rule on its own."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from bot.stance import NEUTRAL, POLITICAL, SINCERE, STANCES, classify, signals_of

LABELS_FILE = Path(__file__).parents[1] / "data" / "stance_labels.toml"
HELDOUT_FILE = Path(__file__).parents[1] / "data" / "stance_heldout.toml"
MIN_ACCURACY = 0.9  # measured: 1.00 on 71 labels (tuned on them); all-neutral baseline 0.45
MIN_GAIN_OVER_BASELINE = 0.3
# Held out (21 sentences written for the tests, labelled before the classifier saw them):
# measured 0.29 (6/21), exactly the all-neutral baseline 0.29 - the cue list describes
# the five readings and finds no cue in new wording. The bar sits below the measurement
# so the test guards against regressions without pretending to more.
MIN_HELDOUT_ACCURACY = 0.25


def _labels() -> list[dict]:
    with LABELS_FILE.open("rb") as handle:
        return tomllib.load(handle)["passage"]


def test_labels_are_well_formed(store):
    labels = _labels()
    ids = [row["id"] for row in labels]
    assert len(ids) >= 30
    assert len(set(ids)) == len(ids)
    for row in labels:
        store.passage(row["id"])  # raises NotFound for a stale id
        assert row["label"] in STANCES
        assert row["why"].strip()
    assert {row["label"] for row in labels} == set(STANCES)


def test_accuracy_on_labelled_passages_beats_all_neutral(store):
    labels = _labels()
    right = [row for row in labels if classify(store.passage(row["id"]).text)[0] == row["label"]]
    accuracy = len(right) / len(labels)
    baseline = sum(row["label"] == NEUTRAL for row in labels) / len(labels)
    assert accuracy >= MIN_ACCURACY, f"stance accuracy {accuracy:.2f}"
    assert accuracy - baseline >= MIN_GAIN_OVER_BASELINE


def test_store_keeps_the_stance_and_its_reasons(store):
    for passage in store.passages():
        stance, reasons = classify(passage.text)
        assert (passage.stance, passage.stance_reasons) == (stance, reasons)
        assert reasons


def test_reasons_quote_phrases_of_the_passage(store):
    for passage in store.passages():
        if passage.stance == NEUTRAL:
            continue
        for reason in passage.stance_reasons:
            phrase = reason.split("”")[0].lstrip("“")
            assert phrase.lower() in passage.text.lower()


# Sentences written for these tests (not from the readings): each exercises one rule.
@pytest.mark.parametrize(
    ("text", "expected", "because"),
    [
        ("Khrushchev denounced Stalin to consolidate his power.", POLITICAL, "power"),
        ("The reform sought to liberalize the press.", SINCERE, "liberalizing"),
        ("The congress met in Moscow in February 1956.", NEUTRAL, "plain narrative"),
        ("The legal system remained an instrument of party rule.", POLITICAL, "continuity"),
        ("The legal system was reformed after 1956.", SINCERE, "liberalizing"),
        ("The change did not amount to a genuine democratization.", POLITICAL, "negated"),
        ("It was never a power struggle: he ended the use of terror.", SINCERE, "negated"),
        ("Only a handful of the victims were rehabilitated.", POLITICAL, "limited"),
        (
            "Although the reforms were incomplete, they were a clear break with terror.",
            SINCERE,
            "conceded",
        ),
        ("He presented himself as a liberalizer to win votes.", POLITICAL, "appearance"),
        ("Stalin consolidated his power through the purges.", NEUTRAL, "Stalin's own rule"),
        ("Khrushchev consolidated his power by denouncing Stalin.", POLITICAL, "power"),
        ("The thaw brought greater freedom and the release of prisoners.", SINCERE, "result"),
    ],
)
def test_context_rules(text, expected, because):
    stance, reasons = classify(text)
    assert stance == expected
    assert because in " ".join(reasons)


def test_balanced_cues_are_neutral():
    text = "He eased the censorship, and he placed his proteges in office."
    stance, reasons = classify(text)
    assert stance == NEUTRAL
    assert reasons[0] == "balanced cues: sincere 1, political 1 (a side must lead by 0.5)"
    assert any("“proteges”" in r for r in reasons) and any(
        "“eased the censorship”" in r for r in reasons
    )


def _heldout() -> list[dict]:
    with HELDOUT_FILE.open("rb") as handle:
        return tomllib.load(handle)["sentence"]


def test_heldout_sentences_are_new_and_well_formed(store):
    rows = _heldout()
    assert len(rows) >= 15 and {row["label"] for row in rows} == set(STANCES)
    corpus = " ".join(p.text for p in store.passages())
    for row in rows:
        assert row["text"] not in corpus  # written for the test, not from the readings
        assert row["why"].strip()


def test_accuracy_on_heldout_sentences():
    rows = _heldout()
    right = sum(classify(row["text"])[0] == row["label"] for row in rows)
    assert right / len(rows) >= MIN_HELDOUT_ACCURACY, f"held-out accuracy {right}/{len(rows)}"


def test_a_bare_topic_phrase_is_not_a_cue():
    assert classify("The legal system of the USSR had three tiers of courts.")[0] == NEUTRAL
    assert classify("Democratization was a word the party used often.")[0] == NEUTRAL


@pytest.mark.parametrize(
    ("passage_id", "stance", "first", "absent"),
    [
        ("listenit-021", POLITICAL, "a limit, or continuity with Stalinism", "motive of power"),
        ("mycustomessay-006", SINCERE, "“properly set courts”", None),
        ("mycustomessay-002", NEUTRAL, "too weak to take a side: sincere 0.5", None),
        ("liu-006", NEUTRAL, "plain narrative: no cue phrases", "balanced"),
    ],
)
def test_reasons_say_what_decided(store, passage_id, stance, first, absent):
    found, reasons = classify(store.passage(passage_id).text)
    assert found == stance and first in reasons[0]
    assert len(reasons) == len(set(reasons))  # a repeated cue is one reason
    if absent:
        assert absent not in " ".join(reasons)
    if passage_id == "mycustomessay-006":
        assert "“no longer” reads as sincere: marks the end of a Stalin-era practice (3 times)" in (
            reasons
        )
    if passage_id == "mycustomessay-002":
        assert "“condemned” reads as sincere" in reasons[1]


def test_the_first_reason_is_the_strongest_cue_for_the_side(store):
    for passage in store.passages():
        if passage.stance == NEUTRAL:
            continue
        mine = [s for s in signals_of(passage.text) if s.side == passage.stance]
        strongest = max(s.weight for s in mine)
        assert passage.stance_reasons[0] in {s.reason for s in mine if s.weight == strongest}
