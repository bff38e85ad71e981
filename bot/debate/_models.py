"""The debate's plain result types: what the service returns and the cards render."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from bot.debate._formats import Format
from bot.debate._timer import TimerState
from bot.errors import BadInput
from bot.models import Actor as Actor  # re-exported: every service method takes an Actor
from bot.models import Passage, Reference

Clock = Callable[[], datetime]

SINCERE = "sincere"
POLITICAL = "political"
SIDES = (SINCERE, POLITICAL)
SIDE_LABELS = {SINCERE: "Sincere", POLITICAL: "Political"}  # the built-in motion's sides
CUSTOM_SIDES = ("For", "Against")  # a custom motion's sides when the moderator names none
MAX_SIDE_NAME = 40
OTHER_SIDE = {SINCERE: POLITICAL, POLITICAL: SINCERE}

# Debate status: a state machine (see DebateService for the transitions).
LOBBY, RUNNING, PAUSED, VOTING, ENDED = "lobby", "running", "paused", "voting", "ended"
PREP = "prep"  # started: the preparation period before the first speech (bot.debate._prep)
FLOOR = (RUNNING, PAUSED)  # a speech is live
# Speech status.
PENDING, LIVE, DONE, SKIPPED = "pending", "live", "done", "skipped"
NOT_HELD = "not_held"  # never reached: the debate ended first
# Vote stages and point-of-information status.
BEFORE, AFTER = "before", "after"
STAGES = (BEFORE, AFTER)
OFFERED, ACCEPTED, DECLINED, LAPSED = "offered", "accepted", "declined", "lapsed"
ARGUMENT, COUNTER = "argument", "counter"

DEFAULT_MOTION = "De-Stalinization was a sincere break with Stalinism, not a political manoeuvre"
_SIDE_WORDS = {
    "sincere": SINCERE,
    "s": SINCERE,
    "proposition": SINCERE,
    "for": SINCERE,
    "political": POLITICAL,
    "p": POLITICAL,
    "opposition": POLITICAL,
    "against": POLITICAL,
}


def system_clock() -> datetime:
    """The current instant in UTC (tests pass their own clock instead)."""
    return datetime.now(UTC)


def is_builtin(motion: str) -> bool:
    """The built-in motion (the one the stance reader was built for), however spaced."""
    return " ".join(motion.split()).casefold() == DEFAULT_MOTION.casefold()


def side_names_for(motion: str, given: str | None = None) -> tuple[str, str]:
    """The two side names a debate on ``motion`` shows.

    ``given`` is the moderator's "Yes | No" (or "Yes, No"); without it the built-in
    motion keeps Sincere / Political and a custom motion gets For / Against.
    BadInput when the names are not two different short names.
    """
    text = " ".join((given or "").split())
    if not text:
        return (
            (SIDE_LABELS[SINCERE], SIDE_LABELS[POLITICAL]) if is_builtin(motion) else CUSTOM_SIDES
        )
    parts = [part.strip() for part in re.split(r"\s*(?:\||/|,|\bvs\.?\b)\s*", text) if part.strip()]
    if len(parts) != 2:
        raise BadInput("Name two sides separated by a bar, e.g. “Yes | No”.")
    if parts[0].casefold() == parts[1].casefold():
        raise BadInput("The two sides need different names.")
    for part in parts:
        if len(part) > MAX_SIDE_NAME:
            raise BadInput(f"Keep each side's name under {MAX_SIDE_NAME} characters.")
    return parts[0], parts[1]


def parse_side(text: str | None, names: dict[str, str] | None = None) -> str:
    """``sincere`` or ``political`` (the first or second side's key) from what a user typed.

    ``names``: the debate's side names, accepted as typed (any case) besides the keys
    and the words for/against, proposition/opposition."""
    typed = (text or "").strip().lower()
    for key, name in (names or {}).items():
        if typed == name.casefold():
            return key
    side = _SIDE_WORDS.get(typed)
    if side is None:
        shown = names or SIDE_LABELS
        raise BadInput(f"Pick a side: {shown[SINCERE]} or {shown[POLITICAL]}.")
    return side


def parse_stage(text: str | None) -> str:
    """``before`` or ``after``; BadInput otherwise."""
    stage = (text or "").strip().lower()
    if stage not in STAGES:
        raise BadInput("A vote is either before or after the debate.")
    return stage


@dataclass(frozen=True, slots=True)
class Participant:
    """A student on a side. ``seq`` is the join order, which sets the speaking order."""

    debate_id: int
    member_id: int
    name: str
    side: str
    seq: int
    joined_at: datetime
    assigned: bool = False  # put there by the moderator (balancing never moves them)


@dataclass(frozen=True, slots=True)
class Speech:
    """One speaker's turn in one round, with the timer's stored state."""

    id: int
    debate_id: int
    position: int
    round_name: str
    side: str
    speaker_id: int
    speaker_name: str
    seconds: int
    pois_allowed: bool
    status: str = PENDING
    started_at: datetime | None = None
    ended_at: datetime | None = None
    paused_at: datetime | None = None
    paused_seconds: float = 0.0
    extended: int = 0
    announced: frozenset[int] = frozenset()
    timer_message_id: int | None = None  # this speech's own timer message on Discord

    @property
    def timer(self) -> TimerState | None:
        """The timer, once the speech has started."""
        if self.started_at is None:
            return None
        return TimerState(
            seconds=self.seconds,
            started_at=self.started_at,
            extended=self.extended,
            paused_at=self.paused_at,
            paused_seconds=self.paused_seconds,
            announced=self.announced,
        )

    @property
    def label(self) -> str:
        """E.g. "Opening · Sincere · alice"."""
        return f"{self.round_name} · {SIDE_LABELS[self.side]} · {self.speaker_name}"

    @property
    def who(self) -> str:
        """E.g. "alice (Opening · Sincere)": the speaker first, for announcements."""
        return f"{self.speaker_name} ({self.round_name} · {SIDE_LABELS[self.side]})"


@dataclass(frozen=True, slots=True)
class Poi:
    """A point of information offered to the current speaker."""

    id: int
    debate_id: int
    speech_id: int
    member_id: int
    name: str
    side: str
    offered_at: datetime
    status: str = OFFERED
    answered_at: datetime | None = None
    speech_seconds: float | None = None  # how far into the speech (its pauses so far excluded)


@dataclass(frozen=True, slots=True)
class Tip:
    """A passage a member suggests to their side's speaker (any member, with or without a
    speech of their own)."""

    id: int
    debate_id: int
    side: str
    member_id: int
    name: str
    passage_id: str
    note: str
    at: datetime
    speech_id: int | None = None  # the speech live when it was suggested


@dataclass(frozen=True, slots=True)
class Evidence:
    """A passage quoted as evidence, kept word for word as it was when cited."""

    passage_id: str
    text: str
    citation: str
    title: str
    reading: str  # the reading's works-cited entry
    references: tuple[Reference, ...] = ()

    @classmethod
    def of(cls, passage: Passage, reading: str) -> Evidence:
        """A snapshot of ``passage``: a rebuilt corpus never changes a past debate."""
        return cls(
            passage.id, passage.text, passage.citation, passage.title, reading, passage.references
        )

    @property
    def entries(self) -> tuple[str, ...]:
        """Works-cited entries: the reading itself, then the works it cites."""
        cited = tuple(ref.entry for ref in self.references if ref.entry)
        return (self.reading, *cited)


@dataclass(frozen=True, slots=True)
class Argument:
    """A claim with reasoning and evidence; a counter answers another side's argument."""

    id: int
    debate_id: int
    speech_id: int | None
    side: str
    author_id: int
    author_name: str
    claim: str
    reasoning: str
    created_at: datetime
    kind: str = ARGUMENT
    answers_id: int | None = None
    evidence: tuple[Evidence, ...] = ()

    @property
    def cited(self) -> bool:
        """An argument without evidence is allowed but shown as uncited."""
        return bool(self.evidence)


