"""/quote end to end: the real discord.py client against the fake Discord."""

from __future__ import annotations

import asyncio

import pytest

from tests.fakediscord import FakeDiscord


async def test_commands_are_synced_with_descriptions(thawbot, fake_discord: FakeDiscord):
    commands = {c["name"]: c for c in fake_discord.commands(fake_discord.guild_id)}
    assert {"quote", "compare", "sources", "help", "sync"} <= set(commands)
    quote = commands["quote"]
    assert quote["description"].startswith("Find a passage")
    assert quote["options"][0]["description"]
    assert quote["options"][0]["autocomplete"] is True


async def test_quote_replies_privately_with_the_passage_and_buttons(thawbot, fake_discord):
    rec = await fake_discord.slash("quote", {"query": "Kort 294"})
    await rec.wait_done()
    assert rec.ephemeral
    embed = rec.embeds[0]
    passage = thawbot.services.search.search("Kort 294").hits[0].passage  # a passage citing it
    assert passage.text in embed["description"]
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert "Kort 294" in fields["Citation"]
    assert "The Soviet Colossus" in fields["Works cited"]
    ids = [c["custom_id"] for row in rec.original.components for c in row["components"]]
    assert any(i.startswith("quote:nav:") for i in ids)
    assert f"quote:post:{passage.id}" in ids


async def test_next_button_edits_the_same_message(thawbot, fake_discord):
    rec = await fake_discord.slash("quote", {"query": "secret speech"})
    await rec.wait_done()
    first = rec.embeds[0]["description"]
    next_id = next(
        c["custom_id"]
        for row in rec.original.components
        for c in row["components"]
        if c["label"].startswith("Next")
    )
    click = await fake_discord.click(rec, next_id)
    await click.wait_done()
    assert click.response_type == 7  # UPDATE_MESSAGE: the same message, edited
    assert rec.original.embeds[0]["description"] != first
    assert rec.original.embeds[0]["title"] == "Match 2 of 10"


@pytest.mark.parametrize(
    ("label", "expected"),
    [("More context", "▶ marks"), ("Source details", "Sourcing questions")],
)
async def test_context_and_source_buttons(thawbot, fake_discord, label, expected):
    rec = await fake_discord.slash("quote", {"query": "Pospelov report"})
    await rec.wait_done()
    custom_id = next(
        c["custom_id"]
        for row in rec.original.components
        for c in row["components"]
        if c["label"] == label
    )
    click = await fake_discord.click(rec, custom_id)
    await click.wait_done()
    assert click.ephemeral
    assert expected in str(click.embeds[0])


async def test_post_to_channel_shares_publicly_without_pings(thawbot, fake_discord):
    rec = await fake_discord.slash("quote", {"query": "virgin lands"})
    await rec.wait_done()
    pid = rec.embeds[0]["footer"]["text"].split(" · ")[0]
    click = await fake_discord.click(rec, f"quote:post:{pid}")
    await click.wait_done()
    posted = fake_discord.last_message("history")
    assert posted.embeds[0]["footer"]["text"].endswith("shared by Alice")
    assert click.content == "Posted to the channel."


async def test_autocomplete_is_within_limits(thawbot, fake_discord):
    rec = await fake_discord.autocomplete("quote", "query", "khrush")
    await rec.wait_done()
    assert 0 < len(rec.choices) <= 25
    assert all(len(c["name"]) <= 100 and len(c["value"]) <= 100 for c in rec.choices)


@pytest.mark.parametrize("query", ['"', "NEAR(", "🙂", "zzzzqqqq", "x" * 290])
async def test_bad_input_gets_a_clear_private_answer(thawbot, fake_discord, query):
    rec = await fake_discord.slash("quote", {"query": query})
    await rec.wait_done()
    assert rec.ephemeral
    assert rec.content or rec.embeds


async def test_cooldown_refuses_politely(thawbot, fake_discord):
    for _ in range(5):
        rec = await fake_discord.slash("quote", {"query": "Stalin"}, user="bob")
        await rec.wait_done()
    rec = await fake_discord.slash("quote", {"query": "Stalin"}, user="bob")
    await rec.wait_done()
    assert "Slow down" in rec.content and rec.ephemeral


async def test_post_to_channel_needs_the_students_own_permission(thawbot, fake_discord):
    rec = await fake_discord.slash("quote", {"query": "virgin lands"})
    await rec.wait_done()
    pid = rec.embeds[0]["footer"]["text"].split(" · ")[0]
    before = len(fake_discord.messages("history"))
    message = rec.original
    data = {"custom_id": f"quote:post:{pid}", "component_type": 2}
    raw = fake_discord._envelope(3, data, "alice", message.channel_id, message=message)
    raw["member"]["permissions"] = "0"  # alice may not send messages in this channel
    refused = await fake_discord.dispatch_interaction(
        raw, name="post", source_message_id=message.id
    )
    await refused.wait_done()
    assert "You cannot post in this channel" in refused.content and refused.ephemeral
    assert len(fake_discord.messages("history")) == before


async def test_post_to_channel_has_a_cooldown(thawbot, fake_discord):
    rec = await fake_discord.slash("quote", {"query": "virgin lands"})
    await rec.wait_done()
    pid = rec.embeds[0]["footer"]["text"].split(" · ")[0]
    notes = []
    for _ in range(3):
        click = await fake_discord.click(rec, f"quote:post:{pid}", user="carol")
        await click.wait_done()
        notes.append(click.content)
    assert notes[:2] == ["Posted to the channel."] * 2
    assert "wait" in notes[2]


def _view_timeout_tasks() -> int:
    return sum("timeout_task" in t.get_coro().__qualname__ for t in asyncio.all_tasks())


async def test_private_replies_keep_nothing_alive_per_message(thawbot, fake_discord):
    """Every button is a persistent dynamic item: a reply registers no view and no task."""
    store = thawbot._connection._view_store
    users = ["alice", "bob", "carol", "dave", "erin"]
    for _round in range(3):  # the cooldown allows five searches per student
        for user in users:
            rec = await fake_discord.slash("quote", {"query": "secret speech"}, user=user)
            await rec.wait_done()
            assert rec.original.components  # the buttons are there
    assert _view_timeout_tasks() == 0
    assert store._views == {} and store._synced_message_views == {}
    click = await fake_discord.click(
        rec, f"quote:post:{rec.embeds[0]['footer']['text'].split(' · ')[0]}"
    )
    await click.wait_done()  # and the buttons still work
    assert click.content == "Posted to the channel."
    assert _view_timeout_tasks() == 0


async def test_post_to_channel_answers_first_when_the_send_is_slow(thawbot, fake_discord):
    """A rate-limited channel send outlasts Discord's deadline: the click is answered first."""
    rec = await fake_discord.slash("quote", {"query": "virgin lands"})
    await rec.wait_done()
    pid = rec.embeds[0]["footer"]["text"].split(" · ")[0]
    fake_discord.response_deadline = 0.3
    rule = fake_discord.rate_limit(r"POST /channels/\d+/messages", times=1, retry_after=0.6)
    click = await fake_discord.click(rec, f"quote:post:{pid}")
    assert click.response_type == 5 and click.ephemeral  # deferred at once, privately
    await click.wait_done()
    assert rule.hits  # the send really waited longer than the deadline
    assert click.content == "Posted to the channel."
    assert fake_discord.last_message("history").embeds[0]["footer"]["text"].endswith("Alice")
