"""Stance on the motion: accuracy on hand labels and two held-out sets, and each rule alone."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from bot.stance import NEUTRAL, POLITICAL, SINCERE, STANCES, classify, signals_of

LABELS_FILE = Path(__file__).parents[1] / "data" / "stance_labels.toml"
HELDOUT_FILE = Path(__file__).parents[1] / "data" / "stance_heldout.toml"
HELDOUT2_FILE = Path(__file__).parents[1] / "data" / "stance_heldout2.toml"
# Each bar sits below its measurement (README, "Stance"), so a test catches a regression
# without claiming more than was measured.
MIN_ACCURACY = 0.9  # measured 0.99 (70/71); all-neutral 0.45; developed on these labels
MIN_GAIN_OVER_BASELINE = 0.3
# heldout: 21 sentences labelled before the classifier saw them, but then used to develop
# the general vocabulary, so no longer a fair estimate: measured 0.95 (20/21), all-neutral
# 0.29 (0.29 with the first, reading-specific cue list).
MIN_HELDOUT_ACCURACY = 0.85
# heldout2: 33 sentences labelled before the vocabulary was broadened and measured once,
# after: the honest estimate for new text. Measured 0.52 (17/33) against an all-neutral
# baseline of 0.27 (0.30 with the old cue list). Every side it took was right (8 of 8);
# its errors are sides missed (neutral), so a side it does take can be trusted more.
MIN_HELDOUT2_ACCURACY = 0.45
MIN_HELDOUT2_SIDE_PRECISION = 0.85


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


# General motive and reform vocabulary (sentences written here, in none of the data files):
# new wording, not the readings' own phrases.
@pytest.mark.parametrize(
    ("text", "expected", "because"),
    [
        ("He used the speech to sideline his opponents.", POLITICAL, "motive of power"),
        ("The reforms helped him secure his own position.", POLITICAL, "motive of power"),
        ("Beria became the scapegoat for a whole system.", POLITICAL, "“scapegoat”"),
        ("Opening the archives was a tactic to legitimise the new team.", POLITICAL, "tactic"),
        ("The campaign was self-serving from the start.", POLITICAL, "“self-serving”"),
        ("The party hid their own role in the famine.", POLITICAL, "“hid their own role”"),
        ("Their commitment was genuine.", SINCERE, "“genuine”"),
        ("His commitment was not genuine.", POLITICAL, "negated by “not”"),
        ("He showed real remorse for the purges.", SINCERE, "a sincere motive"),
        ("Tens of thousands of inmates were freed from the camps.", SINCERE, "liberalizing"),
        ("Families of the shot were told they had been rehabilitated.", SINCERE, "liberalizing"),
        ("Khrushchev stopped the mass arrests.", SINCERE, "an end to terror"),
        ("The press was free to criticise ministers.", SINCERE, "“free to criticise”"),
        ("Judges were told to restore socialist legality.", SINCERE, "legality"),
        ("He wanted to strengthen the rule of law.", SINCERE, "“rule of law”"),
        ("Historians doubted his sincerity.", POLITICAL, "negated by “doubted”"),
        ("There is no doubt that he was sincere.", SINCERE, "“sincere” reads as sincere"),
        ("Censorship stayed tightly controlled under the new leadership.", POLITICAL, "limit"),
        ("In 1961 Stalin's statues were pulled down in every town.", SINCERE, "cult"),
    ],
)
def test_general_vocabulary(text, expected, because):
    stance, reasons = classify(text)
    assert stance == expected, reasons
    assert because in " ".join(reasons)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In 1958 the KGB continued to arrest believers.", POLITICAL),
        ("The secret police crushed all dissent.", NEUTRAL),  # whose police? not said
        ("The leader cultivated his image as a father of the nation.", NEUTRAL),
    ],
)
def test_repression_counts_only_after_stalin(text, expected):
    stance, reasons = classify(text)
    assert stance == expected
    if expected == NEUTRAL:
        assert "nothing in the passage places it after Stalin" in reasons[1]


def test_the_longest_reading_of_words_wins():
    [signal] = signals_of("He set out to strengthen the rule of law.")
    assert (signal.phrase, signal.side) == ("rule of law", SINCERE)
    [signal] = signals_of("He set out to strengthen the rule of the party.")
    assert (signal.phrase, signal.side) == ("strengthen the rule", POLITICAL)


def test_balanced_cues_are_neutral():
    text = "He eased the censorship, and he placed his proteges in office."
    stance, reasons = classify(text)
    assert stance == NEUTRAL
    assert reasons[0] == "balanced cues: sincere 1, political 1 (a side must lead by 0.5)"
    assert any("“proteges”" in r for r in reasons) and any(
        "“eased the censorship”" in r for r in reasons
    )


def _heldout(path: Path = HELDOUT_FILE) -> list[dict]:
    with path.open("rb") as handle:
        return tomllib.load(handle)["sentence"]


@pytest.mark.parametrize(("path", "size"), [(HELDOUT_FILE, 15), (HELDOUT2_FILE, 25)])
def test_heldout_sentences_are_new_and_well_formed(store, path, size):
    rows = _heldout(path)
    assert len(rows) >= size and {row["label"] for row in rows} == set(STANCES)
    corpus = " ".join(p.text for p in store.passages())
    for row in rows:
        assert row["text"] not in corpus  # written for the test, not from the readings
        assert row["why"].strip()


def test_the_two_heldout_sets_share_no_sentence():
    first = {row["text"] for row in _heldout(HELDOUT_FILE)}
    assert not first & {row["text"] for row in _heldout(HELDOUT2_FILE)}


@pytest.mark.parametrize(
    ("path", "bar"), [(HELDOUT_FILE, MIN_HELDOUT_ACCURACY), (HELDOUT2_FILE, MIN_HELDOUT2_ACCURACY)]
)
def test_accuracy_on_heldout_sentences_beats_all_neutral(path, bar):
    rows = _heldout(path)
    right = sum(classify(row["text"])[0] == row["label"] for row in rows)
    baseline = sum(row["label"] == NEUTRAL for row in rows) / len(rows)
    assert bar > baseline
    assert right / len(rows) >= bar, f"held-out accuracy {right}/{len(rows)}"


def test_a_side_taken_on_heldout2_is_mostly_right():
    taken = [(row["label"], classify(row["text"])[0]) for row in _heldout(HELDOUT2_FILE)]
    sides = [(label, found) for label, found in taken if found != NEUTRAL]
    right = sum(label == found for label, found in sides)
    assert sides and right / len(sides) >= MIN_HELDOUT2_SIDE_PRECISION, f"{right}/{len(sides)}"


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
