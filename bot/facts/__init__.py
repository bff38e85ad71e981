"""Daily fact posts: cited statements taken word for word from the readings.

Plain Python (no discord): extraction, the daily schedule in a server's time zone,
the per-server rotation, the SQLite tables and the cards. The Discord cog and the
console call :class:`FactService` and render its replies.
"""

from bot.facts._actions import (
    facts_for,
    pause_for,
    preview_for,
    require_moderator,
    resume_for,
    setup_for,
    skip_for,
    status_for,
    stop_for,
)
from bot.facts._calendar import Holiday, parse_days, read_ics
from bot.facts._cards import (
    fact_card,
    failure_reply,
    notice_reply,
    passage_button,
    passage_id_of,
    passage_reply,
    post_reply,
    preview_reply,
    setup_reply,
    skip_reply,
    status_reply,
    thread_name,
    when_text,
)
from bot.facts._extract import Fact, FactDate, extract_facts, parse_date
from bot.facts._repo import Schedule
from bot.facts._rotation import Pick
from bot.facts._schedule import due_day, next_post, parse_time, post_instant
from bot.facts._school_actions import (
    calendar_import_for,
    calendar_upload_for,
    check_calendar_upload,
    exclude_for,
    excluded_reply,
    holiday_add_for,
    holiday_remove_for,
    holidays_reply,
    include_for,
)
from bot.facts._service import Claim, Clock, FactService, Status, system_clock
from bot.facts._themes import GENERAL_THEME
from bot.facts._zones import resolve_zone, timezones

__all__ = [
    "GENERAL_THEME",
    "Claim",
    "Clock",
    "Fact",
    "FactDate",
    "FactService",
    "Holiday",
    "Pick",
    "Schedule",
    "Status",
    "calendar_import_for",
    "calendar_upload_for",
    "check_calendar_upload",
    "due_day",
    "exclude_for",
    "excluded_reply",
    "extract_facts",
    "fact_card",
    "facts_for",
    "failure_reply",
    "holiday_add_for",
    "holiday_remove_for",
    "holidays_reply",
    "include_for",
    "next_post",
    "notice_reply",
    "parse_date",
    "parse_days",
    "parse_time",
    "passage_button",
    "passage_id_of",
    "passage_reply",
    "pause_for",
    "post_instant",
    "post_reply",
    "preview_for",
    "preview_reply",
    "read_ics",
    "require_moderator",
    "resolve_zone",
    "resume_for",
    "setup_for",
    "setup_reply",
    "skip_for",
    "skip_reply",
    "status_for",
    "status_reply",
    "stop_for",
    "system_clock",
    "thread_name",
    "timezones",
    "when_text",
]
