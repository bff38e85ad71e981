"""Adding or removing one reading's passages in the ranking index, not re-indexing the rest.

BM25 weights depend on corpus statistics (the number of rows, their average length
and each term's document frequency), so one new reading changes every term's weight
a little. Rather than rewrite every posting list, the index keeps what does not
change: each posting list's passages and term counts, and each passage's length.
:class:`bot.searchindex.SearchIndex` turns counts into weights when it loads a
term's postings (``bm25`` over today's rows, average length and hits), so weights
are always exact for the current library at the cost of a few numpy operations per
term on first use. Adding a reading then touches only:

- the terms its passages hold (their posting lists get the new rowids appended);
- the lengths array and the two global numbers (rows, average length);
- the vocabulary rows of its words (document counts, stems of new words);
- the name counts of its capitalized words (``search_name_counts``: how often each
  word is capitalized inside sentences and how often not), which decide the names;
- its passages' meaning vectors and rows in the FTS5 table.

:func:`stable_ids` gives each passage the number its text had before (``passage_ids``).

Removing a reading subtracts the same. The cost grows with the reading and with the
posting lists of its terms, not with the number of readings (``python -m
benchmarks.ingest`` measures it).
"""

from __future__ import annotations

import dataclasses
import json
import logging
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np
import sqlite_utils

from bot import meaning, searchindex
from bot.corpus.ids import passage_id, stable_numbers
from bot.models import Passage
from bot.searchindex import LENGTHS, NAMES, POSTINGS, VECTORS, VOCAB, Stemmer, bm25
from bot.searchwords import skeleton
from bot.text import fold

log = logging.getLogger(__name__)

NAME_COUNTS = "search_name_counts"
PASSAGE_IDS = "passage_ids"
FTS = "passages_fts"


def build_name_counts(db: sqlite_utils.Database) -> None:
    """(Re)write the name counts of the whole ``passages`` table (after a full build)."""
    db.execute(f"drop table if exists {NAME_COUNTS}")
    db.execute(f"create table {NAME_COUNTS} (word text primary key, upper integer, lower integer)")
    upper, lower = _capitals(text for (text,) in db.execute("select text from passages"))
    db.conn.executemany(
        f"insert into {NAME_COUNTS} (word, upper, lower) values (?, ?, ?)",
        [(w, upper[w], lower[w]) for w in set(upper) | set(lower)],
    )


def add_rows(db: sqlite_utils.Database, tokenize: str, rowids: Sequence[int]) -> None:
    """Index the ``passages`` rows ``rowids`` (already inserted) into the ranking index."""
    docs = _docs(db, rowids)
    if not docs:
        return
    stems = _stems(db, tokenize, {w for _r, text, section, _t in docs for w in text + section})
    postings, lengths = searchindex._postings(((r, t, s) for r, t, s, _ in docs), stems)
    length, rows, average = _update_lengths(db, lengths, removed=())
    for term, (ids, counts) in postings.items():
        _merge_posting(db, term, np.frombuffer(ids, dtype=np.int32), counts, length, rows, average)
    in_text: Counter[str] = Counter()
    for _rowid, text, _section, _t in docs:
        in_text.update(set(text))
    _update_vocab(db, stems, in_text, sign=1)
    _update_names(db, [t for *_rest, t in docs], sign=1)
    texts = [t for *_rest, t in docs]
    for start in range(0, len(docs), meaning.BATCH):
        batch = docs[start : start + meaning.BATCH]
        vectors = meaning.embed(texts[start : start + meaning.BATCH]).astype(np.float16)
        db.conn.executemany(
            f"insert or replace into {VECTORS} (rowid, vector) values (?, ?)",
            [(d[0], v.tobytes()) for d, v in zip(batch, vectors, strict=True)],
        )
    if db[FTS].exists():
        marks = ",".join("?" * len(rowids))
        db.execute(
            f"insert into {FTS} (rowid, search_text, section_text) select rowid, search_text,"
            f" section_text from passages where rowid in ({marks})",
            list(rowids),
        )


