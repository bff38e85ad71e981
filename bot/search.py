"""Typo-tolerant ranked search over the passages.

Retrieval is FTS5 (porter stemming, bm25) over normalised text; the user's words
only ever reach FTS5 as quoted terms. Misspellings are corrected with rapidfuzz
against the corpus vocabulary, and the candidates are re-ranked by how much of the
query they cover and whether they contain it as a phrase.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from bot.errors import NotFound
from bot.models import Hit, Passage, SearchResult
from bot.store import Store
from bot.text import fold, index_text, words

log = logging.getLogger(__name__)

MAX_QUERY_CHARS = 300  # longer input is cut: no passage is that long a search
MAX_TERMS = 12
CANDIDATES = 60
RARE = 3  # a word in at most this many passages may be a misspelling of a common one
COMMONER = 5
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
_PASSAGE_ID = re.compile(r"[a-z]+-\d{3}")
_PHRASE = re.compile(r'"([^"]+)"')


class SearchEngine:
    """Ranked, typo-tolerant search over a :class:`Store`'s passages."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._vocab: dict[str, int] | None = None
        self._words_cache: dict[str, frozenset[str]] = {}

    @property
    def vocabulary(self) -> dict[str, int]:
        """Normalised word -> document frequency, built once per corpus and cached."""
        if self._vocab is None:
            counts: Counter[str] = Counter()
            for passage in self.store.passages():
                counts.update(set(words(passage.text)))
            self._vocab = dict(counts)
            self._choices = list(self._vocab)
        return self._vocab

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
        hits = self._rank(query, terms, prefix)
        return SearchResult(query=query, hits=tuple(hits[:limit]), corrections=corrections)

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
        near = process.extract(
            token, self._choices, scorer=Levenshtein.distance, limit=4, score_cutoff=1
        )
        common = [word for word, _d, _i in near if vocab[word] >= COMMONER * vocab[token]]
        return max(common, key=vocab.__getitem__) if common else None

    def _correct(self, token: str) -> str | None:
        """The closest corpus word to a misspelt one: fewest edits, then the more common word.

        One edit is allowed in words of up to 5 letters, two up to 9, three beyond.
        """
        if len(token) < 4:
            return None
        allowed = 1 if len(token) <= 5 else 2 if len(token) <= 9 else 3
        matches = process.extract(
            token, self._choices, scorer=Levenshtein.distance, limit=8, score_cutoff=allowed
        )
        if not matches:
            return None
        vocab = self.vocabulary
        best = min(matches, key=lambda m: (m[1], m[0][0] != token[0], -vocab[m[0]]))
        return best[0]

    def _rank(self, query: str, concepts: list[list[str]], prefix: bool) -> list[Hit]:
        match = _fts_query(concepts, prefix)
        rows = self.store.db.execute(
            "select passages.id, passages_fts.rank from passages_fts "
            "join passages on passages.rowid = passages_fts.rowid "
            "where passages_fts match ? order by passages_fts.rank limit ?",
            [match, CANDIDATES],
        ).fetchall()
        if not rows:
            return []
        best = -rows[0][1] or 1.0
        phrase = _phrase_of(query)
        hits = []
        for passage_id, rank in rows:
            passage = self.store.passage(passage_id)
            score = 0.55 * (-rank / best) + 0.35 * self._coverage(passage, concepts, prefix)
            if phrase and phrase in _folded(passage.text):
                score += 0.25
            hits.append(Hit(passage=passage, score=score))
        hits.sort(key=lambda h: -h.score)
        return hits

    def _coverage(self, passage: Passage, concepts: list[list[str]], prefix: bool) -> float:
        """The share of query concepts the passage contains (by stem-ish prefix)."""
        have = self._passage_words(passage)
        covered = 0
        for index, options in enumerate(concepts):
            last = prefix and index == len(concepts) - 1
            if any(_present(option, have, last) for option in options):
                covered += 1
        return covered / len(concepts)

    def _passage_words(self, passage: Passage) -> frozenset[str]:
        cached = self._words_cache.get(passage.id)
        if cached is None:
            cached = frozenset(words(passage.text) + words(passage.section or ""))
            self._words_cache[passage.id] = cached
        return cached


def _present(option: str, have: frozenset[str], prefix: bool) -> bool:
    if option in have:
        return True
    stem = _stem(option)
    return any(word.startswith(stem) for word in have) if (prefix or len(stem) >= 4) else False


@lru_cache(maxsize=4096)
def _stem(word: str) -> str:
    """A crude stem for coverage checks (FTS5's porter stemmer does the real matching)."""
    for suffix in ("ization", "ation", "ings", "ing", "ied", "ies", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _fts_query(concepts: list[list[str]], prefix: bool) -> str:
    """An FTS5 OR-query where every word is a quoted string: no user syntax survives."""
    parts = []
    for index, options in enumerate(concepts):
        last = prefix and index == len(concepts) - 1
        for option in options:
            quoted = '"' + option.replace('"', '""') + '"'
            parts.append(quoted + "*" if last else quoted)
    return " OR ".join(parts)


def _phrase_of(query: str) -> str | None:
    """The quoted phrase in a query, or the whole query when it has 2-6 words."""
    quoted = _PHRASE.search(fold(query))
    text = quoted.group(1) if quoted else query
    normal = index_text(text)
    return normal if 2 <= len(normal.split()) <= 6 else None


@lru_cache(maxsize=8192)
def _folded(text: str) -> str:
    return index_text(text)
