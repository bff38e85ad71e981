"""Ranked search over the passages for questions as students type them.

Retrieval is BM25 over FTS5's porter stems of normalised text, precomputed per term
at index time (``bot.searchindex``), so a query's cost does not grow with how many
passages share its words; each word counts by how much it is about the readings
(``bot.searchplan``: filler words count little). Candidates come from BM25 and,
in a small library, from meaning (``bot.meaning``), and are re-ranked by BM25, the
share of the question's weight they cover, phrase matches and closeness in meaning.
Below a confidence calibrated on labelled student questions nothing is returned,
with what the readings do not mention. The user's words are only ever looked up,
never parsed as a query language, so no input can raise.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache

from bot import meaning
from bot.corpus.ids import is_passage_id
from bot.errors import NotFound
from bot.models import Hit, Passage, SearchResult
from bot.searchindex import SearchIndex
from bot.searchplan import Concept, Plan, Understanding
from bot.searchvocab import CYRILLIC, STOPWORDS, SYNONYMS  # noqa: F401  (re-exported)
from bot.searchwords import english, expand
from bot.store import TOKENIZE, Store
from bot.text import fold, index_text

log = logging.getLogger(__name__)

MAX_LIMIT = 50  # results a search returns at most
MAX_QUERY_CHARS = 300  # longer input is cut: no passage is that long a search
CANDIDATES = 60
BY_MEANING = 20  # candidates added by meaning in a small library
CACHED_TEXTS = 8192  # candidates' words kept in memory
CACHED_SERVERS = 1024  # servers whose hidden readings are kept
# Ranking weights and the confidence floor, calibrated on the dev half of
# tests/data/student_queries.toml (benchmarks.students measures both halves).
W_BM25, W_COVER, W_MEANING, W_PHRASE = 0.35, 0.2, 0.7, 0.25
FLOOR = 0.5  # below this confidence no passage is returned
NEEDED = 0.3  # the question's information the first passage must hold (see confidence_of)
NEEDED_WITHOUT_KEY = 0.9  # ... when a key term of the question is in no reading
KEY_TERM = 4.5  # wordfreq zipf below which a word the readings lack is a key term
# "How many ...?" asks for a number: passages that give one rank higher.
_HOW_MANY = re.compile(r"\bhow (?:many|much)\b|\bnumber of\b|\bpercent|\bhow large\b")
_QUANTITIES = frozenset({"millions", "million", "thousands", "hundreds", "percent", "majority"})
QUANTITY_BONUS = 0.15
_PHRASE = re.compile(r'"([^"]+)"')


class SearchEngine:
    """Ranked search over a :class:`Store`'s passages."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._index: SearchIndex | None = None
        self._understanding: Understanding | None = None
        self._generation = -1
        self._text_cache: dict[int, tuple[str, str, frozenset[str]]] = {}
        self._passage_cache: dict[str, Passage] = {}
        self._hidden_cache: dict[tuple[int, int | None], frozenset[str]] = {}

    @property
    def index(self) -> SearchIndex:
        """The ranking index and vocabulary, loaded once per indexing of the store."""
        self.store.refresh()  # another process may have re-indexed the same file
        if self._index is None or self._generation != self.store.generation:
            self._index = SearchIndex(self.store.db, TOKENIZE)
            self._understanding = Understanding(self._index)
            self._generation = self.store.generation
            self._text_cache.clear()
            self._hidden_cache.clear()
            self._passage_cache.clear()
        return self._index

    @property
    def _loaded(self) -> SearchIndex:
        """The index as loaded by the last refresh (``index``): one refresh per search,
        not one per lookup (each is a SQLite query)."""
        if self._index is None:
            return self.index
        return self._index

    @property
    def understanding(self) -> Understanding:
        index = self.index
        assert self._understanding is not None and self._understanding.index is index
        return self._understanding

    @property
    def vocabulary(self) -> dict[str, int]:
        """Normalised word -> number of passages whose text has it (precomputed at index time)."""
        return self.index.vocabulary

    def search(
        self, query: str, limit: int = 5, prefix: bool = False, server: int | None = None
    ) -> SearchResult:
        """The best passages for ``query``, best first. Any text is accepted.

        ``prefix`` treats the last word as unfinished (for autocomplete as a user
        types): then no confidence floor applies, a half word is not a question.
        ``server`` is the guild whose view is searched: the built-in readings, the
        shared library and that server's own readings (None: the shared view).
        """
        limit = max(1, min(int(limit), MAX_LIMIT))
        query = (query or "")[:MAX_QUERY_CHARS]
        self.index  # noqa: B018 - refresh first, so the scope is today's
        hidden = self._hidden(server)
        by_id = self._by_id(query)
        if by_id is not None and by_id.source not in hidden:
            return SearchResult(query=query, hits=(Hit(by_id, 1.0),), confidence=1.0)
        plan = self.understanding.plan(query, prefix=prefix)
        ranked = self._rank(query, plan, prefix) if plan.concepts else []
        if hidden:
            ranked = [r for r in ranked if _source_of(r.id) not in hidden]
        confidence = confidence_of(ranked[0], plan) if ranked else 0.0
        kept = ranked if prefix or confidence >= FLOOR else []
        hits = tuple(Hit(self._passage(r.id), r.score, r.words) for r in kept[:limit])
        return SearchResult(
            query=query,
            hits=hits,
            corrections=plan.corrections,
            missing=tuple(plan.missing),
            confidence=round(confidence, 3),
            unmatched=tuple(plan.dropped),
            related=dict(plan.related),
        )

    def _hidden(self, server: int | None) -> frozenset[str]:
        """The readings ``server`` does not see, read once per indexing of the store (a
        reading added or removed re-indexes it): three SQLite queries a search before."""
        key = (self._generation, server)
        found = self._hidden_cache.get(key)
        if found is None:
            if len(self._hidden_cache) >= CACHED_SERVERS:
                self._hidden_cache.clear()
            found = self._hidden_cache[key] = self.store.hidden_sources(server)
        return found

    def understand(
        self, query: str, prefix: bool = False
    ) -> tuple[list[list[str]], dict[str, str]]:
        """The query's concepts as lists of alternatives, and the corrections made."""
        plan = self.understanding.plan(query, prefix=prefix)
        return [list(c.options) for c in plan.concepts], plan.corrections

    def _passage(self, passage_id: str) -> Passage:
        """A passage by id, kept once read (bounded): a hit list reads up to 50 of them."""
        found = self._passage_cache.get(passage_id)
        if found is None:
            if len(self._passage_cache) >= CACHED_TEXTS:
                self._passage_cache.clear()
            found = self._passage_cache[passage_id] = self.store.passage(passage_id)
        return found

    def _by_id(self, query: str) -> Passage | None:
        """A passage named by its id ("listenit-014"), as citations and read-on hints show it."""
        text = query.strip().lower()
        if not is_passage_id(text):
            return None
        try:
            return self.store.passage(text)
        except NotFound:
            return None

    def _rank(self, query: str, plan: Plan, prefix: bool) -> list[Ranked]:
        """The candidates best first, with what each holds of the question."""
        concepts = plan.concepts
        plain, weights, prefixes = self._terms(concepts, prefix)
        found = self._loaded.top(plain, prefixes, CANDIDATES, weights)
        bm25 = dict(found)
        close: dict[int, float] = {}
        if not prefix:  # half a word has no meaning yet: autocomplete ranks by words
            vector = meaning.embed_one(expand(query))
            for rowid in self._loaded.similar(vector, BY_MEANING):
                bm25.setdefault(rowid, 0.0)
            if bm25:
                close = self._loaded.closeness(vector, list(bm25))
        if not bm25:
            return []
        rows = self._texts(list(bm25))
        best = max(bm25.values()) or 1.0
        phrase = _phrase_of(query)
        wanted = self._forms(concepts, prefix)
        info = [c.weight * max(c.rarity, 0.2) for c in concepts]
        counting = bool(_HOW_MANY.search(fold(query)))
        solid = [not c.stand_in for c in concepts]  # confidence counts only words found
        asked = sum(i for i, s in zip(info, solid, strict=True) if s)
        total = sum(info) or 1.0
        scored = []
        for rowid, (passage_id, text, have) in rows.items():
            matched = [not have.isdisjoint(forms) for forms in wanted]
            held = sure = 0.0
            for share, hit, firm in zip(info, matched, solid, strict=True):
                if hit:
                    held += share
                    sure += share if firm else 0.0
            sense = max(close.get(rowid, 0.0), 0.0)
            score = W_BM25 * (bm25[rowid] / best) + W_COVER * held / total + W_MEANING * sense
            if phrase and phrase in text:
                score += W_PHRASE
            if counting and _gives_a_number(have):
                score += QUANTITY_BONUS
            scored.append((score, passage_id, sure, sense, matched, have))
        scored.sort(key=lambda row: -row[0])
        return [
            Ranked(
                passage_id,
                score,
                sure,
                asked,
                sense,
                self._matched(plan, wanted, matched, have) if place < MAX_LIMIT else (),
            )
            for place, (score, passage_id, sure, sense, matched, have) in enumerate(scored)
        ]

    @staticmethod
    def _matched(
        plan: Plan, wanted: list[frozenset[str]], matched: list[bool], have: frozenset[str]
    ) -> tuple[str, ...]:
        """The question's words a passage holds, as the readings spell them (only for
        the passages that can be shown: computing it for every candidate cost time)."""
        return tuple(
            min(have & forms) if c.stand_in else plan.corrections.get(c.word, c.word)
            for c, hit, forms in zip(plan.concepts, matched, wanted, strict=True)
            if hit
        )

    def _texts(self, rowids: list[int]) -> dict[int, tuple[str, str, frozenset[str]]]:
        """Each candidate's id, normalised text and set of words (text and section),
        read from SQLite once and then kept (a bounded cache: users repeat topics)."""
        cache = self._text_cache
        wanted = [r for r in rowids if r not in cache]
        if wanted:
            if len(cache) + len(wanted) > CACHED_TEXTS:
                cache.clear()
            rows = self.store.db.execute(
                "select rowid, id, search_text, section_text from passages where rowid in ("
                + ",".join("?" * len(wanted))
                + ")",
                wanted,
            )
            for rowid, passage_id, text, section in rows:
                have = frozenset(text.split()) | frozenset((section or "").split())
                cache[rowid] = (passage_id, text, have)
        return {r: cache[r] for r in rowids if r in cache}

    def _forms(self, concepts: list[Concept], prefix: bool) -> list[frozenset[str]]:
        """Per concept, the corpus words that count as containing one of its options.

        The option itself, or any word starting with its crude stem (4+ letters, or
        the unfinished last word): "reforms" is covered by "reformed". Computed once
        per query, so checking a candidate is a few set intersections.
        """
        wanted = []
        for index, concept in enumerate(concepts):
            last = prefix and index == len(concepts) - 1
            forms: set[str] = set()
            for option in concept.options:
                forms.add(option)
                for stem in {_stem(option), *self._loaded.terms(option)[-1:]}:
                    if last or len(stem) >= 4:
                        forms.update(self._loaded.words_starting(stem))
            wanted.append(frozenset(forms))
        return wanted

    def _terms(
        self, concepts: list[Concept], prefix: bool
    ) -> tuple[list[str], list[float], list[list[str]]]:
        """The index terms of every option with its concept's weight, and the
        unfinished last word's completions (``SearchIndex.completions``)."""
        plain: list[str] = []
        weights: list[float] = []
        prefixes: list[list[str]] = []
        for position, concept in enumerate(concepts):
            last = prefix and position == len(concepts) - 1
            for option in concept.options:
                if last:
                    prefixes.append(self._loaded.completions(option))
                    continue
                terms = self._loaded.terms(option)
                plain.extend(terms)
                weights.extend([concept.weight] * len(terms))
        return plain, weights, prefixes


