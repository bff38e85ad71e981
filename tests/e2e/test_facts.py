"""/facts end to end: the real bot, a controllable clock, and the local stand-in for Discord."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import discord
import pytest
from rich.console import Console

from bot.settings import load_settings
from cogs.app import create_bot
from console.session import ConsoleSession
from tests.fakediscord import FakeDiscord, running_bot

NY = "America/New_York"


class Clock:
    """The facts service's clock, moved by the test."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 12, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def local(self, *args: int, zone: str = NY) -> None:
        self.now = datetime(*args, tzinfo=ZoneInfo(zone)).astimezone(UTC)


@pytest.fixture
def clock(thawbot) -> Clock:
    made = Clock()
    made.local(2026, 3, 2, 8, 0)  # an hour before the 09:00 post
    thawbot.get_cog("Facts").service.clock = made
    return made


async def set_up(fake: FakeDiscord, **options):
    values = {"channel": "history", "time": "09:00", "timezone": NY, **options}
    rec = await fake.slash("facts setup", values, user="teacher")
    await rec.wait_done()
    return rec


async def tick(bot, fake: FakeDiscord, channel: str = "history", expect: int = 1):
    await bot.get_cog("Facts").tick()
    await fake.wait_until(lambda: len(fake.messages(channel)) >= expect, 5.0, "the post")
    return fake.messages(channel)


def component_ids(message) -> list[str]:
    return [c["custom_id"] for row in message.components for c in row["components"]]


def post_requests(fake: FakeDiscord, channel_id: int) -> list:
    path = f"/channels/{channel_id}/messages"
    return [r for r in fake.requests if r.method == "POST" and r.path == path]


async def test_the_command_group_is_synced(thawbot, fake_discord):
    [facts] = [c for c in fake_discord.commands(fake_discord.guild_id) if c["name"] == "facts"]
    subs = {o["name"]: o for o in facts["options"]}
    assert set(subs) == {
        *("setup", "now", "preview", "status", "pause", "resume", "skip"),
        *("stop", "holidays", "exclude", "include", "excluded"),
    }
    assert {o["name"] for o in subs["holidays"]["options"]} == {"add", "remove", "list", "import"}
    options = {o["name"]: o for o in subs["setup"]["options"]}
    assert options["timezone"]["autocomplete"] is True
    assert not options["role"]["required"] and not options["thread"]["required"]


async def test_timezone_autocomplete(thawbot, fake_discord):
    rec = await fake_discord.autocomplete("facts setup", "timezone", "new y", user="teacher")
    await rec.wait_done()
    assert rec.choices[0]["value"] == NY and len(rec.choices) <= 25


async def test_students_cannot_set_up_or_post(thawbot, fake_discord, clock):
    for command, options in (
        ("facts setup", {"channel": "history", "time": "09:00", "timezone": NY}),
        ("facts now", {}),
    ):
        rec = await fake_discord.slash(command, options, user="alice")
        await rec.wait_done()
        assert rec.ephemeral and "Only a moderator" in rec.content
    assert fake_discord.messages("history") == []


async def test_setup_explains_a_bad_zone(thawbot, fake_discord, clock):
    rec = await set_up(fake_discord, timezone="Europe/Londn")
    assert rec.ephemeral and "Did you mean Europe/London" in rec.content


@pytest.mark.parametrize("zone", ["localtime", "Factory", "Etc/GMT+5"])
async def test_setup_refuses_a_zone_that_is_not_a_place(thawbot, fake_discord, clock, zone):
    rec = await set_up(fake_discord, timezone=zone)
    assert rec.ephemeral and "Did you mean" in rec.content
    status = await fake_discord.slash("facts status", user="teacher")
    await status.wait_done()
    assert "/facts setup" in status.content  # nothing was set up