@dataclass(frozen=True, slots=True)
class Vote:
    """One member's vote at one stage (changeable until the stage closes)."""

    debate_id: int
    stage: str
    member_id: int
    side: str
    at: datetime


@dataclass(frozen=True, slots=True)
class Tally:
    """The votes of one stage."""

    stage: str
    sincere: int = 0
    political: int = 0

    @property
    def total(self) -> int:
        return self.sincere + self.political

    def share(self, side: str) -> float | None:
        """The side's share of the votes (0..1), or None when nobody voted."""
        if not self.total:
            return None
        return (self.sincere if side == SINCERE else self.political) / self.total


@dataclass(frozen=True, slots=True)
class Results:
    """Before and after, the swing towards Sincere in points, and minds changed."""

    before: Tally
    after: Tally
    changed: int = 0

    @property
    def swing(self) -> float | None:
        """Percentage points gained by Sincere (negative: Political gained); None if unknown."""
        first, last = self.before.share(SINCERE), self.after.share(SINCERE)
        if first is None or last is None:
            return None
        return round((last - first) * 100, 1)

    @property
    def swung_to(self) -> str | None:
        """The side that gained ground, or None (no swing or no votes)."""
        swing = self.swing
        if not swing:
            return None
        return SINCERE if swing > 0 else POLITICAL


