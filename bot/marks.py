"""Teachers' marks: how a passage reads on a motion, set by a moderator of one server.

The stance reader (:mod:`bot.stance`) guesses; a teacher knows. A moderator marks a
passage "reads sincere / political / neutral" (on a custom motion: reads for the first
side, the second, or neither) from a ``/quote`` answer or an evidence card. The mark is
kept per server and per motion (table ``stance_marks``), wins over the reader at once in
that server's evidence help, is shown as "marked by your teacher", and is exported
(``python -m bot stance-labels export``) so marks can grow the labelled set.

Buttons: ``mark:<stance>:<scope>:<passage id>``, ``scope`` being ``builtin`` (the
built-in motion) or a debate's number (that debate's motion).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from bot import storage
from bot.actions import Context, action
from bot.errors import BadInput, NotAllowed, NotFound
from bot.models import Actor
from bot.presentation import Button, Reply, fit
from bot.stance import NEUTRAL, POLITICAL, SINCERE
from bot.store import Store

log = logging.getLogger(__name__)

TABLE = "stance_marks"
BUILTIN = "builtin"  # the motion key of the built-in motion
STANCES = (SINCERE, POLITICAL, NEUTRAL)
FORMATS = ("json", "csv", "toml")
MARKED = "marked by your teacher"
TEMPLATE = (
    r"mark:(?P<stance>sincere|political|neutral):(?P<scope>builtin|[0-9]{1,12})"
    r":(?P<passage>[a-z0-9][a-z0-9-]{0,80})"
)
_TEMPLATE = re.compile(TEMPLATE)
MARKS_SCHEMA = storage.declare(
    storage.Schema(
        "marks",
        (
            storage.Migration(
                1,
                "a teacher's mark per server, passage and motion",
                (
                    f"create table if not exists {TABLE} (guild_id integer not null, "
                    "passage_id text not null, motion text not null, "
                    "motion_text text not null default '', stance text not null, "
                    "label text not null default '', member_id integer not null, "
                    "at text not null, primary key (guild_id, passage_id, motion))",
                ),
            ),
        ),
    )
)  # A custom motion's marks name its sides: the first side is "for" the motion.
CUSTOM_STANCE = {SINCERE: "for", POLITICAL: "against", NEUTRAL: NEUTRAL}


@dataclass(frozen=True, slots=True)
class Mark:
    """One teacher's reading of one passage on one motion, in one server."""

    guild_id: int
    passage_id: str
    motion: str  # the motion key: ``builtin`` or ``m`` and a digest of the motion's text
    stance: str  # sincere / political / neutral (custom motion: first side / second / neither)
    member_id: int
    at: datetime
    motion_text: str = ""
    label: str = ""  # what the teacher pressed, e.g. "sincere" or "Yes"


def motion_key(motion: str | None) -> str:
    """``builtin`` for the built-in motion (None), else a short digest of the motion's words."""
    if motion is None:
        return BUILTIN
    words = " ".join(motion.split()).casefold()
    return "m" + hashlib.sha1(words.encode()).hexdigest()[:12]


def ensure(store: Store) -> None:
    """Bring the marks table up to date (cheap once done: the layer remembers)."""
    store.sql.migrate(MARKS_SCHEMA)


def mark(
    store: Store,
    actor: Actor,
    guild_id: int,
    passage_id: str,
    stance: str,
    motion: str | None = None,
    label: str = "",
    now: datetime | None = None,
) -> Mark:
    """Record (or change) how a passage reads on ``motion`` (None: the built-in motion).

    Only a moderator marks, and only in a server: the mark speaks for that class.
    """
    if not actor.is_moderator:
        raise NotAllowed(
            "Only a moderator (your teacher) can mark how a passage reads. "
            "Tell them if you think the reading is wrong."
        )
    if not guild_id:
        raise BadInput("Marks are kept per server: mark a passage from inside a server.")
    if stance not in STANCES:
        raise BadInput("A passage reads sincere, political or neutral.")
    passage = store.passage(passage_id)  # NotFound for an id that does not exist
    found = Mark(
        guild_id,
        passage.id,
        motion_key(motion),
        stance,
        actor.id,
        now or datetime.now(UTC),
        motion or "",
        label or stance,
    )
    ensure(store)
    store.sql.execute(
        f"insert into {TABLE} (guild_id, passage_id, motion, motion_text, stance, label, "
        "member_id, at) values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (guild_id, passage_id, "
        "motion) do update set stance = excluded.stance, label = excluded.label, "
        "member_id = excluded.member_id, at = excluded.at",
        [
            found.guild_id,
            found.passage_id,
            found.motion,
            found.motion_text,
            found.stance,
            found.label,
            found.member_id,
            storage.to_db(found.at),
        ],
    )
    log.info("passage %s marked %s in guild %d by %d", passage.id, stance, guild_id, actor.id)
    return found


def marks_for(store: Store, guild_id: int | None, motion: str | None = None) -> dict[str, Mark]:
    """A server's marks on a motion (None: the built-in motion), by passage id."""
    if not guild_id:
        return {}
    ensure(store)
    rows = store.sql.query(
        f"select * from {TABLE} where guild_id = ? and motion = ?", [guild_id, motion_key(motion)]
    )
    return {row["passage_id"]: _mark(row) for row in rows}


