"""The ranking index: each passage's BM25 weight per term, computed once at index time.

Why not let FTS5 rank? FTS5 computes bm25 for every row a query matches, and in a
corpus about Stalin and Khrushchev their names match most rows: at 100,000 passages
one such query took 60-150 ms. Here the same BM25 (FTS5's formula and constants, over
FTS5's own porter stems) is stored per term as two arrays, passages and weights, so a
query costs a few numpy additions over the postings of its terms and one partial sort.

Three corpus tables hold it, rebuilt with the passages (``Store.index_passages``):
``search_vocab`` (every normalised word: passages whose text has it, its stems),
``search_postings`` (per stem: passage rowids, BM25 weights and counts, as packed
arrays), ``search_lengths`` (each passage's length in terms, for prefix queries),
``search_names`` (words the readings capitalize inside sentences: the names a
student may spell by ear, with their consonant skeletons) and ``search_vectors``
(each passage's meaning vector, float16, from ``bot.meaning``).
"""

from __future__ import annotations

import logging
import math
import re
import sqlite3
import threading
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

import numpy as np
import sqlite_utils

from bot import meaning
from bot.searchwords import skeleton
from bot.text import fold

log = logging.getLogger(__name__)

VOCAB = "search_vocab"
POSTINGS = "search_postings"
LENGTHS = "search_lengths"
NAMES = "search_names"
VECTORS = "search_vectors"
WORD_VECTORS = "search_word_vectors"
TABLES = (VOCAB, POSTINGS, LENGTHS, NAMES, VECTORS, WORD_VECTORS)
DENSE_ALL = 2000  # up to this many passages, meaning is compared with every passage
NAME_SHARE = 0.8  # a word capitalized at least this often inside sentences is a name
K1, B = 1.2, 0.75  # FTS5's bm25 constants
MIN_IDF = 1e-6  # FTS5's floor for terms in more than half of the rows
CACHED_TERMS = 4096  # postings kept in memory; common terms stay, rare ones come and go
PREFIX_TERMS = 200  # an unfinished word stands for at most this many (commonest) terms
RELATED_VOCABULARY = 20_000  # words whose meaning may stand in for a word the readings lack
MAX_COUNT = 65535  # term counts are stored as 16-bit


class Stemmer:
    """FTS5's own tokenizer as a function: word -> its terms (porter stems).

    A private in-memory FTS5 table does the work, so indexing and querying can never
    disagree with FTS5 on what a word's stem is.
    """

    def __init__(self, tokenize: str) -> None:
        self._lock = threading.Lock()  # one word list at a time through the shared table
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._db.execute(
            "create virtual table words using fts5(word, tokenize = " + _quote(tokenize) + ")"
        )
        self._db.execute("create virtual table terms using fts5vocab(words, 'instance')")

    def __call__(self, words: Iterable[str]) -> dict[str, tuple[str, ...]]:
        """The terms of each word, in order (most words have exactly one)."""
        listed = list(dict.fromkeys(words))
        with self._lock, self._db:
            self._db.executemany("insert into words (rowid, word) values (?, ?)", enumerate(listed))
            rows = self._db.execute("select doc, offset, term from terms").fetchall()
            self._db.execute("delete from words")
        found: dict[int, list[tuple[int, str]]] = {}
        for doc, offset, term in rows:
            found.setdefault(doc, []).append((offset, term))
        return {
            word: tuple(term for _offset, term in sorted(found.get(i, ())))
            for i, word in enumerate(listed)
        }


def build(db: sqlite_utils.Database, tokenize: str) -> None:
    """(Re)write the vocabulary and the BM25 postings from the ``passages`` table.

    Two streaming passes over the rows (words, then terms), so a large corpus is
    never held in memory as lists of words.
    """
    in_text: Counter[str] = Counter()
    every: set[str] = set()
    for _rowid, text, section in _rows(db):
        in_text.update(set(text))
        every.update(section)
    every.update(in_text)
    stems = Stemmer(tokenize)(sorted(every))
    postings, lengths = _postings(_rows(db), stems)
    for name in TABLES:
        db[name].drop(ignore=True)
    db.table(VOCAB).insert_all(
        ({"word": w, "passages": in_text.get(w, 0), "stems": " ".join(stems[w])} for w in stems),
        pk="word",
    )
    length, average = _lengths(lengths)
    db.table(POSTINGS).insert_all(_weighted(postings, length, average, len(lengths)), pk="term")
    db.table(LENGTHS).insert(
        {"id": 1, "rows": len(lengths), "average": average, "lengths": length.tobytes()}, pk="id"
    )
    db.table(NAMES).create({"word": str, "skeleton": str}, pk="word")
    db.table(NAMES).insert_all(
        ({"word": w, "skeleton": skeleton(w)} for w in sorted(_names(db) & set(in_text))),
        pk="word",
    )
    db.table(NAMES).create_index(["skeleton"], if_not_exists=True)
    db.table(VECTORS).create({"rowid": int, "vector": bytes}, pk="rowid")
    db.table(VECTORS).insert_all(_vectors(db), pk="rowid")
    db.table(WORD_VECTORS).create({"word": str, "vector": bytes}, pk="word")
    db.table(WORD_VECTORS).insert_all(_word_vectors(in_text), pk="word")
    log.debug("ranking index: %d words, %d terms", len(stems), len(postings))


