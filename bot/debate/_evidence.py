"""Evidence: checking cited passage ids, and suggesting the strongest passages for a side.

Suggestions use each passage's stance on the motion (``bot.stance``): a passage is only
suggested to the side it reads for, ranked by how strongly its cues point that way (and,
with a theme, by how well it matches the search).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.corpus.ids import PASSAGE_ID_IN_TEXT, canonical_passage_id
from bot.debate._models import OTHER_SIDE, SIDES, Evidence, Suggestion
from bot.errors import BadInput, NotAllowed, NotFound
from bot.models import Passage, Source
from bot.presentation import fit
from bot.search import SearchEngine
from bot.stance import signals_of
from bot.store import Store

MAX_EVIDENCE = 3  # per argument: keeps an argument card within Discord's limits
CHOICES = 25
RELEVANCE_WEIGHT = 3.0
_SPLIT = re.compile(r"[\s,;]+")
# A passage id is a reading's id and a number (``listenit-010``); typed, the number may
# lose its leading zeros (``listenit-10``), and an id may sit anywhere in a sentence.
# The patterns are bot.corpus.ids' (the one documented id pattern).
_MARKS = {"sincere": "S", "political": "P", "neutral": "·"}


def parse_ids(evidence: str | Sequence[str] | None) -> list[str]:
    """Passage ids from what a student typed ("listenit-010, liu-007"), in order, once each."""
    if evidence is None:
        return []
    items = [evidence] if isinstance(evidence, str) else list(evidence)
    ids: list[str] = []
    for item in items:
        for token in _SPLIT.split(item or ""):
            token = token.strip().strip("[]()").lower()
            if token and token not in ids:
                ids.append(token)
    if len(ids) > MAX_EVIDENCE:
        raise BadInput(f"Cite at most {MAX_EVIDENCE} passages in one argument.")
    return ids


def resolve(store: Store, passage_id: str) -> Passage:
    """The passage an id names, also when its number was typed without leading zeros."""
    try:
        return store.passage(passage_id)
    except NotFound:
        padded = canonical_passage_id(passage_id)
        if padded is None or padded == passage_id.strip().lower():
            raise
        try:
            return store.passage(padded)
        except NotFound:
            raise NotFound(f"No passage has the id “{fit(passage_id, 40)}”.") from None


def ids_in_text(store: Store, *texts: str) -> list[str]:
    """The ids of existing passages named anywhere in typed text, in order, once each."""
    found: list[str] = []
    for text in texts:
        for token in (m.group(0) for m in PASSAGE_ID_IN_TEXT.finditer(text or "")):
            try:
                passage_id = resolve(store, token).id
            except NotFound:
                continue  # a word like "covid-19" is not a citation
            if passage_id not in found:
                found.append(passage_id)
    return found


def validate(store: Store, ids: Sequence[str], server: int | None = None) -> list[Evidence]:
    """A word-for-word snapshot of each passage; NotFound names every id that does not exist.

    With ``server``, a passage of a reading another server added is refused by name."""
    found: list[Evidence] = []
    bad: list[str] = []
    hidden = store.hidden_sources(server) if server else frozenset()
    for passage_id in ids:
        try:
            passage = resolve(store, passage_id)
        except NotFound:
            bad.append(passage_id)
            continue
        if passage.source in hidden:
            raise NotAllowed(
                f"{passage.id} is from a reading another server added: cite a passage "
                "from this server's readings."
            )
        if all(item.passage_id != passage.id for item in found):
            found.append(Evidence.of(passage, reading_entry(store.source(passage.source))))
    if bad:
        listed = ", ".join(f"“{fit(b, 40)}”" for b in bad)
        raise NotFound(
            f"No passage has the id {listed}. Ids look like listenit-014: pick them from "
            "the list as you type, or find them with /debate evidence or /quote."
        )
    return found


def reading_entry(source: Source) -> str:
    """The reading as a works-cited entry: author, title, kind, site, date."""
    kind = source.kind[:1].upper() + source.kind[1:]
    where = ", ".join(part for part in (kind, source.site, source.date) if part)
    title = source.title if source.title[-1:] in "?!." else f"{source.title}."
    return f"{source.author}. “{title}” {where}."


def strength(passage: Passage, side: str) -> float:
    """How strongly the passage's cues read for ``side`` (minus those for the other side)."""
    signals = signals_of(passage.text)
    return sum(s.weight for s in signals if s.side == side) - sum(
        s.weight for s in signals if s.side == OTHER_SIDE[side]
    )


def suggest(
    store: Store,
    engine: SearchEngine,
    side: str,
    theme: str = "",
    limit: int = 5,
    server: int | None = None,
) -> list[Suggestion]:
    """The strongest passages for a side, optionally on a theme ("secret speech"), from
    the readings ``server`` sees (built-in, shared and its own; None: the shared view)."""
    if side not in SIDES:
        raise BadInput("Pick a side: Sincere or Political.")
    theme = (theme or "").strip()
    if theme:
        hits = engine.search(theme, limit=50, server=server).hits
        candidates = [(hit.passage, hit.score) for hit in hits]
    else:
        candidates = [(passage, 0.0) for passage in store.visible_passages(server)]
    ranked = [
        Suggestion(p, strength(p, side) + RELEVANCE_WEIGHT * relevance, p.stance_reasons)
        for p, relevance in candidates
        if p.stance == side
    ]
    ranked.sort(key=lambda s: -s.score)
    return ranked[: max(1, limit)]


def choices(
    store: Store, engine: SearchEngine, side: str | None, typed: str, server: int | None = None
) -> list[tuple[str, str]]:
    """Autocomplete (label, passage id): passages for the speaker's side first, from the
    readings ``server`` sees."""
    typed = (typed or "").strip()
    if typed:
        found = engine.search(typed, limit=CHOICES, prefix=True, server=server).hits
        passages = [hit.passage for hit in found]
    elif side in SIDES:
        passages = [s.passage for s in suggest(store, engine, side, limit=CHOICES, server=server)]
    else:
        passages = store.visible_passages(server)[:CHOICES]
    if side in SIDES:
        passages.sort(key=lambda p: p.stance != side)  # stable: keeps the search order
    return [(choice_label(p), p.id) for p in passages[:CHOICES]]


def choice_label(passage: Passage) -> str:
    """``listenit-010 [S] Khrushchev, while pursuing…`` within Discord's 100 characters."""
    return fit(f"{passage.id} [{_MARKS.get(passage.stance, '·')}] {passage.text}", 100)
