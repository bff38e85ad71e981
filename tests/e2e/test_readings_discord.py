"""/readings end to end: list and show in this server's view, remove for moderators only
(and only this server's readings), with /quote losing the reading at once."""

from __future__ import annotations

from pathlib import Path

from bot import readings

BLOG = Path(__file__).parents[1] / "data" / "readings_heldout" / "sheilaomalley-secret-speech.txt"
META = {"title": "Kruschev's Secret Speech", "author": "Sheila O'Malley", "kind": "blog post"}
QUERY = "Robert Conquest personal idols"


def _shown(rec) -> str:
    return (rec.content or "") + " ".join(str(e) for e in rec.embeds)


async def test_the_readings_group_is_synced_with_descriptions(thawbot, fake_discord):
    commands = {c["name"]: c for c in fake_discord.commands(fake_discord.guild_id)}
    subs = {o["name"]: o for o in commands["readings"]["options"]}
    assert set(subs) == {"list", "show", "remove", "add"}
    assert all(s["description"] for s in subs.values())
    assert all(o["description"] for s in subs.values() for o in s.get("options", []))


async def test_list_and_show_are_this_servers_view(thawbot, fake_discord):
    store = thawbot.services.store
    readings.add(store, BLOG, {**META, "id": "ours"}, guild_id=fake_discord.guild_id)
    readings.add(
        store,
        BLOG,
        {**META, "id": "theirs", "title": "Elsewhere"},
        guild_id=fake_discord.guild_id + 1,
    )
    rec = await fake_discord.slash("readings list")
    await rec.wait_done()
    assert rec.ephemeral
    assert "Kruschev's Secret Speech" in _shown(rec) and "`ours`" in _shown(rec)
    assert "Elsewhere" not in _shown(rec) and "theirs" not in _shown(rec)
    rec = await fake_discord.slash("readings show", {"id": "ours"})
    await rec.wait_done()
    assert rec.ephemeral and "Sheila O'Malley" in _shown(rec)
    rec = await fake_discord.slash("readings show", {"id": "theirs"})
    await rec.wait_done()
    assert "No added reading here has the id “theirs”" in _shown(rec)


async def test_remove_is_for_moderators_and_quote_loses_the_reading_at_once(thawbot, fake_discord):
    store = thawbot.services.store
    readings.add(store, BLOG, {**META, "id": "ours"}, guild_id=fake_discord.guild_id)
    rec = await fake_discord.slash("quote", {"query": QUERY})
    await rec.wait_done()
    assert "personal idols" in rec.embeds[0]["description"]
    rec = await fake_discord.slash("readings remove", {"id": "ours"}, user="alice")
    await rec.wait_done()
    assert "Only a moderator can remove a reading." in _shown(rec)
    assert [r.id for r in readings.listed(store)] == ["ours"]
    rec = await fake_discord.slash("readings remove", {"id": "ours"}, user="teacher")
    await rec.wait_done()
    assert rec.ephemeral and "Removed “Kruschev's Secret Speech” (ours)" in _shown(rec)
    assert readings.listed(store) == []
    rec = await fake_discord.slash("quote", {"query": QUERY})
    await rec.wait_done()
    assert "personal idols" not in _shown(rec)


async def test_a_shared_reading_cannot_be_removed_from_discord(thawbot, fake_discord):
    store = thawbot.services.store
    readings.add(store, BLOG, {**META, "id": "shared"})
    rec = await fake_discord.slash("readings remove", {"id": "shared"}, user="teacher")
    await rec.wait_done()
    assert "shared library every server sees" in _shown(rec)
    assert [r.id for r in readings.listed(store)] == ["shared"]