async def test_daily_post_once_with_its_citation_and_passage_button(thawbot, fake_discord, clock):
    rec = await set_up(fake_discord)
    assert rec.ephemeral and "Daily facts are set up" in rec.embeds[0]["title"]
    await thawbot.get_cog("Facts").tick()
    assert fake_discord.messages("history") == []  # 08:00: not yet
    clock.local(2026, 3, 2, 9, 0, 10)
    [post] = await tick(thawbot, fake_discord)
    fact = thawbot.get_cog("Facts").service.fact(post.embeds[0]["footer"]["text"].split(" · ")[0])
    assert post.embeds[0]["title"] == "Fact of the day"
    assert fact.text in post.embeds[0]["description"]
    assert fact.text in thawbot.services.store.passage(fact.passage_id).text
    assert {"name": "Citation", "value": fact.citation, "inline": False} in post.embeds[0]["fields"]
    assert post.content == ""
    [request] = post_requests(fake_discord, fake_discord.channel("history").id)
    assert request.body["allowed_mentions"] == {"parse": []}
    for _ in range(3):  # later ticks the same day post nothing more
        clock.now += timedelta(seconds=30)
        assert await thawbot.get_cog("Facts").tick() == []
    assert len(fake_discord.messages("history")) == 1
    button = f"facts:passage:{fact.passage_id}"
    assert button in component_ids(post)
    click = await fake_discord.click(post, button, user="bob")
    await click.wait_done()
    assert click.ephemeral
    assert thawbot.services.store.passage(fact.passage_id).text in click.embeds[0]["description"]


async def test_the_configured_role_and_only_it_is_pinged(thawbot, fake_discord, clock):
    role = fake_discord.store.add_role("Fact fans", mentionable=True)
    fake_discord.allow_role_mentions(role.id)
    await set_up(fake_discord, role=role, thread=True)
    clock.local(2026, 3, 2, 9, 0)
    [post] = await tick(thawbot, fake_discord)
    assert post.content == f"<@&{role.id}>"
    assert post.data["mention_roles"] == [str(role.id)]  # the ping really notifies the role
    [request] = post_requests(fake_discord, fake_discord.channel("history").id)
    assert request.body["allowed_mentions"] == {"parse": [], "roles": [role.id]}
    await fake_discord.wait_until(lambda: fake_discord.threads("history"), 5.0, "a thread")
    [thread] = fake_discord.threads("history")
    assert thread.name.startswith("Discuss: ") and thread.id == post.id


async def test_a_role_nobody_would_be_notified_for_is_refused_with_the_fix(
    thawbot, fake_discord, clock
):
    role = fake_discord.store.add_role("Fact fans")  # not mentionable; bot lacks Mention Everyone
    rec = await set_up(fake_discord, role=role)
    assert "would notify nobody" in rec.content and rec.ephemeral
    assert "Allow anyone to @mention this role" in rec.content
    assert "Mention Everyone" in rec.content
    assert thawbot.get_cog("Facts").service.repo.schedule(fake_discord.guild_id) is None
    status = await fake_discord.slash("facts status", user="teacher")
    await status.wait_done()
    assert "/facts setup" in status.text()  # nothing was set up


async def test_mention_everyone_lets_the_bot_ping_an_unmentionable_role(
    thawbot, fake_discord, clock
):
    role = fake_discord.store.add_role("Fact fans")
    bot_member = fake_discord.store.members[fake_discord.store.bot_user.id]
    mention_everyone = discord.Permissions(mention_everyone=True).value
    fake_discord.store.roles[bot_member.roles[0]].permissions |= mention_everyone
    await fake_discord.dispatch(
        "GUILD_ROLE_UPDATE",
        {
            "guild_id": str(fake_discord.guild_id),
            "role": fake_discord.store.roles[bot_member.roles[0]].payload(),
        },
    )
    await fake_discord.wait_until(
        lambda: thawbot.get_guild(fake_discord.guild_id).me.guild_permissions.mention_everyone,
        5.0,
        "the bot's new permission",
    )
    rec = await set_up(fake_discord, role=role)
    assert "would notify nobody" not in rec.text()
    schedule = thawbot.get_cog("Facts").service.repo.schedule(fake_discord.guild_id)
    assert schedule is not None and schedule.role_id == role.id


async def test_everyone_cannot_be_the_ping_role(thawbot, fake_discord, clock):
    rec = await set_up(fake_discord, role=fake_discord.store.everyone_role)
    assert "@everyone" in rec.content and rec.ephemeral


