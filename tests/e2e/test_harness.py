"""Tests of the fakediscord harness itself, driving a tiny real discord.py bot."""

from __future__ import annotations

import asyncio
import inspect
import io
from typing import Any

import discord
import pytest
import yarl
from discord import app_commands
from discord.ext import commands

from tests.fakediscord import FakeDiscord, running_bot, validate
from tests.fakediscord import limits as L

TOPICS = ["stalin", "khrushchev", "secret speech", "gulag", "thaw", "de-stalinization"]


class FeedbackModal(discord.ui.Modal, title="Lesson feedback"):
    comment: discord.ui.TextInput[FeedbackModal] = discord.ui.TextInput(
        label="What did you learn?", custom_id="feedback:comment"
    )
    rating: discord.ui.Label[FeedbackModal] = discord.ui.Label(
        text="Rating",
        component=discord.ui.Select(
            custom_id="feedback:rating",
            options=[discord.SelectOption(label=str(n), value=str(n)) for n in range(1, 6)],
        ),
    )

    async def on_submit(self, interaction: discord.Interaction) -> None:
        assert isinstance(self.rating.component, discord.ui.Select)
        stars = self.rating.component.values[0]
        await interaction.response.send_message(
            f"Thanks: {self.comment.value} ({stars}/5)", ephemeral=True
        )


class QuizView(discord.ui.View):
    @discord.ui.button(label="Reveal answer", custom_id="quiz:reveal")
    async def reveal(
        self, interaction: discord.Interaction, button: discord.ui.Button[Any]
    ) -> None:
        await interaction.response.edit_message(
            content="Answer: 1956, the Secret Speech", view=None
        )

    @discord.ui.button(label="Feedback", custom_id="quiz:feedback")
    async def feedback(
        self, interaction: discord.Interaction, button: discord.ui.Button[Any]
    ) -> None:
        await interaction.response.send_modal(FeedbackModal())

    @discord.ui.select(
        custom_id="quiz:era",
        options=[discord.SelectOption(label=t.title(), value=t) for t in ("stalin", "thaw")],
    )
    async def era(self, interaction: discord.Interaction, select: discord.ui.Select[Any]) -> None:
        await interaction.response.send_message(f"Era: {select.values[0]}", ephemeral=True)


