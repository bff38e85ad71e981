"""A reading a moderator is adding from Discord: checked, shown, then confirmed or cancelled.

    staged = stage(store, guild_id, actor, {"title": ..., "author": ..., "kind": ...}, text)
    confirm(store, staged.token, actor)   # or cancel(...), keep(..., line_number)

The check report is shown before anything is added; the reading waits in the
``readings_pending`` table (so Confirm works after a restart) for
:data:`PENDING_SECONDS`, and only the moderator who started it may confirm, cancel or
keep a dropped line back. Confirming claims the row and adds the reading in one
transaction, so two presses (two clicks, two processes) add it once.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot import storage
from bot.corpus.ids import check_source_id
from bot.corpus.ingest import FORMATS, MAX_BYTES, check_report, load_text, report_text
from bot.errors import BadInput, Conflict, NotAllowed, NotFound
from bot.models import Actor
from bot.presentation import Button, Card, Reply, fit, fit_card

if TYPE_CHECKING:
    from bot.store import Store

TABLE = "readings_pending"
PENDING_SCHEMA = storage.declare(
    storage.Schema(
        "readings_pending",
        (
            storage.Migration(
                1,
                "a reading checked in Discord, waiting for its moderator's Confirm",
                (
                    f"create table if not exists {TABLE} (token text primary key, "
                    "guild_id integer, user_id integer, meta text, text text, "
                    "created_at text, state text)",
                ),
            ),
        ),
    )
)
PENDING_SECONDS = 30 * 60
PREFIX = "readings-add"  # custom ids ``readings-add:confirm:<token>`` (not the action template)
TOKEN = r"[0-9a-f]{16}"
KINDS = (
    "article",
    "book chapter",
    "blog post",
    "essay",
    "encyclopedia article",
    "primary source",
    "lecture notes",
    "web page",
)
MAX_KEEP_CHOICES = 25  # Discord's options in one select menu


@dataclass(frozen=True, slots=True)
class Staged:
    """A checked reading waiting for its moderator: the token, the report and the reply."""

    token: str
    report: dict[str, Any]
    reply: Reply


def check_attachment(filename: str, size: int) -> None:
    """Refuse a file by its name and size, before it is downloaded."""
    suffix = Path(filename).suffix.lower()
    if suffix not in FORMATS:
        raise BadInput(
            f"“{fit(filename, 60)}” is a {suffix or 'file without an extension'}: a reading "
            f"can be {', '.join(FORMATS)}."
        )
    if size > MAX_BYTES:
        raise BadInput(
            f"“{fit(filename, 60)}” is {size / 1024 / 1024:.1f} MB; the limit is "
            f"{MAX_BYTES // 1024 // 1024} MB. Split it, or save only the chapter you need."
        )


def check_moderator(actor: Actor) -> None:
    """Adding a reading changes what a whole server searches: moderators only."""
    if not actor.is_moderator:
        raise NotAllowed("Only a moderator can add a reading.")


def stage(
    store: Store,
    guild_id: int,
    actor: Actor,
    meta: dict[str, Any],
    text: str,
    now: float | None = None,
) -> Staged:
    """Check the reading and keep it waiting for Confirm; the reply shows the report."""
    check_moderator(actor)
    meta = {k: v for k, v in meta.items() if v not in (None, "")}
    meta["id"] = check_source_id(str(meta.get("id") or "").strip().lower() or _id_for(store, meta))
    from bot.readings import _taken

    taken = _taken(store)
    if meta["id"] in taken:
        raise BadInput(
            f"The id “{meta['id']}” is already used by {taken[meta['id']]}: choose another id."
        )
    report = check_report(load_text(text, meta))  # refuses bad text or metadata now
    token = secrets.token_hex(8)
    forget_expired(store, now)
    store.sql.execute(
        f"insert into {TABLE} (token, guild_id, user_id, meta, text, created_at, state)"
        " values (?, ?, ?, ?, ?, ?, 'pending')",
        [token, guild_id, actor.id, json.dumps(meta), text, _stamp(now)],
    )
    return Staged(token, report, _reply(token, report))


def keep(store: Store, token: str, actor: Actor, line: int, now: float | None = None) -> Staged:
    """Keep a dropped line (its number in the report, from 0) and show the new report."""
    row = _pending(store, token, actor, now)
    meta = json.loads(row["meta"])
    report = check_report(load_text(row["text"], meta))
    if not 0 <= line < len(report["dropped"]):
        raise BadInput("That line is no longer in the report: run /readings add again.")
    meta["keep"] = [*meta.get("keep", []), report["dropped"][line]["line"]]
    report = check_report(load_text(row["text"], meta))
    store.sql.execute(f"update {TABLE} set meta = ? where token = ?", [json.dumps(meta), token])
    return Staged(token, report, _reply(token, report))


def confirm(store: Store, token: str, actor: Actor, now: float | None = None) -> Reply:
    """Add the waiting reading to its server (once, whoever presses twice)."""
    from bot.readings import add_text

    row = _pending(store, token, actor, now)
    meta = json.loads(row["meta"])
    with store.db.atomic():
        claimed = store.db.execute(
            f"update {TABLE} set state = 'added' where token = ? and state = 'pending'", [token]
        )
        if claimed.rowcount != 1:
            raise Conflict("This reading has already been added or cancelled.")
        report = add_text(store, row["text"], meta, guild_id=row["guild_id"])
    return Reply(
        content=(
            f"Added “{fit(report['title'], 200)}” ({report['id']}) with {report['passages']} "
            "passages to this server: /quote, /compare and debate evidence use it now."
        ),
        edit=True,
    )


def cancel(store: Store, token: str, actor: Actor, now: float | None = None) -> Reply:
    """Drop the waiting reading: nothing is added."""
    _pending(store, token, actor, now)
    store.sql.execute(
        f"update {TABLE} set state = 'cancelled', text = '' where token = ? and state = 'pending'",
        [token],
    )
    return Reply(content="Cancelled: nothing was added.", edit=True)


def forget_expired(store: Store, now: float | None = None) -> int:
    """Delete waiting readings past their time (and finished ones): returns how many."""
    store.sql.migrate(PENDING_SCHEMA)
    cutoff = _stamp((now or time.time()) - PENDING_SECONDS)
    written = store.sql.execute(
        f"delete from {TABLE} where created_at < ? or state != 'pending'", [cutoff]
    )
    return written.rowcount


def _pending(store: Store, token: str, actor: Actor, now: float | None) -> dict[str, Any]:
    """The waiting row, if this actor may act on it and it has not expired."""
    store.sql.migrate(PENDING_SCHEMA)
    rows = (
        store.sql.query(f"select * from {TABLE} where token = ?", [token])
        if re.fullmatch(TOKEN, token)
        else []
    )
    if not rows:
        raise NotFound("This reading is no longer waiting: run /readings add again.")
    row = rows[0]
    if row["user_id"] != actor.id or not actor.is_moderator:
        raise NotAllowed("Only the moderator who started adding this reading can decide on it.")
    if row["state"] != "pending":
        raise Conflict("This reading has already been added or cancelled.")
    created = storage.required(row["created_at"]).timestamp()
    if created + PENDING_SECONDS < (now or time.time()):
        raise NotFound(
            f"This check expired after {PENDING_SECONDS // 60} minutes: run /readings add again."
        )
    return row


def _reply(token: str, report: dict[str, Any]) -> Reply:
    card = Card(
        title=f"Check: {report['title']}",
        description=report_text(report),
        footer=f"Confirm within {PENDING_SECONDS // 60} minutes. Nothing is added until then.",
    )
    buttons = [
        Button("Confirm", f"{PREFIX}:confirm:{token}", style="success"),
        Button("Cancel", f"{PREFIX}:cancel:{token}", style="danger"),
    ]
    return Reply(cards=[fit_card(card)], buttons=buttons)


def keep_choices(report: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, value) for the "Keep a line" menu: the first dropped lines, numbered."""
    return [
        (fit(f"{d['line']}", 100), str(i))
        for i, d in enumerate(report["dropped"][:MAX_KEEP_CHOICES])
    ]


def _id_for(store: Store, meta: dict[str, Any]) -> str:
    """An unused reading id from the title ("The Thaw, 1956" -> "the-thaw-1956")."""
    from bot.readings import _taken

    base = re.sub(r"[^a-z0-9]+", "-", str(meta.get("title") or "reading").lower()).strip("-")
    base = base[:28].strip("-") or "reading"
    taken = _taken(store)
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _stamp(seconds: float | None) -> str | None:
    """An epoch time (the callers' clock) as the layer stores times: ISO 8601 in UTC."""
    return storage.to_db(datetime.fromtimestamp(seconds or time.time(), UTC))