async def test_anniversary_post_says_on_this_day(thawbot, fake_discord, clock):
    clock.local(2027, 2, 24, 12, 0)
    await set_up(fake_discord)
    clock.local(2027, 2, 25, 9, 0)
    [post] = await tick(thawbot, fake_discord)
    assert post.embeds[0]["title"] == "On this day in 1956"
    assert "February 25th, 1956" in post.embeds[0]["description"]


async def test_setup_without_a_zone_uses_thawbot_timezone(fake_discord, tmp_path):
    settings = load_settings(
        database=tmp_path / "db.sqlite3",
        dev_guild_id=fake_discord.guild_id,
        default_timezone="Asia/Tokyo",
    )
    bot = create_bot(settings, guild_ready_timeout=0.05)
    async with running_bot(fake_discord, bot):
        values = {"channel": "history", "time": "09:00"}
        rec = await fake_discord.slash("facts setup", values, user="teacher")
        await rec.wait_done()
    assert rec.ephemeral and "09:00 (Asia/Tokyo)" in rec.embeds[0]["description"]


async def test_a_restart_after_claiming_never_posts_twice(fake_discord, tmp_path):
    settings = load_settings(database=tmp_path / "db.sqlite3", dev_guild_id=fake_discord.guild_id)
    clock = Clock()
    first = create_bot(settings, guild_ready_timeout=0.05)
    async with running_bot(fake_discord, first):
        first.get_cog("Facts").service.clock = clock
        clock.local(2026, 3, 2, 8, 0)
        await set_up(fake_discord)
        clock.local(2026, 3, 2, 9, 0)
        [claim] = first.get_cog("Facts").service.claim_due()  # then the process dies
    second = create_bot(settings, guild_ready_timeout=0.05)
    async with running_bot(fake_discord, second):
        second.get_cog("Facts").service.clock = clock
        clock.now += timedelta(minutes=1)
        assert await second.get_cog("Facts").tick() == []
        assert fake_discord.messages("history") == []
        clock.local(2026, 3, 3, 9, 0)
        [post] = await tick(second, fake_discord)
        assert claim.fact.id not in post.embeds[0]["footer"]["text"]


@pytest.mark.parametrize("bot_heard_of_it", [True, False])
async def test_a_deleted_channel_pauses_and_tells_the_moderator(
    thawbot, fake_discord, clock, bot_heard_of_it
):
    channel = fake_discord.store.add_channel("daily-facts")
    await fake_discord.dispatch("CHANNEL_CREATE", channel.payload())
    await set_up(fake_discord, channel=channel.name)
    del fake_discord.store.channels[channel.id]
    if bot_heard_of_it:  # else the bot still has it cached and the send itself gets a 404
        await fake_discord.dispatch("CHANNEL_DELETE", channel.payload())
    clock.local(2026, 3, 2, 9, 0)
    assert await thawbot.get_cog("Facts").tick() == []
    await assert_paused_and_told(thawbot, fake_discord, "The channel was deleted")


async def test_a_missing_permission_pauses_and_tells_the_moderator(thawbot, fake_discord, clock):
    await set_up(fake_discord)
    send = discord.Permissions(send_messages=True).value
    bot_member = fake_discord.store.members[fake_discord.store.bot_user.id]
    for role_id in [fake_discord.store.everyone_role.id, *bot_member.roles]:
        role = fake_discord.store.roles[role_id]
        role.permissions &= ~send
        data = {"guild_id": str(fake_discord.guild_id), "role": role.payload()}
        await fake_discord.dispatch("GUILD_ROLE_UPDATE", data)
    guild = thawbot.get_guild(fake_discord.guild_id)
    history = guild.get_channel(fake_discord.channel("history").id)
    await fake_discord.wait_until(
        lambda: not history.permissions_for(guild.me).send_messages, 5.0, "the role update"
    )
    clock.local(2026, 3, 2, 9, 0)
    assert await thawbot.get_cog("Facts").tick() == []
    await assert_paused_and_told(thawbot, fake_discord, "Missing permission in #history: Send")


