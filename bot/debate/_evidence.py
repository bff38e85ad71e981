"""Evidence: checking cited passage ids, and suggesting the strongest passages for a side.

Suggestions use each passage's stance on the motion (``bot.stance``): a passage is only
suggested to the side it reads for, ranked by how strongly its cues point that way (and,
with a theme, by how well it matches the search).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot import marks
from bot.corpus.ids import PASSAGE_ID_IN_TEXT, canonical_passage_id
from bot.debate._models import (
    CUSTOM_SIDES,
    OTHER_SIDE,
    SIDE_LABELS,
    SIDES,
    Debate,
    Evidence,
    Suggestion,
)
from bot.errors import BadInput, NotAllowed, NotFound
from bot.models import Passage, Source
from bot.presentation import fit
from bot.search import SearchEngine
from bot.stance import signals_of
from bot.store import Store

MAX_EVIDENCE = 3  # per argument: keeps an argument card within Discord's limits
CHOICES = 25
RELEVANCE_WEIGHT = 3.0
MARK_WEIGHT = 100.0  # a teacher's mark ranks above any reader's guess
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
    guild_id: int | None = None,
    debate: Debate | None = None,
) -> list[Suggestion]:
    """The strongest passages for a side, optionally on a theme ("secret speech").

    On the built-in motion: by the passage's stance, the server's teacher's marks
    winning over the stance reader. On a custom motion (``debate``): by relevance to the
    motion and the side's claim, stance only where a teacher marked the passage for it.
    """
    if side not in SIDES:
        raise BadInput("Pick one of the two sides.")
    theme = (theme or "").strip()
    if debate is not None and not debate.builtin:
        return _by_relevance(store, engine, side, theme, limit, guild_id, debate)
    marked = marks.marks_for(store, guild_id)
    if theme:
        hits = engine.search(theme, limit=50, server=guild_id).hits
        candidates = [(hit.passage, hit.score) for hit in hits]
    else:
        shown = store.visible_passages(guild_id or None)  # built-in, shared and its own
        candidates = [(passage, 0.0) for passage in shown]
    for passage_id in marked:  # a marked passage is a candidate even off the theme
        if all(p.id != passage_id for p, _ in candidates):
            candidates.append((resolve(store, passage_id), 0.0))
    ranked = []
    for p, relevance in candidates:
        found = marked.get(p.id)
        if (found.stance if found else p.stance) != side:
            continue
        score = strength(p, side) + RELEVANCE_WEIGHT * relevance + (MARK_WEIGHT if found else 0)
        ranked.append(Suggestion(p, score, p.stance_reasons, marked=found is not None))
    ranked.sort(key=lambda s: -s.score)
    return ranked[: max(1, limit)]


def claim_query(debate: Debate, side: str, theme: str = "") -> str:
    """What a custom motion's evidence is searched with: the motion, the side's own name
    (unless it is a bare For / Against, which says nothing) and any theme."""
    name = debate.label(side)
    words = [debate.motion, "" if name in CUSTOM_SIDES else name, theme]
    return " ".join(w for w in words if w)


def _by_relevance(
    store: Store,
    engine: SearchEngine,
    side: str,
    theme: str,
    limit: int,
    guild_id: int | None,
    debate: Debate,
) -> list[Suggestion]:
    """A custom motion's evidence: the passages the search ranks highest for the motion and
    the side's claim; a passage its teacher marked for this side first, one marked for the
    other side (or neutral) left out."""
    marked = marks.marks_for(store, guild_id, debate.motion)
    hits = engine.search(claim_query(debate, side, theme), limit=50, server=guild_id).hits
    found: list[Suggestion] = []
    for passage_id, mark in marked.items():
        if mark.stance == side:
            found.append(Suggestion(resolve(store, passage_id), MARK_WEIGHT, (), marked=True))
    for hit in hits:
        if hit.passage.id in marked:
            continue
        terms = ", ".join(hit.matched_terms[:4])
        why = (f"matches {terms}",) if terms else ("close in meaning to the motion",)
        found.append(Suggestion(hit.passage, hit.score, why))
    return found[: max(1, limit)]


def choices(
    store: Store,
    engine: SearchEngine,
    side: str | None,
    typed: str,
    debate: Debate | None = None,
    guild_id: int | None = None,
) -> list[tuple[str, str]]:
    """Autocomplete (label, passage id): passages for the speaker's side first, from the
    readings the debate's server (else ``guild_id``) sees."""
    typed = (typed or "").strip()
    guild_id = debate.guild_id if debate else guild_id
    builtin = debate is None or debate.builtin
    if typed:
        hits = engine.search(typed, limit=CHOICES, prefix=True, server=guild_id).hits
        passages = [hit.passage for hit in hits]
    elif side in SIDES:
        found = suggest(store, engine, side, limit=CHOICES, guild_id=guild_id, debate=debate)
        passages = [s.passage for s in found]
    else:
        passages = store.visible_passages(guild_id or None)[:CHOICES]
    motion = debate.motion if debate is not None and not builtin else None
    marked = marks.marks_for(store, guild_id, motion)
    reads: dict[str, str] = {pid: found.stance for pid, found in marked.items()}
    if builtin:  # elsewhere stance counts only where a teacher marked the passage for it
        reads = {p.id: reads.get(p.id, p.stance) for p in passages}
    if side in SIDES:
        passages.sort(key=lambda p: reads.get(p.id) != side)  # stable: keeps the search order
    names = debate.names if debate else None
    return [(choice_label(p, reads.get(p.id), names), p.id) for p in passages[:CHOICES]]


def choice_label(
    passage: Passage, stance: str | None = "", names: dict[str, str] | None = None
) -> str:
    """``listenit-010 [S] Khrushchev, while pursuing…`` within Discord's 100 characters.

    ``stance``: how the passage reads ("" for its own stance, None: not known, no mark);
    ``names``: a custom motion's sides, whose initial marks the passage instead of S / P.
    """
    reads = passage.stance if stance == "" else stance
    if reads is None:
        return fit(f"{passage.id} {passage.text}", 100)
    mark = _MARKS.get(reads, "·")
    if names and names.get(reads) and names != SIDE_LABELS:
        mark = names[reads][:1].upper()
    return fit(f"{passage.id} [{mark}] {passage.text}", 100)
