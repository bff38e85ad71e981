"""A fact's theme is one of /compare's themes only on clear evidence, else "general"."""

from __future__ import annotations

import pytest

from bot.compare import THEMES
from bot.facts._themes import GENERAL_THEME, theme_of


@pytest.mark.parametrize(
    ("fact_id", "theme"),
    [
        ("fact-listenit-012-1", "foreign policy"),
        ("fact-liu-004-1", "secret police"),
        ("fact-globalsecurity-002-2", "the gulag"),
        ("fact-globalsecurity-003-1", "the gulag"),
        ("fact-mycustomessay-014-2", "terror"),
        ("fact-listenit-021-1", "leadership style"),
        # QA: "reputation" is not a legacy, a personality cult report is no leadership style
        ("fact-mycustomessay-014-1", GENERAL_THEME),
        ("fact-globalsecurity-005-1", GENERAL_THEME),
        ("fact-mycustomessay-001-1", GENERAL_THEME),
        ("fact-globalsecurity-014-3", GENERAL_THEME),  # "the Soviet leadership": the leaders
        ("fact-liu-003-1", GENERAL_THEME),  # "security of wealth": neither police nor economy
    ],
)
def test_themes_of_the_facts(facts, fact_id, theme):
    assert next(f for f in facts if f.id == fact_id).theme == theme


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("Stalin's legacy is one of immense tragedy.", "legacy"),  # the theme's own name
        ("Khrushchev opened the camps to special commissions.", "the gulag"),  # a synonym
        # economy ("living standards") and culture weigh the same: no clear theme
        (
            "Khrushchev’s ushered in an era De-Stalinization, marked by a liberalization of "
            "culture and greater freedoms for Soviet citizens and improved living standards.",
            GENERAL_THEME,
        ),
        ("Molotov saw his reputation spoilt by his close relationship with Stalin.", GENERAL_THEME),
        ("Pospelov prepared a report about Stalin's personality cult.", GENERAL_THEME),
        ("Khrushchev spoke of the war in 1956.", GENERAL_THEME),  # one search word is not enough
    ],
)
def test_theme_of_needs_clear_evidence(text, theme):
    assert theme_of(text) == theme


def test_every_theme_is_a_known_one(facts):
    known = {theme.name for theme in THEMES} | {GENERAL_THEME}
    assert {f.theme for f in facts} <= known
    assert isinstance(GENERAL_THEME, str)
