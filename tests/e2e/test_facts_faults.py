"""Daily posts when Discord stumbles: retried on 5xx, paused only for what a moderator
must fix, never posted twice, and no server's due check holding the event loop."""

from __future__ import annotations

import asyncio
import itertools
from datetime import timedelta

import pytest

from bot.facts import Schedule
from tests.e2e.test_facts import Clock, set_up

POSTS = r"POST /channels/\d+/messages$"


@pytest.fixture
def clock(thawbot) -> Clock:
    made = Clock()
    made.local(2026, 3, 2, 8, 0)
    cog = thawbot.get_cog("Facts")
    cog.service.clock = made
    cog.retry_delays = (0.01, 0.02, 0.04)
    return made


def dms(fake):
    return [m for c in fake.store.channels.values() if c.type == 1 for m in fake.messages(c)]


async def test_one_503_is_retried_and_does_not_pause(thawbot, fake_discord, clock):
    await set_up(fake_discord)
    rule = fake_discord.fail(POSTS, times=1)
    clock.local(2026, 3, 2, 9, 0, 10)
    [post] = await thawbot.get_cog("Facts").tick()
    assert len(rule.hits) == 1
    assert [m.id for m in fake_discord.messages("history")] == [post.id]
    service = thawbot.get_cog("Facts").service
    assert not service.schedule(fake_discord.guild_id).paused
    [row] = service.repo.posts(fake_discord.guild_id)
    assert row["status"] == "sent" and row["message_id"] == post.id
    assert dms(fake_discord) == []


async def test_a_retry_after_a_lost_answer_never_posts_twice(thawbot, fake_discord, clock):
    """Discord created the message but the answer was a 503: the retry's nonce finds it."""
    await set_up(fake_discord)
    rule = fake_discord.fail(POSTS, times=1, applied=True)
    clock.local(2026, 3, 2, 9, 0, 10)
    [post] = await thawbot.get_cog("Facts").tick()
    assert len(rule.hits) == 1
    assert [m.id for m in fake_discord.messages("history")] == [post.id]


async def test_an_outage_past_every_retry_skips_the_day_without_pausing(
    thawbot, fake_discord, clock
):
    await set_up(fake_discord)
    cog = thawbot.get_cog("Facts")
    rule = fake_discord.fail(POSTS, times=len(cog.retry_delays) + 1)
    clock.local(2026, 3, 2, 9, 0, 10)
    assert await cog.tick() == []
    assert len(rule.hits) == len(cog.retry_delays) + 1
    schedule = cog.service.schedule(fake_discord.guild_id)
    assert not schedule.paused
    [row] = cog.service.repo.posts(fake_discord.guild_id)
    assert row["status"] == "failed" and "HTTP 503" in row["reason"]
    clock.now += timedelta(days=1)  # Discord is back: the next day posts as usual
    assert len(await cog.tick()) == 1


async def test_a_deleted_channel_still_pauses_at_once(thawbot, fake_discord, clock):
    await set_up(fake_discord)
    history = fake_discord.channel("history")
    del fake_discord.store.channels[history.id]
    await fake_discord.dispatch("CHANNEL_DELETE", history.payload())
    clock.local(2026, 3, 2, 9, 0, 10)
    assert await thawbot.get_cog("Facts").tick() == []
    assert thawbot.get_cog("Facts").service.schedule(fake_discord.guild_id).paused


async def test_the_loop_is_free_between_two_servers_claims(thawbot, fake_discord, clock):
    """Each server's claim is its own step: interactions run in between, not after all."""
    cog = thawbot.get_cog("Facts")
    await set_up(fake_discord)
    for guild in (2, 3, 4):  # servers the stand-in does not know: their sends fail, fine
        schedule = cog.service.schedule(fake_discord.guild_id)
        cog.service.repo.save_schedule(
            Schedule(**{**_fields(schedule), "guild_id": guild, "channel_id": guild}), clock.now
        )
    steps = 0
    seen: list[int] = []

    async def other_work():
        nonlocal steps
        while True:
            steps += 1
            await asyncio.sleep(0)

    claim = cog.service.claim_due_for

    def watched(schedule, now=None):
        seen.append(steps)
        return claim(schedule, now)

    cog.service.claim_due_for = watched
    busy = asyncio.create_task(other_work())
    clock.local(2026, 3, 2, 9, 0, 10)
    await cog.tick()
    busy.cancel()
    assert len(seen) == 4
    assert all(later > earlier for earlier, later in itertools.pairwise(seen))


def _fields(schedule: Schedule) -> dict:
    return {name: getattr(schedule, name) for name in Schedule.__slots__}
