"""Structured debates on the motion, plain Python (no discord).

A moderator opens a debate in a channel, students join the Sincere or Political side,
the moderator runs the speeches on timers, speakers submit cited arguments, the audience
votes before and after, and a Markdown transcript records it all. Everything is kept in
SQLite (tables ``debate_*``), so a restart mid-debate resumes the timers.

The Discord cog and the console call :class:`DebateService` and render the replies
built here.
"""

from bot.debate._cards import (
    argue_form,
    counter_form,
    custom_id,
    lobby_reply,
    notice,
    poll_question,
    thread_name,
    timer_reply,
    vote_reply,
)
from bot.debate._cards_record import (
    argument_reply,
    results_reply,
    suggestions_reply,
    summary_reply,
    transcript_reply,
)
from bot.debate._evidence import MAX_EVIDENCE, parse_ids, reading_entry
from bot.debate._formats import CLASSROOM, SHORT, Format, Round, parse_format
from bot.debate._models import (
    AFTER,
    BEFORE,
    DEFAULT_MOTION,
    ENDED,
    LOBBY,
    PAUSED,
    POLITICAL,
    RUNNING,
    SIDE_LABELS,
    SIDES,
    SINCERE,
    VOTING,
    Actor,
    Argument,
    Clock,
    Debate,
    DebateRecord,
    Evidence,
    Participant,
    Poi,
    Results,
    Speech,
    Suggestion,
    Summary,
    Tally,
    TimerEvent,
    Vote,
    parse_side,
    parse_stage,
    system_clock,
)
from bot.debate._roster import PlannedSpeech
from bot.debate._service import DebateService
from bot.debate._timer import TimerState

__all__ = [
    "AFTER",
    "BEFORE",
    "CLASSROOM",
    "DEFAULT_MOTION",
    "ENDED",
    "LOBBY",
    "MAX_EVIDENCE",
    "PAUSED",
    "POLITICAL",
    "RUNNING",
    "SHORT",
    "SIDES",
    "SIDE_LABELS",
    "SINCERE",
    "VOTING",
    "Actor",
    "Argument",
    "Clock",
    "Debate",
    "DebateRecord",
    "DebateService",
    "Evidence",
    "Format",
    "Participant",
    "PlannedSpeech",
    "Poi",
    "Results",
    "Round",
    "Speech",
    "Suggestion",
    "Summary",
    "Tally",
    "TimerEvent",
    "TimerState",
    "Vote",
    "argue_form",
    "argument_reply",
    "counter_form",
    "custom_id",
    "lobby_reply",
    "notice",
    "parse_format",
    "parse_ids",
    "parse_side",
    "parse_stage",
    "poll_question",
    "reading_entry",
    "results_reply",
    "suggestions_reply",
    "summary_reply",
    "system_clock",
    "thread_name",
    "timer_reply",
    "transcript_reply",
    "vote_reply",
]