def make_bot() -> commands.Bot:
    bot = commands.Bot(
        command_prefix="!",
        intents=discord.Intents.default(),
        allowed_mentions=discord.AllowedMentions.none(),
        guild_ready_timeout=0.05,
        chunk_guilds_at_startup=False,
    )
    outcomes: dict[str, Any] = {}
    bot.outcomes = outcomes  # type: ignore[attr-defined]
    bot.slow_delay = 0.0  # type: ignore[attr-defined]

    @bot.tree.command(name="quote", description="Quote a cited passage")
    async def quote(interaction: discord.Interaction, topic: str, private: bool = False) -> None:
        await interaction.response.send_message(f"Passage on {topic}", ephemeral=private)

    @quote.autocomplete("topic")
    async def topic_choices(
        interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=t.title(), value=t) for t in TOPICS if current in t]

    quiz = app_commands.Group(name="quiz", description="Quizzes")

    @quiz.command(name="start", description="Start a quiz")
    async def quiz_start(interaction: discord.Interaction, rounds: int = 3) -> None:
        await interaction.response.send_message(f"Quiz: {rounds} rounds", view=QuizView())

    bot.tree.add_command(quiz)

    @bot.tree.command(name="twice", description="Responds twice")
    async def twice(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("first")
        try:
            await interaction.response.send_message("second")
        except discord.InteractionResponded as exc:
            outcomes["client_side"] = exc
        interaction.response._response_type = None  # bypass discord.py's own guard
        try:
            await interaction.response.send_message("third")
        except discord.HTTPException as exc:
            outcomes["server_side"] = exc

    @bot.tree.command(name="slow", description="Too slow")
    async def slow(interaction: discord.Interaction) -> None:
        await asyncio.sleep(bot.slow_delay)  # type: ignore[attr-defined]
        try:
            await interaction.response.send_message("finally")
        except discord.NotFound as exc:
            outcomes["slow"] = exc

    @bot.tree.command(name="essay", description="Too long")
    async def essay(interaction: discord.Interaction) -> None:
        embed = discord.Embed(title="Essay", description="x" * (L.EMBED_DESCRIPTION_MAX + 1))
        try:
            await interaction.response.send_message(embed=embed)
        except discord.HTTPException as exc:
            outcomes["essay"] = exc
            await interaction.response.send_message("Essay too long", ephemeral=True)

    @bot.tree.command(name="transcript", description="Deferred file")
    async def transcript(interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        data = io.BytesIO(b"Khrushchev: the cult of personality...")
        await interaction.followup.send("Here it is", file=discord.File(data, "transcript.txt"))
        await interaction.followup.send("Anything else?", ephemeral=True)

    @bot.tree.command(name="debate", description="Open a debate thread with a poll")
    async def debate(interaction: discord.Interaction, motion: str) -> None:
        await interaction.response.defer()
        channel = interaction.channel
        assert isinstance(channel, discord.TextChannel)
        thread = await channel.create_thread(name=motion, type=discord.ChannelType.public_thread)
        poll = discord.Poll(question=motion, duration=__import__("datetime").timedelta(hours=1))
        poll.add_answer(text="Agree").add_answer(text="Disagree")
        outcomes["poll_message"] = await thread.send(poll=poll)
        await interaction.followup.send(f"Debate opened in {thread.mention}")

    @bot.tree.command(name="grade", description="Grade a student")
    async def grade(interaction: discord.Interaction, student: discord.Member) -> None:
        await interaction.response.send_message(
            f"Graded {student.display_name} ({student.mention})"
        )

    @bot.tree.command(name="eager", description="Follows up before responding")
    async def eager(interaction: discord.Interaction) -> None:
        try:
            await interaction.followup.send("too early")
        except discord.NotFound as exc:
            outcomes["eager"] = exc
        await interaction.response.send_message("ok")

    @bot.tree.command(name="purge", description="Moderators only")
    @app_commands.default_permissions(manage_messages=True)
    async def purge(interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True)
        await interaction.edit_original_response(content="Purged")

    @bot.event
    async def on_raw_poll_vote_add(payload: discord.RawPollVoteActionEvent) -> None:
        outcomes.setdefault("votes", []).append((payload.user_id, payload.answer_id))

    @bot.event
    async def on_message(message: discord.Message) -> None:
        outcomes.setdefault("seen", []).append((message.author.id, message.content))

    @bot.event
    async def on_resumed() -> None:
        outcomes["resumed"] = True

    return bot


async def synced(fake: FakeDiscord, bot: commands.Bot) -> None:
    guild = discord.Object(fake.guild_id)
    bot.tree.copy_global_to(guild=guild)
    await bot.tree.sync(guild=guild)


# --- contract with discord.py -------------------------------------------------------------
def test_discord_py_contract() -> None:
    """Fails loudly if a discord.py upgrade moves what the harness patches or relies on."""
    assert isinstance(discord.http.Route.BASE, str)
    assert discord.http.Route.BASE.endswith("/api/v10")
    assert discord.http.INTERNAL_API_VERSION == 10
    assert isinstance(discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY, yarl.URL)
    assert isinstance(discord.asset.Asset.BASE, str)
    assert "gateway" in inspect.signature(discord.gateway.DiscordWebSocket.from_client).parameters
    adapter = discord.webhook.async_.AsyncWebhookAdapter
    assert hasattr(adapter, "create_interaction_response")
    assert discord.webhook.async_.Route is discord.http.Route  # webhooks share the patched base
    state = discord.state.ConnectionState
    for parser in ("ready", "guild_create", "interaction_create", "message_poll_vote_add"):
        assert hasattr(state, f"parse_{parser}"), parser
    assert discord.InteractionResponded.__mro__[1] is discord.ClientException


async def test_patch_is_restored() -> None:
    before = (discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)
    fake = FakeDiscord()
    async with fake.running():
        assert fake.api_base == discord.http.Route.BASE
        assert fake.api_base.startswith("http://127.0.0.1:")
        assert str(discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY) == fake.ws_url
    assert before == (discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)


# --- startup, gateway -------------------------------------------------------------------------
async def test_bot_connects_and_sees_the_guild(fake_discord: FakeDiscord) -> None:
    bot = make_bot()
    async with running_bot(fake_discord, bot):
        guild = bot.get_guild(fake_discord.guild_id)
        assert guild is not None and guild.name == "History 101"
        assert {c.name for c in guild.text_channels} == {"history", "debate"}
        assert {r.name for r in guild.roles} >= {"@everyone", "Moderator"}
        assert bot.user is not None and bot.user.id == fake_discord.application_id
        assert bot.application_id == fake_discord.application_id
        assert fake_discord.gateway.identifies[0]["intents"] == discord.Intents.default().value
        assert fake_discord.gateway.heartbeats >= 1


async def test_reconnect_resumes_and_replays(fake_discord: FakeDiscord) -> None:
    bot = make_bot()
    async with running_bot(fake_discord, bot):
        await fake_discord.reconnect()
        await fake_discord.wait_until(lambda: bot.outcomes.get("resumed", False), 5, "on_resumed")
        rec = await fake_discord.slash("quote", {"topic": "thaw"})
        assert rec.content == "Passage on thaw"


async def test_user_messages_respect_message_content_intent(fake_discord: FakeDiscord) -> None:
    bot = make_bot()
    async with running_bot(fake_discord, bot):
        alice = fake_discord.member("alice")
        await fake_discord.user_message("Was the Thaw real?", user="alice")
        await fake_discord.wait_until(lambda: bot.outcomes.get("seen"), 2, "on_message")
        # Intents.default() lacks MESSAGE_CONTENT, so Discord blanks other users' content.
        assert bot.outcomes["seen"] == [(alice.id, "")]


# --- interactions ------------------------------------------------------------------------------
async def test_slash_command_and_ephemeral_flag(fake_discord: FakeDiscord) -> None:
    bot = make_bot()
    async with running_bot(fake_discord, bot):
        await synced(fake_discord, bot)
        rec = await fake_discord.slash("quote", {"topic": "gulag", "private": True}, user="bob")
        assert rec.response_type == 4
        assert rec.content == "Passage on gulag"
        assert rec.ephemeral
        assert fake_discord.messages("history") == []  # ephemeral: not visible in the channel
        public = await fake_discord.slash("quote", {"topic": "thaw"})
        assert not public.ephemeral
        assert [m.content for m in fake_discord.messages("history")] == ["Passage on thaw"]


async def test_autocomplete_choices(fake_discord: FakeDiscord) -> None:
    bot = make_bot()
    async with running_bot(fake_discord, bot):
        rec = await fake_discord.autocomplete("quote", focused="topic", value="sta")
        assert rec.response_type == 8
        assert [c["value"] for c in rec.choices or []] == ["stalin", "de-stalinization"]


async def test_subcommand_button_select_and_modal(fake_discord: FakeDiscord) -> None:
    bot = make_bot()
    async with running_bot(fake_discord, bot):
        await synced(fake_discord, bot)
        quiz = await fake_discord.slash("quiz start", {"rounds": 5})
        assert quiz.content == "Quiz: 5 rounds"
        assert [c["custom_id"] for c in quiz.original.components[0]["components"]] == [
            "quiz:reveal",
            "quiz:feedback",
        ]
        era = await fake_discord.select(quiz, "quiz:era", ["thaw"], user="carol")
        assert era.content == "Era: thaw" and era.ephemeral
        shown = await fake_discord.click(quiz, "quiz:feedback", user="dave")
        assert shown.response_type == 9 and shown.modal is not None
        assert shown.modal["title"] == "Lesson feedback"
        with pytest.raises(AssertionError, match="required"):
            await fake_discord.submit_modal(shown, {"feedback:comment": "Secret Speech"})
        values = {"feedback:comment": "Secret Speech", "feedback:rating": ["4"]}
        submitted = await fake_discord.submit_modal(shown, values)
        assert submitted.content == "Thanks: Secret Speech (4/5)" and submitted.ephemeral
        revealed = await fake_discord.click(quiz, "quiz:reveal")
        assert revealed.response_type == 7
        assert quiz.original.content == "Answer: 1956, the Secret Speech"
        assert quiz.original.components == []


async def test_second_response_is_40060(fake_discord: FakeDiscord) -> None:
    bot = make_bot()
    async with running_bot(fake_discord, bot):
        async with fake_discord.expect_violation("double-response"):
            rec = await fake_discord.slash("twice")
            await fake_discord.wait_until(lambda: "server_side" in bot.outcomes, 2, "3rd reply")
        assert rec.content == "first"
        assert isinstance(bot.outcomes["client_side"], discord.InteractionResponded)
        exc = bot.outcomes["server_side"]
        assert isinstance(exc, discord.HTTPException)
        assert (exc.status, exc.code) == (400, L.ERR_ALREADY_ACKNOWLEDGED)


async def test_late_response_is_10062(fake_discord: FakeDiscord) -> None:
    fake_discord.response_deadline = 0.2
    bot = make_bot()
    bot.slow_delay = 0.3  # type: ignore[attr-defined]
    async with running_bot(fake_discord, bot):
        async with fake_discord.expect_violation("late-response"):
            rec = await fake_discord.slash("slow", wait=False)
            await fake_discord.wait_until(lambda: "slow" in bot.outcomes, 2, "the slow reply")
        exc = bot.outcomes["slow"]
        assert isinstance(exc, discord.NotFound) and exc.code == L.ERR_UNKNOWN_INTERACTION
        assert not rec.responded


async def test_over_long_embed_is_a_violation(fake_discord: FakeDiscord) -> None:
    bot = make_bot()
    async with running_bot(fake_discord, bot):
        async with fake_discord.expect_violation(r"embeds\.0\.description") as found:
            rec = await fake_discord.slash("essay")
        assert "4096" in str(found[0])
        exc = bot.outcomes["essay"]
        assert isinstance(exc, discord.HTTPException) and exc.code == L.ERR_INVALID_FORM_BODY
        assert rec.content == "Essay too long"


async def test_defer_then_followups_with_file(fake_discord: FakeDiscord) -> None:
    bot = make_bot()
    async with running_bot(fake_discord, bot):
        rec = await fake_discord.slash("transcript")
        assert rec.response_type == 5
        followups = await rec.wait_followups(2)
        assert rec.content == "Here it is" and rec.ephemeral  # first follow-up replaced "thinking"
        assert rec.original is not None
        assert rec.original.files["transcript.txt"].startswith(b"Khrushchev")
        assert followups[1].content == "Anything else?" and followups[1].ephemeral


async def test_thread_poll_and_votes(fake_discord: FakeDiscord) -> None:
    bot = make_bot()
    async with running_bot(fake_discord, bot):
        rec = await fake_discord.slash("debate", {"motion": "The Thaw was real"})
        await rec.wait_done()
        [thread] = fake_discord.threads("history")
        assert thread.name == "The Thaw was real"
        assert rec.content == f"Debate opened in <#{thread.id}>"
        [poll_msg] = fake_discord.polls(thread.id)
        assert [a["poll_media"]["text"] for a in poll_msg.poll["answers"]] == ["Agree", "Disagree"]
        await fake_discord.poll_vote_add(poll_msg, 1, user="alice")
        await fake_discord.poll_vote_add(poll_msg, 2, user="bob")
        alice = fake_discord.member("alice").id
        await fake_discord.wait_until(lambda: len(bot.outcomes.get("votes", [])) == 2, 2, "votes")
        assert (alice, 1) in bot.outcomes["votes"]
        sent: discord.Message = bot.outcomes["poll_message"]
        voters = [u.id async for u in sent.poll.get_answer(1).voters()]  # type: ignore[union-attr]
        assert voters == [alice]
        await sent.end_poll()
        assert poll_msg.poll["results"]["is_finalized"]


async def test_user_option_is_resolved(fake_discord: FakeDiscord) -> None:
    bot = make_bot()
    async with running_bot(fake_discord, bot):
        bob = fake_discord.member("bob")
        unsynced = await fake_discord.slash("grade", {"student": bob}, user="teacher")
        assert unsynced.content == f"Graded Bob (<@{bob.id}>)"
        await synced(fake_discord, bot)
        rec = await fake_discord.slash(
            "grade", {"student": "bob"}, user="teacher"
        )  # typed by schema
        assert rec.content == unsynced.content
        assert rec.original is not None and rec.original.data["mentions"] == []  # pings suppressed
        with pytest.raises(AssertionError, match="not registered"):
            await fake_discord.slash("nonexistent")
        with pytest.raises(AssertionError, match="no option"):
            await fake_discord.slash("quote", {"topic": "x", "bogus": 1})
        with pytest.raises(AssertionError, match="required"):
            await fake_discord.slash("grade")
        with pytest.raises(AssertionError, match="expects an integer"):
            await fake_discord.slash("quiz start", {"rounds": "five"})


async def test_default_permissions_hide_commands(fake_discord: FakeDiscord) -> None:
    bot = make_bot()
    async with running_bot(fake_discord, bot):
        await synced(fake_discord, bot)
        with pytest.raises(AssertionError, match="alice cannot see /purge"):
            await fake_discord.slash("purge", user="alice")
        rec = await fake_discord.slash("purge", user="teacher")
        assert rec.response_type == 5
        await rec.wait_done()
        assert rec.content == "Purged" and rec.ephemeral


async def test_privileged_intents_get_members_and_content(fake_discord: FakeDiscord) -> None:
    bot = commands.Bot(
        command_prefix="!",
        intents=discord.Intents.all(),
        allowed_mentions=discord.AllowedMentions.none(),
        guild_ready_timeout=0.05,
    )
    seen: list[str] = []

    async def remember(message: discord.Message) -> None:
        seen.append(message.content)

    bot.add_listener(remember, "on_message")
    async with running_bot(fake_discord, bot):
        guild = bot.get_guild(fake_discord.guild_id)
        assert guild is not None and guild.chunked
        assert {m.name for m in guild.members} >= {"teacher", "alice", "bob", "carol"}
        await fake_discord.user_message("Was the Thaw real?", user="carol")
        await fake_discord.wait_until(lambda: bool(seen), 2, "on_message")
        assert seen == ["Was the Thaw real?"]


async def test_followup_before_response_is_rejected(fake_discord: FakeDiscord) -> None:
    bot = make_bot()
    async with running_bot(fake_discord, bot):
        async with fake_discord.expect_violation("followup-before-response"):
            rec = await fake_discord.slash("eager")
        assert rec.content == "ok"
        assert bot.outcomes["eager"].code == L.ERR_UNKNOWN_WEBHOOK


async def test_unanswered_interaction_is_a_problem(fake_discord: FakeDiscord) -> None:
    bot = make_bot()
    async with running_bot(fake_discord, bot):
        await fake_discord.slash("nobody-handles-this", wait=False)
        await asyncio.sleep(0.1)
        [problem] = fake_discord.problems()
        assert problem.startswith("no-response: slash 'nobody-handles-this'")
        fake_discord.require_responses = False


async def test_channel_rest_roundtrip(fake_discord: FakeDiscord) -> None:
    bot = make_bot()
    async with running_bot(fake_discord, bot):
        channel = bot.get_channel(fake_discord.channel("history").id)
        assert isinstance(channel, discord.TextChannel)
        file = discord.File(io.BytesIO(b"1953-1964"), "dates.txt")
        sent = await channel.send("Timeline", file=file)
        assert (await sent.attachments[0].read()) == b"1953-1964"
        await sent.edit(content="Timeline (edited)")
        await sent.add_reaction("\N{THUMBS UP SIGN}")
        await sent.pin()
        thread = await sent.create_thread(name="Timeline questions")
        await thread.send("Ask here")
        stored = fake_discord.last_message("history")
        assert stored.id == sent.id and stored.content == "Timeline (edited)"
        assert stored.files == {"dates.txt": b"1953-1964"} and stored.data["pinned"]
        assert stored.reactions == {"\N{THUMBS UP SIGN}": {fake_discord.application_id}}
        assert [m.content for m in fake_discord.messages(thread.id)] == ["Ask here"]
        fetched = [m.content async for m in channel.history(limit=5)]
        assert fetched == ["Timeline (edited)"]
        await sent.delete()
        assert fake_discord.messages("history") == []
        seen = bot.outcomes["seen"]
        assert (fake_discord.application_id, "Timeline") in seen  # MESSAGE_CREATE came through


async def test_missing_allowed_mentions_is_a_violation(fake_discord: FakeDiscord) -> None:
    bot = make_bot()
    bot.allowed_mentions = None
    async with running_bot(fake_discord, bot):
        channel = bot.get_channel(fake_discord.channel("debate").id)
        assert isinstance(channel, discord.TextChannel)
        async with fake_discord.expect_violation("allowed_mentions: missing"):
            with pytest.raises(discord.HTTPException) as err:
                await channel.send("Hello class")
        assert err.value.code == L.ERR_INVALID_FORM_BODY
        async with fake_discord.expect_violation("must never allow") as found:
            with pytest.raises(discord.HTTPException):
                await channel.send("@everyone", allowed_mentions=discord.AllowedMentions.all())
        assert len(found) == 2  # both 'everyone' and 'roles' parsing are refused
        await channel.send("Fine", allowed_mentions=discord.AllowedMentions.none())


# --- rate limits, sync ---------------------------------------------------------------------------
async def test_rate_limited_requests_are_retried(fake_discord: FakeDiscord) -> None:
    bot = make_bot()
    async with running_bot(fake_discord, bot):
        rule = fake_discord.rate_limit(r"POST /channels/\d+/messages", times=2, retry_after=0.05)
        callback_rule = fake_discord.rate_limit(r"/callback$", times=1, retry_after=0.05)
        channel = bot.get_channel(fake_discord.channel("debate").id)
        assert isinstance(channel, discord.TextChannel)
        sent = await channel.send("Opening statements, please")
        assert len(rule.hits) == 2 and [r.status for r in fake_discord.requests[-3:]] == [
            429,
            429,
            200,
        ]
        assert fake_discord.last_message("debate").id == sent.id
        rec = await fake_discord.slash("quote", {"topic": "stalin"})
        assert rec.content == "Passage on stalin" and len(callback_rule.hits) == 1


async def test_tree_sync_stores_guild_commands(fake_discord: FakeDiscord) -> None:
    bot = make_bot()
    async with running_bot(fake_discord, bot):
        await synced(fake_discord, bot)
        names = {c["name"] for c in fake_discord.commands(fake_discord.guild_id)}
        assert names == {
            "quote",
            "quiz",
            "twice",
            "slow",
            "essay",
            "transcript",
            "debate",
            "grade",
            "eager",
            "purge",
        }
        assert fake_discord.commands() == []
        remote = await bot.tree.fetch_commands(guild=discord.Object(fake_discord.guild_id))
        assert {c.name for c in remote} == names


async def test_unknown_route_is_recorded(fake_discord: FakeDiscord) -> None:
    bot = make_bot()
    async with running_bot(fake_discord, bot):
        guild = bot.get_guild(fake_discord.guild_id)
        assert guild is not None
        with pytest.raises(discord.NotFound):
            await guild.fetch_emojis()
        assert fake_discord.unhandled == [f"GET /guilds/{fake_discord.guild_id}/emojis"]
        fake_discord.unhandled.clear()


# --- validator unit checks ------------------------------------------------------------------------
def _problems(found: list[validate.Problem]) -> str:
    return " | ".join(str(p) for p in found)


def test_validator_limits() -> None:
    ok = {"content": "hi", "allowed_mentions": {"parse": []}}
    assert validate.check_message(ok, creating=True) == []
    assert "allowed_mentions" in _problems(validate.check_message({"content": "hi"}, creating=True))
    bad_parse = {"content": "@everyone", "allowed_mentions": {"parse": ["everyone", "roles"]}}
    assert len(validate.check_message(bad_parse, creating=True)) == 2
    roles = {"content": "hi", "allowed_mentions": {"parse": [], "roles": ["42"]}}
    assert validate.check_message(roles, creating=True, role_allowlist={42}) == []
    assert validate.check_message(roles, creating=True) != []
    long = {"content": "x" * (L.CONTENT_MAX + 1), "allowed_mentions": {"parse": []}}
    assert "content" in _problems(validate.check_message(long, creating=True))
    embeds = [{"description": "x" * 4000}, {"description": "y" * 4000}]
    assert "6000" in _problems(validate.check_embeds(embeds))
    button = {"type": 2, "style": 1, "label": "ok", "custom_id": "b"}
    select = {"type": 3, "custom_id": "s", "options": [{"label": "a", "value": "a"}]}
    assert "alone" in _problems(
        validate.check_components([{"type": 1, "components": [button, select]}])
    )
    rows = [{"type": 1, "components": [dict(button, custom_id=f"b{i}")]} for i in range(6)]
    assert validate.check_components(rows) != []
    assert validate.check_components([{"type": 1, "components": [dict(button, custom_id="")]}])
    modal = {"title": "t" * 46, "custom_id": "m", "components": []}
    assert len(validate.check_modal(modal)) == 2
    poll = {
        "question": {"text": "q"},
        "answers": [{"poll_media": {"text": "a" * 56}}],
        "duration": 769,
    }
    assert len(validate.check_poll(poll)) == 2
    choices = [{"name": str(i), "value": str(i)} for i in range(26)]
    assert validate.check_choices(choices, "data.choices") != []
    commands_ = [{"name": "Quote", "description": "", "type": 1}]
    assert len(validate.check_commands(commands_)) == 2
