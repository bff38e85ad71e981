"""What the database holds about people, read from the schema itself (never a fixed list).

Every table with a column in :data:`USER_COLUMNS` holds rows about a Discord user, so a
table another feature adds later is covered the day it lands. Relations come from the
declared foreign keys, plus one convention: a ``debate_id`` column without a declared
key refers to the debates table. A table is *structural* when another table's rows
about people hang off it through a required key (a speech slot that other students'
points of information answer): its rows are anonymized instead of deleted.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field

USER_COLUMNS = ("member_id", "speaker_id", "author_id", "user_id")
DEBATES = "debate_debates"
REMOVED = "(removed)"
# Tables of the rebuilt corpus and its search index: readings, never people.
_CORPUS = re.compile(r"^(sources|passages|table_rows|search_|passages_fts|meta$|quote_queries)")


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str
    notnull: bool
    pk: bool


@dataclass(frozen=True, slots=True)
class Link:
    """``child.column`` refers to ``parent.target``."""

    child: str
    column: str
    parent: str
    target: str
    required: bool


@dataclass
class Schema:
    """Tables, their columns and the links between them, read from ``sqlite_master``."""

    columns: dict[str, list[Column]] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)

    def user_columns(self, table: str) -> list[str]:
        return [c.name for c in self.columns[table] if c.name in USER_COLUMNS]

    def name_columns(self, table: str) -> list[str]:
        """Columns holding a person's display name: ``name``, ``display_name``, or the
        ``X_name`` beside a user column ``X_id`` (``speaker_name``; not ``round_name``)."""
        paired = {f"{column[:-3]}_name" for column in self.user_columns(table)}
        wanted = {"name", "display_name", *paired}
        return [c.name for c in self.columns[table] if c.name in wanted]

    def text_columns(self, table: str) -> list[str]:
        return [c.name for c in self.columns[table] if "TEXT" in c.type.upper() or not c.type]

    def children(self, table: str) -> list[Link]:
        return [link for link in self.links if link.parent == table]

    def structural(self, table: str) -> bool:
        """Others' records hang off this table's rows through a required key."""
        return any(
            link.required and self.user_columns(link.child) and link.child != table
            for link in self.children(table)
        )

    def people_tables(self) -> list[str]:
        return [t for t in self.columns if self.user_columns(t)]

    def scope(self, table: str, seen: frozenset[str] = frozenset()) -> str | None:
        """A SQL condition (one ``?`` for the server id) for this table's rows of a server.

        None when the table has no path to a ``guild_id`` column."""
        names = {c.name for c in self.columns.get(table, [])}
        if "guild_id" in names:
            return "guild_id = ?"
        for link in self.links:
            if link.child == table and link.parent not in seen | {table}:
                inner = self.scope(link.parent, seen | {table})
                if inner is not None:
                    keys = f"select {link.target} from {link.parent} where {inner}"
                    return f"{link.column} in ({keys})"
        return None


def read_schema(conn: sqlite3.Connection) -> Schema:
    """Every ordinary table (not the corpus, not SQLite's or FTS's own), with its links."""
    schema = Schema()
    rows = conn.execute(
        "select name, sql from sqlite_master where type = 'table' and name not like 'sqlite_%'"
    ).fetchall()
    virtual = {name for name, sql in rows if (sql or "").lower().startswith("create virtual")}
    for name, _sql in rows:
        if _CORPUS.match(name) or name in virtual or any(name.startswith(v) for v in virtual):
            continue
        info = conn.execute(f"pragma table_info({_quote(name)})").fetchall()
        schema.columns[name] = [Column(r[1], r[2] or "", bool(r[3]), bool(r[5])) for r in info]
    for name, columns in schema.columns.items():
        declared = set()
        for fk in conn.execute(f"pragma foreign_key_list({_quote(name)})").fetchall():
            parent, column, target = fk[2], fk[3], fk[4] or "rowid"
            if parent in schema.columns:
                required = next((c.notnull for c in columns if c.name == column), False)
                schema.links.append(Link(name, column, parent, target, required))
                declared.add(column)
        debate = next((c for c in columns if c.name == "debate_id"), None)
        if debate and "debate_id" not in declared and name != DEBATES and DEBATES in schema.columns:
            schema.links.append(Link(name, "debate_id", DEBATES, "id", True))
    return schema


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
