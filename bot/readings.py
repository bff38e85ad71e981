"""Readings teachers bring, kept in the database beside the built-in library.

    add(store, Path("chapter.pdf"), {"id": "freeze-ch13", "title": ..., "author": ...,
                                     "kind": ...}, guild_id=None)

Each added reading has an owner scope: a server (guild id), whose searches alone see
it, or ``None`` for the shared library every server sees. The extracted text and its
metadata are stored in the ``readings`` table (never dropped by a rebuild); the corpus
tables are re-cut and re-indexed from the built-in readings plus these, so a reading
added or removed is searched by this process at once, and by any other process at its
next search (:meth:`bot.store.Store.refresh`). Adding or removing one re-indexes only
that reading (:meth:`bot.store.Store.add_reading`, :mod:`bot.indexupdate`); a full
rebuild happens only when the built-in readings or the cutting code change.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot import storage
from bot.corpus.ids import check_source_id
from bot.corpus.ingest import Reading, check_report, load_reading, load_text, read_file_text
from bot.errors import BadInput, NotAllowed, NotFound

if TYPE_CHECKING:
    from bot.corpus import Corpus
    from bot.store import Store

log = logging.getLogger(__name__)

TABLE = "readings"
READINGS_SCHEMA = storage.declare(
    storage.Schema(
        "readings",
        (
            storage.Migration(
                1,
                "the readings teachers added, kept as uploaded",
                (
                    f"create table if not exists {TABLE} (id text primary key, guild_id integer, "
                    "meta text, text text, added_at real)",
                ),
            ),
        ),
    )
)
META_KEYS = ("id", "title", "author", "kind", "date", "url", "keep", "subject")


@dataclass(frozen=True, slots=True)
class Added:
    """One reading a teacher added: its id, metadata, owner and passage count."""

    id: str
    title: str
    author: str
    kind: str
    guild_id: int | None
    passages: int
    added_at: float
    file: str

    def to_json(self) -> dict[str, Any]:
        """The fields ``readings list --json`` prints (a contract: add, never rename)."""
        return {
            "id": self.id,
            "title": self.title,
            "author": self.author,
            "kind": self.kind,
            "server": self.guild_id,
            "passages": self.passages,
            "added_at": self.added_at,
            "file": self.file,
        }


def check(path: Path, meta: dict[str, Any]) -> dict[str, Any]:
    """The check report for a file, without adding it."""
    return check_report(load_reading(path, _meta(meta)))


def add(
    store: Store, path: Path, meta: dict[str, Any], guild_id: int | None = None
) -> dict[str, Any]:
    """Check and add a file; returns its check report. Nothing is stored on any error."""
    meta = _meta(meta)
    text = read_file_text(Path(path))
    return add_text(store, text, {"file": Path(path).name, **meta}, guild_id)


def add_text(
    store: Store, text: str, meta: dict[str, Any], guild_id: int | None = None
) -> dict[str, Any]:
    """Check and add pasted or extracted text; returns its check report."""
    meta = _meta(meta)
    source_id = check_source_id(str(meta.get("id") or "").strip())
    reading = load_text(text, meta)  # refuses bad metadata or text before any write
    taken = _taken(store)
    if source_id in taken:
        raise BadInput(
            f"The id “{source_id}” is already used by {taken[source_id]}: choose another id, "
            f"or remove that reading first (readings remove {source_id})."
        )
    row = {
        "id": source_id,
        "guild_id": guild_id,
        "meta": json.dumps(meta),
        "text": text,
        "added_at": time.time(),
    }
    _table(store)
    with store.db.atomic():  # one transaction: the row and the reading's index, or nothing
        store.db.execute(
            f"insert into {TABLE} (id, guild_id, meta, text, added_at) values (?, ?, ?, ?, ?)",
            [row["id"], row["guild_id"], row["meta"], row["text"], row["added_at"]],
        )
        store.add_reading(reading.source, reading.passages, reading.works_cited, guild_id)
    return check_report(reading)


def remove(store: Store, source_id: str) -> Added:
    """Remove an added reading (built-in ones cannot be); NotFound if there is none."""
    found = {r.id: r for r in listed(store, counts=False)}.get(source_id.strip().lower())
    if found is None:
        builtin = any(s.id == source_id for s, _ in store.sources())
        if builtin:
            raise BadInput(
                f"“{source_id}” is a built-in reading: it is removed from seeds/, not here."
            )
        raise NotFound(f"No added reading has the id “{source_id[:40]}” (see readings list).")
    count = store.db.execute("select count(*) from passages where source = ?", [found.id])
    found = dataclasses.replace(found, passages=count.fetchone()[0])
    with store.db.atomic():
        store.db.execute(f"delete from {TABLE} where id = ?", [found.id])
        store.remove_reading(found.id)
    return found


def listed(
    store: Store, guild_id: int | None = None, every: bool = True, counts: bool = True
) -> list[Added]:
    """The added readings, oldest first: all of them, or (``every=False``) those a
    server sees (the shared library and its own). ``counts=False`` leaves passage
    counts at 0 (counting them reads every passage)."""
    if not store.db[TABLE].exists():
        return []
    counted = {s.id: n for s, n in store.sources()} if counts else {}
    found = []
    for row in store.db.query(f"select * from {TABLE} order by added_at, id"):
        if not every and row["guild_id"] not in (None, guild_id):
            continue
        meta = json.loads(row["meta"])
        found.append(
            Added(
                id=row["id"],
                title=meta["title"],
                author=meta["author"],
                kind=meta["kind"],
                guild_id=row["guild_id"],
                passages=counted.get(row["id"], 0),
                added_at=row["added_at"],
                file=meta.get("file") or "pasted text",
            )
        )
    return found


def added_corpus(store: Store, corpus: Corpus) -> dict[str, int | None]:
    """Append the added readings to ``corpus`` (re-cut by the current code); returns
    each one's owner. Raises before the store is touched if one cannot be cut."""
    owners: dict[str, int | None] = {}
    if not store.db[TABLE].exists():
        return owners
    for row in store.db.query(f"select * from {TABLE} order by added_at, id"):
        try:
            reading: Reading = load_text(row["text"], json.loads(row["meta"]))
        except BadInput as exc:  # today's code refuses it: skip it, never block start-up
            log.warning("the added reading %s is left out: %s", row["id"], exc)
            continue
        if any(s.id == reading.source.id for s in corpus.sources):
            continue  # a built-in reading took the id since: the built-in one wins
        corpus.sources.append(reading.source)
        corpus.passages.extend(reading.passages)
        corpus.works_cited[reading.source.id] = reading.works_cited
        owners[reading.source.id] = row["guild_id"]
    return owners


