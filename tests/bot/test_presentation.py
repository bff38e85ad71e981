"""Cards always fit Discord's limits; long text is cut at a sentence, never mid-word."""

from __future__ import annotations

import pytest

from bot import cards, limits
from bot.compare import compare
from bot.presentation import Card, Field, fit, fit_card

LONG = "First sentence is here. " * 300


@pytest.mark.parametrize("limit", [50, 100, 1024, 4096])
def test_fit_cuts_at_a_sentence(limit):
    cut = fit(LONG, limit)
    assert len(cut) <= limit
    assert cut.endswith("here. …")


def test_fit_cuts_at_a_word_when_there_is_no_sentence():
    cut = fit("word " * 100, 30)
    assert len(cut) <= 30 and cut.endswith("word …")


def test_fit_adds_a_way_to_read_on():
    cut = fit(LONG, 200, read_on="(more: /quote x-001)")
    assert cut.endswith("… (more: /quote x-001)") and len(cut) <= 200


def test_fit_card_respects_every_limit():
    card = Card(
        title="T" * 400,
        description=LONG * 2,
        fields=[Field("N" * 300, LONG) for _ in range(40)],
        footer="F" * 3000,
    )
    fitted = fit_card(card)
    assert len(fitted.title) <= limits.TITLE
    assert len(fitted.description) <= limits.DESCRIPTION
    assert len(fitted.fields) <= limits.FIELDS
    assert all(len(f.name) <= limits.FIELD_NAME for f in fitted.fields)
    assert all(len(f.value) <= limits.FIELD_VALUE for f in fitted.fields)
    assert len(fitted.footer) <= limits.FOOTER
    assert fitted.total() <= limits.EMBED_TOTAL


def test_every_passage_card_fits(store):
    for passage in store.passages():
        card = cards.passage_card(passage)
        assert card.total() <= limits.EMBED_TOTAL
        assert passage.text in card.description  # word for word, never cut


@pytest.mark.parametrize("theme", ["terror", "legacy", "the gulag", "foreign policy"])
def test_compare_cards_fit(engine, theme):
    reply = cards.compare_reply(compare(engine, theme))
    card = reply.cards[0]
    assert card.total() <= limits.EMBED_TOTAL
    assert all(len(f.value) <= limits.FIELD_VALUE for f in card.fields)
    assert all(len(b.custom_id) <= limits.CUSTOM_ID for b in reply.buttons)


def test_quote_buttons_fit(engine):
    hits = engine.search("secret speech", limit=10).hits
    reply = cards.quote_reply(hits, 0, "abcdef123456", None)
    assert len(reply.buttons) <= limits.BUTTONS_PER_ROW * limits.ROWS
    assert reply.buttons[0].disabled  # no previous match on the first