async def assert_paused_and_told(thawbot, fake: FakeDiscord, reason: str) -> None:
    def dm_messages():
        dms = [c for c in fake.store.channels.values() if c.type == 1]
        return [m for c in dms for m in fake.messages(c)]

    await fake.wait_until(lambda: dm_messages(), 5.0, "a message to the moderator")
    [dm] = dm_messages()
    assert reason in dm.text() and "/facts resume" in dm.text()
    dm_channel = fake.store.channel(dm.channel_id)
    assert dm_channel.recipient is fake.teacher.user
    rec = await fake.slash("facts status", user="teacher")
    await rec.wait_done()
    assert rec.embeds[0]["title"] == "Daily facts: paused"
    assert reason in str(rec.embeds[0]["fields"])
    clock = thawbot.get_cog("Facts").service.clock
    clock.now += timedelta(days=1)
    assert await thawbot.get_cog("Facts").tick() == []  # paused: nothing more is tried


async def test_now_preview_skip_pause_resume(thawbot, fake_discord, clock):
    await set_up(fake_discord)
    preview = await fake_discord.slash("facts preview", user="alice")
    await preview.wait_done()
    assert preview.ephemeral and "Mon 02 Mar 2026, 09:00 EST" in str(preview.embeds[0])
    first = preview.embeds[0]["footer"]["text"]
    skip = await fake_discord.slash("facts skip", user="teacher")
    await skip.wait_done()
    assert first.split(" · ")[0] in skip.embeds[0]["description"]
    now = await fake_discord.slash("facts now", user="teacher")
    await now.wait_done()
    assert now.ephemeral and now.content == "Posted."
    [post] = fake_discord.messages("history")
    assert post.embeds[0]["title"] == "A fact"
    assert post.embeds[0]["footer"]["text"] != first
    for command, title in (("facts pause", "paused"), ("facts resume", "resumed")):
        rec = await fake_discord.slash(command, user="teacher")
        await rec.wait_done()
        assert title in rec.embeds[0]["title"] and rec.ephemeral
    status = await fake_discord.slash("facts status", user="bob")
    await status.wait_done()
    assert "Running" in str(status.embeds[0]) and "2 of" in str(status.embeds[0])


@pytest.mark.parametrize(
    ("limited", "retry_after", "answer"),
    [
        (1, 0.5, "Posted."),  # one 429: the send succeeds after the deadline
        (5, 0.1, "Could not post here: Discord refused the post (HTTP 429)."),  # it gives up
    ],
)
async def test_now_defers_so_a_slow_send_never_misses_the_deadline(
    thawbot, fake_discord, clock, limited, retry_after, answer
):
    """A send slower than Discord's deadline: /facts now must defer, then follow up."""
    await set_up(fake_discord)
    fake_discord.response_deadline = 0.3
    rule = fake_discord.rate_limit(
        r"POST /channels/\d+/messages", times=limited, retry_after=retry_after
    )
    now = await fake_discord.slash("facts now", user="teacher")
    assert now.response_type == 5 and now.ephemeral  # deferred, privately, at once
    await now.wait_done()
    assert len(rule.hits) == limited  # the send really was slower than the deadline
    assert now.content == answer and now.ephemeral
    assert len(fake_discord.messages("history")) == (1 if answer == "Posted." else 0)


async def test_commands_before_setup_say_how(thawbot, fake_discord, clock):
    rec = await fake_discord.slash("facts status", user="teacher")
    await rec.wait_done()
    assert "/facts setup" in rec.content and rec.ephemeral


async def test_console_shows_the_schedule_preview_and_posts(thawbot, fake_discord, clock):
    await set_up(fake_discord)
    preview = await fake_discord.slash("facts preview", user="teacher")
    await preview.wait_done()
    out = Console(file=io.StringIO(), width=400)
    session = ConsoleSession(thawbot.services, out)
    session.handle("/facts setup 09:00 America/New_York")
    session.handle("/facts status")
    session.handle("/facts preview")
    session.handle("/facts now")
    printed = " ".join(out.file.getvalue().split())
    assert "Daily facts are set up" in printed and "09:00 America/New_York" in printed
    assert "in this channel." in printed and "<#" not in printed
    assert "Next fact (only you can see this)" in printed
    assert "(posted to the channel)" in printed and "Read the whole passage" in printed
    assert "Round 1" in printed
