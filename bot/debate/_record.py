"""Per-student record of a debate: what each student did, for the teacher who grades it.

Built only from what the debate tables already keep (roster, speeches, arguments with
their evidence snapshots, points of information, suggestions, votes). The passages'
stance and their readings' kind of source come from the store when it still holds them
(a rebuilt corpus may not): a citation whose passage reads for the other side is flagged
for the teacher, in the export only, never in anything a student can see.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.debate._models import (
    ACCEPTED,
    AFTER,
    BEFORE,
    COUNTER,
    DECLINED,
    DONE,
    LIVE,
    OTHER_SIDE,
    SIDES,
    SKIPPED,
    DebateRecord,
    Speech,
)
from bot.debate._timer import elapsed
from bot.errors import ThawbotError
from bot.models import Passage
from bot.store import Store

# A speech that stops more than this many seconds before its time is "ended early".
EARLY_MARGIN = 5
GIVEN, ENDED_EARLY, SPEAKING, NOT_HELD_TEXT = "given", "ended early", "in progress", "not held"

Lookup = Callable[[str], tuple[Passage, str] | None]  # passage id -> (passage, source kind)


@dataclass(frozen=True, slots=True)
class SpeechTime:
    """One speech of a student: its round, what became of it and the time used."""

    round_name: str
    status: str  # given, ended early, in progress, skipped or not held
    seconds_used: int
    seconds_allowed: int

    @property
    def held(self) -> bool:
        return self.status in (GIVEN, ENDED_EARLY, SPEAKING)


@dataclass(frozen=True, slots=True)
class StudentRecord:
    """One student in one debate."""

    member_id: int
    name: str
    side: str
    speeches: tuple[SpeechTime, ...] = ()
    arguments: int = 0
    counters: int = 0
    uncited_arguments: int = 0  # arguments (not counters) that cite no passage
    citations: tuple[str, ...] = ()  # passage ids, once per citation, in order
    readings: tuple[str, ...] = ()  # the readings cited, by title
    source_kinds: tuple[str, ...] = ()  # their kinds of source (known while the store has them)
    against_side: tuple[str, ...] = ()  # cited passages whose stance is the other side's
    pois_offered: int = 0
    pois_accepted: int = 0
    pois_declined: int = 0
    suggestions: int = 0
    vote_before: str | None = None
    vote_after: str | None = None
    started: bool = True  # the speeches were planned (a lobby has none yet)

    @property
    def has_speech(self) -> bool:
        """Whether the format gave this student a speech at all (True until it started)."""
        return bool(self.speeches) or not self.started

    @property
    def speeches_given(self) -> int:
        return sum(s.held for s in self.speeches)

    @property
    def seconds_spoken(self) -> int:
        return sum(s.seconds_used for s in self.speeches)

    @property
    def seconds_allowed(self) -> int:
        """The time allowed for the speeches given (extensions included)."""
        return sum(s.seconds_allowed for s in self.speeches if s.held)

    def count(self, status: str) -> int:
        """How many of the student's speeches ended with ``status`` (e.g. "skipped")."""
        return sum(s.status == status for s in self.speeches)


def students(
    record: DebateRecord, now: datetime, lookup: Lookup | None = None
) -> list[StudentRecord]:
    """Every student on the roster, in side then join order.

    ``lookup`` finds a cited passage's current stance and source kind; without it (the
    transcript) no citation is flagged and the kinds are left empty.
    """
    debate = record.debate
    votes = {(v.stage, v.member_id): v.side for v in record.votes}
    found = []
    for person in sorted(debate.participants, key=lambda p: (SIDES.index(p.side), p.seq)):
        me = person.member_id
        mine = [a for a in record.arguments if a.author_id == me]
        cited = [(a.side, e) for a in mine for e in a.evidence]
        kinds: list[str] = []
        against: list[str] = []
        for side, item in cited:
            known = lookup(item.passage_id) if lookup else None
            if known is None:
                continue
            passage, kind = known
            if kind and kind not in kinds:
                kinds.append(kind)
            flagged = debate.builtin and passage.stance == OTHER_SIDE.get(side)
            if flagged and item.passage_id not in against:
                against.append(item.passage_id)
        pois = [p for p in record.pois if p.member_id == me]
        found.append(
            StudentRecord(
                member_id=me,
                name=person.name,
                side=person.side,
                speeches=tuple(_speech_time(s, now) for s in debate.speeches if s.speaker_id == me),
                arguments=sum(a.kind != COUNTER for a in mine),
                counters=sum(a.kind == COUNTER for a in mine),
                uncited_arguments=sum(a.kind != COUNTER and not a.evidence for a in mine),
                citations=tuple(e.passage_id for _, e in cited),
                readings=tuple(dict.fromkeys(e.title for _, e in cited)),
                source_kinds=tuple(kinds),
                against_side=tuple(against),
                pois_offered=len(pois),
                pois_accepted=sum(p.status == ACCEPTED for p in pois),
                pois_declined=sum(p.status == DECLINED for p in pois),
                suggestions=sum(t.member_id == me for t in record.tips),
                vote_before=votes.get((BEFORE, me)),
                vote_after=votes.get((AFTER, me)),
                started=bool(debate.speeches),
            )
        )
    return found


def _speech_time(speech: Speech, now: datetime) -> SpeechTime:
    timer = speech.timer
    if speech.status == SKIPPED:
        return SpeechTime(speech.round_name, SKIPPED, 0, speech.seconds)
    if timer is None or speech.status not in (DONE, LIVE):
        return SpeechTime(speech.round_name, NOT_HELD_TEXT, 0, speech.seconds)
    used = round(elapsed(timer, speech.ended_at or now))
    if speech.status == LIVE:
        status = SPEAKING
    else:
        status = ENDED_EARLY if used + EARLY_MARGIN < timer.total else GIVEN
    return SpeechTime(speech.round_name, status, used, timer.total)


def store_lookup(store: Store, guild_id: int | None = None) -> Lookup:
    """A cited passage's current stance and kind of source, from the store (None if gone).

    In a server, a teacher's mark on the built-in motion stands in for the stance reader,
    so a citation the teacher marked for the other side is flagged too."""
    from bot.marks import marks_for  # local: marks build on the store, as debates do

    kinds: dict[str, str] = {}
    marked = {pid: mark.stance for pid, mark in marks_for(store, guild_id).items()}

    def find(passage_id: str) -> tuple[Passage, str] | None:
        try:
            passage = store.passage(passage_id)
        except ThawbotError:  # the corpus was rebuilt without it: no stance to compare
            return None
        if passage.source not in kinds:
            try:
                kinds[passage.source] = store.source(passage.source).kind
            except ThawbotError:
                kinds[passage.source] = ""
        if passage.id in marked:
            passage = dataclasses.replace(passage, stance=marked[passage.id])
        return passage, kinds[passage.source]

    return find