def remove_rows(db: sqlite_utils.Database, tokenize: str, rowids: Sequence[int]) -> None:
    """Take the ``passages`` rows ``rowids`` (not yet deleted) out of the ranking index."""
    docs = _docs(db, rowids)
    if not docs:
        return
    stems = _stems(db, tokenize, {w for _r, text, section, _t in docs for w in text + section})
    postings, lengths = searchindex._postings(((r, t, s) for r, t, s, _ in docs), stems)
    length, rows, average = _update_lengths(db, {}, removed=list(lengths))
    gone = np.asarray(list(lengths), dtype=np.int32)
    for term in postings:
        _drop_from_posting(db, term, gone, length, rows, average)
    in_text: Counter[str] = Counter()
    for _rowid, text, _section, _t in docs:
        in_text.update(set(text))
    _update_vocab(db, stems, in_text, sign=-1)
    _update_names(db, [t for *_rest, t in docs], sign=-1)
    marks = ",".join("?" * len(rowids))
    db.execute(f"delete from {VECTORS} where rowid in ({marks})", list(rowids))
    if db[FTS].exists():
        db.conn.executemany(
            f"insert into {FTS} ({FTS}, rowid, search_text, section_text) "
            "values ('delete', ?, ?, ?)",
            [(r, " ".join(t), " ".join(s)) for r, t, s, _ in docs],
        )


def _docs(
    db: sqlite_utils.Database, rowids: Sequence[int]
) -> list[tuple[int, list[str], list[str], str]]:
    """The rows' rowid, normalised words (text, section) and original text."""
    found = []
    for start in range(0, len(rowids), 500):
        chunk = list(rowids[start : start + 500])
        marks = ",".join("?" * len(chunk))
        found += [
            (rowid, (search or "").split(), (section or "").split(), text)
            for rowid, search, section, text in db.execute(
                "select rowid, search_text, section_text, text from passages"
                f" where rowid in ({marks}) order by rowid",
                chunk,
            )
        ]
    return found


def _stems(db: sqlite_utils.Database, tokenize: str, words: set[str]) -> dict[str, tuple[str, ...]]:
    """Each word's terms: from the vocabulary when known, else from FTS5's tokenizer."""
    known: dict[str, tuple[str, ...]] = {}
    rows = db.execute(
        f"select word, stems from {VOCAB} where word in (select value from json_each(?))",
        [json.dumps(sorted(words))],
    )
    for word, stems in rows:
        known[word] = tuple(stems.split())
    unknown = words - set(known)
    if unknown:
        known.update(Stemmer(tokenize)(sorted(unknown)))
    return known


def _update_lengths(
    db: sqlite_utils.Database, added: dict[int, int], removed: Iterable[int]
) -> tuple[np.ndarray, int, float]:
    """The lengths array and global numbers after adding and removing rows (stored)."""
    rows, average, blob = db.execute(f"select rows, average, lengths from {LENGTHS}").fetchone()
    length = np.frombuffer(blob, dtype=np.float32).copy()
    total = average * rows if rows else 0.0
    removed = list(removed)
    if removed:
        total -= float(length[removed].sum())
        length[removed] = 0
        rows -= len(removed)
    if added:
        size = max(max(added) + 1, len(length))
        if size > len(length):
            length = np.concatenate([length, np.zeros(size - len(length), dtype=np.float32)])
        length[list(added)] = list(added.values())
        total += sum(added.values())
        rows += len(added)
    average = total / rows if rows else 1.0
    db.execute(
        f"update {LENGTHS} set rows = ?, average = ?, lengths = ? where id = 1",
        [rows, average, length.tobytes()],
    )
    return length, rows, average


def _merge_posting(
    db: sqlite_utils.Database,
    term: str,
    ids: np.ndarray,
    counts: array,
    length: np.ndarray,
    rows: int,
    average: float,
) -> None:
    old = db.execute(f"select rowids, counts from {POSTINGS} where term = ?", [term]).fetchone()
    at = ids if old is None else np.concatenate([np.frombuffer(old[0], dtype=np.int32), ids])
    tf = np.frombuffer(counts, dtype=np.uint16)
    if old is not None:
        tf = np.concatenate([np.frombuffer(old[1], dtype=np.uint16), tf])
    _write_posting(db, term, at, tf, length, rows, average)


def _drop_from_posting(
    db: sqlite_utils.Database,
    term: str,
    gone: np.ndarray,
    length: np.ndarray,
    rows: int,
    average: float,
) -> None:
    old = db.execute(f"select rowids, counts from {POSTINGS} where term = ?", [term]).fetchone()
    if old is None:
        return
    at = np.frombuffer(old[0], dtype=np.int32)
    keep = ~np.isin(at, gone)
    if not keep.any():
        db.execute(f"delete from {POSTINGS} where term = ?", [term])
        return
    tf = np.frombuffer(old[1], dtype=np.uint16)[keep]
    _write_posting(db, term, at[keep], tf, length, rows, average)


