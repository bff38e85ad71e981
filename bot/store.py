"""The embedded SQLite store: passages with an FTS5 index, rebuilt only when readings change.

One file holds everything the bot keeps (passages, debates, fact schedules). Corpus
tables are rebuilt from the readings when their content hash changes; the other
tables are never touched by a rebuild.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlite_utils

from bot import indexupdate, searchindex, storage, storefaults
from bot.corpus import Corpus, content_hash, load_corpus
from bot.errors import ConfigError, NotFound
from bot.models import Passage, Reference, Source, TableRow
from bot.text import index_text

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

    from bot.stance import Reading

log = logging.getLogger(__name__)

# Porter stemming over unicode61 folding; diacritics removed so "detente" finds "détente".
TOKENIZE = "porter unicode61 remove_diacritics 2"
CORPUS_TABLES = (
    "sources",
    "passages",
    "table_rows",
    *searchindex.TABLES,
    indexupdate.NAME_COUNTS,
)
PASSAGE_IDS = indexupdate.PASSAGE_IDS  # per reading: text hash -> number (never dropped)
META = "meta"
META_SCHEMA = storage.declare(
    storage.Schema(
        "store",
        (
            storage.Migration(
                1,
                "key/value pairs: the corpus hash and build, command sync hashes",
                (f"create table if not exists {META} (key text primary key, value text)",),
            ),
        ),
    )
)


class Store:
    """Typed access to the SQLite file. Create with a path, or ``None`` for in-memory."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.watch: storefaults.FileWatch | None = None
        if path is None:
            self.db = sqlite_utils.Database(memory=True)
        else:
            self.db = _open_file(Path(path))
            self.watch = storefaults.FileWatch(Path(path))
        self.path = path
        # The one storage layer the features use (bot.storage), on this same connection.
        self.sql: storage.Database = storage.adopt(self.db)
        self._passages: dict[str, Passage] | None = None
        self.generation = 0  # bumped at each re-index, so search engines know to reload
        self.seeds_dir: Path | None = None  # the built-in library ensure_corpus read
        self._data_version: int | None = None  # SQLite's counter of others' commits
        self._seen_build: str | None = None  # the stored build counter last loaded

    def ensure_corpus(self, seeds_dir: Path | None = None) -> bool:
        """Build the corpus tables unless they already match the readings. True if rebuilt."""
        self.seeds_dir = seeds_dir or self.seeds_dir
        kwargs = {"seeds_dir": self.seeds_dir} if self.seeds_dir else {}
        wanted = content_hash(**kwargs)
        indexed = self.db["passages"].exists() and all(
            self.db[table].exists() for table in searchindex.TABLES
        )
        if self.meta("corpus_hash") == wanted and indexed:
            return False
        self.rebuild(load_corpus(**kwargs), wanted)
        return True

    def rebuild(self, corpus: Corpus, digest: str) -> None:
        """Replace the corpus tables in one transaction and re-index them.

        The built-in ``corpus`` is joined by the readings teachers added (see
        :mod:`bot.readings`), each re-cut by the current code before anything is written.
        """
        from bot.readings import added_corpus  # local: readings builds on the store

        owners = added_corpus(self, corpus)
        by_source: dict[str, list[Passage]] = {}
        for passage in corpus.passages:
            by_source.setdefault(passage.source, []).append(passage)
        with self.db.atomic():
            corpus.passages = [p for s, ps in by_source.items() for p in self._stable_ids(s, ps)]
            for name in CORPUS_TABLES:
                self.db[name].drop(ignore=True)
            self.db.table("sources").insert_all(
                (_source_row(s, corpus) for s in corpus.sources), pk="id"
            )
            self.db.table("sources").add_column("guild_id", int)
            for source_id, owner in owners.items():
                self.db.execute("update sources set guild_id = ? where id = ?", [owner, source_id])
            self._index(corpus.passages)
            self.db.table("table_rows").insert_all(
                ({"position": i, **vars_of(row)} for i, row in enumerate(corpus.table)),
                pk="position",
            )
            self.set_meta("corpus_hash", digest)
            build = str(int(self.meta("corpus_build") or 0) + 1)
            self.set_meta("corpus_build", build)
            self._seen_build = build
        log.info("indexed %d passages from %d readings", len(corpus.passages), len(corpus.sources))

    def index_passages(self, passages: Iterable[Passage]) -> int:
        """Replace the passages table with ``passages`` and index them for search.

        The readings' rebuild goes through here too, so anything indexing an arbitrary
        list (the benchmarks' synthetic corpora) gets exactly the product's index.
        Returns the number of passages indexed.
        """
        with self.db.atomic():
            self.db["passages"].drop(ignore=True)
            return self._index(passages)

    def _index(self, passages: Iterable[Passage]) -> int:
        from bot.stance import read  # local: stance reads passages' own text only

        order: dict[str, int] = {}  # sources in order of first appearance, as the readings
        count = 0

        def rows() -> Iterator[dict[str, Any]]:
            nonlocal count
            for passage in passages:
                count += 1
                source_order = order.setdefault(passage.source, len(order))
                yield _passage_row(passage, read(passage.text), source_order)

        self.db.table("passages").insert_all(rows(), pk="id")
        self.db.table("passages").enable_fts(
            ["search_text", "section_text"], tokenize=TOKENIZE, replace=True
        )
        searchindex.build(self.db, TOKENIZE)
        indexupdate.build_name_counts(self.db)
        self._passages = None
        self.generation += 1
        return count

    def add_reading(
        self, source: Source, passages: list[Passage], works_cited: list[str], guild_id: int | None
    ) -> list[Passage]:
        """Index one reading beside the others, re-indexing only its passages
        (:mod:`bot.indexupdate`), in one transaction; returns its passages with their ids."""
        from bot.stance import read  # local: stance reads passages' own text only

        with self.db.atomic():
            passages = self._stable_ids(source.id, passages)
            order = self.db.execute("select coalesce(max(source_order), -1) + 1 from sources")
            position = order.fetchone()[0]
            row = vars_of(source) | {"source_order": position, "guild_id": guild_id}
            row["works_cited"] = json.dumps(works_cited)
            _insert(self.db, "sources", [row])
            rows = [_passage_row(p, read(p.text), position) for p in passages]
            _insert(self.db, "passages", rows)
            found = self.db.execute("select rowid from passages where source = ?", [source.id])
            indexupdate.add_rows(self.db, TOKENIZE, [r for (r,) in found])
            self._changed()
        log.info("indexed %d passages of %s", len(passages), source.id)
        return passages

    def remove_reading(self, source_id: str) -> None:
        """Take one reading and its passages out of the corpus and the index, in one
        transaction (the other readings are not re-indexed)."""
        with self.db.atomic():
            found = self.db.execute("select rowid from passages where source = ?", [source_id])
            indexupdate.remove_rows(self.db, TOKENIZE, [r for (r,) in found])
            self.db.execute("delete from passages where source = ?", [source_id])
            self.db.execute("delete from sources where id = ?", [source_id])
            if self.db[PASSAGE_IDS].exists():
                self.db.execute(f"delete from {PASSAGE_IDS} where source = ?", [source_id])
            self._changed()

    def _stable_ids(self, source_id: str, passages: list[Passage]) -> list[Passage]:
        """The passages with the numbers their text had before (inside a transaction)."""
        return indexupdate.stable_ids(self.db, source_id, passages)

    def _changed(self) -> None:
        """After an incremental change: caches dropped, and other processes told."""
        build = str(int(self.meta("corpus_build") or 0) + 1)
        self.db.execute("create table if not exists meta ([key] text primary key, [value] text)")
        self.db.execute(
            "insert or replace into meta (key, value) values ('corpus_build', ?)", [build]
        )
        self._seen_build = build
        self._passages = None
        self.generation += 1

    def refresh(self) -> bool:
        """Notice another process's re-index (``PRAGMA data_version`` then the stored
        build counter): caches are dropped and ``generation`` bumped. True if it did."""
        version = self.db.execute("PRAGMA data_version").fetchone()[0]
        if version == self._data_version:
            return False
        self._data_version = version
        build = self.meta("corpus_build")
        if self._seen_build is None or build == self._seen_build:
            self._seen_build = build
            return False
        self._seen_build = build
        self._passages = None
        self.generation += 1
        return True

    def file_problem(self) -> str | None:
        """None while the database file is the one opened; else what happened to it."""
        return self.watch.problem() if self.watch else None

    def meta(self, key: str) -> str | None:
        """A value from the key/value ``meta`` table, or None."""
        if not self.sql.columns(META):
            return None
        row = self.sql.one(f"select value from {META} where key = ?", [key])
        return row["value"] if row else None

    def set_meta(self, key: str, value: str) -> None:
        """Store a key/value pair (command hash, corpus hash...); joins an open transaction."""
        self.sql.migrate(META_SCHEMA)
        self.sql.execute(
            f"insert into {META} (key, value) values (?, ?) "
            "on conflict (key) do update set value = excluded.value",
            [key, value],
        )

    def passages(self) -> list[Passage]:
        """Every passage in reading order (cached: the corpus is read-only between rebuilds)."""
        self.refresh()
        if self._passages is None:
            rows = self.db.query("select * from passages order by source_order, position")
            self._passages = {row["id"]: _passage(row) for row in rows}
        return list(self._passages.values())

    def visible_passages(self, server: int | None = None) -> list[Passage]:
        """The passages a server sees: built-in, shared and its own (None: shared view)."""
        hidden = self.hidden_sources(server)
        return [p for p in self.passages() if p.source not in hidden]

    def passage(self, passage_id: str) -> Passage:
        """One passage by id; raises NotFound with a hint.

        Served from the cache when ``passages()`` has filled it; otherwise one row is
        read, so a search over a large corpus never loads every passage.
        """
        key = passage_id.strip().lower()
        if self._passages is not None:
            found = self._passages.get(key)
        else:
            rows = list(self.db.query("select * from passages where id = ?", [key]))
            found = _passage(rows[0]) if rows else None
        if found is None:
            raise NotFound(
                f"No passage has the id “{passage_id[:40]}”. Ids look like listenit-014."
            )
        return found

    def neighbours(self, passage_id: str, before: int = 1, after: int = 1) -> list[Passage]:
        """The passage with those around it in the same reading: 'more context'."""
        target = self.passage(passage_id)
        same = [p for p in self.passages() if p.source == target.source]
        index = same.index(target)
        return same[max(0, index - before) : index + after + 1]

    def sources(self) -> list[tuple[Source, int]]:
        """Each reading with its passage count."""
        counts = {p.source: 0 for p in self.passages()}
        for p in self.passages():
            counts[p.source] += 1
        rows = self.db.query("select * from sources order by source_order")
        return [(_source(row), counts.get(row["id"], 0)) for row in rows]

    def visible_sources(self, server: int | None = None) -> list[tuple[Source, int]]:
        """The readings a server sees, with their passage counts (None: shared view)."""
        hidden = self.hidden_sources(server)
        return [(source, n) for source, n in self.sources() if source.id not in hidden]

    def hidden_sources(self, guild_id: int | None) -> frozenset[str]:
        """The readings a server does not see: those other servers added."""
        if not self.db["sources"].exists() or "guild_id" not in self.db["sources"].columns_dict:
            return frozenset()
        rows = self.db.execute(
            "select id from sources where guild_id is not null and guild_id is not ?", [guild_id]
        )
        return frozenset(row[0] for row in rows)

    def source(self, source_id: str) -> Source:
        """One reading by id."""
        for source, _count in self.sources():
            if source.id == source_id:
                return source
        raise NotFound(f"No reading has the id “{source_id[:40]}”.")

    def works_cited(self, source_id: str) -> list[str]:
        """The reading's works-cited list as scraped (empty when it has none)."""
        row = self.db.table("sources").get(source_id)
        return json.loads(row["works_cited"])

    def table_rows(self) -> list[TableRow]:
        """The comparison table rows some readings carry."""
        if not self.db["table_rows"].exists():
            return []
        rows = self.db.query("select * from table_rows order by position")
        return [TableRow(**{k: v for k, v in row.items() if k != "position"}) for row in rows]