def all_marks(store: Store, guild_id: int | None = None) -> list[Mark]:
    """Every mark (or one server's), oldest first."""
    ensure(store)
    where, params = ("where guild_id = ?", [guild_id]) if guild_id is not None else ("", [])
    rows = store.sql.query(f"select * from {TABLE} {where} order by at, passage_id", params)
    return [_mark(row) for row in rows]


def _mark(row: Mapping) -> Mark:
    return Mark(
        row["guild_id"],
        row["passage_id"],
        row["motion"],
        row["stance"],
        row["member_id"],
        storage.required(row["at"]),
        row["motion_text"] or "",
        row["label"] or "",
    )


# buttons


def custom_id(stance: str, scope: str | int, passage_id: str) -> str:
    """``mark:<stance>:<builtin|debate number>:<passage id>`` (Discord allows 100)."""
    return f"mark:{stance}:{scope}:{passage_id}"[:100]


def parse(custom: str) -> tuple[str, str, str]:
    """(stance, scope, passage id) from a mark button's id; BadInput when malformed."""
    found = _TEMPLATE.fullmatch(custom)
    if found is None:
        raise BadInput("That button is no longer available. Run the command again.")
    return found["stance"], found["scope"], found["passage"]


def buttons(
    passage_id: str,
    current: str | None = None,
    scope: str | int = BUILTIN,
    names: Mapping[str, str] | None = None,
    with_id: bool = False,
) -> list[Button]:
    """The "Reads sincere / political / neutral" buttons for one passage.

    ``names``: a custom motion's side names ("Reads Yes"); ``current``: the reading the
    passage has now, left out; ``with_id``: the passage id leads each label (on a card
    listing several passages).
    """
    shown = {SINCERE: "sincere", POLITICAL: "political", NEUTRAL: "neutral", **(names or {})}
    head = f"{passage_id}: reads" if with_id else "Reads"
    return [
        Button(f"{head} {shown[stance]}", custom_id(stance, scope, passage_id))
        for stance in STANCES
        if stance != current
    ]


# export


def export_rows(store: Store, guild_id: int | None = None) -> list[dict[str, object]]:
    """Marks as labelled sentences: {passage_id, text, stance, guild_id, motion, marked_at}
    plus motion_key and side. A custom motion's stance is for / against / neutral."""
    from bot.debate._models import DEFAULT_MOTION  # local: the debate builds on the store

    rows: list[dict[str, object]] = []
    texts = {p.id: p.text for p in store.passages()}
    for found in all_marks(store, guild_id):
        builtin = found.motion == BUILTIN
        rows.append(
            {
                "passage_id": found.passage_id,
                "text": texts.get(found.passage_id, ""),
                "stance": found.stance if builtin else CUSTOM_STANCE[found.stance],
                "guild_id": found.guild_id,
                "motion": DEFAULT_MOTION if builtin else found.motion_text,
                "marked_at": found.at.isoformat(),
                "motion_key": found.motion,
                "side": found.label,
            }
        )
    return rows


def render(rows: list[dict[str, object]], fmt: str) -> str:
    """The rows as JSON (a list), CSV (a header row) or TOML (``[[label]]`` tables, the
    labelled set's own shape)."""
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(_FIELDS), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue()
    if fmt == "toml":
        blocks = [
            "[[label]]\n" + "".join(f"{k} = {_toml(v)}\n" for k, v in row.items()) for row in rows
        ]
        return "\n".join(blocks)
    raise BadInput(f"Export as {', '.join(FORMATS)}.")


_FIELDS = ("passage_id", "text", "stance", "guild_id", "motion", "marked_at", "motion_key", "side")


def _toml(value: object) -> str:
    if isinstance(value, int):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a TOML basic string


# the press of a mark button (Discord's MarkButton and the console both come here)


def press(ctx: Context, stance: str, scope: str, passage_id: str) -> Reply:
    """Mark a passage from a button: on the built-in motion, or on a debate's motion."""
    motion, names = None, None
    if scope != BUILTIN:
        from bot.debate import debates_for  # local: debates build on marks

        debate = debates_for(ctx.services).get(int(scope))
        if debate.guild_id != ctx.guild_id:
            raise NotFound(f"There is no debate number {int(scope)} on this server.")
        if not debate.builtin:
            motion, names = debate.motion, debate.names
    label = (names or {}).get(stance, stance)
    found = mark(ctx.services.store, ctx.actor, ctx.guild_id, passage_id, stance, motion, label)
    reads = f"reads {label}" if stance == NEUTRAL or names is None else f"supports {label}"
    on = f" on “{fit(motion, 80)}”" if motion else ""
    text = (
        f"Marked: {found.passage_id} {reads}{on} in this server. Evidence help uses your "
        f"mark from now on and shows it as “{MARKED}”."
    )
    return Reply(content=text)


@action("mark")
def _mark_button(ctx: Context, parts: list[str]) -> Reply:
    stance, scope, passage_id = parse(":".join(["mark", *parts]))
    return press(ctx, stance, scope, passage_id)
