"""Stalin and Khrushchev side by side on a theme, each side backed by cited passages."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot import cards
from bot.actions import Context, action, command
from bot.errors import BadInput, NotFound
from bot.models import Comparison, Hit, TableRow
from bot.presentation import Reply
from bot.search import SearchEngine
from bot.text import fold


@dataclass(frozen=True, slots=True)
class Theme:
    """A comparison theme: what to search for, the words students use for it, table rows."""

    name: str
    query: str
    synonyms: tuple[str, ...]
    table_features: tuple[str, ...] = ()


THEMES: tuple[Theme, ...] = (
    Theme(
        "leadership style",
        "leadership style authoritarian cult personality fear demagogic image",
        ("leadership", "style", "personality", "cult", "rule", "governing", "dictator"),
        ("Leadership Style",),
    ),
    Theme(
        "secret police",
        "secret police KGB NKVD security police legality",
        ("police", "kgb", "nkvd", "mvd", "security", "chekists", "spies"),
    ),
    Theme(
        "agriculture",
        "agriculture collectivization collective farms virgin lands grain peasants famine",
        (
            "farming",
            "farms",
            "farm",
            "peasants",
            "collectivization",
            "virgin lands",
            "grain",
            "food",
        ),
        ("Domestic Policies",),
    ),
    Theme(
        "foreign policy",
        "foreign policy West Cold War coexistence expansion Cuba Berlin",
        ("foreign", "cold war", "west", "diplomacy", "international", "coexistence", "cuba"),
        ("Foreign Policy",),
    ),
    Theme(
        "censorship and culture",
        "censorship culture arts artistic intellectual thaw expression",
        (
            "censorship",
            "culture",
            "the arts",
            "arts",
            "art",
            "writers",
            "intellectuals",
            "thaw",
            "free speech",
            "media",
        ),
    ),
    Theme(
        "terror",
        "terror purge repression executions fear brutal punishment",
        ("terror", "purges", "great purge", "repression", "executions", "violence", "fear"),
        ("Social Impact",),
    ),
    Theme(
        "legacy",
        "legacy shaped history impact remembered",
        ("legacy", "impact", "remembered", "reputation", "historical significance"),
    ),
    Theme(
        "economy",
        "economy economic industrialization industry consumer goods living standards",
        ("economy", "economics", "industry", "industrialization", "living standards", "wealth"),
        ("Economic Focus",),
    ),
    Theme(
        "religion",
        "church priest Orthodox religion persecution",
        ("religion", "church", "orthodox", "priests", "faith", "god"),
    ),
    Theme(
        "the gulag",
        "camps prisoners labor camps gulag release rehabilitation amnesty",
        (
            "gulag",
            "camps",
            "labour camps",
            "labor camps",
            "prisoners",
            "zeks",
            "amnesty",
            "rehabilitation",
        ),
    ),
)
PER_SIDE = 6
_PUNCTUATION = re.compile(r"[^\w\s]")  # "KGB?" is still the secret police
MATCH_CUTOFF = 85
MAX_FALLBACK_THEME = 80  # fits a paging button's custom_id whole
MIN_FUZZY_LABEL = 4
MAX_CONTAINING_WORDS = 4
RELEVANCE_FLOOR = 0.4


def theme_names() -> list[str]:
    """The themes in display order, for autocomplete and help."""
    return [theme.name for theme in THEMES]


def find_theme(text: str) -> Theme | None:
    """The theme a student means, or None (then /compare searches and says so).

    In order: a theme's name or synonym; the whole text as a close misspelling of one
    (one or two letters off); a short text (up to four words) that contains one as
    whole words ("soviet agriculture"). Anything looser guessed wrong too often.
    """
    wanted = " ".join(_PUNCTUATION.sub(" ", fold(text)).split())
    wanted = wanted.removeprefix("the ") if wanted != "the arts" else wanted
    if not wanted:
        return None
    labels = {label: theme for theme in THEMES for label in (theme.name, *theme.synonyms)}
    if wanted in labels:
        return labels[wanted]
    long_labels = [label for label in labels if len(label) >= MIN_FUZZY_LABEL]
    best = process.extractOne(wanted, long_labels, scorer=fuzz.ratio, score_cutoff=MATCH_CUTOFF)
    if best:
        return labels[best[0]]
    if len(wanted.split()) <= MAX_CONTAINING_WORDS:
        padded = f" {wanted} "
        inside = [label for label in long_labels if f" {label} " in padded]
        if inside:
            return labels[max(inside, key=len)]
    return None


def compare(
    engine: SearchEngine, text: str, per_side: int = PER_SIDE, server: int | None = None
) -> Comparison:
    """Both leaders on a theme; an unknown theme falls back to a search and says so.

    ``server``: the guild whose readings are compared (None: the shared view)."""
    theme = find_theme(text)
    query = theme.query if theme else text
    hits = engine.search(query, limit=50, server=server).hits
    stalin = _side(hits, "stalin", per_side)
    khrushchev = _side(hits, "khrushchev", per_side)
    table = _table_rows(engine.store.table_rows(), theme)
    return Comparison(
        theme=theme.name if theme else " ".join(text.split())[:MAX_FALLBACK_THEME],
        stalin=stalin,
        khrushchev=khrushchev,
        table=table,
        fallback=theme is None,
    )


def _side(hits: tuple[Hit, ...], leader: str, limit: int) -> tuple[Hit, ...]:
    """The leader's passages among the hits, dropping weak ones against that side's best.

    Each side is judged on its own: one leader may have fewer passages on a theme.
    """
    mine = [hit for hit in hits if hit.passage.subject == leader]
    if not mine:
        return ()
    floor = RELEVANCE_FLOOR * mine[0].score
    return tuple(hit for hit in mine if hit.score >= floor)[:limit]


def _table_rows(rows: list[TableRow], theme: Theme | None) -> tuple[TableRow, ...]:
    if theme is None:
        return ()
    return tuple(row for row in rows if row.feature in theme.table_features)


def compare_reply(
    engine: SearchEngine, text: str, page: int = 0, server: int | None = None
) -> Reply:
    """The /compare answer for a theme a student typed (any text is accepted)."""
    cleaned = (text or "").strip()
    if not cleaned:
        raise BadInput(f"Name a theme, e.g. {', '.join(theme_names()[:4])}.")
    comparison = compare(engine, cleaned[:200], server=server)
    if not comparison.stalin and not comparison.khrushchev:
        themes = ", ".join(theme_names()[:5])
        raise NotFound(f"Nothing in the readings matches “{comparison.theme}”. Try {themes}.")
    return cards.compare_reply(comparison, page=page)


def theme_suggestions(typed: str) -> list[str]:
    """Theme names for autocomplete: all of them, or those close to what was typed."""
    wanted = fold(typed or "").strip()
    if not wanted:
        return theme_names()
    labels = {label: t.name for t in THEMES for label in (t.name, *t.synonyms)}
    found = process.extract(wanted, list(labels), scorer=fuzz.WRatio, limit=25, score_cutoff=50)
    return list(dict.fromkeys(labels[label] for label, _s, _i in found))


@action("compare:page")
def _page(ctx: Context, parts: list[str]) -> Reply:
    page, theme = int(parts[0]), ":".join(parts[1:])
    reply = compare_reply(ctx.services.search, theme, page, server=ctx.guild_id or None)
    reply.edit = True
    return reply


@command("/compare", "/compare agriculture")
def _compare_command(ctx: Context, text: str) -> Reply:
    return compare_reply(ctx.services.search, text, server=ctx.guild_id or None)