def connect(path: Path, timeout: float) -> sqlite3.Connection:
    """A connection whose writes wait at most ``timeout`` seconds for another's lock."""
    return sqlite3.connect(str(path), timeout=timeout)


def _open_file(path: Path) -> sqlite_utils.Database:
    """Open (creating) the database file, checked; or say in one sentence why it cannot be.

    Start-up waits a little for a lock held elsewhere; afterwards every statement waits
    at most ``storefaults.BUSY_TIMEOUT_SECONDS`` so the event loop is never held long.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"Cannot open the database {path}: {exc}") from None
    try:
        conn = connect(path, storefaults.STARTUP_BUSY_TIMEOUT_SECONDS)
        db = sqlite_utils.Database(conn)
        db.execute("PRAGMA journal_mode=WAL")
        # WAL with NORMAL sync never corrupts; a power cut can lose the last commit.
        db.execute("PRAGMA synchronous=NORMAL")
        storefaults.quick_check(conn, path)
    except sqlite3.Error as exc:
        raise storefaults.startup_error(exc, path) from None
    return db


def settle(store: Store) -> None:
    """After start-up: from now on a write waits only briefly for another process's lock."""
    ms = int(storefaults.BUSY_TIMEOUT_SECONDS * 1000)
    store.db.execute(f"PRAGMA busy_timeout = {ms}")


