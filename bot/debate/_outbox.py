"""Timer announcements waiting to be posted: recorded with their claim, deleted once sent.

:meth:`DebateService.due_events` marks a warning announced before returning it, so it
is never announced twice; on its own that would lose a warning whose send fails (one
503) or whose process dies before sending. The timer loop therefore records each event
here in the same transaction as its claim, and deletes it only once the message is
out. Until then it is retried, but only within its window: a "1 minute left" that
could not be posted before the 30-second warning is dropped, not posted late. The row
id doubles as the message nonce, so a retry after a lost answer (or a restart after a
send) is deduplicated by Discord rather than posted twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlite_utils

from bot.debate._models import TimerEvent
from bot.debate._timer import WARNINGS

OUTBOX = "debate_outbox"
TIME_UP_WINDOW = 30  # seconds over time during which "Time!" is still worth posting
START_WINDOW = 600  # a scheduled start's reminder


@dataclass(frozen=True, slots=True)
class Pending:
    """An announcement not yet confirmed sent."""

    id: int
    event: TimerEvent
    until: datetime
    tries: int

    @property
    def nonce(self) -> str:
        """At most 25 characters, the same on every try and after a restart; ids are
        never reused (autoincrement), so no two announcements share one."""
        return f"thawtimer-{self.id}"[:25]


def window(event: TimerEvent) -> int:
    """Seconds an announcement stays worth posting: until the next warning is due."""
    if event.kind == "start_due":
        return START_WINDOW
    mark = event.seconds_left or 0
    later = [m for m in WARNINGS if m < mark]
    return mark - max(later) if later else TIME_UP_WINDOW


class Outbox:
    """The ``debate_outbox`` table (created on first use; a corpus rebuild never drops it)."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        db.execute(
            f"create table if not exists {OUTBOX} (id integer primary key autoincrement, "
            "debate_id integer "
            "not null, kind text not null, text text not null, channel_id integer not null, "
            "speech_id integer, seconds_left integer, timer_message_id integer, "
            "until text not null, tries integer not null default 0)"
        )

    def add(self, events: list[TimerEvent], now: datetime) -> None:
        """Record claimed events (call inside the claim's transaction)."""
        for event in events:
            until = now + timedelta(seconds=window(event))
            self.db.execute(
                f"insert into {OUTBOX} (debate_id, kind, text, channel_id, speech_id, "
                "seconds_left, timer_message_id, until) values (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    event.debate_id,
                    event.kind,
                    event.text,
                    event.channel_id,
                    event.speech_id,
                    event.seconds_left,
                    event.timer_message_id,
                    until.isoformat(),
                ],
            )

    def pending(self) -> list[Pending]:
        """Every announcement not yet sent, oldest first."""
        rows = self.db.execute(f"select * from {OUTBOX} order by id").fetchall()
        return [_pending(row) for row in rows]

    def done(self, pending_id: int) -> None:
        """Sent, refused for good, or too late: forget it."""
        with self.db.conn:
            self.db.execute(f"delete from {OUTBOX} where id = ?", [pending_id])

    def failed(self, pending_id: int) -> None:
        """A try failed for a passing reason: count it; the next pass tries again."""
        with self.db.conn:
            self.db.execute(f"update {OUTBOX} set tries = tries + 1 where id = ?", [pending_id])


def _pending(row: tuple) -> Pending:
    (
        row_id,
        debate_id,
        kind,
        text,
        channel_id,
        speech_id,
        seconds_left,
        timer_message_id,
        until,
        tries,
    ) = row
    event = TimerEvent(debate_id, kind, text, channel_id, speech_id, seconds_left, timer_message_id)
    return Pending(row_id, event, datetime.fromisoformat(until), tries)
