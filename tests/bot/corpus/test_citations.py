"""In-text citations and their resolution against each reading's works-cited list."""

from __future__ import annotations

import pytest

from bot.corpus.citations import CitationContext, find_citations

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


MORE = [
    "Freeze, Gregory. Russia: A History. Oxford University Press, 2009.",
    "The Guardian. “Khrushchev's secret speech.” 2006.",
    "Hunt, Michael H. (2015). The world transformed. p. 153.",
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("reforms came (Freeze, p. 408).", [("Freeze, p. 408", "Freeze")]),
        ("reforms came (Freeze pp. 408-410).", [("Freeze pp. 408-410", "Freeze")]),
        ("released (Siegelbaum).", [("Siegelbaum", None)]),
        ("released (Prisoners Return).", [("Prisoners Return", None)]),
        ("a novel (“The Thaw”).", [("“The Thaw”", None)]),
        ("shocked (The Guardian, 2006).", [("The Guardian, 2006", "The Guardian")]),
        ("the world (Hunt 2015, 153).", [("Hunt 2015, 153", "Hunt")]),
        ("a dictator. (Trotsky in Davies, 1997:960)", [("Trotsky in Davies, 1997:960", None)]),
        ("power,[3] and", [("[3]", "Hunt")]),
        ("power,[9] and", [("[9]", None)]),
        ("Freeze writes on page 410 that it ended.", [("Freeze writes on page 410", "Freeze")]),
        ("On page 410, Freeze writes that", [("On page 410, Freeze writes", "Freeze")]),
        ("Lenin wrote down his thoughts.", []),
        ("superpowers (USA and USSR) could, without war (peacefully).", []),
        ("the party (CPSU).", []),
        ("an old (1850s) building", []),
    ],
)
def test_more_citation_forms(text, expected):
    got = [
        (r.in_text, r.entry.split(",")[0].split(".")[0] if r.entry else None)
        for r in find_citations(text, MORE)
    ]
    assert got == expected


def test_page_only_belongs_to_the_author_cited_last():
    context = CitationContext()
    find_citations("It was so (Freeze, p. 408).", MORE, context)
    refs = find_citations("prisoners were released” (415).", MORE, context)
    assert [(r.in_text, r.entry is not None) for r in refs] == [("Freeze 415", True)]
    alone = find_citations("prisoners were released” (415).", MORE, CitationContext())
    assert [(r.in_text, r.entry) for r in alone] == [("415", None)]


def test_narrative_citation_of_an_author_the_reading_cites():
    context = CitationContext()
    assert find_citations("As Dobson notes, it failed.", MORE, context) == []
    find_citations("It failed (Dobson 12).", MORE, context)
    refs = find_citations("As Dobson notes, it failed.", MORE, context)
    assert [r.in_text for r in refs] == ["As Dobson notes"]
