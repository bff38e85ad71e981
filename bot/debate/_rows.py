"""The debate tables' schema (migrations) and the conversions between rows and models.

Times are stored by :mod:`bot.storage` (ISO 8601 in UTC); warnings already announced as
a comma-separated list of seconds ("60,30"). A new table or column is a new numbered
:class:`~bot.storage.Migration` at the end of :data:`DEBATE_SCHEMA`, never an edit of
an applied one.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from bot import storage
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
    poll_before_id integer, poll_after_id integer
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
)
PREP_COLUMNS = (  # the preparation period (bot.debate._prep)
    (DEBATES, "prep_seconds", "integer default 0"),
    (DEBATES, "prep_until", "text"),
    (DEBATES, "prep_announced", "text default ''"),
    (DEBATES, "prep_message_id", "integer"),
)
BALLOTS, RELEASES, RUBRICS = "debate_ballots", "debate_ballot_releases", "debate_rubrics"
BALLOT_TABLES = (
    f"""create table if not exists {BALLOTS} (
    debate_id integer not null references {DEBATES}(id), member_id integer not null,
    name text not null, evidence integer not null, reasoning integer not null,
    rebuttal integer not null, delivery integer not null, feedback text not null,
    moderator_id integer not null, moderator_name text not null, at text not null,
    primary key (debate_id, member_id))""",
    f"""create table if not exists {RELEASES} (
    debate_id integer primary key references {DEBATES}(id),
    moderator_id integer not null, at text not null)""",
    f"""create table if not exists {RUBRICS} (
    guild_id integer not null, criterion text not null, name text not null,
    levels text not null, moderator_id integer not null, at text not null,
    primary key (guild_id, criterion))""",
)
OUTBOX = "debate_outbox"
OUTBOX_TABLE = (
    f"create table if not exists {OUTBOX} (id integer primary key autoincrement, "
    "debate_id integer not null, kind text not null, text text not null, "
    "channel_id integer not null, speech_id integer, seconds_left integer, "
    "timer_message_id integer, until text not null, tries integer not null default 0)"
)

DEBATE_SCHEMA = storage.declare(
    storage.Schema(
        "debate",
        (
            # "if not exists" and the column checks adopt files made before migrations were
            # recorded: their tables are kept with every row.
            storage.Migration(
                1,
                "debates, rosters, speeches, points, arguments, evidence, votes, tips, drafts",
                (
                    *(statement for statement in SCHEMA.split(";") if statement.strip()),
                    *(storage.add_column(*added) for added in ADDED_COLUMNS),
                ),
            ),
            storage.Migration(2, "the timer announcements' outbox", (OUTBOX_TABLE,)),
            storage.Migration(
                3,
                "arguments found by their speech (did the speaker argue?)",
                (f"create index if not exists {ARGUMENTS}_by_speech on {ARGUMENTS} (speech_id)",),
            ),
            storage.Migration(
                4,
                "the preparation period before the first speech (bot.debate._prep)",
                tuple(storage.add_column(*added) for added in PREP_COLUMNS),
            ),
            storage.Migration(5, "ballots, their release and each server's rubric", BALLOT_TABLES),
            storage.Migration(
                6,
                "side names that follow the motion",
                # JSON ["For", "Against"]; null: the motion's defaults
                (storage.add_column(DEBATES, "side_names", "text"),),
            ),
        ),
    )
)


def value(value: Any) -> Any:
    """A model value as a column value: times by the storage layer's one convention."""
    if isinstance(value, datetime):
        return storage.to_db(value)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, frozenset):
        return marks(value)
    return value


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
        storage.required(row["joined_at"]),
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
        started_at=storage.from_db(row["started_at"]),
        ended_at=storage.from_db(row["ended_at"]),
        paused_at=storage.from_db(row["paused_at"]),
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
        storage.required(row["offered_at"]),
        row["status"],
        storage.from_db(row["answered_at"]),
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
        created_at=storage.required(row["created_at"]),
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
        storage.required(row["at"]),
        row["speech_id"],
    )
