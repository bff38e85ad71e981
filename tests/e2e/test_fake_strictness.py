"""The stand-in is as strict as Discord's documentation, rule by rule.

Each test names the documented rule it checks; the numbers live in
:mod:`tests.fakediscord.limits`.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

import aiohttp
import discord
import pytest
from discord.ext import commands

from bot.settings import load_settings
from cogs.app import create_bot
from tests.e2e.test_debate import ids, open_debate
from tests.fakediscord import FakeDiscord, running_bot, validate
from tests.fakediscord import limits as L
from tests.fakediscord.ratelimits import RateLimits

NO_PINGS = {"parse": []}


def problems(found: list[validate.Problem]) -> str:
    return " | ".join(str(p) for p in found)


def message(**body) -> list[validate.Problem]:
    return validate.check_message(dict({"allowed_mentions": NO_PINGS}, **body), creating=True)


def row(*components) -> dict:
    return {"type": 1, "components": list(components)}


BUTTON = {"type": 2, "style": 1, "label": "Next", "custom_id": "quote:nav:1"}
SELECT = {"type": 3, "custom_id": "pick", "options": [{"label": "a", "value": "a"}]}
TEXT_INPUT = {"type": 4, "custom_id": "claim", "style": 1, "label": "Claim"}


# --- messages -------------------------------------------------------------------------------
def test_an_empty_message_is_50006():
    [problem] = message()
    assert problem.code == L.ERR_EMPTY_MESSAGE
    assert validate.error_body([problem])["code"] == 50006
    assert message(content="hi") == []
    body = {"allowed_mentions": NO_PINGS}
    assert validate.check_message(body, creating=True, has_files=True) == []  # files alone


@pytest.mark.parametrize(
    ("flags", "interaction", "ok"),
    [
        (L.EPHEMERAL_FLAG, False, False),  # ephemeral only exists for interactions
        (L.EPHEMERAL_FLAG, True, True),
        (L.SUPPRESS_EMBEDS_FLAG | L.SUPPRESS_NOTIFICATIONS_FLAG, False, True),
        (1 << 1, False, False),  # SOURCE_MESSAGE_DELETED is Discord's to set
        (1 << 5, True, False),  # HAS_THREAD
    ],
)
def test_only_documented_flags_can_be_set(flags, interaction, ok):
    body = {"content": "hi", "flags": flags, "allowed_mentions": NO_PINGS}
    found = validate.check_message(body, creating=True, interaction=interaction)
    assert (found == []) is ok, problems(found)


def test_components_v2_messages_cannot_have_content():
    assert "IS_COMPONENTS_V2" in problems(message(content="hi", flags=L.COMPONENTS_V2_FLAG))


@pytest.mark.parametrize(
    ("mentions", "ok"),
    [
        ({"parse": ["users"], "users": ["1"]}, False),  # parse and users are exclusive
        ({"parse": ["users"], "users": []}, True),  # a falsy list is not a conflict
        ({"parse": [], "users": ["1"]}, True),
        ({"parse": [], "users": [str(i) for i in range(101)]}, False),  # max 100 ids
        ({"parse": ["people"]}, False),
    ],
)
def test_allowed_mentions_rules(mentions, ok):
    found = validate.check_message({"content": "hi", "allowed_mentions": mentions}, creating=True)
    assert (found == []) is ok, problems(found)


def test_a_poll_cannot_be_edited():
    poll = {"question": {"text": "q"}, "answers": [{"poll_media": {"text": "a"}}]}
    [problem] = validate.check_message({"poll": poll}, creating=False)
    assert problem.code == L.ERR_CANNOT_EDIT_POLL


async def test_editing_a_poll_message_is_refused(fake_discord: FakeDiscord):
    bot = commands.Bot(
        command_prefix="!",
        intents=discord.Intents.default(),
        allowed_mentions=discord.AllowedMentions.none(),
        guild_ready_timeout=0.05,
    )
    async with running_bot(fake_discord, bot):
        channel = bot.get_channel(fake_discord.channel("history").id)
        poll = discord.Poll(question="Sincere?", duration=timedelta(hours=1))
        poll.add_answer(text="Yes")
        sent = await channel.send(poll=poll)
        async with fake_discord.expect_violation("Cannot edit a poll message"):
            with pytest.raises(discord.HTTPException) as caught:
                await sent.edit(content="changed")
        assert caught.value.code == L.ERR_CANNOT_EDIT_POLL


@pytest.mark.parametrize(
    ("mentionable", "mention_everyone", "notified"),
    [(False, False, False), (True, False, True), (False, True, True)],
)
def test_a_role_mention_notifies_only_a_mentionable_role_or_with_mention_everyone(
    mentionable, mention_everyone, notified
):
    from tests.fakediscord import Store
    from tests.fakediscord.messages import role_mentions

    store = Store()
    role = store.add_role("Fact fans", mentionable=mentionable)
    bot = store.members[store.bot_user.id]
    if mention_everyone:
        store.roles[bot.roles[0]].permissions |= discord.Permissions(mention_everyone=True).value
    allowed = {"parse": [], "roles": [str(role.id)]}
    found = role_mentions(store, f"<@&{role.id}>", allowed, store.bot_user.id)
    assert found == ([str(role.id)] if notified else [])
    assert role_mentions(store, f"<@&{role.id}>", {"parse": []}, store.bot_user.id) == []


# --- components -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("component", "expected"),
    [
        (dict(BUTTON, custom_id=None), "custom_id"),  # non-link buttons need a custom_id
        (dict(BUTTON, url="https://example.org"), "url"),
        (
            {"type": 2, "style": 5, "label": "Read", "custom_id": "x", "url": "https://e.org"},
            "custom_id",
        ),
        ({"type": 2, "style": 5, "label": "Read"}, "must have a url"),
        ({"type": 2, "style": 5, "label": "R", "url": "https://e.org/" + "x" * 512}, "url"),
        ({"type": 2, "style": 6, "label": "Buy", "sku_id": "1"}, "label"),
        (dict(BUTTON, style=7), "style"),
        (dict(BUTTON, label="x" * 81), "label"),
        (dict(BUTTON, custom_id="x" * 101), "custom_id"),
    ],
)
def test_button_rules(component, expected):
    assert expected in problems(validate.check_components([row(component)]))


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"options": []}, "options"),
        ({"options": [{"label": str(i), "value": str(i)} for i in range(26)]}, "options"),
        ({"min_values": 3, "max_values": 2}, "min_values"),
        ({"max_values": 26}, "max_values"),
        ({"max_values": 0}, "max_values"),
        ({"min_values": 26, "max_values": 25}, "min_values"),
        ({"placeholder": "x" * 151}, "placeholder"),
        ({"options": [{"label": "x" * 101, "value": "a"}]}, "label"),
    ],
)
def test_select_rules(changes, expected):
    assert expected in problems(validate.check_components([row(dict(SELECT, **changes))]))


def test_valid_components_pass():
    link = {"type": 2, "style": 5, "label": "Read", "url": "https://example.org"}
    assert validate.check_components([row(BUTTON, link), row(SELECT)]) == []


def test_text_inputs_belong_in_modals_only():
    assert "only be used in modals" in problems(validate.check_components([row(TEXT_INPUT)]))
    modal = {"title": "Argue", "custom_id": "m", "components": [row(TEXT_INPUT)]}
    assert validate.check_modal(modal) == []
    button_modal = dict(modal, components=[row(BUTTON)])
    assert "only be used in messages" in problems(validate.check_modal(button_modal))


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"min_length": 4001}, "min_length"),
        ({"max_length": 0}, "max_length"),
        ({"min_length": 10, "max_length": 5}, "min_length"),
        ({"style": 3}, "style"),
        ({"label": "x" * 46}, "label"),
        ({"placeholder": "x" * 101}, "placeholder"),
        ({"value": "x" * 4001}, "value"),
        ({"custom_id": ""}, "custom_id"),
    ],
)
def test_text_input_rules(changes, expected):
    modal = {"title": "Argue", "custom_id": "m", "components": [row(dict(TEXT_INPUT, **changes))]}
    assert expected in problems(validate.check_modal(modal))


def test_a_required_modal_select_needs_a_minimum():
    label = {"type": 18, "label": "Side", "component": dict(SELECT, min_values=0)}
    modal = {"title": "Vote", "custom_id": "m", "components": [label]}
    assert "min_values" in problems(validate.check_modal(modal))
    label["component"] = dict(SELECT, min_values=0, required=False)
    assert validate.check_modal(modal) == []


# --- application commands -----------------------------------------------------------------------
def command(name: str = "quote", **extra) -> dict:
    return dict({"name": name, "description": "Find a passage", "type": 1}, **extra)


@pytest.mark.parametrize(
    "name", ["what's", "défense", "история", "सत्य", "ประวัติ", "a-b_c", "x" * 32]
)
def test_documented_command_names_are_valid(name):
    assert validate.check_commands([command(name)]) == []


@pytest.mark.parametrize("name", ["Quote", "two words", "quote!", "", "x" * 33, "ИСТОРИЯ"])
def test_undocumented_command_names_are_refused(name):
    assert "name" in problems(validate.check_commands([command(name)]))


def test_context_menus_may_have_spaces_and_capitals_and_fifteen_of_each_kind():
    menus = [{"name": f"Quote This {i}", "type": t} for t in (2, 3) for i in range(15)]
    assert validate.check_commands(menus) == []
    sixteenth = {"name": "Quote This 15", "type": 2}
    assert "15 context menu" in problems(validate.check_commands([*menus, sixteenth]))


def test_autocomplete_cannot_be_combined_with_choices():
    option = {
        "name": "side",
        "description": "A side",
        "type": 3,
        "autocomplete": True,
        "choices": [{"name": "Sincere", "value": "sincere"}],
    }
    assert "autocomplete" in problems(validate.check_commands([command(options=[option])]))
    del option["autocomplete"]
    assert validate.check_commands([command(options=[option])]) == []
    boolean = dict(option, type=5)
    assert "choices" in problems(validate.check_commands([command(options=[boolean])]))


def test_a_command_has_at_most_8000_characters_in_all():
    choices = [{"name": "c" * 100, "value": f"{i:03d}" + "v" * 97} for i in range(25)]
    options = [
        {"name": f"o{i}", "description": "d" * 100, "type": 3, "choices": choices[:1]}
        for i in range(20)
    ]
    small = command(options=options)
    names = sum(len(o["name"]) for o in options)
    assert validate.command_size(small) == 5 + 14 + names + 20 * (100 + 200)
    assert validate.check_commands([small]) == []
    big = command(options=[dict(o, choices=choices[:2]) for o in options])
    assert validate.command_size(big) > L.COMMAND_TOTAL_CHARS_MAX
    assert "maximum size" in problems(validate.check_commands([big]))
    localized = command(description_localizations={"fr": "x" * 100})
    assert validate.command_size(localized) == 5 + 100  # the longest localization counts


def test_option_names_are_unique_and_string_lengths_bounded():
    opt = {"name": "query", "description": "Words", "type": 3}
    assert "unique" in problems(validate.check_commands([command(options=[opt, opt])]))
    too_long = dict(opt, max_length=6001)
    assert "max_length" in problems(validate.check_commands([command(options=[too_long])]))


async def test_the_bots_commands_pass_the_strict_rules(thawbot, fake_discord: FakeDiscord):
    synced = fake_discord.commands(fake_discord.guild_id)
    assert synced and validate.check_commands(synced) == []
    assert all(validate.command_size(c) <= L.COMMAND_TOTAL_CHARS_MAX for c in synced)


# --- gateway intents ----------------------------------------------------------------------------
def small_bot(intents: discord.Intents) -> commands.Bot:
    bot = commands.Bot(
        command_prefix="!",
        intents=intents,
        allowed_mentions=discord.AllowedMentions.none(),
        guild_ready_timeout=0.05,
    )
    bot.seen = []  # type: ignore[attr-defined]

    @bot.event
    async def on_raw_poll_vote_add(payload: discord.RawPollVoteActionEvent) -> None:
        bot.seen.append("vote")  # type: ignore[attr-defined]

    @bot.event
    async def on_message(msg: discord.Message) -> None:
        bot.seen.append("message")  # type: ignore[attr-defined]

    return bot


@pytest.mark.parametrize("subscribed", [True, False])
async def test_gateway_sends_only_subscribed_events(fake_discord: FakeDiscord, subscribed):
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = intents.guild_polls = subscribed
    bot = small_bot(intents)
    async with running_bot(fake_discord, bot):
        channel = bot.get_channel(fake_discord.channel("history").id)
        poll = discord.Poll(question="Sincere?", duration=timedelta(hours=1))
        poll.add_answer(text="Yes")
        sent = await channel.send(poll=poll)
        await fake_discord.poll_vote_add(fake_discord.message(sent.id), 1, user="alice")
        await fake_discord.user_message("hello", user="bob")
        if subscribed:
            await fake_discord.wait_until(lambda: len(bot.seen) >= 3, 5.0, "events")
            assert {"vote", "message"} <= set(bot.seen)
        else:
            await asyncio.sleep(0.2)
            assert bot.seen == []
            assert {"MESSAGE_POLL_VOTE_ADD", "MESSAGE_CREATE"} <= set(fake_discord.gateway.withheld)


@pytest.mark.parametrize("polls", [True, False])
async def test_turning_off_the_poll_intent_loses_the_debate_votes(fake_discord, tmp_path, polls):
    settings = load_settings(database=tmp_path / "t.sqlite3", dev_guild_id=fake_discord.guild_id)
    bot = create_bot(settings, guild_ready_timeout=0.05)
    bot._connection._intents.guild_polls = polls  # what IDENTIFY asks for
    async with running_bot(fake_discord, bot):
        lobby, thread = await open_debate(fake_discord)
        debate_id = int(ids(lobby)[0].split(":")[2])
        [poll] = fake_discord.polls(thread)
        await fake_discord.poll_vote_add(poll, 1, user="alice")
        service = bot.get_cog("Debates").service
        if polls:
            await fake_discord.wait_until(
                lambda: service.results(debate_id).before.total == 1, 5.0, "the vote"
            )
        else:
            await asyncio.sleep(0.3)
            assert service.results(debate_id).before.total == 0
            assert "MESSAGE_POLL_VOTE_ADD" in fake_discord.gateway.withheld


# --- rate limits --------------------------------------------------------------------------------
async def _get(session: aiohttp.ClientSession, fake: FakeDiscord, path: str):
    headers = {"Authorization": f"Bot {fake.token}"}
    async with session.get(f"{fake.api_base}{path}", headers=headers) as resp:
        return resp.status, dict(resp.headers), await resp.json()


async def test_an_exhausted_route_bucket_answers_429_with_headers(fake_discord: FakeDiscord):
    fake_discord.limits.route_window = 30.0
    history, debate = fake_discord.channel("history").id, fake_discord.channel("debate").id
    async with aiohttp.ClientSession() as session:
        seen = [await _get(session, fake_discord, f"/channels/{history}") for _ in range(5)]
        assert [s for s, _, _ in seen] == [200] * 5
        assert [h["X-RateLimit-Remaining"] for _, h, _ in seen] == ["4", "3", "2", "1", "0"]
        first = seen[0][1]
        assert first["X-RateLimit-Limit"] == "5" and float(first["X-RateLimit-Reset-After"]) > 29
        assert float(first["X-RateLimit-Reset"]) > 1e9  # epoch seconds
        status, headers, body = await _get(session, fake_discord, f"/channels/{history}")
        assert status == 429 and body["global"] is False and 0 < body["retry_after"] <= 30
        assert headers["Retry-After"] == "30" and headers["X-RateLimit-Scope"] == "user"
        assert "X-RateLimit-Global" not in headers
        # another top-level resource is limited on its own, under the same bucket name
        status, other, _ = await _get(session, fake_discord, f"/channels/{debate}")
        assert status == 200 and other["X-RateLimit-Bucket"] == first["X-RateLimit-Bucket"]


async def test_the_global_limit_answers_429_global(fake_discord: FakeDiscord):
    fake_discord.limits.global_per_second = 3
    paths = ["/users/@me", "/gateway/bot", f"/guilds/{fake_discord.guild_id}", "/users/@me"]
    async with aiohttp.ClientSession() as session:
        results = [await _get(session, fake_discord, p) for p in paths]
    assert [s for s, _, _ in results[:3]] == [200] * 3
    status, headers, body = results[3]
    assert status == 429 and body["global"] is True
    assert headers["X-RateLimit-Global"] == "true" and headers["X-RateLimit-Scope"] == "global"


def test_interaction_endpoints_are_not_bound_to_the_global_limit():
    limits = RateLimits(global_per_second=1, route_limit=100)
    template = "/interactions/{interaction_id}/{token}/callback"
    for n in range(5):
        params = {"interaction_id": str(n), "token": "t"}
        assert (
            limits.check("POST", template, params, f"/interactions/{n}/t/callback").limited is None
        )
    assert limits.check("GET", "/users/@me", {}, "/users/@me").limited is None
    assert limits.check("GET", "/gateway/bot", {}, "/gateway/bot").limited is not None


async def test_discord_py_reads_the_headers_and_every_send_arrives(fake_discord: FakeDiscord):
    fake_discord.limits.route_window = 0.3
    bot = small_bot(discord.Intents(guilds=True))
    async with running_bot(fake_discord, bot):
        channel = bot.get_channel(fake_discord.channel("history").id)
        loop = asyncio.get_running_loop()
        started = loop.time()
        for n in range(12):
            await channel.send(f"fact {n}")
        elapsed = loop.time() - started
    assert [m.content for m in fake_discord.messages("history")] == [f"fact {n}" for n in range(12)]
    assert elapsed >= 0.5  # it waited out two exhausted buckets instead of failing
