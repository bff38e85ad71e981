"""Deleting people's rows generically: forget one user, or purge old debates, by the schema.

Both run in one transaction: a failure leaves everything as it was. A deleted row takes
its dependants with it (a required key: deleted too; an optional one: set to NULL), so
no row is left pointing at nothing and no other student's record is lost.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from dataclasses import dataclass, field

from bot.privacy._schema import REMOVED, Schema, read_schema
from bot.storage import SqliteDatabase

FORMER = "a former student"


@dataclass
class Erased:
    """What an erase did, per table: rows deleted, rows anonymized, texts scrubbed."""

    deleted: Counter[str] = field(default_factory=Counter)
    anonymized: Counter[str] = field(default_factory=Counter)
    scrubbed: Counter[str] = field(default_factory=Counter)
    unscoped: list[str] = field(default_factory=list)  # people tables with no server path

    def to_json(self) -> dict[str, object]:
        return {
            "deleted": dict(self.deleted),
            "anonymized": dict(self.anonymized),
            "scrubbed": dict(self.scrubbed),
            "unscoped": self.unscoped,
        }

    @property
    def total(self) -> int:
        return sum(self.deleted.values()) + sum(self.anonymized.values())


def forget(db: SqliteDatabase, user_id: int, guild_id: int | None) -> Erased:
    """Remove one user's rows (in one server, or everywhere) and their name from texts.

    One transaction (no half-forgotten user); the schema is read from the file itself,
    since what it holds about people is SQLite's to say (``pragma``)."""
    conn = db.conn
    schema = read_schema(conn)
    done = Erased()
    names: set[str] = set()
    with db.transaction():
        for table in schema.people_tables():
            where, params = _user_rows(schema, table, user_id, guild_id)
            if where is None:
                done.unscoped.append(table)
                continue
            names |= _names(conn, schema, table, where, params)
            if schema.structural(table):
                changed = _anonymize(conn, schema, table, where, params, user_id)
                if changed:
                    done.anonymized[table] += changed
            else:
                _delete(conn, schema, table, where, params, done)
        _scrub(conn, schema, user_id, names, guild_id, done)
    return done


def delete_where(db: SqliteDatabase, table: str, where: str, params: list) -> Erased:
    """Delete matching rows of ``table`` with everything that depends on them."""
    conn = db.conn
    schema = read_schema(conn)
    done = Erased()
    with db.transaction():
        _delete(conn, schema, table, where, params, done)
    return done


def _user_rows(
    schema: Schema, table: str, user_id: int, guild_id: int | None
) -> tuple[str | None, list]:
    columns = schema.user_columns(table)
    where = "(" + " or ".join(f"{c} = ?" for c in columns) + ")"
    params: list = [user_id] * len(columns)
    if guild_id is None:
        return where, params
    scope = schema.scope(table)
    if scope is None:
        return None, []
    return f"{where} and {scope}", [*params, guild_id]


def _names(conn: sqlite3.Connection, schema: Schema, table: str, where: str, params: list) -> set:
    found: set[str] = set()
    for column in schema.name_columns(table):
        rows = conn.execute(f"select {column} from {table} where {where}", params).fetchall()
        found |= {row[0] for row in rows if isinstance(row[0], str) and row[0].strip()}
    return found - {REMOVED}


def _anonymize(
    conn: sqlite3.Connection, schema: Schema, table: str, where: str, params: list, user_id: int
) -> int:
    """Keep the row (others' records need it); blank who it was about."""
    sets: list[str] = []
    values: list[object] = []
    for column in schema.columns[table]:
        if column.name in schema.user_columns(table):
            name = column.name
            sets.append(f"{name} = case when {name} = ? then ? else {name} end")
            values += [user_id, 0 if column.notnull else None]
        elif column.name in schema.name_columns(table):
            sets.append(f"{column.name} = ?")
            values.append(REMOVED)
    sql = f"update {table} set {', '.join(sets)} where {where}"
    return conn.execute(sql, [*values, *params]).rowcount


def _delete(
    conn: sqlite3.Connection, schema: Schema, table: str, where: str, params: list, done: Erased
) -> None:
    """Delete rows, first their dependants (required key) or the link to them (optional)."""
    for link in schema.children(table):
        keys = f"select {link.target} from {table} where {where}"
        inner = f"{link.column} in ({keys})"
        if link.child == table:  # a row answering another in the same table
            conn.execute(
                f"update {table} set {link.column} = null where {inner} and not ({where})",
                [*params, *params],
            )
            continue
        if link.required:
            _delete(conn, schema, link.child, inner, params, done)
        else:
            conn.execute(f"update {link.child} set {link.column} = null where {inner}", params)
    count = conn.execute(f"delete from {table} where {where}", params).rowcount
    if count:
        done.deleted[table] += count


def _scrub(
    conn: sqlite3.Connection,
    schema: Schema,
    user_id: int,
    names: set[str],
    guild_id: int | None,
    done: Erased,
) -> None:
    """Replace the user's mention and display names in the texts about people that remain."""
    patterns = [re.escape(f"<@{user_id}>"), re.escape(f"<@!{user_id}>")]
    # a one-letter name would blank every "a" in the record: those stay in the texts
    longest_first = sorted((n for n in names if len(n.strip()) > 1), key=len, reverse=True)
    patterns += [rf"(?<!\w){re.escape(name)}(?!\w)" for name in longest_first]
    pattern = re.compile("|".join(patterns))
    for table in _related(schema):
        scope = schema.scope(table) if guild_id is not None else "1 = 1"
        if scope is None:
            continue
        scope_params = [guild_id] if guild_id is not None else []
        for column in schema.text_columns(table):
            if column in schema.name_columns(table) and schema.structural(table):
                continue  # already anonymized where it was this user's
            rows = conn.execute(
                f"select rowid, {column} from {table} where {scope} and {column} is not null",
                scope_params,
            ).fetchall()
            for rowid, text in rows:
                if isinstance(text, str) and pattern.search(text):
                    conn.execute(
                        f"update {table} set {column} = ? where rowid = ?",
                        [pattern.sub(FORMER, text), rowid],
                    )
                    done.scrubbed[table] += 1


def _related(schema: Schema) -> list[str]:
    """People tables and every table linked to one (the texts written about people)."""
    related = set(schema.people_tables())
    grew = True
    while grew:
        grew = False
        for link in schema.links:
            if (link.child in related) != (link.parent in related):
                related |= {link.child, link.parent}
                grew = True
    return sorted(related)