def _write_posting(
    db: sqlite_utils.Database,
    term: str,
    at: np.ndarray,
    tf: np.ndarray,
    length: np.ndarray,
    rows: int,
    average: float,
) -> None:
    """One term's posting list; ``weights`` as of today's statistics (the index recomputes
    them from ``counts`` when it loads the term, so others' weights never go stale)."""
    weights = bm25(tf, length[at], average, rows, len(at)).astype(np.float32)
    db.execute(
        f"insert or replace into {POSTINGS} (term, passages, rowids, weights, counts)"
        " values (?, ?, ?, ?, ?)",
        [term, len(at), at.astype(np.int32).tobytes(), weights.tobytes(), tf.tobytes()],
    )


def _update_vocab(
    db: sqlite_utils.Database,
    stems: dict[str, tuple[str, ...]],
    in_text: Counter[str],
    sign: int,
) -> None:
    rows = db.execute(
        f"select word, passages from {VOCAB} where word in (select value from json_each(?))",
        [json.dumps(sorted(stems))],
    )
    counts = dict(rows.fetchall())
    db.conn.executemany(
        f"insert or replace into {VOCAB} (word, passages, stems) values (?, ?, ?)",
        [
            (w, max(0, counts.get(w, 0) + sign * in_text.get(w, 0)), " ".join(stems[w]))
            for w in stems
        ],
    )


def _update_names(db: sqlite_utils.Database, texts: list[str], sign: int) -> None:
    """Add (or subtract) the texts' capitalization counts, then re-decide those words."""
    if not db[NAME_COUNTS].exists():
        build_name_counts(db)  # a store indexed before the counts were kept: the
        if sign > 0:  # rows just added are counted already
            upper, lower = _capitals(texts)
            _decide_names(db, set(upper) | set(lower))
            return
    upper, lower = _capitals(texts)
    words = set(upper) | set(lower)
    old = {
        w: (u, lo)
        for w, u, lo in db.execute(
            f"select word, upper, lower from {NAME_COUNTS}"
            " where word in (select value from json_each(?))",
            [json.dumps(sorted(words))],
        )
    }
    db.conn.executemany(
        f"insert or replace into {NAME_COUNTS} (word, upper, lower) values (?, ?, ?)",
        [
            (
                w,
                max(0, old.get(w, (0, 0))[0] + sign * upper[w]),
                max(0, old.get(w, (0, 0))[1] + sign * lower[w]),
            )
            for w in words
        ],
    )
    _decide_names(db, words)


def _decide_names(db: sqlite_utils.Database, words: set[str]) -> None:
    """Make ``search_names`` agree with the counts for ``words`` (as ``searchindex``'s
    rule: capitalized at least ``NAME_SHARE`` of the time, longer than two letters,
    and in some passage's text)."""
    rows = db.execute(
        f"select c.word, c.upper, c.lower, coalesce(v.passages, 0) from {NAME_COUNTS} c"
        f" left join {VOCAB} v on v.word = c.word"
        " where c.word in (select value from json_each(?))",
        [json.dumps(sorted(words))],
    ).fetchall()
    share = searchindex.NAME_SHARE
    names = [w for w, u, lo, n in rows if u and u >= share * (u + lo) and len(w) > 2 and n > 0]
    others = [w for w, *_ in rows if w not in set(names)]
    db.conn.executemany(
        f"insert or replace into {NAMES} (word, skeleton) values (?, ?)",
        [(w, skeleton(w)) for w in names],
    )
    db.conn.executemany(f"delete from {NAMES} where word = ?", [(w,) for w in others])


def _capitals(texts: Iterable[str]) -> tuple[Counter[str], Counter[str]]:
    """How often each word is capitalized inside sentences, and how often written lower."""
    upper: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    for text in texts:
        for match in searchindex._CAPITALIZED.finditer(text):
            if match.group(1):
                upper[fold(match.group(1))] += 1
            else:
                lower[match.group(2)] += 1
    return upper, lower


def stable_ids(db: sqlite_utils.Database, source_id: str, passages: list[Passage]) -> list[Passage]:
    """The passages with the numbers their text had before (new text: the next ones);
    see :func:`bot.corpus.ids.stable_numbers`. Call inside a transaction."""
    db.execute(
        f"create table if not exists {PASSAGE_IDS} (source text, key text, number integer,"
        " primary key (source, key))"
    )
    rows = db.execute(f"select key, number from {PASSAGE_IDS} where source = ?", [source_id])
    known = dict(rows.fetchall())
    numbers, mapping = stable_numbers([p.text for p in passages], known)
    db.conn.executemany(
        f"insert into {PASSAGE_IDS} (source, key, number) values (?, ?, ?)",
        [(source_id, k, n) for k, n in mapping.items() if k not in known],
    )
    return [
        dataclasses.replace(p, id=passage_id(source_id, n))
        for p, n in zip(passages, numbers, strict=True)
    ]
