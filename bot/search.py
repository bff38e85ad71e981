"""Typo-tolerant ranked search over the passages.

Retrieval is BM25 over FTS5's porter stems of normalised text, precomputed per term
at index time (``bot.searchindex``), so a query's cost does not grow with how many
passages share its words. Misspellings are corrected with rapidfuzz against the
corpus vocabulary, and the best candidates are re-ranked by how much of the query
they cover and whether they contain it as a phrase. The user's words are only ever
looked up, never parsed as a query language, so no input can raise.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from bot.errors import NotFound
from bot.models import Hit, Passage, SearchResult
from bot.searchindex import SearchIndex
from bot.store import TOKENIZE, Store
from bot.text import fold, index_text, words

log = logging.getLogger(__name__)

MAX_QUERY_CHARS = 300  # longer input is cut: no passage is that long a search
MAX_TERMS = 12
CANDIDATES = 60
MIN_FIX_LENGTH = 5
COMMON_WORD = 5  # in this many passages or more
RARE = 3  # a word in at most this many passages may be a misspelling of a common one
COMMONER = 5
CACHED_FIXES = 4096  # corrections remembered per engine
CYRILLIC = str.maketrans(
    dict(zip("абвгдезийклмнопрстуфхцыэ", "abvgdeziiklmnoprstufhcye", strict=True))
    | {
        "ж": "zh",
        "ч": "ch",
        "ш": "sh",
        "щ": "shch",
        "ю": "yu",
        "я": "ya",
        "ё": "e",
        "ь": "",
        "ъ": "",
    }
)

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "but",
        "by",
        "did",
        "do",
        "does",
        "for",
        "from",
        "had",
        "has",
        "have",
        "he",
        "her",
        "his",
        "how",
        "i",
        "in",
        "into",
        "is",
        "it",
        "its",
        "me",
        "my",
        "of",
        "on",
        "or",
        "she",
        "so",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "to",
        "was",
        "were",
        "what",
        "when",
        "where",
        "which",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "about",
        "after",
        "also",
        "did",
        "can",
        "could",
        "should",
        "tell",
        "show",
        "find",
        "quote",
        "passage",
        "passages",
        "any",
        "some",
        "more",
        "most",
        "very",
        "much",
        "many",
        "not",
        "no",
        "nor",
        "our",
        "we",
        "us",
    ]
)
# Words a student uses that the readings say differently.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "attack": ("denounce", "condemn"),
    "attacked": ("denounce", "condemn"),
    "criticize": ("denounce", "condemn", "criticism"),
    "criticized": ("denounce", "condemn"),
    "kgb": ("security", "police"),
    "nkvd": ("secret", "police"),
    "gulag": ("camp", "prisoner"),
    "gulags": ("camp", "prisoner"),
    "farming": ("agriculture", "agricultural"),
    "farms": ("agriculture", "collective"),
    "arts": ("art", "cultural", "artistic"),
    "church": ("orthodox", "priest"),
    "religion": ("church", "priest"),
    "die": ("death", "died"),
    "died": ("death",),
    "dead": ("death",),
    "body": ("corpse",),
    "tomb": ("mausoleum",),
    "khrushchev's": ("khrushchev",),
    "reforms": ("reform",),
    "freed": ("release", "released"),
    "prisoners": ("prisoner", "camp"),
    "economy": ("economic",),
    "war": ("war",),
}
# "How many ...?" asks for a number: passages that give one rank higher.
_HOW_MANY = re.compile(r"\bhow (?:many|much)\b|\bnumber of\b|\bpercent|\bhow large\b")
_QUANTITIES = frozenset({"millions", "million", "thousands", "hundreds", "percent", "majority"})
QUANTITY_BONUS = 0.15
_PASSAGE_ID = re.compile(r"[a-z]+-\d{3}")
_PHRASE = re.compile(r'"([^"]+)"')


class SearchEngine:
    """Ranked, typo-tolerant search over a :class:`Store`'s passages."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._index: SearchIndex | None = None
        self._generation = -1
        self._by_length: dict[tuple[int, int], list[str]] = {}
        # Corrections depend only on the word and the corpus: users repeat typos.
        self._correct = lru_cache(maxsize=CACHED_FIXES)(self._correct)  # type: ignore[method-assign]
        self._variant = lru_cache(maxsize=CACHED_FIXES)(self._variant)  # type: ignore[method-assign]

    @property
    def index(self) -> SearchIndex:
        """The ranking index and vocabulary, loaded once per indexing of the store."""
        if self._index is None or self._generation != self.store.generation:
            self._index = SearchIndex(self.store.db, TOKENIZE)
            self._generation = self.store.generation
            self._by_length.clear()
            self._correct.cache_clear()  # type: ignore[attr-defined]
            self._variant.cache_clear()  # type: ignore[attr-defined]
        return self._index

    @property
    def vocabulary(self) -> dict[str, int]:
        """Normalised word -> number of passages whose text has it (precomputed at index time)."""
        return self.index.vocabulary

    def search(self, query: str, limit: int = 5, prefix: bool = False) -> SearchResult:
        """The best passages for ``query``, best first. Any text is accepted.

        ``prefix`` treats the last word as unfinished (for autocomplete as a user types).
        """
        limit = max(1, min(int(limit), 50))
        query = (query or "")[:MAX_QUERY_CHARS]
        by_id = self._by_id(query)
        if by_id is not None:
            return SearchResult(query=query, hits=(Hit(by_id, 1.0),))
        terms, corrections = self.understand(query, prefix=prefix)
        if not terms:
            return SearchResult(query=query, hits=(), corrections=corrections)
        ranked = self._rank(query, terms, prefix)[:limit]
        hits = tuple(Hit(self.store.passage(passage_id), score) for passage_id, score in ranked)
        return SearchResult(query=query, hits=hits, corrections=corrections)

    def _by_id(self, query: str) -> Passage | None:
        """A passage named by its id ("listenit-014"), as citations and read-on hints show it."""
        text = query.strip().lower()
        if not _PASSAGE_ID.fullmatch(text):
            return None
        try:
            return self.store.passage(text)
        except NotFound:
            return None

    def understand(
        self, query: str, prefix: bool = False
    ) -> tuple[list[list[str]], dict[str, str]]:
        """Group the query into concepts, each a list of alternatives (typo fixes, synonyms)."""
        vocab = self.vocabulary
        tokens = words(query)
        content = [t for t in tokens if t not in STOPWORDS] or tokens
        concepts: list[list[str]] = []
        corrections: dict[str, str] = {}
        seen: set[str] = set()
        for index, token in enumerate(content[:MAX_TERMS]):
            if token in seen:
                continue
            seen.add(token)
            is_last = prefix and index == len(content) - 1
            options = [token]
            if token not in vocab and not token.isascii():
                token = options[0] = token.translate(CYRILLIC)
            if token not in SYNONYMS and not token.isdigit() and not is_last:
                fixed = self._correct(token) if token not in vocab else self._variant(token)
                if fixed:
                    options.append(fixed)
                    corrections[token] = fixed
            for word in options[:]:
                options.extend(s for s in SYNONYMS.get(word, ()) if s not in options)
            concepts.append(options)
        return concepts, corrections

    def _variant(self, token: str) -> str | None:
        """A much commoner spelling one edit away ("Krushchev" -> "khrushchev").

        Some readings misspell names; a student typing that spelling should still
        find every passage.
        """
        vocab = self.vocabulary
        if len(token) < 6 or vocab[token] > RARE:
            return None
        near = self._near(token, edits=1, limit=4)
        common = [word for word, _d, _i in near if vocab[word] >= COMMONER * vocab[token]]
        return max(common, key=vocab.__getitem__) if common else None

    def _correct(self, token: str) -> str | None:
        """The corpus word a misspelt one was meant to be, or None.

        One edit for words of five letters or more ("secrit", "Malenkof"). More edits
        (two from seven letters, three from ten) only towards a word common in the
        readings that starts with the same two letters ("khrushev"): an ordinary
        English word the readings lack ("sincere", "housing", "trials") must not be
        "corrected" into an unrelated one. A fix that lands on a rare spelling of a
        common word goes on to that word ("Kruschev" -> "krushchev" -> "khrushchev").
        """
        if len(token) < MIN_FIX_LENGTH:
            return None
        vocab = self.vocabulary
        allowed = 1 if len(token) < 7 else 2 if len(token) < 10 else 3
        matches = [
            (word, edits, i)
            for word, edits, i in self._near(token, edits=allowed, limit=8)
            if edits == 1 or (word[:2] == token[:2] and vocab[word] >= COMMON_WORD)
        ]
        if not matches:
            return None
        best = min(matches, key=lambda m: (m[1], m[0][0] != token[0], -vocab[m[0]]))[0]
        return self._variant(best) or best

    def _near(self, token: str, edits: int, limit: int) -> list[tuple[str, int, int]]:
        """Corpus words at most ``edits`` edits from ``token``, closest first (rapidfuzz).

        A word whose length differs by more than ``edits`` cannot qualify, so only
        words of nearby lengths are compared (kept in vocabulary order, so ties come
        out as they would from the whole vocabulary).
        """
        key = (len(token), edits)
        choices = self._by_length.get(key)
        if choices is None:
            choices = [w for w in self.vocabulary if abs(len(w) - len(token)) <= edits]
            self._by_length[key] = choices
        return process.extract(
            token, choices, scorer=Levenshtein.distance, limit=limit, score_cutoff=edits
        )

    def _rank(self, query: str, concepts: list[list[str]], prefix: bool) -> list[tuple[str, float]]:
        """(passage id, score) best first: BM25 candidates re-ranked by coverage and phrase."""
        plain, prefixes = self._terms(concepts, prefix)
        found = self.index.top(plain, prefixes, CANDIDATES)
        if not found:
            return []
        rows = self.store.db.execute(
            "select rowid, id, search_text, section_text from passages where rowid in ("
            + ",".join("?" * len(found))
            + ")",
            [rowid for rowid, _bm25 in found],
        ).fetchall()
        texts = {rowid: (passage_id, text, section) for rowid, passage_id, text, section in rows}
        best = found[0][1] or 1.0
        phrase = _phrase_of(query)
        wanted = self._forms(concepts, prefix)
        counting = bool(_HOW_MANY.search(fold(query)))
        ranked = []
        for rowid, bm25 in found:
            passage_id, text, section = texts[rowid]
            have = set(text.split())
            have.update((section or "").split())
            score = 0.55 * (bm25 / best) + 0.35 * _coverage(have, wanted)
            if phrase and phrase in text:
                score += 0.25
            if counting and _gives_a_number(have):
                score += QUANTITY_BONUS
            ranked.append((passage_id, score))
        ranked.sort(key=lambda hit: -hit[1])
        return ranked

    def _forms(self, concepts: list[list[str]], prefix: bool) -> list[list[frozenset[str]]]:
        """Per concept and option, the corpus words that count as containing it.

        The option itself, or any word starting with its crude stem (4+ letters, or
        the unfinished last word): "reforms" is covered by "reformed". Computed once
        per query, so checking a candidate is a few set intersections.
        """
        wanted = []
        for index, options in enumerate(concepts):
            last = prefix and index == len(concepts) - 1
            forms = []
            for option in options:
                stem = _stem(option)
                starting = self.index.words_starting(stem) if last or len(stem) >= 4 else []
                forms.append(frozenset([option, *starting]))
            wanted.append(forms)
        return wanted

    def _terms(self, concepts: list[list[str]], prefix: bool) -> tuple[list[str], list[str]]:
        """The index terms of every option, and the unfinished last word's as prefixes."""
        plain: list[str] = []
        prefixes: list[str] = []
        for position, options in enumerate(concepts):
            last = prefix and position == len(concepts) - 1
            for option in options:
                terms = self.index.terms(option)
                if last and terms:
                    plain.extend(terms[:-1])
                    prefixes.append(terms[-1])
                else:
                    plain.extend(terms)
        return plain, prefixes


def _gives_a_number(have: set[str]) -> bool:
    """True when a passage states a quantity: a number that is not a year, or "millions"."""
    return not have.isdisjoint(_QUANTITIES) or any(
        w.isdigit() and not (len(w) == 4 and w[:2] in {"19", "20"}) for w in have
    )


def _coverage(have: set[str], wanted: list[list[frozenset[str]]]) -> float:
    """The share of query concepts the passage's words contain (see ``_forms``)."""
    covered = sum(any(not have.isdisjoint(forms) for forms in options) for options in wanted)
    return covered / len(wanted)


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
