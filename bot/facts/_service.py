"""FactService: daily fact posts per server, recorded before they are sent.

The front end (Discord cog, console) never decides what or when to post: it asks
:meth:`FactService.claim_due` for claims, sends each, then reports back with
:meth:`mark_sent` or :meth:`mark_failed`. A claim is written first, so a crash between
claim and send loses at most one post and never repeats one; a failure pauses the
schedule with a reason the moderator can read in ``/facts status``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.errors import BadInput, Conflict, NotFound
from bot.facts._extract import Fact, extract_facts
from bot.facts._repo import FactRepo, PostRow, Schedule
from bot.facts._rotation import Pick, pick, round_progress
from bot.facts._schedule import due_day, local_day, next_post, parse_time
from bot.facts._zones import resolve_zone, timezones
from bot.models import Passage
from bot.store import Store

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
NOT_SET_UP = (
    "Daily facts are not set up on this server. A moderator can start them with /facts setup."
)
PAUSED_BY_MODERATOR = "Paused by a moderator."


def system_clock() -> datetime:
    """The current instant, in UTC."""
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Claim:
    """A post recorded as claimed: the caller sends it, then marks it sent or failed.

    ``ping_role_id`` is the only role the message may mention (None: mention nobody).
    """

    post_id: int
    guild_id: int
    channel_id: int
    fact: Fact
    round: int
    local_date: date
    kind: str  # 'daily' or 'now'
    on_this_day: str | None = None
    ping_role_id: int | None = None
    thread: bool = False
    moderator_id: int | None = None


@dataclass(frozen=True, slots=True)
class Status:
    """What ``/facts status`` shows."""

    schedule: Schedule
    next_post: datetime | None  # None while paused
    next_pick: Pick
    round: int
    used_in_round: int
    total: int
    unconfirmed: int  # claims whose send was never confirmed (e.g. a crash)


class FactService:
    """Schedules, rotation and posting for every server, on the store's SQLite file."""

    def __init__(self, store: Store, clock: Clock = system_clock) -> None:
        self.store = store
        self.clock = clock
        self.repo = FactRepo(store.sql)
        self._facts: dict[str, Fact] | None = None
        self._generation = -1  # the store's indexing the facts were drawn from

    def facts(self) -> list[Fact]:
        """Every fact, in reading order (extracted once per indexing of the corpus).

        Drawn from the built-in readings and the shared library only: a reading one
        server added never reaches another server's daily posts."""
        self.store.refresh()
        if self._facts is None or self._generation != self.store.generation:
            sources = {source.id: source for source, _count in self.store.sources()}
            found = extract_facts(self.store.visible_passages(None), sources)
            self._facts = {fact.id: fact for fact in found}
            self._generation = self.store.generation
        return list(self._facts.values())

    def fact(self, fact_id: str) -> Fact:
        """One fact by id; NotFound with an example id otherwise."""
        self.facts()
        assert self._facts is not None
        found = self._facts.get(fact_id.strip().lower())
        if found is None:
            raise NotFound(f"No fact has the id “{fact_id[:40]}”. Ids look like fact-liu-001-1.")
        return found

    def passage(self, passage_id: str) -> Passage:
        """The whole passage a fact comes from (for the "Read the whole passage" button)."""
        return self.store.passage(passage_id)

    def timezones(self, prefix: str) -> list[str]:
        """At most 25 IANA zone names for autocomplete."""
        return timezones(prefix)

    def setup(
        self,
        guild_id: int,
        channel_id: int,
        time: str,
        timezone: str,
        role_id: int | None = None,
        thread: bool = False,
        moderator_id: int | None = None,
    ) -> Schedule:
        """Start (or change) the daily post; the first is the next time the clock reaches.

        ``time`` is a local wall time ("07:30", "7:30pm"), ``timezone`` an IANA name. Both
        raise BadInput with an example when they cannot be used. Setting up again keeps
        the rotation and the last day posted, so it never posts a day twice.
        """
        at, zone = parse_time(time), resolve_zone(timezone)
        existing = self.repo.schedule(guild_id)
        now = self.clock()
        schedule = Schedule(
            guild_id=guild_id,
            channel_id=channel_id,
            local_time=at,
            timezone=zone,
            role_id=role_id,
            thread=thread,
            moderator_id=moderator_id,
            active_since=now,
            last_posted=existing.last_posted if existing else None,
        )
        self.repo.save_schedule(schedule, now)
        log.info("facts set up for guild %s at %s %s", guild_id, at, zone)
        return schedule

    def schedule(self, guild_id: int) -> Schedule:
        """The server's schedule; NotFound (telling how to set one up) when there is none."""
        found = self.repo.schedule(guild_id)
        if found is None:
            raise NotFound(NOT_SET_UP)
        return found

    def pause(self, guild_id: int, reason: str = PAUSED_BY_MODERATOR) -> Schedule:
        """Stop daily posts until resumed; Conflict if already paused."""
        schedule = self.schedule(guild_id)
        if schedule.paused:
            why = (schedule.pause_reason or PAUSED_BY_MODERATOR).rstrip(" .!")
            raise Conflict(f"Daily facts are already paused ({why}).")
        self.repo.set_paused(guild_id, reason, self.clock())
        return self.schedule(guild_id)

    def resume(self, guild_id: int) -> Schedule:
        """Post again from the next scheduled time on; days missed while paused are not."""
        schedule = self.schedule(guild_id)
        if not schedule.paused:
            raise Conflict("Daily facts are not paused.")
        self.repo.set_paused(guild_id, None, self.clock())
        return self.schedule(guild_id)

    def next_post_at(self, guild_id: int) -> datetime | None:
        """The UTC instant of the next daily post, None while paused."""
        schedule = self.schedule(guild_id)
        if schedule.paused:
            return None
        return self._next_post(schedule, self.clock())

    def next_fact(self, guild_id: int, day: date | None = None) -> Pick:
        """The fact the server would get on ``day`` (default: its next post's day)."""
        schedule = self.repo.schedule(guild_id)
        if day is None:
            day = self._next_day(schedule)
        return pick(self.facts(), guild_id, self.repo.latest_round(guild_id), day)

    def preview(self, guild_id: int) -> Pick:
        """The next fact, for a moderator's eyes only; posting nothing."""
        return self.next_fact(guild_id)

    def skip(self, guild_id: int) -> tuple[Pick, Pick]:
        """Set the next fact aside for this round; (the skipped pick, the new next pick)."""
        schedule = self.repo.schedule(guild_id)
        skipped = self.next_fact(guild_id)
        channel = schedule.channel_id if schedule else 0
        row = PostRow(
            guild_id, channel, skipped.fact.id, skipped.round, self._next_day(schedule), "skip"
        )
        self.repo.claim(replace(row, status="skipped"), self.clock())
        return skipped, self.next_fact(guild_id)

    def status(self, guild_id: int) -> Status:
        """Schedule, next post, next fact and rotation progress."""
        schedule = self.schedule(guild_id)
        history = self.repo.latest_round(guild_id)
        round_no, used = round_progress(self.facts(), guild_id, history)
        unconfirmed = self.repo.unconfirmed(guild_id)
        return Status(
            schedule=schedule,
            next_post=None if schedule.paused else self._next_post(schedule, self.clock()),
            next_pick=self.next_fact(guild_id),
            round=round_no,
            used_in_round=used,
            total=len(self.facts()),
            unconfirmed=unconfirmed,
        )

    def claim_due(self, now: datetime | None = None) -> list[Claim]:
        """Claim every daily post that is due, recording each BEFORE it is sent.

        Idempotent per server and local day: calling it again, from this process or a
        restarted one, returns nothing more for a day already claimed. The posting loop
        calls :meth:`due` and :meth:`claim_due_for` itself, to yield between servers.
        """
        now = now or self.clock()
        claims = []
        for schedule in self.due(now):
            claim = self.claim_due_for(schedule, now)
            if claim is not None:
                claims.append(claim)
        return claims

    def due(self, now: datetime | None = None) -> list[Schedule]:
        """The active schedules whose post is due at ``now`` (nothing is claimed yet)."""
        now = now or self.clock()
        found = []
        for schedule in self.repo.active_schedules():
            try:
                day = self._due_day(schedule, now)
            except (ZoneInfoNotFoundError, ValueError) as exc:
                log.warning("facts schedule of guild %s unusable: %s", schedule.guild_id, exc)
                self.repo.set_paused(schedule.guild_id, f"Schedule unusable: {exc}", now)
                continue
            if day is not None:
                found.append(schedule)
        return found

    def claim_due_for(self, schedule: Schedule, now: datetime | None = None) -> Claim | None:
        """Claim one server's due post; None when it is not due or already claimed.

        Its cost does not grow with the server's history: the rotation reads only the
        latest round (:meth:`FactRepo.latest_round`).
        """
        now = now or self.clock()
        day = self._due_day(schedule, now)
        if day is None:
            return None
        chosen = pick(
            self.facts(), schedule.guild_id, self.repo.latest_round(schedule.guild_id), day
        )
        row = PostRow(
            schedule.guild_id, schedule.channel_id, chosen.fact.id, chosen.round, day, "daily"
        )
        post_id = self.repo.claim(row, now)
        if post_id is None:
            return None
        return self._claim(post_id, row, chosen, schedule, ping=True)

    def post_now(self, guild_id: int, channel_id: int | None = None) -> Claim:
        """Claim an extra post now (``/facts now``), in ``channel_id`` or the schedule's."""
        schedule = self.repo.schedule(guild_id)
        channel = channel_id or (schedule.channel_id if schedule else None)
        if channel is None:
            raise BadInput("Say which channel to post in, or set up daily facts first.")
        now = self.clock()
        zone = schedule.zone if schedule else ZoneInfo("UTC")
        today = local_day(now, zone)
        chosen = pick(self.facts(), guild_id, self.repo.latest_round(guild_id), today)
        row = PostRow(guild_id, channel, chosen.fact.id, chosen.round, today, "now")
        post_id = self.repo.claim(row, now)
        assert post_id is not None  # only daily posts are unique per day
        return self._claim(post_id, row, chosen, schedule, ping=False)

    def mark_sent(self, claim: Claim, message_id: int | None) -> None:
        """The message is out: record its id (None where there is none, as in the console)."""
        self.repo.finish(claim.post_id, "sent", self.clock(), message_id=message_id)

    def mark_failed(self, claim: Claim, reason: str, pause: bool = True) -> Schedule | None:
        """The send failed: record why and, for a daily post, pause the schedule with it.

        The fact goes back into the round. Returns the paused schedule so the caller can
        tell its moderator, or None for a ``/facts now`` post (its caller sees the error)
        and when ``pause`` is False (Discord was down: the next day posts as usual).
        """
        now = self.clock()
        self.repo.finish(claim.post_id, "failed", now, reason=reason)
        log.warning("facts post %s failed in guild %s: %s", claim.post_id, claim.guild_id, reason)
        if claim.kind != "daily" or not pause:
            return None
        schedule = self.repo.schedule(claim.guild_id)
        if schedule is not None and not schedule.paused:
            self.repo.set_paused(claim.guild_id, reason, now)
        return self.repo.schedule(claim.guild_id)

    @staticmethod
    def _due_day(schedule: Schedule, now: datetime) -> date | None:
        return due_day(
            now, schedule.local_time, schedule.zone, schedule.last_posted, schedule.active_since
        )

    def _claim(
        self, post_id: int, row: PostRow, chosen: Pick, schedule: Schedule | None, ping: bool
    ) -> Claim:
        return Claim(
            post_id=post_id,
            guild_id=row.guild_id,
            channel_id=row.channel_id,
            fact=chosen.fact,
            round=chosen.round,
            local_date=row.local_date,
            kind=row.kind,
            on_this_day=chosen.on_this_day,
            ping_role_id=schedule.role_id if schedule and ping else None,
            thread=bool(schedule and schedule.thread),
            moderator_id=schedule.moderator_id if schedule else None,
        )

    def _next_post(self, schedule: Schedule, now: datetime) -> datetime:
        return next_post(
            now, schedule.local_time, schedule.zone, schedule.last_posted, schedule.active_since
        )

    def _next_day(self, schedule: Schedule | None) -> date:
        """The local day of the next post (today, in UTC, when there is no schedule)."""
        now = self.clock()
        if schedule is None:
            return local_day(now, ZoneInfo("UTC"))
        return local_day(self._next_post(schedule, now), schedule.zone)
