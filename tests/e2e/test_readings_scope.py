"""Readings a teacher added, end to end: /quote and /compare in a server see the built-in
readings, the shared library and that server's own readings, never another server's."""

from __future__ import annotations

from pathlib import Path

from bot import readings

BLOG = Path(__file__).parents[1] / "data" / "readings_heldout" / "sheilaomalley-secret-speech.txt"
META = {"title": "Kruschev's Secret Speech", "author": "Sheila O'Malley", "kind": "blog post"}
QUERY = "Robert Conquest personal idols"


async def test_quote_sees_this_servers_reading_at_once_and_not_anothers(thawbot, fake_discord):
    store = thawbot.services.store
    readings.add(store, BLOG, {**META, "id": "elsewhere"}, guild_id=fake_discord.guild_id + 1)
    rec = await fake_discord.slash("quote", {"query": QUERY})
    await rec.wait_done()
    shown = " ".join(e.get("description", "") for e in rec.embeds) + (rec.content or "")
    assert "personal idols" not in shown
    readings.add(store, BLOG, {**META, "id": "ours"}, guild_id=fake_discord.guild_id)
    rec = await fake_discord.slash("quote", {"query": QUERY})  # no restart
    await rec.wait_done()
    embed = rec.embeds[0]
    assert "personal idols" in embed["description"]
    assert embed["footer"]["text"].startswith("ours-")
