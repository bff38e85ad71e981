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
from typing import Any

from bot import storage
from bot.debate._models import TimerEvent
from bot.debate._rows import DEBATE_SCHEMA, OUTBOX
from bot.debate._timer import WARNINGS

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
    """The ``debate_outbox`` table (the debate schema's; a corpus rebuild never drops it)."""

    def __init__(self, db: storage.Database | Any) -> None:
        self.db = storage.adopt(db)
        self.db.migrate(DEBATE_SCHEMA)

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
                    storage.to_db(until),
                ],
            )

    def pending(self) -> list[Pending]:
        """Every announcement not yet sent, oldest first."""
        return [_pending(row) for row in self.db.query(f"select * from {OUTBOX} order by id")]

    def done(self, pending_id: int) -> None:
        """Sent, refused for good, or too late: forget it."""
        self.db.execute(f"delete from {OUTBOX} where id = ?", [pending_id])

    def failed(self, pending_id: int) -> None:
        """A try failed for a passing reason: count it; the next pass tries again."""
        self.db.execute(f"update {OUTBOX} set tries = tries + 1 where id = ?", [pending_id])


def _pending(row: dict[str, Any]) -> Pending:
    event = TimerEvent(
        row["debate_id"],
        row["kind"],
        row["text"],
        row["channel_id"],
        row["speech_id"],
        row["seconds_left"],
        row["timer_message_id"],
    )
    return Pending(row["id"], event, storage.required(row["until"]), row["tries"])
