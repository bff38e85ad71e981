"""SQLite persistence for debates: every table is prefixed ``debate_``.

Everything goes through :mod:`bot.storage`: the tables are :data:`DEBATE_SCHEMA`'s
migrations, and writes run in :meth:`DebateRepo.transaction` (``BEGIN IMMEDIATE``), so
two joins at once cannot both land on the smaller side and a restart never sees half an
update. Column names come from this module; user text only travels as parameters.
"""

from __future__ import annotations

import json
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any

from bot import storage
from bot.debate import _rows as convert
from bot.debate._formats import Format
from bot.debate._models import (
    ENDED,
    LOBBY,
    OFFERED,
    PENDING,
    Argument,
    Debate,
    Evidence,
    Participant,
    Poi,
    Speech,
    Tip,
    Vote,
)
from bot.debate._rows import (
    ARGUMENTS,
    DEBATE_SCHEMA,
    DEBATES,
    DRAFTS,
    EVIDENCE,
    PARTICIPANTS,
    POIS,
    SPEECHES,
    TIPS,
    VOTES,
)
from bot.errors import Conflict, NotFound

MESSAGE_KINDS = {
    "thread": "thread_id",
    "lobby": "lobby_message_id",
    "timer": "timer_message_id",
    "poll_before": "poll_before_id",
    "poll_after": "poll_after_id",
    "prep": "prep_message_id",
}