@dataclass(frozen=True, slots=True)
class Ranked:
    """A candidate passage: its score and what it holds of the question."""

    id: str
    score: float
    held: float  # the information of the question's concepts it contains
    asked: float  # the information of all the question's concepts found in the readings
    sense: float  # closeness in meaning (cosine)
    words: tuple[str, ...]  # the question's words it contains (as the readings spell them)


def confidence_of(best: Ranked, plan: Plan) -> float:
    """0..1: how much of the question's information (weight x rarity of its words) the
    passage holds, against what an answer needs: ``NEEDED``, or ``NEEDED_WITHOUT_KEY``
    when a key term of the question (a name, an uncommon word, with no stand-in of like
    meaning) is in no reading, since then the rest must be specific to be answered
    ("the 1953 amnesty and beria" is; "when did tito and khrushchev make up" is not).
    A question the readings hold every word of needs no more than it asks ("Kruschev").
    Holding just what is needed gives ``FLOOR``."""
    key = any(english(w) < KEY_TERM for w in plan.missing if w not in plan.related)
    needed = NEEDED_WITHOUT_KEY if key else NEEDED
    if not plan.missing and not plan.dropped:
        needed = min(needed, best.asked) or needed
    return min(1.0, FLOOR * best.held / needed)


def _gives_a_number(have: frozenset[str] | set[str]) -> bool:
    """True when a passage states a quantity: a number that is not a year, or "millions"."""
    return not have.isdisjoint(_QUANTITIES) or any(
        w.isdigit() and not (len(w) == 4 and w[:2] in {"19", "20"}) for w in have
    )


@lru_cache(maxsize=4096)
def _stem(word: str) -> str:
    """A crude stem for coverage checks (FTS5's porter stemmer does the real matching)."""
    for suffix in ("ization", "ation", "ings", "ing", "ied", "ies", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _phrase_of(query: str) -> str | None:
    """The quoted phrase in a query, or the whole query when it has 2-6 words."""
    quoted = _PHRASE.search(fold(query))
    text = quoted.group(1) if quoted else query
    normal = index_text(text)
    return normal if 2 <= len(normal.split()) <= 6 else None


def _source_of(passage_id: str) -> str:
    """The reading id of a passage id ("soviet-blog-2-014" -> "soviet-blog-2")."""
    return passage_id.rsplit("-", 1)[0]
