"""In-text citations and their resolution against each reading's works-cited list."""

from __future__ import annotations

import pytest

from bot.corpus.citations import find_citations

WORKS = [
    "Kort, Michael. *The Soviet Colossus*. 1996.",
    "Thackeray, Frank. *Events*. Print.",
    "Wood, Robert. Web.",
    "Ostrow, Joel M. Politics in Russia. 2013.",
    "Siegelbaum, Lewis. “1954” Seventeen Moments in Soviet History.",
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("as it was (Kort 294).", [("Kort 294", "Kort")]),
        ("(Wood; Thackeray 182).", [("Wood", "Wood"), ("Thackeray 182", "Thackeray")]),
        ("(Dallin qtd. in Ostrow, 118)", [("Dallin qtd. in Ostrow, 118", "Ostrow")]),
        ("(Seventeen Moments).", [("Seventeen Moments", "Siegelbaum")]),
        ("(Freeze, 408).", [("Freeze, 408", None)]),
        ("(Hosking 346)", [("Hosking 346", None)]),
        ("in (1956) and (NKVD, later KGB) and (partial)", []),
        ("(e.g. the Virgin Lands policy)", []),
    ],
)
def test_find_citations(text, expected):
    got = [
        (r.in_text, r.entry.split(",")[0] if r.entry else None) for r in find_citations(text, WORKS)
    ]
    assert got == expected


def test_resolved_in_the_real_corpus(store):
    p = store.passage("mycustomessay-016")
    assert [r.in_text for r in p.references] == ["Wood", "Thackeray 182"]
    assert p.references[1].entry.startswith("Thackeray, Frank.")
    p = store.passage("condemnation-007")
    assert len(p.references) == 2  # two Seventeen Moments pages; both are listed