def _taken(store: Store) -> dict[str, str]:
    # Straight from the sources table: counting passages (store.sources) would read them all.
    rows = store.db.execute("select id, title from sources") if store.db["sources"].exists() else []
    taken = {source_id: f"the reading “{title}”" for source_id, title in rows}
    if store.db[TABLE].exists():
        for row in store.db.query(f"select id, meta from {TABLE}"):
            taken[row["id"]] = f"the added reading “{json.loads(row['meta'])['title']}”"
    return taken


def _table(store: Store) -> None:
    store.sql.migrate(READINGS_SCHEMA)


def _meta(meta: dict[str, Any]) -> dict[str, Any]:
    """Only the keys a reading's metadata has, without empty ones."""
    return {k: v for k, v in meta.items() if k in (*META_KEYS, "file") and v not in (None, "")}


# ---- /readings in the console and on Discord (cogs/readings.py) ----

USAGE = "/readings list · /readings show ID · /readings remove ID"


def readings_reply(store: Store, guild_id: int | None, actor_is_moderator: bool, text: str) -> Any:
    """The answer to ``/readings list|show ID|remove ID`` in a server's view."""
    from bot import cards
    from bot.presentation import Card, Field, Reply, fit_card

    verb, _, rest = (text or "").strip().partition(" ")
    verb, rest = verb.lower() or "list", rest.strip().lower()
    if verb == "list":
        found = listed(store, guild_id, every=False)
        fields = [
            Field(
                r.title,
                f"{r.kind} · {r.author} · {r.passages} passages · id `{r.id}` · "
                + ("this server" if r.guild_id else "shared library"),
            )
            for r in found
        ]
        card = Card(
            title="Readings added",
            description=(
                f"{len(found)} added reading{'' if len(found) == 1 else 's'}"
                " (the built-in ones are in /sources)."
                if found
                else "No readings have been added here yet (python -m bot readings add FILE ...)."
            ),
            fields=fields,
        )
        return Reply(cards=[fit_card(card)])
    if verb not in ("show", "remove") or not rest:
        raise BadInput(f"Use {USAGE}.")
    mine = {r.id: r for r in listed(store, guild_id, every=False)}
    if rest not in mine:
        raise NotFound(f"No added reading here has the id “{rest[:40]}” (see /readings list).")
    if verb == "show":
        source = store.source(rest)
        return cards.source_reply(source, mine[rest].passages, store.works_cited(rest))
    if not actor_is_moderator:
        raise NotAllowed("Only a moderator can remove a reading.")
    if not guild_id or mine[rest].guild_id != guild_id:
        raise NotAllowed(
            f"“{mine[rest].title}” is in the shared library every server sees: remove it "
            f"from the command line (python -m bot readings remove {rest})."
        )
    removed = remove(store, rest)
    return Reply(content=f"Removed “{removed.title}” ({removed.id}); searches no longer use it.")


def _register() -> None:
    from bot.actions import Context, command

    @command("/readings", "/readings list")
    def _readings_command(ctx: Context, text: str) -> Any:
        store = ctx.services.store
        return readings_reply(store, ctx.guild_id or None, ctx.actor.is_moderator, text)


_register()