def _insert(db: sqlite_utils.Database, table: str, rows: list[dict[str, Any]]) -> None:
    """Insert rows with plain SQL, so the caller's transaction is not committed half-way
    (sqlite-utils' inserts commit on their own)."""
    if not rows:
        return
    columns = list(rows[0])
    names = ", ".join(f"[{c}]" for c in columns)
    marks = ", ".join("?" * len(columns))
    db.conn.executemany(
        f"insert into [{table}] ({names}) values ({marks})", [[r[c] for c in columns] for r in rows]
    )


def vars_of(row: DataclassInstance) -> dict[str, Any]:
    """A dataclass as a flat dict (its fields, not nested ones converted)."""
    return {field.name: getattr(row, field.name) for field in dataclasses.fields(row)}


def _source_row(source: Source, corpus: Corpus) -> dict[str, Any]:
    row = vars_of(source)
    row["source_order"] = corpus.sources.index(source)
    row["works_cited"] = json.dumps(corpus.works_cited.get(source.id, []))
    return row


def _passage_row(passage: Passage, stance: Reading, source_order: int) -> dict[str, Any]:
    row = vars_of(passage)
    row["references"] = json.dumps([vars_of(ref) for ref in passage.references])
    row["stance"], row["stance_confidence"] = stance.stance, stance.confidence
    row["stance_reasons"] = json.dumps(list(stance.reasons))
    row["source_order"] = source_order
    row["search_text"] = index_text(passage.text)
    row["section_text"] = index_text(passage.section or "")
    return row


def _passage(row: dict[str, Any]) -> Passage:
    return Passage(
        id=row["id"],
        source=row["source"],
        title=row["title"],
        section=row["section"],
        paragraph=row["paragraph"],
        position=row["position"],
        text=row["text"],
        citation=row["citation"],
        references=tuple(Reference(**ref) for ref in json.loads(row["references"])),
        subject=row["subject"],
        stance=row["stance"],
        stance_reasons=tuple(json.loads(row["stance_reasons"])),
        stance_confidence=row["stance_confidence"],
    )


def _source(row: dict[str, Any]) -> Source:
    fields = Source.__slots__
    return Source(**{k: v for k, v in row.items() if k in fields})