_CAPITALIZED = re.compile(r"(?<=[a-z,;:] )([A-Z][a-z]+)(?:['’]s)?\b|\b([a-z][a-z]+)\b")


def _names(db: sqlite_utils.Database) -> set[str]:
    """Words written with a capital inside sentences (not after a full stop) at least
    ``NAME_SHARE`` of the times they occur there: people, places, parties."""
    upper: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    for (text,) in db.execute("select text from passages"):
        for match in _CAPITALIZED.finditer(text):
            if match.group(1):
                upper[fold(match.group(1))] += 1
            else:
                lower[match.group(2)] += 1
    return {w for w, n in upper.items() if n >= NAME_SHARE * (n + lower[w]) and len(w) > 2}


def _vectors(db: sqlite_utils.Database) -> Iterator[dict]:
    """Each passage's meaning vector, embedded in batches while streaming the rows."""
    cursor = db.execute("select rowid, text from passages")
    while batch := cursor.fetchmany(meaning.BATCH):
        vectors = meaning.embed([text for _rowid, text in batch]).astype(np.float16)
        for (rowid, _text), vector in zip(batch, vectors, strict=True):
            yield {"rowid": rowid, "vector": vector.tobytes()}


def _related_vocabulary(vocabulary: dict[str, int] | Counter[str]) -> list[str]:
    """The words that may stand in for a word the readings lack: the commonest ones."""
    listed = sorted(
        (w for w in vocabulary if w.isalpha() and len(w) > 2), key=vocabulary.__getitem__
    )
    return listed[::-1][:RELATED_VOCABULARY]


def _word_vectors(in_text: Counter[str]) -> Iterator[dict]:
    """The meaning vectors of the readings' commonest words (float16), so the first
    question with a word the readings lack does not embed 20,000 words."""
    listed = _related_vocabulary(in_text)
    for start in range(0, len(listed), meaning.BATCH):
        batch = listed[start : start + meaning.BATCH]
        for word, vector in zip(batch, meaning.embed(batch).astype(np.float16), strict=True):
            yield {"word": word, "vector": vector.tobytes()}


def _rows(db: sqlite_utils.Database) -> Iterator[tuple[int, list[str], list[str]]]:
    """Each passage's rowid and normalised words (text, section), one at a time."""
    cursor = db.execute("select rowid, search_text, section_text from passages")
    for rowid, text, section in cursor:
        yield rowid, text.split(), (section or "").split()


def _postings(
    docs: Iterable[tuple[int, list[str], list[str]]], stems: dict[str, tuple[str, ...]]
) -> tuple[dict[str, tuple[array, array]], dict[int, int]]:
    """Per term: the rowids holding it and how often; and each row's length in terms."""
    postings: dict[str, tuple[array, array]] = {}
    lengths = {}
    for rowid, text, section in docs:
        terms = [term for word in text + section for term in stems[word]]
        lengths[rowid] = len(terms)
        for term, count in Counter(terms).items():
            entry = postings.get(term)
            if entry is None:
                entry = postings[term] = (array("i"), array("H"))
            entry[0].append(rowid)
            entry[1].append(min(count, MAX_COUNT))
    return postings, lengths


def _lengths(lengths: dict[int, int]) -> tuple[np.ndarray, float]:
    """Row lengths indexed by rowid, and their average (FTS5's avgdl)."""
    length = np.zeros(max(lengths, default=0) + 1, dtype=np.float32)
    length[list(lengths)] = list(lengths.values())
    return length, (sum(lengths.values()) / len(lengths)) if lengths else 1.0


