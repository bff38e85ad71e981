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
from bot.facts._calendar import parse_days
from bot.facts._days import SchoolDays
from bot.facts._extract import Fact, extract_facts
from bot.facts._repo import FactRepo, PostRow, Schedule
from bot.facts._rotation import Pick, pick, round_progress
from bot.facts._schedule import due_day, local_day, next_post, next_posts, parse_time
from bot.facts._zones import resolve_zone, timezones
from bot.models import Passage
from bot.store import Store

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
NOT_SET_UP = (
    "Daily facts are not set up on this server. A moderator can start them with /facts setup."
)
PAUSED_BY_MODERATOR = "Paused by a moderator."
UPCOMING = 5  # post dates /facts status lists


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
    upcoming: tuple[datetime, ...] = ()  # the next post instants, school days only
    others: tuple[int, ...] = ()  # the server's other channels with a schedule


class FactService(SchoolDays):
    """Schedules, rotation and posting for every server, on the store's SQLite file."""

    def __init__(self, store: Store, clock: Clock = system_clock) -> None:
        self.store = store
        self.clock = clock
        self.repo = FactRepo(store.sql)
        super().__init__(store.sql)
        self._facts: dict[str, Fact] | None = None
        self._readings: dict[str, str] = {}  # fact id -> the reading it comes from
        self._generation = -1  # the store's indexing the facts were drawn from

    def facts(self) -> list[Fact]:
        """Every fact, in reading order (extracted once per indexing of the corpus).

        Drawn from the built-in readings and the shared library only: a reading one
        server added never reaches another server's daily posts."""
        self.store.refresh()
        if self._facts is None or self._generation != self.store.generation:
            sources = {source.id: source for source, _count in self.store.sources()}
            passages = self.store.visible_passages(None)
            found = extract_facts(passages, sources)
            reading_of = {passage.id: passage.source for passage in passages}
            self._facts = {fact.id: fact for fact in found}
            self._readings = {fact.id: reading_of.get(fact.passage_id, "") for fact in found}
            self._generation = self.store.generation
        return list(self._facts.values())

    def reading_of(self, fact: Fact) -> str:
        """The id of the reading a fact is quoted from."""
        self.facts()
        return self._readings.get(fact.id, "")

    def server_facts(self, guild_id: int) -> list[Fact]:
        """The facts a server's posts draw from: every fact but those a moderator excluded.

        BadInput when a moderator excluded them all (nothing could be posted)."""
        facts = self.facts()
        left = self.without_excluded(guild_id, facts)
        if facts and not left:
            raise BadInput(
                "Every fact is excluded on this server. Bring one back with /facts include."
            )
        return left

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
        days: str | None = None,
    ) -> Schedule:
        """Start (or change) a channel's daily post; the first is the next school day's.

        ``time`` is a local wall time ("07:30", "7:30pm"), ``timezone`` an IANA name,
        ``days`` the weekdays ("mon-fri", the default; "mon,wed,fri"; "daily"). Each
        raises BadInput with an example when it cannot be used. Setting up a channel
        again keeps the rotation and its last day posted, so it never posts a day twice;
        setting up another channel adds a schedule (the rotation is the server's).
        """
        at, zone, weekdays = parse_time(time), resolve_zone(timezone), parse_days(days)
        existing = self.repo.schedule(guild_id, channel_id)
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
            weekdays=weekdays,
        )
        self.repo.save_schedule(schedule, now)
        log.info("facts set up for guild %s at %s %s", guild_id, at, zone)
        return schedule

    def schedule(self, guild_id: int, channel_id: int | None = None) -> Schedule:
        """A channel's schedule, or the server's only one when ``channel_id`` is None.

        NotFound (telling how to set one up) when there is none; BadInput when the
        server has several and no channel was named."""
        found = self.repo.schedules(guild_id)
        if channel_id is not None:
            found = [s for s in found if s.channel_id == channel_id]
            if not found and self.repo.schedules(guild_id):
                raise NotFound("That channel has no daily facts. See /facts status.")
        if not found:
            raise NotFound(NOT_SET_UP)
        if len(found) > 1:
            raise BadInput(
                f"This server has daily facts in {len(found)} channels: say which channel."
            )
        return found[0]

    def schedules(self, guild_id: int) -> list[Schedule]:
        """Every schedule of a server, one per channel."""
        return self.repo.schedules(guild_id)

    def pause(
        self, guild_id: int, reason: str = PAUSED_BY_MODERATOR, channel_id: int | None = None
    ) -> Schedule:
        """Stop a channel's daily posts until resumed; Conflict if already paused."""
        schedule = self.schedule(guild_id, channel_id)
        if schedule.paused:
            why = (schedule.pause_reason or PAUSED_BY_MODERATOR).rstrip(" .!")
            raise Conflict(f"Daily facts are already paused ({why}).")
        self.repo.set_paused(guild_id, reason, self.clock(), schedule.channel_id)
        return self.schedule(guild_id, schedule.channel_id)

    def resume(self, guild_id: int, channel_id: int | None = None) -> Schedule:
        """Post again from the next scheduled time on; days missed while paused are not."""
        schedule = self.schedule(guild_id, channel_id)
        if not schedule.paused:
            raise Conflict("Daily facts are not paused.")
        self.repo.set_paused(guild_id, None, self.clock(), schedule.channel_id)
        return self.schedule(guild_id, schedule.channel_id)

    def stop(self, guild_id: int, channel_id: int | None = None) -> Schedule:
        """Remove a channel's schedule (the server's rotation and holidays stay)."""
        schedule = self.schedule(guild_id, channel_id)
        self.repo.delete_schedule(guild_id, schedule.channel_id)
        return schedule

    def next_post_at(self, guild_id: int, channel_id: int | None = None) -> datetime | None:
        """The UTC instant of the next daily post, None while paused (or no school day)."""
        schedule = self.schedule(guild_id, channel_id)
        if schedule.paused:
            return None
        return self._next_post(schedule, self.clock())

    def upcoming(self, schedule: Schedule, count: int = UPCOMING) -> list[datetime]:
        """The next ``count`` post instants of a schedule (school days only; none if paused)."""
        if schedule.paused:
            return []
        now = self.clock()
        is_open = self.is_open(schedule)
        found = [now] if self._due_day(schedule, now) is not None else []
        later = next_posts(
            now, schedule.local_time, schedule.zone, schedule.last_posted, count, is_open
        )
        if found:  # today's post is due: it is the first, and today is not listed twice
            today = local_day(now, schedule.zone)
            later = [t for t in later if local_day(t, schedule.zone) != today]
        return (found + later)[:count]

    def next_fact(
        self, guild_id: int, day: date | None = None, channel_id: int | None = None
    ) -> Pick:
        """The fact the server would get on ``day`` (default: its next post's day)."""
        schedule = self._schedule_or_none(guild_id, channel_id)
        if day is None:
            day = self._next_day(schedule)
        return pick(self.server_facts(guild_id), guild_id, self.repo.latest_round(guild_id), day)

    def preview(self, guild_id: int, channel_id: int | None = None) -> Pick:
        """The next fact, for a moderator's eyes only; posting nothing."""
        return self.next_fact(guild_id, channel_id=channel_id)

    def skip(self, guild_id: int, channel_id: int | None = None) -> tuple[Pick, Pick]:
        """Set the next fact aside for this round; (the skipped pick, the new next pick)."""
        schedule = self._schedule_or_none(guild_id, channel_id)
        skipped = self.next_fact(guild_id, channel_id=channel_id)
        channel = schedule.channel_id if schedule else 0
        row = PostRow(
            guild_id, channel, skipped.fact.id, skipped.round, self._next_day(schedule), "skip"
        )
        self.repo.claim(replace(row, status="skipped"), self.clock())
        return skipped, self.next_fact(guild_id, channel_id=channel_id)

    def status(self, guild_id: int, channel_id: int | None = None) -> Status:
        """Schedule, next posts, next fact and rotation progress."""
        schedule = self.schedule(guild_id, channel_id)
        history = self.repo.latest_round(guild_id)
        facts = self.server_facts(guild_id)
        round_no, used = round_progress(facts, guild_id, history)
        unconfirmed = self.repo.unconfirmed(guild_id)
        upcoming = self.upcoming(schedule)
        others = [s.channel_id for s in self.repo.schedules(guild_id)]
        return Status(
            schedule=schedule,
            next_post=upcoming[0] if upcoming else None,
            next_pick=self.next_fact(guild_id, channel_id=schedule.channel_id),
            round=round_no,
            used_in_round=used,
            total=len(facts),
            unconfirmed=unconfirmed,
            upcoming=tuple(upcoming),
            others=tuple(c for c in others if c != schedule.channel_id),
        )

    def _schedule_or_none(self, guild_id: int, channel_id: int | None) -> Schedule | None:
        """The named channel's schedule, else the server's first (None: not set up)."""
        return self.repo.schedule(guild_id, channel_id) or self.repo.schedule(guild_id)

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
                reason = f"Schedule unusable: {exc}"
                self.repo.set_paused(schedule.guild_id, reason, now, schedule.channel_id)
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
        guild = schedule.guild_id
        chosen = pick(self.server_facts(guild), guild, self.repo.latest_round(guild), day)
        row = PostRow(
            schedule.guild_id, schedule.channel_id, chosen.fact.id, chosen.round, day, "daily"
        )
        post_id = self.repo.claim(row, now)
        if post_id is None:
            return None
        return self._claim(post_id, row, chosen, schedule, ping=True)

    def post_now(self, guild_id: int, channel_id: int | None = None) -> Claim:
        """Claim an extra post now (``/facts now``), in ``channel_id`` or the schedule's."""
        schedule = self._schedule_or_none(guild_id, channel_id)
        channel = channel_id or (schedule.channel_id if schedule else None)
        if channel is None:
            raise BadInput("Say which channel to post in, or set up daily facts first.")
        now = self.clock()
        zone = schedule.zone if schedule else ZoneInfo("UTC")
        today = local_day(now, zone)
        facts = self.server_facts(guild_id)
        chosen = pick(facts, guild_id, self.repo.latest_round(guild_id), today)
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
        schedule = self.repo.schedule(claim.guild_id, claim.channel_id)
        if schedule is not None and not schedule.paused:
            self.repo.set_paused(claim.guild_id, reason, now, claim.channel_id)
        return self.repo.schedule(claim.guild_id, claim.channel_id)

    def _due_day(self, schedule: Schedule, now: datetime) -> date | None:
        return due_day(
            now,
            schedule.local_time,
            schedule.zone,
            schedule.last_posted,
            schedule.active_since,
            self.is_open(schedule),
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

    def _next_post(self, schedule: Schedule, now: datetime) -> datetime | None:
        return next_post(
            now,
            schedule.local_time,
            schedule.zone,
            schedule.last_posted,
            schedule.active_since,
            self.is_open(schedule),
        )

    def _next_day(self, schedule: Schedule | None) -> date:
        """The local day of the next post (today, when there is no schedule or none comes)."""
        now = self.clock()
        if schedule is None:
            return local_day(now, ZoneInfo("UTC"))
        upcoming = self._next_post(schedule, now) or now
        return local_day(upcoming, schedule.zone)
