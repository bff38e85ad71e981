"""Stance on the motion: accuracy on hand labels and two held-out sets, and each rule alone."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import numpy as np
import pytest

from bot.stance import NEUTRAL, POLITICAL, SINCERE, STANCES, classify, read, signals_of

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


def test_store_keeps_the_reading_its_confidence_and_reasons(store):
    for passage in store.passages():
        reading = read(passage.text)
        assert (passage.stance, passage.stance_reasons) == (reading.stance, reading.reasons)
        assert passage.stance_confidence == pytest.approx(reading.confidence)
        assert reading.reasons
        data = passage.to_json()
        assert data["stance"] == reading.stance and data["stance_reasons"] == list(reading.reasons)
        assert 0 <= data["stance_confidence"] <= 1


def test_reasons_quote_phrases_of_the_passage(store):
    for passage in store.passages():
        stance, reasons = classify(passage.text)
        if stance == NEUTRAL:
            continue
        for reason in reasons:
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
        stance, reasons = classify(passage.text)
        if stance == NEUTRAL:
            continue
        mine = [s for s in signals_of(passage.text) if s.side == stance]
        strongest = max(s.weight for s in mine)
        assert reasons[0] in {s.reason for s in mine if s.weight == strongest}


# --- The stance reader (bot.stance.read) on real texts the project does not ship ---------

REAL_FILE = Path(__file__).parents[1] / "data" / "stance_real.toml"
TEXTS_DIR = Path(__file__).parents[1] / "data" / "stance_texts"
SEEDS_SOURCES = Path(__file__).parents[2] / "seeds" / "sources.toml"
# One run of `python -m benchmarks.stance` (README, "Stance"); bars sit at or just under it.
MIN_READER_READINGS = 0.95  # measured 1.00 (71/71); training data for the model
MIN_READER_TEST = 0.65  # measured 0.66 (66/100); all-neutral 0.57; rules alone 0.66
MIN_READER_TEST_SIDES = 0.75  # measured 0.79 (11 of 14 named sides right); rules 0.71
MIN_READER_TEST2 = 0.72  # measured 0.74 (31/42); all-neutral 0.67; rules alone 0.74
MIN_READER_TEST_ALL_SIDES = 0.8  # measured 0.82 (14 of 17) on both test parts; rules 0.73


def _real() -> dict:
    with REAL_FILE.open("rb") as handle:
        return tomllib.load(handle)


def test_real_texts_are_saved_as_scraped_with_their_url(store):
    real = _real()
    sources = {s["slug"]: s for s in real["source"]}
    assert len(sources) >= 22 and len(real["sentence"]) >= 260
    with SEEDS_SOURCES.open("rb") as handle:
        shipped = tomllib.load(handle)["source"]
    titles = {s[key].casefold() for s in shipped for key in ("title", "page_title") if key in s}
    for slug, source in sources.items():
        head, _, body = (TEXTS_DIR / f"{slug}.txt").read_text(encoding="utf-8").partition("\n\n")
        lines = dict(line.split(": ", 1) for line in head.splitlines())
        assert lines["url"] == source["url"] and lines["title"] and lines["kind"]
        assert lines["title"].casefold() not in titles  # not one of the shipped readings
        assert body.strip()
    corpus = " ".join(p.text for p in store.passages())
    for row in real["sentence"]:
        assert row["text"] not in corpus
        body = (TEXTS_DIR / f"{row['source']}.txt").read_text(encoding="utf-8")
        # as scraped, but a sentence may run over the page's line breaks
        assert " ".join(row["text"].split()) in " ".join(body.partition("\n\n")[2].split())
        assert row["label"] in STANCES


def test_real_sentences_are_split_by_text():
    real = _real()
    split = {s["slug"]: s["split"] for s in real["source"]}
    texts = {name: [s for s, part in split.items() if part == name] for name in SPLITS}
    held_out = len(texts["test"]) + len(texts["test2"])  # the two test parts, never tuned on
    assert all(texts.values()) and held_out >= 0.2 * len(split)
    for name in SPLITS:  # every split has sentences of every label
        labels = {r["label"] for r in real["sentence"] if split[r["source"]] == name}
        assert labels == set(STANCES), name


SPLITS = ("train", "dev", "test", "test2")


def _rows(name: str) -> list[tuple[str, str]]:
    real = _real()
    split = {s["slug"]: s["split"] for s in real["source"]}
    return [(r["text"], r["label"]) for r in real["sentence"] if split[r["source"]] == name]


def test_the_reader_keeps_the_readings(store):
    labels = _labels()
    right = sum(read(store.passage(row["id"]).text).stance == row["label"] for row in labels)
    assert right / len(labels) >= MIN_READER_READINGS, f"{right}/{len(labels)}"


def test_the_reader_on_the_test_texts_beats_all_neutral_and_the_rules():
    rows = _rows("test")
    found = [(label, read(text).stance) for text, label in rows]
    accuracy = sum(label == stance for label, stance in found) / len(rows)
    baseline = sum(label == NEUTRAL for _, label in rows) / len(rows)
    rules = sum(classify(text)[0] == label for text, label in rows) / len(rows)
    assert accuracy >= MIN_READER_TEST > baseline, f"test accuracy {accuracy:.2f}"
    # the reader ties the rules on accuracy (66/100) but names sides more precisely
    assert accuracy >= rules
    sides = [(label, stance) for label, stance in found if stance != NEUTRAL]
    assert sum(a == b for a, b in sides) / len(sides) >= MIN_READER_TEST_SIDES
    rule_sides = [(y, classify(t)[0]) for t, y in rows if classify(t)[0] != NEUTRAL]
    assert sum(a == b for a, b in rule_sides) / len(rule_sides) < MIN_READER_TEST_SIDES


def test_the_reader_on_the_second_test_texts():
    rows = _rows("test2")
    found = [(label, read(text).stance) for text, label in rows]
    accuracy = sum(label == stance for label, stance in found) / len(rows)
    baseline = sum(label == NEUTRAL for _, label in rows) / len(rows)
    assert accuracy >= MIN_READER_TEST2 > baseline, f"test2 accuracy {accuracy:.2f}"
    both = [(label, read(text).stance) for text, label in _rows("test") + rows]
    sides = [(label, stance) for label, stance in both if stance != NEUTRAL]
    right = sum(a == b for a, b in sides)
    assert right / len(sides) >= MIN_READER_TEST_ALL_SIDES, f"{right} of {len(sides)}"


def test_a_reading_says_how_sure_and_why():
    reading = read("Millions of prisoners were freed from the camps after 1953.")
    assert reading.stance == SINCERE and 0.5 < reading.confidence <= 1
    assert reading.reasons[0].startswith(f"sincere (confidence {reading.confidence:.2f})")
    assert "“freed”" in reading.reasons[0]  # the model's weightiest word, not a stopword
    assert any("reads as sincere" in r for r in reading.reasons[1:])  # the students' cue
    assert reading.as_dict() == {
        "stance": SINCERE,
        "confidence": round(reading.confidence, 3),
        "reasons": list(reading.reasons),
    }


def test_the_model_words_add_up_to_its_embedding_logit():
    from bot.stance import _features, _model

    model = _model.load()
    found = _features.features("He used the speech to sideline his rivals.")
    k = model.classes.index(POLITICAL)
    per_token = found.tokens @ model.embedding_weights[k] * found.pool_scale
    assert per_token.sum() == pytest.approx(model.embedding_weights[k] @ found.embedding, abs=1e-4)


def test_below_the_threshold_a_side_is_not_named():
    import dataclasses

    import numpy as np

    from bot.stance import _model

    strict = dataclasses.replace(_model.load(), threshold=0.9)
    probabilities = np.zeros(3)
    probabilities[strict.classes.index(POLITICAL)] = 0.8
    probabilities[strict.classes.index(NEUTRAL)] = 0.2
    assert _model.decide(strict, probabilities) == (NEUTRAL, pytest.approx(0.2))
    probabilities[strict.classes.index(POLITICAL)] = 0.95
    assert _model.decide(strict, probabilities)[0] == POLITICAL


def test_the_shipped_model_is_what_training_gives():
    from bot.stance import _model, train

    trained = train.train(train.labelled_sets())
    shipped = _model.load()
    assert (trained.threshold, trained.temperature) == (shipped.threshold, shipped.temperature)
    assert trained.facts == shipped.facts
    assert np.allclose(trained.embedding_weights, shipped.embedding_weights, atol=1e-3)
    assert np.allclose(trained.named_weights, shipped.named_weights, atol=1e-3)


def test_wordllama_loads_from_its_wheel_without_the_network(monkeypatch):
    import socket

    from bot import meaning
    from bot.stance import _features

    def refuse(*args, **kwargs):
        raise AssertionError("stance tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(meaning, "_model", None)  # load again, with the network refused
    assert _features.features("The thaw began.").embedding.shape == (_features.dimension(),)
    assert meaning._model is not None  # the one model search and stance share


@pytest.mark.parametrize(
    "text", ["", "   ", "\x00\x01\x1b", "\ud800 lone", "x" * 1_000_000, "🙂" * 50, "<@everyone>"]
)
def test_any_text_gets_a_reading(text):
    reading = read(text)
    assert reading.stance in STANCES and 0 <= reading.confidence <= 1 and reading.reasons
    json.dumps(reading.as_dict(), ensure_ascii=False).encode("utf-8")  # printable, no surrogate


@pytest.mark.parametrize(
    ("argv", "stdin", "status", "needle"),
    [
        (["stance", ""], "", 2, "no text to read"),
        (["stance", "\x01\x02\x7f"], "", 2, "no text to read"),
        (["stance", "-"], "x " * 600_000, 2, "longer than 20,000"),
        (["stance", "-"], "Prisoners were freed.", 0, ""),
        (["stance", "a \udcff b"], "", 0, ""),
    ],
)
def test_the_stance_command_line(monkeypatch, capsys, argv, stdin, status, needle):
    import io

    from console.cli import main

    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(stdin.encode())))
    assert main([*argv, "--json"]) == status
    captured = capsys.readouterr()
    if status:
        assert needle in captured.err and not captured.out
    else:
        data = json.loads(captured.out)
        assert set(data) == {"stance", "confidence", "reasons"}
        assert data["stance"] in STANCES and 0 <= data["confidence"] <= 1


def test_the_stance_command_as_a_process():
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "bot", "stance", "--json", "The speech served his rivalry."],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["stance"] in STANCES
    assert "Traceback" not in done.stderr
