"""/compare, /sources, /help, /sync, errors and restarts, end to end."""

from __future__ import annotations

import io
import sys

import discord
from rich.console import Console

from bot.settings import load_settings
from cogs.app import create_bot
from console.session import ConsoleSession
from tests.fakediscord import FakeDiscord, running_bot


def buttons(rec):
    return {c["label"]: c for row in rec.original.components for c in row["components"]}


async def test_compare_side_by_side_with_paging(thawbot, fake_discord: FakeDiscord):
    rec = await fake_discord.slash("compare", {"theme": "farming"})
    await rec.wait_done()
    embed = rec.embeds[0]
    assert embed["title"] == "Stalin and Khrushchev on agriculture"
    names = [f["name"] for f in embed["fields"]]
    assert "Stalin · point 1" in names and "Khrushchev · point 1" in names
    assert "Stalin · Domestic Policies" in names  # the reading's own table
    rec = await fake_discord.slash("compare", {"theme": "terror"})
    await rec.wait_done()
    nxt = buttons(rec)["Next ▶"]
    assert not nxt["disabled"]
    click = await fake_discord.click(rec, nxt["custom_id"])
    await click.wait_done()
    assert "Page 2" in rec.original.embeds[0]["description"]


async def test_compare_autocomplete_offers_themes(thawbot, fake_discord):
    rec = await fake_discord.autocomplete("compare", "theme", "farm")
    await rec.wait_done()
    assert rec.choices[0]["value"] == "agriculture"


async def test_compare_unknown_theme_says_it_searched(thawbot, fake_discord):
    rec = await fake_discord.slash("compare", {"theme": "secret speech"})
    await rec.wait_done()
    assert "No theme matched" in rec.embeds[0]["description"]


async def test_sources_and_help(thawbot, fake_discord):
    rec = await fake_discord.slash("sources")
    await rec.wait_done()
    names = [f["name"] for f in rec.embeds[0]["fields"]]
    shown = thawbot.services.store.visible_sources(fake_discord.guild_id)
    assert names == [source.short_title for source, _ in shown]  # one field a reading
    rec = await fake_discord.slash("help")
    await rec.wait_done()
    assert "/quote" in [f["name"] for f in rec.embeds[0]["fields"]]


async def test_sync_is_hidden_from_students_and_owner_only(thawbot, fake_discord):
    schema = next(c for c in fake_discord.commands(fake_discord.guild_id) if c["name"] == "sync")
    assert (
        int(schema["default_member_permissions"]) == discord.Permissions(administrator=True).value
    )
    admin_role = fake_discord.store.add_role("Admin", discord.Permissions(administrator=True).value)
    fake_discord.store.add_member("principal", "Principal", roles=[admin_role.id])
    rec = await fake_discord.slash("sync", user="principal")
    await rec.wait_done()
    assert "Only the bot's owner" in rec.content and rec.ephemeral


async def test_console_shows_the_same_content_as_the_embed(thawbot, fake_discord):
    rec = await fake_discord.slash("quote", {"query": "Lenin Mausoleum"})
    await rec.wait_done()
    embed = rec.embeds[0]
    out = Console(file=io.StringIO(), width=400)
    ConsoleSession(thawbot.services, out).handle("/quote Lenin Mausoleum")
    printed = " ".join(out.file.getvalue().split())
    passage_text = embed["description"].split("> ", 1)[-1]  # after the search's note
    assert " ".join(passage_text.split()) in printed
    for field in embed["fields"]:
        assert " ".join(field["value"].split()) in printed


async def test_buttons_survive_a_restart(fake_discord, tmp_path):
    settings = load_settings(database=tmp_path / "db.sqlite3", dev_guild_id=fake_discord.guild_id)
    first = create_bot(settings, guild_ready_timeout=0.05)
    async with running_bot(fake_discord, first):
        rec = await fake_discord.slash("quote", {"query": "secret speech"})
        await rec.wait_done()
    second = create_bot(settings, guild_ready_timeout=0.05)
    async with running_bot(fake_discord, second):
        click = await fake_discord.click(rec, buttons(rec)["Next ▶"]["custom_id"])
        await click.wait_done()
        assert rec.original.embeds[0]["title"] == "Match 2 of 10"


async def test_unexpected_error_gets_a_reference(thawbot, fake_discord, monkeypatch, caplog):
    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(sys.modules["cogs.quote"], "quote", broken)
    rec = await fake_discord.slash("quote", {"query": "anything"})
    await rec.wait_done()
    assert rec.ephemeral and "Something went wrong" in rec.content and "ref" in rec.content
    assert "boom" in caplog.text


async def test_rate_limits_are_ridden_out(thawbot, fake_discord):
    fake_discord.rate_limit(r"POST /interactions/\d+/[^/]+/callback", times=1, retry_after=0.05)
    rec = await fake_discord.slash("help")
    await rec.wait_done()
    assert rec.embeds


async def test_sync_answers_before_asking_discord_who_owns_the_bot(thawbot, fake_discord):
    """``is_owner`` fetches the application; a slow fetch must not lose the interaction."""
    admin_role = fake_discord.store.add_role("Admin", discord.Permissions(administrator=True).value)
    fake_discord.store.add_member("principal", "Principal", roles=[admin_role.id])
    fake_discord.response_deadline = 0.3
    rule = fake_discord.rate_limit(r"GET /(oauth2/)?applications/@me", times=1, retry_after=0.6)
    rec = await fake_discord.slash("sync", user="principal")
    assert rec.response_type == 5
    await rec.wait_done()
    assert rule.hits
    assert "Only the bot's owner" in rec.content and rec.ephemeral
