"""Which leader a passage is about decides its /compare side."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("passage_id", "subject"),
    [
        ("listenit-003", "stalin"),  # "Stalin's leadership was..."
        ("listenit-006", "khrushchev"),  # "He lacked Stalin's ...": he is Khrushchev
        ("listenit-018", "stalin"),  # "His actions ..." after Stalin's legacy
        ("listenit-020", "khrushchev"),  # "While he avoided ..."
        ("listenit-015", "stalin"),
        ("listenit-016", "khrushchev"),
        ("listenit-021", None),  # "both Stalin and Khrushchev"
        ("mycustomessay-007", "khrushchev"),  # results of de-Stalinization
        ("condemnation-002", "khrushchev"),  # "Khrushchev condemned many of Stalin's actions"
        ("globalsecurity-014", "khrushchev"),  # "A product of the Stalin era, he ..."
        ("globalsecurity-015", "khrushchev"),
        ("liu-003", "khrushchev"),  # "Under Khrushchev, ..."
        ("liu-007", "khrushchev"),  # "officials, who also served under Stalin"
    ],
)
def test_subject(store, passage_id, subject):
    assert store.passage(passage_id).subject == subject
