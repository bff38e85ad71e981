"""Timer warnings when Discord stumbles: retried within their window, never twice, and
no debate waiting on another debate's request."""

from __future__ import annotations

import asyncio

import pytest

from bot.settings import load_settings
from cogs.app import create_bot
from tests.e2e.test_debate import (
    Clock,
    _posted,
    _services,
    _timer_message,
    click,
    fill,
    ids,
    open_debate,
    slash,
    text_of,
)
from tests.fakediscord import running_bot

ONE_MINUTE = "1 minute left for Alice."


@pytest.fixture(name="clock")
def debate_clock(thawbot) -> Clock:
    """The debate clock, moved by the test; the loop is stopped so only its ticks run."""
    cog = thawbot.get_cog("Debates")
    cog.ticker.cancel()
    made = Clock()
    cog.service.clock = made
    return made


def said(fake, thread, needle: str) -> int:
    return sum(needle in text_of(m) for m in fake.messages(thread))


async def started_debate(fake, bot, channel: str = "debate"):
    """A short debate opened in ``channel``, four students in, the first speech running."""
    if channel == "debate":
        lobby, thread = await open_debate(fake)
    else:
        await slash(fake, "open", {"format": "short"}, user="teacher", channel=channel)
        await fake.wait_until(lambda: fake.threads(channel), 5.0, "thread")
        [thread] = fake.threads(channel)
        lobby = fake.messages(channel)[0]
    await fill(fake, lobby)
    debate_id = int(ids(lobby)[0].split(":")[2])
    await click(fake, lobby, f"debate:ctl:{debate_id}:start", "teacher")
    await _timer_message(fake, bot.get_cog("Debates").service, debate_id)
    return debate_id, thread


def thread_posts(thread) -> str:
    return rf"POST /channels/{thread.id}/messages$"


async def test_a_503_on_a_warning_is_retried_on_the_next_pass(thawbot, fake_discord, clock):
    cog = thawbot.get_cog("Debates")
    _debate_id, thread = await started_debate(fake_discord, thawbot)
    rule = fake_discord.fail(thread_posts(thread), times=1)
    clock.advance(61)
    assert [e.text for e in await cog.tick()] == [ONE_MINUTE]
    assert len(rule.hits) == 1 and said(fake_discord, thread, ONE_MINUTE) == 0
    clock.advance(5)  # the next pass, still before the 30-second warning
    assert await cog.tick() == []
    await _posted(fake_discord, thread, ONE_MINUTE)
    await cog.tick()
    assert said(fake_discord, thread, ONE_MINUTE) == 1


async def test_a_retry_after_a_lost_answer_posts_once(thawbot, fake_discord, clock):
    cog = thawbot.get_cog("Debates")
    _debate_id, thread = await started_debate(fake_discord, thawbot)
    fake_discord.fail(thread_posts(thread), times=1, applied=True)  # posted, answer lost
    clock.advance(61)
    await cog.tick()
    clock.advance(5)
    await cog.tick()
    assert said(fake_discord, thread, ONE_MINUTE) == 1


async def test_a_warning_is_not_posted_after_its_window(thawbot, fake_discord, clock):
    cog = thawbot.get_cog("Debates")
    _debate_id, thread = await started_debate(fake_discord, thawbot)
    fake_discord.fail(thread_posts(thread), times=1)
    clock.advance(61)
    await cog.tick()
    clock.advance(31)  # the 30-second warning is due now: "1 minute left" is stale
    assert [e.seconds_left for e in await cog.tick()] == [30]
    await _posted(fake_discord, thread, "30 seconds left")
    assert said(fake_discord, thread, ONE_MINUTE) == 0


async def test_a_warning_claimed_before_a_crash_is_posted_after_the_restart(fake_discord, tmp_path):
    fake = fake_discord
    settings = load_settings(database=tmp_path / "thawbot.sqlite3", dev_guild_id=fake.guild_id)
    clock = Clock()
    first = create_bot(settings, _services(settings, clock), guild_ready_timeout=0.05)
    async with running_bot(fake, first):
        first.get_cog("Debates").ticker.cancel()
        _debate_id, thread = await started_debate(fake, first)
        fake.fail(thread_posts(thread), times=10)  # Discord is down until the bot stops
        clock.advance(61)
        assert [e.seconds_left for e in await first.get_cog("Debates").tick()] == [60]
    fake.faults.clear()
    clock.advance(5)
    second = create_bot(settings, _services(settings, clock), guild_ready_timeout=0.05)
    async with running_bot(fake, second):
        await _posted(fake, thread, ONE_MINUTE)  # by the restarted loop
        await second.get_cog("Debates").tick()
        assert said(fake, thread, ONE_MINUTE) == 1


async def test_a_slow_request_in_one_debate_never_delays_another(thawbot, fake_discord, clock):
    cog = thawbot.get_cog("Debates")
    other = fake_discord.store.add_channel("debate-2")
    await fake_discord.dispatch("CHANNEL_CREATE", other.payload())
    _slow_id, slow_thread = await started_debate(fake_discord, thawbot)
    _fast_id, fast_thread = await started_debate(fake_discord, thawbot, channel="debate-2")
    fake_discord.rate_limit(thread_posts(slow_thread), times=1, retry_after=2.0)
    clock.advance(61)
    loop = asyncio.get_running_loop()
    started = loop.time()
    events = await cog.tick(wait=False)
    assert len(events) == 2
    await fake_discord.wait_until(
        lambda: said(fake_discord, fast_thread, ONE_MINUTE) == 1, 1.0, "the other debate's warning"
    )
    assert loop.time() - started < 1.5
    assert said(fake_discord, slow_thread, ONE_MINUTE) == 0  # still waiting out its 429
    await _posted(fake_discord, slow_thread, ONE_MINUTE)