class DebateRepo:
    """Reads and writes the debate tables; brings them up to date on opening."""

    def __init__(self, db: storage.Database | Any) -> None:
        self.db = storage.adopt(db)
        self.db.migrate(DEBATE_SCHEMA)

    def transaction(self) -> AbstractContextManager[None]:
        """One atomic unit of work (``BEGIN IMMEDIATE``); nested, a savepoint inside it."""
        return self.db.transaction()

    @property
    def writes(self) -> int:
        """Writes run on the connection so far: a debate read before the last one is stale."""
        return self.db.writes

    @property
    def unit(self) -> int | None:
        """The open unit of work (see :attr:`bot.storage.Database.unit`), or None."""
        return self.db.unit

    # debates

    def insert_debate(self, row: dict[str, Any]) -> int:
        """A new debate; Conflict when the channel already has one that has not ended."""
        try:
            return self._insert(DEBATES, row)
        except storage.ConstraintError:
            raise Conflict(
                "This channel already has a debate. End it before opening another."
            ) from None

    def debate(self, debate_id: int) -> Debate:
        rows = self._rows(f"select * from {DEBATES} where id = ?", [debate_id])
        if not rows:
            raise NotFound(f"There is no debate number {debate_id}.")
        return self._debate(rows[0])

    def open_in(self, channel_id: int) -> int | None:
        """The unfinished debate of a channel (or of its thread), if any."""
        rows = self._rows(
            f"select id from {DEBATES} where status != ? and (channel_id = ? or thread_id = ?) "
            "order by id desc limit 1",
            [ENDED, channel_id, channel_id],
        )
        return rows[0]["id"] if rows else None

    def latest_in(self, channel_id: int) -> int | None:
        """The newest debate of a channel or thread, ended or not."""
        rows = self._rows(
            f"select id from {DEBATES} where channel_id = ? or thread_id = ? "
            "order by id desc limit 1",
            [channel_id, channel_id],
        )
        return rows[0]["id"] if rows else None

    def by_message(self, message_id: int) -> tuple[int, str] | None:
        """The debate and kind ('lobby', 'timer', 'poll_before'...) a message belongs to."""
        for kind, column in MESSAGE_KINDS.items():
            rows = self._rows(f"select id from {DEBATES} where {column} = ?", [message_id])
            if rows:
                return rows[0]["id"], kind
        rows = self._rows(
            f"select debate_id from {SPEECHES} where timer_message_id = ?", [message_id]
        )
        return (rows[0]["debate_id"], "timer") if rows else None

    def with_status(self, statuses: tuple[str, ...]) -> list[int]:
        marks = ", ".join("?" for _ in statuses)
        rows = self._rows(
            f"select id from {DEBATES} where status in ({marks}) order by id", [*statuses]
        )
        return [row["id"] for row in rows]

    def ids(self, guild_id: int | None = None) -> list[int]:
        """Every debate's id in order, or one server's."""
        if guild_id is None:
            return [row["id"] for row in self._rows(f"select id from {DEBATES} order by id", [])]
        sql = f"select id from {DEBATES} where guild_id = ? order by id"
        return [row["id"] for row in self._rows(sql, [guild_id])]

    def scheduled_unannounced(self, now: datetime) -> list[int]:
        rows = self._rows(
            f"select id from {DEBATES} where status = ? and start_announced = 0 "
            "and scheduled_for is not null and scheduled_for <= ?",
            [LOBBY, storage.to_db(now)],
        )
        return [row["id"] for row in rows]

    def claim_start_announcement(self, debate_id: int) -> bool:
        """Mark the scheduled start announced; False if it already was (idempotent)."""
        written = self._write(
            f"update {DEBATES} set start_announced = 1 where id = ? and start_announced = 0",
            [debate_id],
        )
        return written.rowcount == 1

    def update_debate(self, debate_id: int, **fields: Any) -> None:
        self._update(DEBATES, debate_id, fields)

    def set_message(self, debate_id: int, kind: str, message_id: int | None) -> None:
        if kind not in MESSAGE_KINDS:
            raise ValueError(f"unknown message kind {kind!r}")
        self._update(DEBATES, debate_id, {MESSAGE_KINDS[kind]: message_id})

    def delete_debate(self, debate_id: int) -> None:
        """Remove a debate that never got going: its votes, roster and row."""
        with self.transaction():
            for table in (VOTES, TIPS, PARTICIPANTS):
                self._write(f"delete from {table} where debate_id = ?", [debate_id])
            self._write(f"delete from {DEBATES} where id = ?", [debate_id])

    # participants

    def upsert_participant(self, p: Participant) -> None:
        self._write(
            f"insert into {PARTICIPANTS} (debate_id, member_id, name, side, seq, joined_at, "
            "assigned) values (?, ?, ?, ?, ?, ?, ?) on conflict (debate_id, member_id) do update "
            "set name = excluded.name, side = excluded.side, assigned = excluded.assigned",
            [
                p.debate_id,
                p.member_id,
                p.name,
                p.side,
                p.seq,
                storage.to_db(p.joined_at),
                int(p.assigned),
            ],
        )

    def delete_participant(self, debate_id: int, member_id: int) -> None:
        self._write(
            f"delete from {PARTICIPANTS} where debate_id = ? and member_id = ?",
            [debate_id, member_id],
        )

    def next_seq(self, debate_id: int) -> int:
        rows = self._rows(
            f"select coalesce(max(seq), 0) + 1 as seq from {PARTICIPANTS} where debate_id = ?",
            [debate_id],
        )
        return rows[0]["seq"]

    # speeches

    def insert_speech(self, row: dict[str, Any]) -> int:
        return self._insert(SPEECHES, row)

    def update_speech(self, speech_id: int, **fields: Any) -> None:
        self._update(SPEECHES, speech_id, fields)

    def set_pending_speeches(self, debate_id: int, status: str) -> None:
        """Every speech still to come gets ``status`` (one statement, however many)."""
        self._write(
            f"update {SPEECHES} set status = ? where debate_id = ? and status = ?",
            [status, debate_id, PENDING],
        )

    def set_speech_message(self, speech_id: int, message_id: int | None) -> None:
        self._update(SPEECHES, speech_id, {"timer_message_id": message_id})

    def claim_marks(self, speech: Speech, marks: frozenset[int]) -> bool:
        """Record warnings as announced unless someone else just did (compare and set)."""
        written = self._write(
            f"update {SPEECHES} set announced = ? where id = ? and announced = ?",
            [convert.marks(marks), speech.id, convert.marks(speech.announced)],
        )
        return written.rowcount == 1

    # points of information

    def insert_poi(self, row: dict[str, Any]) -> int:
        return self._insert(POIS, row)

    def update_poi(self, poi_id: int, **fields: Any) -> None:
        self._update(POIS, poi_id, fields)

    def pois(self, debate_id: int) -> list[Poi]:
        rows = self._rows(f"select * from {POIS} where debate_id = ? order by id", [debate_id])
        return [convert.poi(row) for row in rows]

    # arguments and evidence

    def insert_argument(self, row: dict[str, Any], evidence: list[Evidence]) -> int:
        argument_id = self._insert(ARGUMENTS, row)
        for position, item in enumerate(evidence):
            refs = json.dumps([[r.in_text, r.entry] for r in item.references])
            self._write(
                f"insert into {EVIDENCE} (argument_id, position, passage_id, text, citation, "
                "title, reading, refs) values (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    argument_id,
                    position,
                    item.passage_id,
                    item.text,
                    item.citation,
                    item.title,
                    item.reading,
                    refs,
                ],
            )
        return argument_id

    def has_argument(self, speech_id: int) -> bool:
        """Whether anyone argued during the speech (one indexed probe, not every argument)."""
        sql = f"select 1 from {ARGUMENTS} where speech_id = ? limit 1"
        return self.db.one(sql, [speech_id]) is not None

    def arguments(self, debate_id: int) -> list[Argument]:
        rows = self._rows(f"select * from {ARGUMENTS} where debate_id = ? order by id", [debate_id])
        evidence = self._rows(
            f"select e.* from {EVIDENCE} e join {ARGUMENTS} a on a.id = e.argument_id "
            "where a.debate_id = ? order by e.argument_id, e.position",
            [debate_id],
        )
        by_argument: dict[int, list[Evidence]] = {}
        for row in evidence:
            by_argument.setdefault(row["argument_id"], []).append(convert.evidence(row))
        return [convert.argument(row, tuple(by_argument.get(row["id"], ()))) for row in rows]

    # evidence suggested to a side's speaker

    def insert_tip(self, row: dict[str, Any]) -> int:
        return self._insert(TIPS, row)

    def tips(self, debate_id: int) -> list[Tip]:
        rows = self._rows(f"select * from {TIPS} where debate_id = ? order by id", [debate_id])
        return [convert.tip(row) for row in rows]

    # arguments waiting for their speaker's confirmation

    def insert_draft(self, row: dict[str, Any]) -> int:
        return self._insert(DRAFTS, row)

    def draft(self, draft_id: int) -> dict[str, Any] | None:
        rows = self._rows(f"select * from {DRAFTS} where id = ?", [draft_id])
        return rows[0] if rows else None

    def take_draft(self, draft_id: int) -> bool:
        """Remove a draft; False when another press already took it (compare and set)."""
        return self._write(f"delete from {DRAFTS} where id = ?", [draft_id]).rowcount == 1

    # votes

    def put_vote(self, vote: Vote) -> None:
        self._write(
            f"insert into {VOTES} (debate_id, stage, member_id, side, at) values (?, ?, ?, ?, ?) "
            "on conflict (debate_id, stage, member_id) do update set side = excluded.side, "
            "at = excluded.at",
            [vote.debate_id, vote.stage, vote.member_id, vote.side, storage.to_db(vote.at)],
        )

    def delete_vote(self, debate_id: int, stage: str, member_id: int, side: str | None) -> int:
        sql = f"delete from {VOTES} where debate_id = ? and stage = ? and member_id = ?"
        params: list[Any] = [debate_id, stage, member_id]
        if side is not None:
            sql += " and side = ?"
            params.append(side)
        return self._write(sql, params).rowcount

    def votes(self, debate_id: int) -> list[Vote]:
        found = self._rows(
            f"select * from {VOTES} where debate_id = ? order by at, member_id", [debate_id]
        )
        return [
            Vote(r["debate_id"], r["stage"], r["member_id"], r["side"], storage.required(r["at"]))
            for r in found
        ]

    # helpers

    def _debate(self, row: dict[str, Any]) -> Debate:
        debate_id = row["id"]
        people = self._rows(
            f"select * from {PARTICIPANTS} where debate_id = ? order by seq", [debate_id]
        )
        speeches = self._rows(
            f"select * from {SPEECHES} where debate_id = ? order by position", [debate_id]
        )
        pending = self._rows(
            f"select * from {POIS} where debate_id = ? and status = ? order by id desc limit 1",
            [debate_id, OFFERED],
        )
        return Debate(
            id=debate_id,
            guild_id=row["guild_id"],
            channel_id=row["channel_id"],
            motion=row["motion"],
            format=Format.from_json(row["format"]),
            status=row["status"],
            moderator_id=row["moderator_id"],
            moderator_name=row["moderator_name"],
            created_at=storage.required(row["created_at"]),
            scheduled_for=storage.from_db(row["scheduled_for"]),
            started_at=storage.from_db(row["started_at"]),
            ended_at=storage.from_db(row["ended_at"]),
            thread_id=row["thread_id"],
            lobby_message_id=row["lobby_message_id"],
            timer_message_id=row["timer_message_id"],
            poll_before_id=row["poll_before_id"],
            poll_after_id=row["poll_after_id"],
            side_names=convert.side_names(row.get("side_names")),
            participants=tuple(convert.participant(p) for p in people),
            speeches=tuple(convert.speech(s) for s in speeches),
            pending_poi=convert.poi(pending[0]) if pending else None,
            prep_until=storage.from_db(row.get("prep_until")),
            prep_seconds=row.get("prep_seconds") or 0,
            prep_announced=convert.unmarks(row.get("prep_announced")),
            prep_message_id=row.get("prep_message_id"),
        )

    def _write(self, sql: str, params: list[Any]) -> storage.Written:
        """Run one write; on its own it commits, inside a transaction it joins it."""
        return self.db.execute(sql, params)

    def _rows(self, sql: str, params: list[Any]) -> list[dict[str, Any]]:
        return self.db.query(sql, params)

    def _insert(self, table: str, row: dict[str, Any]) -> int:
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        values = [convert.value(v) for v in row.values()]
        written = self._write(f"insert into {table} ({columns}) values ({marks})", values)
        return int(written.lastrowid or 0)

    def _update(self, table: str, row_id: int, fields: dict[str, Any]) -> None:
        if not fields:
            return
        sets = ", ".join(f"{name} = ?" for name in fields)
        values = [convert.value(v) for v in fields.values()]
        self._write(f"update {table} set {sets} where id = ?", [*values, row_id])
