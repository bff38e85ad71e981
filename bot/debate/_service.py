"""DebateService: the debate state machine, persisted so a restart resumes where it was.

States and who moves them (a moderator, unless noted)::

    lobby --start--> running <--pause/resume--> paused
    running|paused --advance/skip--> next speech, or voting after the last one
    any state but ended --end--> ended

Students join sides in the lobby and vote before (lobby) and after (voting). Every
method takes the acting :class:`Actor` and an optional ``now`` (the injected clock by
default); refusals raise :mod:`bot.errors` types with a sentence a student understands.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from bot.debate import _evidence, _prep, _timer
from bot.debate._core import require_moderator, require_status
from bot.debate._drafts import DraftMixin
from bot.debate._formats import parse_format
from bot.debate._models import (
    DEFAULT_MOTION,
    DONE,
    ENDED,
    FLOOR,
    LAPSED,
    LIVE,
    LOBBY,
    NOT_HELD,
    PAUSED,
    PENDING,
    PREP,
    RUNNING,
    SIDES,
    SKIPPED,
    VOTING,
    Actor,
    Debate,
    DebateRecord,
    Speech,
    Suggestion,
    Summary,
    TimerEvent,
    side_names_for,
)
from bot.debate._roster import PlannedSpeech, RosterMixin, plan
from bot.debate._transcript import markdown, md_escape, summarize
from bot.debate._votes import VoteMixin
from bot.errors import BadInput, Conflict

log = logging.getLogger(__name__)

MAX_MOTION = 200
MAX_START_MINUTES = 240
MIN_EXTEND, MAX_EXTEND = 10, 600
WARNING_TEXT = {60: "1 minute left", 30: "30 seconds left"}
SPOKEN_SECONDS = 30  # a speaker who spoke this long (or argued) was not skipped
MOVED_ON = "That speech has already moved on."
PREPARING = "The speakers are still preparing: press Next to start the first speech."


class DebateService(RosterMixin, DraftMixin, VoteMixin):
    """Debates on the store's SQLite file: one per channel at a time."""

    # opening and starting

    def open(
        self,
        actor: Actor,
        guild_id: int,
        channel_id: int,
        motion: str | None = None,
        format_text: str | None = None,
        starts_in: int | None = None,
        now: datetime | None = None,
        sides: str | None = None,
    ) -> Debate:
        """Open a debate in a channel: the motion, a format and an optional start time.

        ``sides``: the two side names ("Yes | No"); by default the built-in motion's
        Sincere / Political, else For / Against."""
        require_moderator(actor, "open a debate")
        text = " ".join((motion or "").split()) or DEFAULT_MOTION
        if len(text) > MAX_MOTION:
            raise BadInput(f"Keep the motion under {MAX_MOTION} characters (it has {len(text)}).")
        names = side_names_for(text, sides)
        fmt = parse_format(format_text)
        now = self._now(now)
        scheduled = None
        if starts_in is not None:
            if not 0 <= starts_in <= MAX_START_MINUTES:
                raise BadInput(f"The start can be 0 to {MAX_START_MINUTES} minutes from now.")
            scheduled = now + timedelta(minutes=starts_in)
        with self.repo.transaction():
            if self.repo.open_in(channel_id) is not None:
                raise Conflict("This channel already has a debate. End it before opening another.")
            debate_id = self.repo.insert_debate(
                {
                    "guild_id": guild_id,
                    "channel_id": channel_id,
                    "motion": text,
                    "format": fmt.to_json(),
                    "status": LOBBY,
                    "moderator_id": actor.id,
                    "moderator_name": actor.name,
                    "created_at": now,
                    "scheduled_for": scheduled,
                    "side_names": json.dumps(names),
                }
            )
        log.info("debate %d opened in channel %d by %d", debate_id, channel_id, actor.id)
        return self.get(debate_id)

    def discard(self, debate_id: int) -> None:
        """Undo an open whose lobby could not be posted, so the channel is free again.

        Only a debate still in its lobby can go (nothing has been said in it yet).
        """
        with self.repo.transaction():
            debate = self.get(debate_id)
            require_status(debate, (LOBBY,), "cancel it")
            self.repo.delete_debate(debate.id)
        log.info("debate %d discarded: its lobby could not be posted", debate_id)

    def speaking_order(self, debate: Debate) -> list[PlannedSpeech]:
        """The speaking order as it stands (it is fixed when the debate starts)."""
        if debate.speeches:
            return [
                PlannedSpeech(
                    s.position,
                    s.round_name,
                    s.seconds,
                    s.pois_allowed,
                    s.side,
                    s.speaker_id,
                    s.speaker_name,
                )
                for s in debate.speeches
            ]
        return plan(debate.format, debate.participants)

    def start(
        self,
        actor: Actor,
        debate_id: int,
        now: datetime | None = None,
        prep_minutes: int | None = None,
    ) -> Debate:
        """Fix the speaking order and start the first speech's timer; the vote before closes.

        ``prep_minutes``: first a preparation period (:mod:`bot.debate._prep`); the first
        speech starts when it is over or when a moderator presses Next.
        """
        require_moderator(actor, "start the debate")
        prep = _prep.prep_seconds(prep_minutes)
        now = self._now(now)
        with self.repo.transaction():
            debate = self.get(debate_id)
            require_status(debate, (LOBBY,), "start it")
            empty = [debate.label(side) for side in SIDES if not debate.side(side)]
            if empty:
                raise Conflict(
                    f"Each side needs at least one speaker: nobody is on {' or '.join(empty)} yet."
                )
            for slot in plan(debate.format, debate.participants):
                first = slot.position == 0 and not prep
                self.repo.insert_speech(
                    {
                        "debate_id": debate.id,
                        "position": slot.position,
                        "round_name": slot.round_name,
                        "side": slot.side,
                        "speaker_id": slot.speaker_id,
                        "speaker_name": slot.speaker_name,
                        "seconds": slot.seconds,
                        "pois_allowed": slot.pois,
                        "status": LIVE if first else PENDING,
                        "started_at": now if first else None,
                    }
                )
            if prep:
                until = now + timedelta(seconds=prep)
                self.repo.update_debate(
                    debate.id, status=PREP, started_at=now, prep_seconds=prep, prep_until=until
                )
            else:
                self.repo.update_debate(debate.id, status=RUNNING, started_at=now)
        return self.get(debate_id)

    # moving through the speeches

    def advance(
        self,
        actor: Actor,
        debate_id: int,
        now: datetime | None = None,
        speech: int | None = None,
    ) -> Debate:
        """End the current speech and start the next (after the last one: the vote after).

        ``speech``: the number (1-based) of the speech the control was shown for; when
        another press has moved the debate on meanwhile, Conflict and nothing changes.
        """
        return self._move_on(actor, debate_id, DONE, "move to the next speaker", now, speech)

    def skip(
        self,
        actor: Actor,
        debate_id: int,
        now: datetime | None = None,
        speech: int | None = None,
    ) -> Debate:
        """Skip the current speaker (e.g. absent) and start the next speech.

        A speaker who has already spoken (an argument, or 30 seconds on the clock) is not
        "skipped": the speech counts as given, ended early. ``speech`` as for :meth:`advance`.
        """
        return self._move_on(actor, debate_id, SKIPPED, "skip a speaker", now, speech)

    def _move_on(
        self,
        actor: Actor,
        debate_id: int,
        outcome: str,
        doing: str,
        now: datetime | None,
        speech: int | None,
    ) -> Debate:
        require_moderator(actor, doing)
        now = self._now(now)
        with self.repo.transaction():  # compare and set: the check and the move are one unit
            debate = self.get(debate_id)
            if speech is not None and not _is_current(debate, speech):
                raise Conflict(MOVED_ON)
            if debate.status == PREP:  # Next ends the preparation: the first speech starts
                if outcome == SKIPPED:
                    raise Conflict(PREPARING)
                _prep.begin_speeches(self.repo, debate, now)
                return self.get(debate_id)
            require_status(debate, FLOOR, doing)
            upcoming = debate.upcoming
            debate = self._finish_current(debate, outcome, now)
            if upcoming is None:
                return self._set(debate, status=VOTING)
            debate = self._speech(debate, upcoming.id, status=LIVE, started_at=now)
            return self._set(debate, status=RUNNING)

    def _finish_current(self, debate: Debate, outcome: str, now: datetime) -> Debate:
        current = debate.current
        if current is not None:
            if outcome == SKIPPED and self._has_spoken(current, now):
                outcome = DONE
            debate = self._speech(debate, current.id, status=outcome, ended_at=now)
        if debate.pending_poi is not None:
            debate = self._close_poi(debate, debate.pending_poi.id, status=LAPSED, answered_at=now)
        return debate

    def _has_spoken(self, speech: Speech, now: datetime) -> bool:
        timer = speech.timer
        if timer is not None and _timer.elapsed(timer, now) >= SPOKEN_SECONDS:
            return True
        return self.repo.has_argument(speech.id)

    def pause(self, actor: Actor, debate_id: int, now: datetime | None = None) -> Debate:
        """Stop the speaker's clock."""
        require_moderator(actor, "pause the debate")
        return self._retime(debate_id, (RUNNING,), "pause it", PAUSED, _timer.pause, now)

    def resume(self, actor: Actor, debate_id: int, now: datetime | None = None) -> Debate:
        """Restart the speaker's clock where it stopped."""
        require_moderator(actor, "resume the debate")
        return self._retime(debate_id, (PAUSED,), "resume it", RUNNING, _timer.resume, now)

    def extend(
        self, actor: Actor, debate_id: int, seconds: int = 60, now: datetime | None = None
    ) -> Debate:
        """Give the current speaker more time (warnings are armed again)."""
        require_moderator(actor, "give extra time")
        if not MIN_EXTEND <= int(seconds) <= MAX_EXTEND:
            raise BadInput(f"Extra time must be {MIN_EXTEND} to {MAX_EXTEND} seconds.")

        def longer(state: _timer.TimerState, at: datetime) -> _timer.TimerState:
            return _timer.extend(state, int(seconds), at)

        return self._retime(debate_id, FLOOR, "give extra time", None, longer, now)

    def _retime(
        self,
        debate_id: int,
        allowed: tuple[str, ...],
        doing: str,
        status: str | None,
        change: Callable[[_timer.TimerState, datetime], _timer.TimerState],
        now: datetime | None,
    ) -> Debate:
        """Apply a pure timer change to the live speech (and set the debate's status)."""
        now = self._now(now)
        with self.repo.transaction():
            debate = self.get(debate_id)
            require_status(debate, allowed, doing)
            speech = debate.current
            assert speech is not None and speech.timer is not None
            timer = change(speech.timer, now)
            debate = self._speech(
                debate,
                speech.id,
                paused_at=timer.paused_at,
                paused_seconds=timer.paused_seconds,
                extended=timer.extended,
                announced=timer.announced,
            )
            if status is not None:
                debate = self._set(debate, status=status)
        return debate

    def end(
        self,
        actor: Actor,
        debate_id: int,
        now: datetime | None = None,
        vote_after: bool = False,
        speech: int | None = None,
    ) -> Debate:
        """End the debate from any state; votes close.

        Speeches never reached are "not held", and so is a live one its speaker had not
        really begun (under 30 seconds and no argument). ``vote_after``: ended while the
        speeches run, the debate first goes to the vote after (as after the last speech),
        so the swing is known; ending it again then ends it. ``speech``: as for
        :meth:`advance` (End on a speech's timer card acts only while that speech is live).
        """
        require_moderator(actor, "end the debate")
        now = self._now(now)
        with self.repo.transaction():
            debate = self.get(debate_id)
            if speech is not None and not _is_current(debate, speech):
                raise Conflict(MOVED_ON)
            require_status(debate, (LOBBY, PREP, RUNNING, PAUSED, VOTING), "end it")
            live = debate.current
            spoke = live is not None and self._has_spoken(live, now)
            debate = self._finish_current(debate, DONE if spoke else NOT_HELD, now)
            if debate.upcoming is not None:
                debate = self._unheld(debate, NOT_HELD)
            if vote_after and debate.status in (*FLOOR, PREP):
                log.info("debate %d: speeches ended early by %d", debate_id, actor.id)
                return self._set(debate, status=VOTING)
            debate = self._set(debate, status=ENDED, ended_at=now)
        log.info("debate %d ended by %d", debate_id, actor.id)
        return debate

    # what the timer loop needs

    def running(self) -> list[Debate]:
        """Debates with a live speech (running or paused) or preparing: timers to restore
        after a restart."""
        return [self.get(debate_id) for debate_id in self.repo.with_status((*FLOOR, PREP))]

    def due_events(self, now: datetime | None = None) -> list[TimerEvent]:
        """Warnings, time-ups and scheduled starts not yet announced; each is returned once.

        An event is marked announced in the database before it is returned, so a restart
        never repeats one; after downtime only the most urgent passed warning is returned.
        """
        now = self._now(now)
        preparing = [self.get(debate_id) for debate_id in self.repo.with_status((PREP,))]
        events: list[TimerEvent] = _prep.prep_events(self.repo, preparing, now)
        for debate_id in self.repo.with_status((RUNNING,)):
            debate = self.get(debate_id)
            speech = debate.current
            if speech is None or speech.timer is None:
                continue
            marks = _timer.due_marks(speech.timer, now)
            if marks and self.repo.claim_marks(speech, speech.announced | frozenset(marks)):
                events.append(_warning(debate, speech, marks[0]))
        for debate_id in self.repo.scheduled_unannounced(now):
            if self.repo.claim_start_announcement(debate_id):
                debate = self.get(debate_id)
                text = "It is time to start the debate. Moderator: press Start."
                events.append(TimerEvent(debate.id, "start_due", text, debate.where))
        return events

    def set_message(self, debate_id: int, kind: str, message_id: int | None) -> None:
        """Remember a Discord id: 'thread', 'lobby', 'timer' (the card after the speeches),
        'poll_before' or 'poll_after'."""
        self.repo.set_message(int(debate_id), kind, message_id)

    def set_speech_message(self, speech_id: int, message_id: int | None) -> None:
        """Remember a speech's own timer message (each speech has one, edited as it runs)."""
        self.repo.set_speech_message(int(speech_id), message_id)

    def find_message(self, message_id: int) -> tuple[Debate, str] | None:
        """The debate a message (lobby, timer, poll) or thread belongs to, and its kind."""
        found = self.repo.by_message(message_id)
        return (self.get(found[0]), found[1]) if found else None

    # evidence, summary and transcript

    def suggest(
        self,
        side: str,
        theme: str = "",
        limit: int = 5,
        guild_id: int | None = None,
        debate: Debate | None = None,
    ) -> list[Suggestion]:
        """The strongest passages for a side, optionally on a theme (``debate``: its motion;
        ``guild_id``: whose readings and teacher's marks)."""
        guild_id = guild_id or (debate.guild_id if debate else None)
        return _evidence.suggest(self.store, self.search, side, theme, limit, guild_id, debate)

    def evidence_choices(
        self,
        side: str | None,
        typed: str,
        debate: Debate | None = None,
        guild_id: int | None = None,
    ) -> list[tuple[str, str]]:
        """Autocomplete choices (label, passage id), the side's passages first, from the
        readings the server sees."""
        return _evidence.choices(self.store, self.search, side, typed, debate, guild_id)

    def record(self, debate_id: int) -> DebateRecord:
        """Everything about a debate, for the transcript and the summary."""
        debate = self.get(debate_id)
        return DebateRecord(
            debate=debate,
            arguments=tuple(self.repo.arguments(debate.id)),
            pois=tuple(self.repo.pois(debate.id)),
            results=self.results(debate.id),
            tips=tuple(self.repo.tips(debate.id)),
            votes=tuple(self.repo.votes(debate.id)),
        )

    def summary(self, debate_id: int) -> Summary:
        """Vote swing, arguments per side, evidence used."""
        return summarize(self.record(debate_id))

    def transcript(self, debate_id: int, now: datetime | None = None) -> str:
        """The Markdown transcript a teacher grades."""
        return markdown(self.record(debate_id), self._now(now))


def _is_current(debate: Debate, number: int) -> bool:
    """Whether speech ``number`` (1-based, as on its timer card) is the live one
    (0: the preparation card, current while the speakers prepare)."""
    if number == 0:
        return debate.status == PREP
    current = debate.current
    return current is not None and current.position + 1 == number


def _warning(debate: Debate, speech: Speech, mark: int) -> TimerEvent:
    if mark == 0:
        kind, text = (
            "time_up",
            f"Time! {md_escape(speech.speaker_name)}, please finish your sentence.",
        )
    else:
        kind, text = "warning", f"{WARNING_TEXT[mark]} for {md_escape(speech.speaker_name)}."
    return TimerEvent(debate.id, kind, text, debate.where, speech.id, mark, speech.timer_message_id)
