"""The sentence splitter on scholarly prose as students and sites write it."""

from __future__ import annotations

import pytest

from bot.corpus.sentences import split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Reforms came (Freeze, p. 408). The best of them freed prisoners.", 2),
        ("See pp. 12-14 of vol. 2 for it. Then more.", 2),
        ("He was born ca. 1894 in Kalinovka. He died in 1971.", 2),
        ("As Smith et al. show, cf. Jones, it was so. Next.", 2),
        ("N. S. Khrushchev spoke. He was heard in silence.", 2),
        ("Stalingrad was renamed to Volgograd.[2] Khrushchev did it.", 2),
        ("It suppressed opposition. (Merriman, 2010:954) This was noticed.", 2),
        ("The “excesses and “errors” were many (Freeze). Some reforms followed.", 2),
        ("“Millions knew about these things, but millions did not know. And we were", 2),
        ("He said “Stalin did it. We condemned him.” Then left.", 2),
    ],
)
def test_sentences(text, expected):
    assert len(split_sentences(text)) == expected, split_sentences(text)


def test_a_citation_after_the_stop_stays_with_its_sentence():
    first, second = split_sentences(
        "It suppressed opposition. (Merriman, 2010:954) This was noticed."
    )
    assert first == "It suppressed opposition. (Merriman, 2010:954)"
    assert second == "This was noticed."
