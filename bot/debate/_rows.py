"""The debate tables' schema and the conversions between their rows and the models.

Times are stored as ISO 8601 text with their UTC offset; warnings already announced as
a comma-separated list of seconds ("60,30").
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from typing import Any

from bot.debate._models import ENDED, Argument, Evidence, Participant, Poi, Speech, Tip
from bot.models import Reference

DEBATES = "debate_debates"
PARTICIPANTS = "debate_participants"
SPEECHES = "debate_speeches"
POIS = "debate_pois"
ARGUMENTS = "debate_arguments"
EVIDENCE = "debate_evidence"
VOTES = "debate_votes"
TIPS = "debate_tips"
DRAFTS = "debate_drafts"
TABLES = (DEBATES, PARTICIPANTS, SPEECHES, POIS, ARGUMENTS, EVIDENCE, VOTES, TIPS, DRAFTS)

SCHEMA = f"""
create table if not exists {DEBATES} (
    id integer primary key, guild_id integer not null, channel_id integer not null,
    motion text not null, format text not null, status text not null,
    moderator_id integer not null, moderator_name text not null, created_at text not null,
    scheduled_for text, started_at text, ended_at text, start_announced integer default 0,
    thread_id integer, lobby_message_id integer, timer_message_id integer,
    poll_before_id integer, poll_after_id integer, side_names text
);
create unique index if not exists {DEBATES}_one_per_channel
    on {DEBATES} (channel_id) where status != '{ENDED}';
create table if not exists {PARTICIPANTS} (
    debate_id integer not null references {DEBATES}(id), member_id integer not null,
    name text not null, side text not null, seq integer not null, joined_at text not null,
    assigned integer default 0, primary key (debate_id, member_id)
);
create table if not exists {SPEECHES} (
    id integer primary key, debate_id integer not null references {DEBATES}(id),
    position integer not null, round_name text not null, side text not null,
    speaker_id integer not null, speaker_name text not null, seconds integer not null,
    pois_allowed integer not null, status text not null, started_at text, ended_at text,
    paused_at text, paused_seconds real default 0, extended integer default 0,
    announced text default '', timer_message_id integer, unique (debate_id, position)
);
create table if not exists {POIS} (
    id integer primary key, debate_id integer not null references {DEBATES}(id),
    speech_id integer not null references {SPEECHES}(id), member_id integer not null,
    name text not null, side text not null, offered_at text not null, status text not null,
    answered_at text, speech_seconds real
);
create table if not exists {ARGUMENTS} (
    id integer primary key, debate_id integer not null references {DEBATES}(id),
    speech_id integer references {SPEECHES}(id), side text not null,
    author_id integer not null, author_name text not null, kind text not null,
    answers_id integer references {ARGUMENTS}(id), claim text not null, reasoning text not null,
    created_at text not null
);
create table if not exists {EVIDENCE} (
    argument_id integer not null references {ARGUMENTS}(id), position integer not null,
    passage_id text not null, text text not null, citation text not null, title text not null,
    reading text not null, refs text not null, primary key (argument_id, position)
);
create table if not exists {VOTES} (
    debate_id integer not null references {DEBATES}(id), stage text not null,
    member_id integer not null, side text not null, at text not null,
    primary key (debate_id, stage, member_id)
);
create table if not exists {TIPS} (
    id integer primary key, debate_id integer not null references {DEBATES}(id),
    side text not null, member_id integer not null, name text not null,
    passage_id text not null, note text not null, at text not null,
    speech_id integer references {SPEECHES}(id)
);
create table if not exists {DRAFTS} (
    id integer primary key, debate_id integer not null references {DEBATES}(id),
    author_id integer not null, claim text not null, reasoning text not null, at text not null
);
"""


# Columns added after a table was first created: (table, column, type), for older files.
ADDED_COLUMNS = (
    (SPEECHES, "timer_message_id", "integer"),
    (POIS, "speech_seconds", "real"),
    (DEBATES, "side_names", "text"),  # JSON ["For", "Against"]; null: the motion's defaults
)


def migrate(conn: sqlite3.Connection) -> None:
    """Add the columns a database made by an earlier version lacks (data is kept)."""
    for table, column, kind in ADDED_COLUMNS:
        have = {row[1] for row in conn.execute(f"pragma table_info({table})")}
        if column not in have:
            conn.execute(f"alter table {table} add column {column} {kind}")


def value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, frozenset):
        return marks(value)
    return value


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def when(value: str) -> datetime:
    """A time the schema requires (``not null``): never None."""
    return datetime.fromisoformat(value)


def marks(marks: frozenset[int]) -> str:
    return ",".join(str(m) for m in sorted(marks))


def unmarks(text: str | None) -> frozenset[int]:
    return frozenset(int(m) for m in (text or "").split(",") if m)


def participant(row: dict[str, Any]) -> Participant:
    return Participant(
        row["debate_id"],
        row["member_id"],
        row["name"],
        row["side"],
        row["seq"],
        when(row["joined_at"]),
        bool(row["assigned"]),
    )


def speech(row: dict[str, Any]) -> Speech:
    return Speech(
        id=row["id"],
        debate_id=row["debate_id"],
        position=row["position"],
        round_name=row["round_name"],
        side=row["side"],
        speaker_id=row["speaker_id"],
        speaker_name=row["speaker_name"],
        seconds=row["seconds"],
        pois_allowed=bool(row["pois_allowed"]),
        status=row["status"],
        started_at=dt(row["started_at"]),
        ended_at=dt(row["ended_at"]),
        paused_at=dt(row["paused_at"]),
        paused_seconds=row["paused_seconds"] or 0.0,
        extended=row["extended"] or 0,
        announced=unmarks(row["announced"]),
        timer_message_id=row.get("timer_message_id"),
    )


def poi(row: dict[str, Any]) -> Poi:
    return Poi(
        row["id"],
        row["debate_id"],
        row["speech_id"],
        row["member_id"],
        row["name"],
        row["side"],
        when(row["offered_at"]),
        row["status"],
        dt(row["answered_at"]),
        row.get("speech_seconds"),
    )


def evidence(row: dict[str, Any]) -> Evidence:
    refs = tuple(Reference(in_text, entry) for in_text, entry in json.loads(row["refs"]))
    return Evidence(
        row["passage_id"], row["text"], row["citation"], row["title"], row["reading"], refs
    )


def argument(row: dict[str, Any], evidence: tuple[Evidence, ...]) -> Argument:
    return Argument(
        id=row["id"],
        debate_id=row["debate_id"],
        speech_id=row["speech_id"],
        side=row["side"],
        author_id=row["author_id"],
        author_name=row["author_name"],
        claim=row["claim"],
        reasoning=row["reasoning"],
        created_at=when(row["created_at"]),
        kind=row["kind"],
        answers_id=row["answers_id"],
        evidence=evidence,
    )


def side_names(text: str | None) -> tuple[str, str] | None:
    """The stored pair of side names, or None (a debate from before they were stored)."""
    if not text:
        return None
    first, second = json.loads(text)
    return str(first), str(second)


def tip(row: dict[str, Any]) -> Tip:
    return Tip(
        row["id"],
        row["debate_id"],
        row["side"],
        row["member_id"],
        row["name"],
        row["passage_id"],
        row["note"],
        when(row["at"]),
        row["speech_id"],
    )
