"""The per-student records as a gradebook file: CSV or XLSX, one row per student per debate.

The rubric columns (evidence, reasoning, rebuttal, delivery, feedback, rubric total)
hold the student's ballot (``/debate ballot``), released or not (``ballot released``);
empty when there is none, for the teacher to fill in a spreadsheet. ``against side``
lists cited passages whose stored stance is the other side's: this file is for the teacher only.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime

from bot.debate._ballots import Ballots
from bot.debate._core import require_moderator
from bot.debate._models import SKIPPED, Actor
from bot.debate._outcome import Outcome
from bot.debate._record import (
    ENDED_EARLY,
    NOT_HELD_TEXT,
    StudentRecord,
    store_lookup,
    students,
)
from bot.debate._rubric import CRITERIA
from bot.debate._service import DebateService
from bot.errors import BadInput, NotFound
from bot.presentation import Reply

FORMATS = ("csv", "xlsx")
RUBRIC = ("evidence", "reasoning", "rebuttal", "delivery", "feedback")
COLUMNS = (
    "debate",
    "date",
    "motion",
    "student",
    "student id",
    "side",
    "speeches",
    "speeches skipped",
    "speeches ended early",
    "speeches not held",
    "seconds spoken",
    "seconds allowed",
    "arguments",
    "passages cited",
    "readings cited",
    "kinds of source",
    "counters",
    "POIs offered",
    "POIs accepted",
    "POIs declined",
    "suggestions",
    "vote before",
    "vote after",
    "against side",
    *RUBRIC,
    "rubric total",
    "ballot released",
)


def export_rows(
    service: DebateService, guild_id: int | None = None, debate_id: int | None = None
) -> list[dict[str, object]]:
    """One row per student per debate (every debate, one server's, or one)."""
    ids = service.repo.ids(guild_id)
    if debate_id is not None:
        if debate_id not in ids:
            raise NotFound(f"There is no debate number {debate_id}" + _on(guild_id) + ".")
        ids = [debate_id]
    grading = Ballots(service)
    rows = []
    for number in ids:
        record = service.record(number)
        debate = record.debate
        when = debate.started_at or debate.created_at
        ballots = grading.ballots(number)
        released = "yes" if grading.released_at(number) else "no"
        lookup = store_lookup(service.store, debate.guild_id)  # the server's marks count
        for student in students(record, service.clock(), lookup):
            row = _row(debate.id, when, debate.motion, student, debate.names)
            found = ballots.get(student.member_id)
            if found is not None:
                row.update({key: found.scores[key] for key in CRITERIA})
                row.update({"feedback": found.feedback, "rubric total": found.total})
                row["ballot released"] = released
            rows.append(row)
    return rows


def _on(guild_id: int | None) -> str:
    return "" if guild_id is None else f" on server {guild_id}"


def _row(
    number: int, when: datetime, motion: str, s: StudentRecord, names: dict[str, str]
) -> dict[str, object]:
    row: dict[str, object] = {
        "debate": number,
        "date": when.date().isoformat(),
        "motion": motion,
        "student": s.name,
        "student id": str(s.member_id),  # text: a spreadsheet would round a snowflake
        "side": names[s.side],
        "speeches": s.speeches_given if s.has_speech else "no speech",
        "speeches skipped": s.count(SKIPPED),
        "speeches ended early": s.count(ENDED_EARLY),
        "speeches not held": s.count(NOT_HELD_TEXT),
        "seconds spoken": s.seconds_spoken,
        "seconds allowed": s.seconds_allowed,
        "arguments": s.arguments,
        "passages cited": len(s.citations),
        "readings cited": "; ".join(s.readings),
        "kinds of source": "; ".join(s.source_kinds),
        "counters": s.counters,
        "POIs offered": s.pois_offered,
        "POIs accepted": s.pois_accepted,
        "POIs declined": s.pois_declined,
        "suggestions": s.suggestions,
        "vote before": names.get(s.vote_before or "", ""),
        "vote after": names.get(s.vote_after or "", ""),
        "against side": "; ".join(s.against_side),
    }
    row.update({name: "" for name in (*RUBRIC, "rubric total", "ballot released")})
    return row


def to_csv(rows: list[dict[str, object]]) -> bytes:
    """The rows as CSV (UTF-8 with a byte-order mark, so a spreadsheet reads accents)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _safe(v) for k, v in row.items()})
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(rows: list[dict[str, object]]) -> bytes:
    """The rows as an Excel workbook, one sheet, the header row frozen."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Students"
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append([_safe(row[name]) for name in COLUMNS])
    sheet.freeze_panes = "A2"
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def _safe(value: object) -> object:
    """Typed text that a spreadsheet would run as a formula is kept as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def export_file(
    service: DebateService,
    fmt: str,
    guild_id: int | None = None,
    debate_id: int | None = None,
) -> tuple[str, bytes]:
    """The file name and its bytes."""
    fmt = (fmt or "csv").strip().lower()
    if fmt not in FORMATS:
        raise BadInput("Export as csv or xlsx.")
    rows = export_rows(service, guild_id, debate_id)
    name = f"debate-{debate_id}-students.{fmt}" if debate_id else f"debates-students.{fmt}"
    return name, to_csv(rows) if fmt == "csv" else to_xlsx(rows)


def export_for(
    service: DebateService,
    actor: Actor,
    guild_id: int,
    fmt: str = "csv",
    debate_id: int | None = None,
) -> tuple[str, bytes]:
    """A moderator's export of their server's debates (the front ends' entry point)."""
    require_moderator(actor, "export the students' records")
    return export_file(service, fmt, guild_id, debate_id)


def export(
    service: DebateService,
    actor: Actor,
    guild_id: int,
    fmt: str | None = None,
    debate_id: int | None = None,
) -> Outcome:
    """``/debate export [format] [debate]``: the file, privately, to a moderator."""
    name, data = export_for(service, actor, guild_id, fmt or "csv", debate_id)
    which = f"debate {debate_id}" if debate_id else "every debate on this server"
    text = (
        f"Students' records for {which}: one row per student per debate, for the teacher "
        "only (it flags citations that read for the other side)."
    )
    return Outcome(Reply(content=text, file=(name, data)))