@dataclass(frozen=True, slots=True)
class Debate:
    """A debate with its roster, speeches and any pending point of information."""

    id: int
    guild_id: int
    channel_id: int
    motion: str
    format: Format
    status: str
    moderator_id: int
    moderator_name: str
    created_at: datetime
    scheduled_for: datetime | None = None
    started_at: datetime | None = None
    ended_at: datetime | None = None
    thread_id: int | None = None
    lobby_message_id: int | None = None
    timer_message_id: int | None = None  # the card after the speeches (the vote after)
    poll_before_id: int | None = None
    poll_after_id: int | None = None
    side_names: tuple[str, str] | None = None  # None: the motion's defaults (side_names_for)
    participants: tuple[Participant, ...] = ()
    speeches: tuple[Speech, ...] = ()
    pending_poi: Poi | None = None
    prep_until: datetime | None = None  # the end of the preparation period, if there is one
    prep_seconds: int = 0
    prep_announced: frozenset[int] = frozenset()  # prep warnings already posted (60, 30)
    prep_message_id: int | None = None  # the preparation card

    @property
    def builtin(self) -> bool:
        """Whether this is the built-in motion, the one stance (sincere/political) reads."""
        return is_builtin(self.motion)

    @property
    def names(self) -> dict[str, str]:
        """Side key -> the name students see: Sincere/Political on the built-in motion,
        the moderator's names (else For/Against) on a custom one."""
        first, second = self.side_names or side_names_for(self.motion)
        return {SINCERE: first, POLITICAL: second}

    def label(self, side: str) -> str:
        """The name students see for a side key (``sincere`` is always the first side)."""
        return self.names.get(side, side)

    def side(self, side: str) -> tuple[Participant, ...]:
        """The side's members in join order."""
        return tuple(p for p in self.participants if p.side == side)

    def participant(self, member_id: int) -> Participant | None:
        return next((p for p in self.participants if p.member_id == member_id), None)

    @property
    def current(self) -> Speech | None:
        """The live speech, if any."""
        return next((s for s in self.speeches if s.status == LIVE), None)

    @property
    def upcoming(self) -> Speech | None:
        """The next speech still to be given."""
        return next((s for s in self.speeches if s.status == PENDING), None)

    @property
    def where(self) -> int:
        """Where the debate's messages go: its thread, else its channel."""
        return self.thread_id or self.channel_id


@dataclass(frozen=True, slots=True)
class TimerEvent:
    """Something the timer loop must announce once: a warning, time up, a due start."""

    debate_id: int
    kind: str  # 'warning', 'time_up' or 'start_due'
    text: str
    channel_id: int  # the thread, else the channel
    speech_id: int | None = None
    seconds_left: int | None = None
    timer_message_id: int | None = None


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A passage suggested as evidence for a side, with why it reads that way."""

    passage: Passage
    score: float
    reasons: tuple[str, ...] = ()
    marked: bool = False  # the server's teacher marked it for this side


@dataclass(frozen=True, slots=True)
class Summary:
    """The end-of-debate numbers a teacher looks at first."""

    results: Results
    arguments: dict[str, int] = field(default_factory=dict)
    counters: dict[str, int] = field(default_factory=dict)
    uncited: dict[str, int] = field(default_factory=dict)
    evidence: dict[str, tuple[str, ...]] = field(default_factory=dict)
    speeches_given: int = 0
    speeches_skipped: int = 0
    speeches_not_held: int = 0
    pois_offered: int = 0
    pois_accepted: int = 0


@dataclass(frozen=True, slots=True)
class DebateRecord:
    """Everything about one debate, for the transcript and the summary."""

    debate: Debate
    arguments: tuple[Argument, ...]
    pois: tuple[Poi, ...]
    results: Results
    tips: tuple[Tip, ...] = ()
    votes: tuple[Vote, ...] = ()  # each member's own vote per stage (the per-student record)