def _weighted(
    postings: dict[str, tuple[array, array]], length: np.ndarray, average: float, rows: int
) -> Iterable[dict]:
    """One row per term with its BM25 weight in each passage that holds it."""
    for term, (rowids, counts) in postings.items():
        at = np.frombuffer(rowids, dtype=np.int32)
        tf = np.frombuffer(counts, dtype=np.uint16)
        weights = bm25(tf, length[at], average, rows, len(rowids))
        yield {
            "term": term,
            "passages": len(rowids),
            "rowids": rowids.tobytes(),
            "weights": weights.astype(np.float32).tobytes(),
            "counts": counts.tobytes(),
        }


def bm25(tf: np.ndarray, dl: np.ndarray, average: float, rows: int, hits: int) -> np.ndarray:
    """FTS5's bm25 of one phrase: idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / avgdl))."""
    idf = max(math.log((rows - hits + 0.5) / (hits + 0.5)), MIN_IDF)
    tf = tf.astype(np.float64)
    return idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * dl / average))


class SearchIndex:
    """The query side: words to terms, and the best rows for a set of terms."""

    def __init__(self, db: sqlite_utils.Database, tokenize: str) -> None:
        self.db = db
        self.vocabulary: dict[str, int] = {}  # word -> passages whose text has it
        self._stems: dict[str, tuple[str, ...]] = {}
        for word, passages, stems in db.execute(f"select word, passages, stems from {VOCAB}"):
            self._stems[word] = tuple(stems.split())
            if passages:
                self.vocabulary[word] = passages
        self._words = sorted(self._stems)
        listed = db.execute(f"select term, passages from {POSTINGS} order by term").fetchall()
        self._terms = [term for term, _n in listed]
        self._frequency = dict(listed)
        row = db.execute(f"select rows, average, lengths from {LENGTHS}").fetchone()
        self._rows, self._average = row[0], row[1]
        self._length = np.frombuffer(row[2], dtype=np.float32)
        self._tokenize = tokenize
        self._stemmer: Stemmer | None = None
        self.names: dict[str, list[str]] = {}  # consonant skeleton -> names with it
        for word, key in db.execute(f"select word, skeleton from {NAMES}"):
            self.names.setdefault(key, []).append(word)
        self.words_per_row = self._average
        self._dense: np.ndarray | None = None
        self._word_vectors: tuple[list[str], np.ndarray] | None = None
        if self._rows <= DENSE_ALL:
            self._dense = self._matrix(db.execute(f"select rowid, vector from {VECTORS}"))
        self.postings = lru_cache(maxsize=CACHED_TERMS)(self._load)
        self._unknown = lru_cache(maxsize=CACHED_TERMS)(self._stem_unknown)

    def _matrix(self, rows: Iterable[tuple[int, bytes]]) -> np.ndarray:
        """Meaning vectors indexed by rowid (zero rows where a passage has none)."""
        matrix = np.zeros((len(self._length), meaning.DIM), dtype=np.float32)
        for rowid, vector in rows:
            matrix[rowid] = np.frombuffer(vector, dtype=np.float16)
        return matrix

    def word_vectors(self) -> tuple[list[str], np.ndarray]:
        """The readings' commonest words and their meaning vectors (stored at index time,
        read on first use)."""
        if self._word_vectors is None:
            rows = self.db.execute(f"select word, vector from {WORD_VECTORS}").fetchall()
            matrix = np.zeros((len(rows), meaning.DIM), dtype=np.float32)
            for place, (_word, vector) in enumerate(rows):
                matrix[place] = np.frombuffer(vector, dtype=np.float16)
            self._word_vectors = ([word for word, _vector in rows], matrix)
        return self._word_vectors

    def similar(self, vector: np.ndarray, n: int, least: float = 0.3) -> list[int]:
        """Rowids of the ``n`` passages closest in meaning, with a cosine of at least
        ``least`` (small corpora only, else [])."""
        if self._dense is None or not len(self._dense):
            return []
        scores = self._dense @ vector
        n = min(n, len(scores))
        best = np.argpartition(scores, len(scores) - n)[-n:]
        return [int(r) for r in best if scores[r] >= least]

    def closeness(self, vector: np.ndarray, rowids: Sequence[int]) -> dict[int, float]:
        """Cosine of each passage's meaning with ``vector`` (unit vectors)."""
        if self._dense is not None:
            scores = self._dense[list(rowids)] @ vector
            return dict(zip(rowids, scores.tolist(), strict=True))
        found = self.db.execute(
            f"select rowid, vector from {VECTORS} where rowid in ("
            + ",".join("?" * len(rowids))
            + ")",
            list(rowids),
        ).fetchall()
        return {
            r: float(np.frombuffer(v, dtype=np.float16).astype(np.float32) @ vector)
            for r, v in found
        }

    def terms(self, word: str) -> tuple[str, ...]:
        """The FTS5 terms of a word (known words from the vocabulary, others stemmed)."""
        known = self._stems.get(word)
        return known if known is not None else self._unknown(word)

    def _stem_unknown(self, word: str) -> tuple[str, ...]:
        if self._stemmer is None:
            self._stemmer = Stemmer(self._tokenize)
        return self._stemmer([word])[word]

    def prefixed(self, start: str) -> list[str]:
        """Terms beginning with ``start`` (FTS5's ``"start"*``), commonest first, capped."""
        found = _starting(self._terms, start)
        found.sort(key=self._frequency.__getitem__, reverse=True)
        return found[:PREFIX_TERMS]

    def completions(self, typed: str) -> list[str]:
        """The terms an unfinished word may become: those starting with its stem, and
        the stems of corpus words starting with what was typed ("durin" -> "dure",
        since "during" stems to "dure"), commonest first, capped."""
        stem = self.terms(typed)
        found = set(self.prefixed(stem[-1])) if stem else set()
        for word in _starting(self._words, typed, PREFIX_TERMS * 4):
            found.update(self._stems.get(word, ()))
        found.intersection_update(self._frequency)
        return sorted(found, key=self._frequency.__getitem__, reverse=True)[:PREFIX_TERMS]

    def document_frequency(self, term: str) -> int:
        """How many passages hold ``term``."""
        return self._frequency.get(term, 0)

    @property
    def rows(self) -> int:
        return self._rows

    def words_starting(self, start: str) -> list[str]:
        """Every corpus word (passage text or section) beginning with ``start``."""
        return _starting(self._words, start)

    def _load(self, term: str) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        row = self.db.execute(
            f"select rowids, counts from {POSTINGS} where term = ?", [term]
        ).fetchone()
        if row is None:
            return None
        # Weights from counts with today's statistics, so a reading added or removed
        # (bot.indexupdate) leaves no term's stored weight stale.
        at, counts = np.frombuffer(row[0], dtype=np.int32), np.frombuffer(row[1], dtype=np.uint16)
        weights = bm25(counts, self._length[at], self._average, self._rows, len(at))
        return at, weights.astype(np.float32), counts

    def top(
        self,
        terms: Sequence[str],
        prefixes: Sequence[str | Sequence[str]] = (),
        n: int = 60,
        weights: Sequence[float] | None = None,
    ) -> list[tuple[int, float]]:
        """The ``n`` best rows as (rowid, bm25), best first; only rows matching something.

        The score is FTS5's bm25 for the OR of ``terms`` (a term listed twice counts
        twice, as in FTS5) and of each prefix phrase ``"prefix"*`` in ``prefixes`` (or,
        for a list, the phrase of exactly those terms). ``weights`` scales each term's
        share (filler words count less); without it every term counts once.
        """
        scores = np.zeros(len(self._length), dtype=np.float32)
        for position, term in enumerate(terms):
            found = self.postings(term)
            if found is not None:
                if weights is None or weights[position] == 1.0:
                    scores[found[0]] += found[1]
                else:
                    scores[found[0]] += found[1] * np.float32(weights[position])
        for start in prefixes:
            self._add_prefix(scores, self.prefixed(start) if isinstance(start, str) else start)
        rows = np.flatnonzero(scores)
        if len(rows) > n:
            rows = rows[np.argpartition(scores[rows], len(rows) - n)[-n:]]
        return sorted(zip(rows.tolist(), scores[rows].tolist(), strict=True), key=_best_first)

    def _add_prefix(self, scores: np.ndarray, group: Sequence[str]) -> None:
        """A prefix phrase scores as one phrase: counts summed over its terms, one idf."""
        counts = np.zeros(len(self._length), dtype=np.float32)
        for term in group:
            found = self.postings(term)
            if found is not None:
                counts[found[0]] += found[2]
        rows = np.flatnonzero(counts)
        if len(rows):
            scores[rows] += bm25(
                counts[rows], self._length[rows], self._average, self._rows, len(rows)
            )


def _starting(ordered: list[str], start: str, limit: int | None = None) -> list[str]:
    """The items of a sorted list that begin with ``start`` (the first ``limit`` of them)."""
    found: list[str] = []
    for index in range(bisect_left(ordered, start), len(ordered)):
        if not ordered[index].startswith(start) or len(found) == limit:
            break
        found.append(ordered[index])
    return found


def _best_first(row: tuple[int, float]) -> tuple[float, int]:
    return -row[1], row[0]


def _quote(text: str) -> str:
    """A SQL string literal (for the tokenizer setting, a constant: never user text)."""
    return "'" + text.replace("'", "''") + "'"
