"""/debate end to end: the real bot and discord.py against the local stand-in for Discord."""

from __future__ import annotations

import asyncio
import csv
import io
import re
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import discord
import pytest

from bot.debate import debates_for
from bot.debate._cards import POLL_ANSWERS
from bot.services import Services
from bot.settings import load_settings
from cogs.app import create_bot
from tests.fakediscord import FakeDiscord, running_bot


class Clock:
    """The debate service's clock, moved by the test."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock(thawbot) -> Clock:
    """A test clock; the timer loop is stopped so the test's own ticks are the only ones."""
    cog = thawbot.get_cog("Debates")
    assert cog.ticker.is_running()
    cog.ticker.cancel()
    made = Clock()
    cog.service.clock = made
    return made


def ids(message) -> list[str]:
    return [c["custom_id"] for row in message.components for c in row["components"]]


def text_of(message) -> str:
    parts = [message.content or ""]
    for embed in message.embeds:
        parts += [embed.get("title", ""), embed.get("description", "")]
        parts += [f"{f['name']}\n{f['value']}" for f in embed.get("fields", [])]
    return "\n".join(parts)


async def slash(fake: FakeDiscord, command: str, options=None, **kw):
    rec = await fake.slash(f"debate {command}", options or {}, **kw)
    await rec.wait_done()
    return rec


async def click(fake: FakeDiscord, message, custom_id: str, user: str):
    rec = await fake.click(message, custom_id, user=user)
    await rec.wait_done()
    return rec


async def open_debate(fake: FakeDiscord, **options):
    """The teacher opens a short debate in #debate; returns (lobby, thread)."""
    rec = await slash(
        fake, "open", {"format": "short", **options}, user="teacher", channel="debate"
    )
    assert rec.ephemeral and "Debate opened" in rec.content
    await fake.wait_until(lambda: fake.threads("debate") and fake.polls(), 5.0, "thread and poll")
    [thread] = fake.threads("debate")
    lobby = fake.messages("debate")[0]
    return lobby, thread


async def fill(fake: FakeDiscord, lobby) -> None:
    """alice and carol Sincere, bob and dave Political, by button."""
    debate_id = ids(lobby)[0].split(":")[2]
    for user, side in (
        ("alice", "sincere"),
        ("bob", "political"),
        ("carol", "any"),
        ("dave", "any"),
    ):
        rec = await click(fake, lobby, f"debate:join:{debate_id}:{side}", user)
        assert rec.ephemeral and "You are on" in rec.content
    await fake.wait_until(lambda: "Dave" in text_of(fake.message(lobby.id)), 5.0, "roster")


async def test_the_command_group_is_synced(thawbot, fake_discord):
    [debate] = [c for c in fake_discord.commands(fake_discord.guild_id) if c["name"] == "debate"]
    subs = {o["name"]: o for o in debate["options"]}
    assert {
        "open",
        "join",
        "start",
        "next",
        "end",
        "argue",
        "counter",
        "vote",
        "evidence",
        "transcript",
    } <= set(subs)
    argue = {o["name"]: o for o in subs["argue"]["options"]}
    assert argue["evidence"]["autocomplete"] is True


async def test_open_makes_a_lobby_a_thread_and_a_poll(thawbot, fake_discord, clock):
    lobby, thread = await open_debate(fake_discord)
    assert thread.id == lobby.id and thread.name.startswith("Debate: De-Stalinization")
    assert "Join Sincere" in str(lobby.components)
    [poll] = fake_discord.polls(thread)
    answers = [a["poll_media"]["text"] for a in poll.poll["answers"]]
    assert answers == [POLL_ANSWERS["sincere"], POLL_ANSWERS["political"]]
    await fill(fake_discord, lobby)
    roster = text_of(fake_discord.message(lobby.id))
    assert "• Alice\n• Carol" in roster and "• Bob\n• Dave" in roster
    assert "1. Opening · Sincere · Alice" in roster
    again = await slash(fake_discord, "open", user="teacher", channel="debate")
    assert again.ephemeral and "already has a debate" in again.content


async def test_open_needs_the_bots_permission_to_post(thawbot, fake_discord, clock):
    service = thawbot.get_cog("Debates").service
    everything = discord.Permissions.all()
    no_send = discord.Permissions(everything.value & ~discord.Permissions(send_messages=True).value)
    rec = await slash(
        fake_discord, "open", user="teacher", channel="debate", app_permissions=no_send.value
    )
    assert rec.ephemeral and rec.content == (
        "The bot cannot run a debate here: it needs the Send Messages permission in this channel."
    )
    assert service.repo.open_in(fake_discord.channel("debate").id) is None
    assert fake_discord.messages("debate") == []


async def test_a_refused_lobby_cancels_the_debate(thawbot, fake_discord, clock, monkeypatch):
    service = thawbot.get_cog("Debates").service
    real_send = discord.TextChannel.send
    refused = discord.Forbidden(
        SimpleNamespace(status=403, reason="Forbidden"), {"code": 50013, "message": "Missing"}
    )

    async def send_once_refused(channel, *args, **kwargs):
        monkeypatch.setattr(discord.TextChannel, "send", real_send)
        raise refused

    monkeypatch.setattr(discord.TextChannel, "send", send_once_refused)
    rec = await slash(fake_discord, "open", user="teacher", channel="debate")
    assert rec.ephemeral and "Discord refused the lobby post" in rec.text()
    assert "Send Messages" in rec.text() and "Debate opened" not in rec.text()
    assert service.repo.open_in(fake_discord.channel("debate").id) is None
    lobby, _thread = await open_debate(fake_discord)  # the channel is free again
    assert "Join Sincere" in str(lobby.components)


async def test_a_planned_start_shows_in_each_readers_time(thawbot, fake_discord, clock):
    lobby, _thread = await open_debate(fake_discord, start_in=10)
    unix = int(clock.now.timestamp()) + 600
    assert f"<t:{unix}:t> (<t:{unix}:R>)" in text_of(lobby) and "UTC" not in text_of(lobby)
    rec = await slash(fake_discord, "status", user="alice", channel="debate")
    assert f"<t:{unix}:R>" in text_of(rec.original)


async def test_ten_students_joining_at_once_are_all_placed_and_balanced(
    thawbot, fake_discord, clock
):
    fake = fake_discord
    extra = ["frank", "gina", "hugo", "ivy", "jack"]
    for name in extra:
        fake.store.add_member(name, name.capitalize())
    lobby, _thread = await open_debate(fake)
    debate_id = int(ids(lobby)[0].split(":")[2])
    students = ["alice", "bob", "carol", "dave", "erin", *extra]
    either = f"debate:join:{debate_id}:any"
    records = await asyncio.gather(*(fake.click(lobby, either, user=name) for name in students))
    await asyncio.gather(*(rec.wait_done() for rec in records))
    assert all(rec.ephemeral and "You are on" in rec.content for rec in records)
    debate = thawbot.get_cog("Debates").service.get(debate_id)
    assert len(debate.participants) == 10  # no join lost
    assert len(debate.side("sincere")) == len(debate.side("political")) == 5
    await fake.wait_until(
        lambda: (
            "Sincere (5)" in text_of(fake.message(lobby.id))
            and "Political (5)" in text_of(fake.message(lobby.id))
        ),
        5.0,
        "the lobby card with all ten",
    )


async def test_help_before_any_debate_lists_the_debate_commands(thawbot, fake_discord, clock):
    rec = await slash(fake_discord, "help", user="alice", channel="debate")
    assert rec.ephemeral and "Debates: commands" in text_of(rec.original)
    assert "No debate is open" not in text_of(rec.original)
    rec = await slash(
        fake_discord, "open", {"format": "lightning"}, user="teacher", channel="debate"
    )
    assert rec.ephemeral and "“lightning” is not a preset" in rec.content
    assert "classroom: Opening 4:00" in rec.content and "short: Opening 2:00" in rec.content


async def test_evidence_for_both_sides_is_one_message_discord_accepts(thawbot, fake_discord, clock):
    theme = {"theme": "destalinization reforms"}
    rec = await slash(fake_discord, "evidence", theme, user="erin", channel="debate")
    embeds = rec.original.embeds
    assert [e["title"].split(" on ")[0] for e in embeds] == [
        "Evidence for Sincere",
        "Evidence for Political",
    ]
    assert not fake_discord.violations


async def test_a_student_without_a_speech_suggests_evidence_to_the_speaker(
    thawbot, fake_discord, clock
):
    fake = fake_discord
    lobby, thread = await open_debate(fake)
    await fill(fake, lobby)
    await slash(fake, "start", user="teacher", channel=thread)
    rec = await slash(
        fake, "suggest", {"passage": "listenit-010", "note": "camps"}, user="carol", channel=thread
    )
    assert rec.ephemeral and "You suggested listenit-010" in rec.content
    await _posted(fake, thread, "Carol suggests a passage to Sincere's speaker")
    rec = await slash(fake, "evidence", user="alice", channel=thread)
    assert "Suggested by Sincere" in text_of(rec.original) and "from Carol: camps" in text_of(
        rec.original
    )
    assert not fake.violations


async def test_students_cannot_run_the_debate(thawbot, fake_discord, clock):
    rec = await slash(fake_discord, "open", user="alice", channel="debate")
    assert rec.ephemeral and "Only a moderator can open a debate." in rec.content
    lobby, thread = await open_debate(fake_discord)
    await fill(fake_discord, lobby)
    debate_id = ids(lobby)[0].split(":")[2]
    rec = await click(fake_discord, lobby, f"debate:ctl:{debate_id}:start", "alice")
    assert rec.ephemeral and "Only a moderator can start the debate." in rec.content
    assert len(fake_discord.messages(thread)) == 1  # just the poll: no timer


async def test_a_whole_debate(thawbot, fake_discord, clock):
    fake = fake_discord
    service = thawbot.get_cog("Debates").service
    lobby, thread = await open_debate(fake)
    await fill(fake, lobby)
    debate_id = int(ids(lobby)[0].split(":")[2])
    [poll] = fake.polls(thread)
    await fake.poll_vote_add(poll, 2, user="erin")
    await fake.wait_until(lambda: service.results(debate_id).before.political == 1, 5.0, "vote")

    await click(fake, lobby, f"debate:ctl:{debate_id}:start", "teacher")
    timer = await _timer_message(fake, service, debate_id)
    assert fake.message(poll.id).poll["results"]["is_finalized"]
    assert "Opening: Alice (Sincere)" in text_of(timer) and "2:00" in text_of(timer)

    rec = await slash(fake, "argue", {"evidence": "listenit-010"}, user="bob", channel=thread)
    assert rec.ephemeral and "Only the current speaker, Alice" in rec.content and not rec.modal
    rec = await slash(fake, "argue", {"evidence": "listenit-010"}, user="alice", channel=thread)
    assert rec.modal is not None
    fields = {c["components"][0]["custom_id"]: c for c in rec.modal["components"]}
    assert len(fields) == 3
    submitted = await fake.submit_modal(
        rec, _modal_values(rec, "It was a real break", "Prisoners came home", "")
    )
    await submitted.wait_done()
    argument = await _posted(fake, thread, "Argument · Sincere · Alice")
    passage = thawbot.services.store.passage("listenit-010")
    assert passage.text in text_of(argument) and passage.citation in text_of(argument)

    counter_id = next(i for i in ids(argument) if i.startswith("debate:counter:"))
    rec = await click(fake, argument, counter_id, "carol")
    assert "Only the Political side" in rec.content
    rec = await click(fake, argument, counter_id, "bob")
    submitted = await fake.submit_modal(rec, _modal_values(rec, "mycustomessay-013", "Power"))
    await submitted.wait_done()
    countered = await _posted(fake, thread, "Counter-passage · Political · Bob")
    assert thawbot.services.store.passage("mycustomessay-013").text in text_of(countered)

    clock.advance(45)
    rec = await click(fake, timer, f"debate:poi:{debate_id}:offer", "bob")
    await fake.wait_until(
        lambda: "Bob (Political) offers a point" in text_of(fake.message(timer.id)),
        5.0,
        "the timer shows the point",
    )
    await click(fake, fake.message(timer.id), f"debate:poi:{debate_id}:accept", "alice")

    clock.advance(16)  # 59 s left
    events = await thawbot.get_cog("Debates").tick()
    assert [e.text for e in events] == ["1 minute left for Alice."]
    await _posted(fake, thread, "1 minute left for Alice.")
    assert await thawbot.get_cog("Debates").tick() == []
    # a point offered and answered, a warning and several refreshes: still one message
    assert timer_messages(fake, thread) == {1: 1}

    rec = await click(fake, fake.message(timer.id), f"debate:ctl:{debate_id}:next:1", "alice")
    assert "Only a moderator" in rec.content
    for number in range(2, 7):
        await click(fake, timer, f"debate:ctl:{debate_id}:next:{number - 1}", "teacher")
        previous, timer = timer, await _timer_message(fake, service, debate_id, number)
        await fake.wait_until(
            lambda closed=previous: not ids(fake.message(closed.id)), 5.0, "closed timer"
        )
        assert "Spoke" in text_of(fake.message(previous.id))  # its result; the controls moved on
        await thawbot.get_cog("Debates").tick()
        assert timer_messages(fake, thread) == {n: 1 for n in range(1, number + 1)}
    await click(fake, timer, f"debate:ctl:{debate_id}:next:6", "teacher")
    await fake.wait_until(lambda: len(fake.polls(thread)) == 2, 5.0, "the vote after")
    after = fake.polls(thread)[-1]
    # A student can vote once the bot's send has returned and it knows the poll (the fake
    # no longer sends the bot MESSAGE_CREATE events it did not subscribe to, which hid this).
    await fake.wait_until(lambda: service.get(debate_id).poll_after_id == after.id, 5.0, "poll")
    await fake.poll_vote_add(after, 1, user="erin")
    await fake.wait_until(lambda: service.results(debate_id).after.total == 1, 5.0, "vote")
    await fake.wait_until(lambda: service.get(debate_id).timer_message_id, 5.0, "vote card")
    voting = fake.message(service.get(debate_id).timer_message_id)  # the vote after, and End
    assert timer_messages(fake, thread) == {n: 1 for n in range(1, 7)}
    await click(fake, voting, f"debate:ctl:{debate_id}:end", "teacher")
    summary = await _posted(fake, thread, "Debate over:")
    assert "Swing: 100 points to Sincere. 1 member changed their vote." in text_of(summary)
    assert fake.message(after.id).poll["results"]["is_finalized"]

    rec = await click(fake, summary, f"debate:transcript:{debate_id}", "teacher")
    [(name, data)] = rec.original.files.items()
    text = data.decode("utf-8")
    assert name == f"debate-{debate_id}-transcript.md"
    assert passage.text in text and "Counter-passage by Bob (Political)" in text
    assert "Points of information: Bob (Political) at 0:45, accepted." in text
    assert not fake.violations


@pytest.mark.parametrize("op", ["next", "skip"])
async def test_two_presses_of_one_timer_cards_control_act_once(thawbot, fake_discord, clock, op):
    """Two moderators (or a double click) press Next or Skip before the card updates."""
    fake = fake_discord
    service = thawbot.get_cog("Debates").service
    lobby, thread = await open_debate(fake)
    await fill(fake, lobby)
    debate_id = int(ids(lobby)[0].split(":")[2])
    await click(fake, lobby, f"debate:ctl:{debate_id}:start", "teacher")
    timer = await _timer_message(fake, service, debate_id)
    control = f"debate:ctl:{debate_id}:{op}:1"
    assert control in ids(timer)
    first, second = await asyncio.gather(
        fake.click(timer, control, user="teacher"), fake.click(timer, control, user="teacher")
    )
    await asyncio.gather(first.wait_done(), second.wait_done())
    answers = sorted([first.content, second.content])
    assert answers == ["Now speaking: Bob.", "That speech has already moved on."], answers
    debate = service.get(debate_id)
    assert debate.current is not None and debate.current.position == 1  # speech 2 of 6
    assert [s.status for s in debate.speeches[2:]] == ["pending"] * 4
    await _timer_message(fake, service, debate_id, 2)
    said = [text_of(m) for m in fake.messages(thread)]
    assert sum("Now speaking: Bob" in t for t in said) == 1
    assert not any("Now speaking: Carol" in t for t in said)
    assert not fake.violations


async def test_ending_early_runs_the_vote_after_so_the_end_card_has_the_swing(
    thawbot, fake_discord, clock
):
    fake = fake_discord
    service = thawbot.get_cog("Debates").service
    lobby, thread = await open_debate(fake)
    await fill(fake, lobby)
    debate_id = int(ids(lobby)[0].split(":")[2])
    await fake.poll_vote_add(fake.polls(thread)[0], 2, user="erin")
    await fake.wait_until(lambda: service.results(debate_id).before.total == 1, 5.0, "vote")
    await slash(fake, "start", user="teacher", channel=thread)
    rec = await slash(fake, "vote", {"side": "sincere"}, user="erin", channel=thread)
    assert "the vote after opens when the last speech ends, or when the moderator" in rec.content
    rec = await slash(fake, "end", user="teacher", channel=thread)
    assert "the vote after is open" in rec.content
    await fake.wait_until(lambda: len(fake.polls(thread)) == 2, 5.0, "the vote after")
    after = fake.polls(thread)[-1]
    await fake.wait_until(lambda: service.get(debate_id).poll_after_id == after.id, 5.0, "poll")
    await fake.poll_vote_add(after, 1, user="erin")
    await fake.wait_until(lambda: service.results(debate_id).after.total == 1, 5.0, "vote")
    await slash(fake, "end", user="teacher", channel=thread)
    summary = await _posted(fake, thread, "Debate over:")
    assert "Swing: 100 points to Sincere. 1 member changed their vote." in text_of(summary)
    assert not fake.violations


async def test_a_hostile_nickname_shows_as_text_on_every_debate_message(
    thawbot, fake_discord, clock
):
    fake = fake_discord
    nick = "[x](http://evil.example) ||spoiler|| <@123>"
    fake.store.add_member("mallory", nick)
    service = thawbot.get_cog("Debates").service
    lobby, thread = await open_debate(fake)
    debate_id = int(ids(lobby)[0].split(":")[2])
    await click(fake, lobby, f"debate:join:{debate_id}:sincere", "mallory")
    await click(fake, lobby, f"debate:join:{debate_id}:political", "bob")
    escaped = r"\[x\](http://evil.example) \|\|spoiler\|\| \<@123\>"
    await fake.wait_until(lambda: escaped in text_of(fake.message(lobby.id)), 5.0, "roster")
    await click(fake, lobby, f"debate:ctl:{debate_id}:start", "teacher")
    timer = await _timer_message(fake, service, debate_id)
    clock.advance(45)
    await click(fake, timer, f"debate:poi:{debate_id}:offer", "bob")
    await _posted(fake, thread, "offers a point of information to")
    await fake.wait_until(lambda: "offers a point" in text_of(fake.message(timer.id)), 5.0, "POI")
    shown = [fake.message(lobby.id), fake.message(timer.id), *fake.messages(thread)]
    for message in shown:
        assert nick not in text_of(message), text_of(message)
    assert sum(escaped in text_of(m) for m in shown) >= 4  # roster, order, timer, posts
    assert not fake.violations


async def test_an_uncited_argument_is_confirmed_first_and_posted_once(thawbot, fake_discord, clock):
    fake = fake_discord
    lobby, thread = await open_debate(fake)
    await fill(fake, lobby)
    await slash(fake, "start", user="teacher", channel=thread)
    debate_id = int(ids(lobby)[0].split(":")[2])
    rec = await slash(fake, "argue", user="alice", channel=thread)
    submitted = await fake.submit_modal(rec, _modal_values(rec, "Censorship eased", "Trust me", ""))
    await submitted.wait_done()
    assert submitted.ephemeral and "Post without evidence?" in text_of(submitted.original)
    assert not any("Argument ·" in text_of(m) for m in fake.messages(thread))
    confirm = next(i for i in ids(submitted.original) if i.startswith("debate:uncited:"))
    assert f"debate:argue:{debate_id}" in ids(submitted.original)
    first, second = await asyncio.gather(
        fake.click(submitted, confirm, user="alice"), fake.click(submitted, confirm, user="alice")
    )
    await asyncio.gather(first.wait_done(), second.wait_done())
    answers = sorted([first.content, second.content])
    assert answers == [
        "That argument is already posted.",
        "Your argument is posted. It is marked uncited.",
    ]
    posted = await _posted(fake, thread, "Argument · Sincere · Alice")
    assert "Uncited" in text_of(posted)
    assert sum("Argument · Sincere" in text_of(m) for m in fake.messages(thread)) == 1
    assert not fake.violations


async def test_argue_checks_evidence_first_and_never_loses_typed_text(thawbot, fake_discord, clock):
    fake = fake_discord
    lobby, thread = await open_debate(fake)
    await fill(fake, lobby)
    await slash(fake, "start", user="teacher", channel=thread)
    long_ids = {"evidence": "x" * 60, "evidence2": "y" * 60}
    for options in (long_ids, {"evidence": "nosuch-999"}):
        rec = await slash(fake, "argue", options, user="alice", channel=thread)
        assert rec.ephemeral and rec.modal is None
        assert "No passage has the id" in rec.content, rec.content  # not "Something went wrong"
    rec = await slash(fake, "argue", {"evidence": "listenit-010"}, user="alice", channel=thread)
    typed = _modal_values(rec, "It was a real break", "The camps emptied", "nosuch-999")
    submitted = await fake.submit_modal(rec, typed)
    await submitted.wait_done()
    shown = text_of(submitted.original)
    assert submitted.ephemeral and "“nosuch-999”" in shown
    assert "It was a real break" in shown and "The camps emptied" in shown
    assert not any("Argument ·" in text_of(m) for m in fake.messages(thread))


@pytest.mark.parametrize("stage", ["before", "after"])
async def test_votes_cast_by_command_survive_the_poll_closing(thawbot, fake_discord, clock, stage):
    fake = fake_discord
    service = thawbot.get_cog("Debates").service
    lobby, thread = await open_debate(fake)
    await fill(fake, lobby)
    debate_id = int(ids(lobby)[0].split(":")[2])
    if stage == "after":
        await click(fake, lobby, f"debate:ctl:{debate_id}:start", "teacher")
        for _ in range(6):
            await slash(fake, "next", user="teacher", channel=thread)
        await fake.wait_until(lambda: len(fake.polls(thread)) == 2, 5.0, "the vote after")
    poll = fake.polls(thread)[-1]
    known = "poll_before_id" if stage == "before" else "poll_after_id"
    await fake.wait_until(lambda: getattr(service.get(debate_id), known) == poll.id, 5.0, "poll")
    rec = await slash(fake, "vote", {"side": "sincere"}, user="erin", channel=thread)
    assert f"Your vote {stage} the debate: Sincere." in rec.content
    assert "counts with the poll's votes" in rec.content
    await fake.poll_vote_add(poll, 2, user="carol")

    def tally():
        results = service.results(debate_id)
        return results.before if stage == "before" else results.after

    await fake.wait_until(lambda: tally().total == 2, 5.0, "both votes")
    await slash(fake, "start" if stage == "before" else "end", user="teacher", channel=thread)
    await fake.wait_until(lambda: fake.message(poll.id).poll["results"]["is_finalized"], 5.0, "end")
    cards = 1 if stage == "before" else 2  # the results card follows the poll's count

    def results_posted():
        return sum("Audience vote" in text_of(m) for m in fake.messages(thread)) == cards

    await fake.wait_until(results_posted, 5.0, "the results card")
    assert (tally().sincere, tally().political) == (1, 1)  # erin's /debate vote was kept


async def test_votes_fall_back_to_buttons_when_a_poll_is_refused(
    thawbot, fake_discord, clock, monkeypatch
):
    monkeypatch.setitem(POLL_ANSWERS, "sincere", "S" * 80)  # longer than Discord allows
    async with fake_discord.expect_violation("poll"):
        rec = await slash(fake_discord, "open", user="teacher", channel="debate")
        await fake_discord.wait_until(
            lambda: (
                fake_discord.threads("debate")
                and any(
                    "Vote before" in text_of(m)
                    for m in fake_discord.messages(fake_discord.threads("debate")[0])
                )
            ),
            5.0,
            "the vote buttons",
        )
    assert rec.ephemeral
    [thread] = fake_discord.threads("debate")
    card = next(m for m in fake_discord.messages(thread) if "Vote before" in text_of(m))
    vote_id = next(i for i in ids(card) if i.endswith(":before:political"))
    first = await click(fake_discord, card, vote_id, "erin")
    again = await click(fake_discord, card, vote_id.replace("political", "sincere"), "erin")
    assert "Political" in first.content and "Sincere" in again.content
    service = thawbot.get_cog("Debates").service
    debate_id = int(vote_id.split(":")[2])
    assert service.results(debate_id).before.sincere == 1
    assert service.results(debate_id).before.total == 1


async def test_a_restart_mid_debate_resumes_timers_and_buttons(fake_discord, tmp_path):
    fake = fake_discord
    settings = load_settings(database=tmp_path / "thawbot.sqlite3", dev_guild_id=fake.guild_id)
    clock = Clock()
    first = create_bot(settings, _services(settings, clock), guild_ready_timeout=0.05)
    async with running_bot(fake, first):
        first.get_cog("Debates").ticker.cancel()  # this part ticks by hand
        lobby, thread = await open_debate(fake)
        await fill(fake, lobby)
        debate_id = int(ids(lobby)[0].split(":")[2])
        await click(fake, lobby, f"debate:ctl:{debate_id}:start", "teacher")
        timer = await _timer_message(fake, first.get_cog("Debates").service, debate_id)
        clock.advance(61)
        assert [e.seconds_left for e in await first.get_cog("Debates").tick()] == [60]
    clock.advance(100)  # time ran out while the bot was down
    second = create_bot(settings, _services(settings, clock), guild_ready_timeout=0.05)
    async with running_bot(fake, second):
        await _posted(fake, thread, "Time! Alice, please finish your sentence.")  # by the loop
        assert await second.get_cog("Debates").tick() == []
        said = [text_of(m) for m in fake.messages(thread)]
        assert sum("Time! Alice, please" in t for t in said) == 1
        assert sum("1 minute left" in t for t in said) == 1
        rec = await click(fake, fake.message(timer.id), f"debate:ctl:{debate_id}:pause", "teacher")
        assert rec.content == "Paused."
        await fake.wait_until(
            lambda: "Paused with" in text_of(fake.message(timer.id)),
            5.0,
            "the same timer message, edited after the restart",
        )


def _services(settings, clock: Clock) -> Services:
    services = Services.open(settings.database)
    debates_for(services).clock = clock
    return services


async def _timer_message(fake: FakeDiscord, service, debate_id: int, number: int = 1):
    """The timer message of speech ``number`` (1-based), once it is posted."""

    def posted() -> int | None:
        return service.get(debate_id).speeches[number - 1].timer_message_id

    await fake.wait_until(posted, 5.0, f"the timer message of speech {number}")
    return fake.message(posted())


def timer_messages(fake: FakeDiscord, thread) -> dict[int, int]:
    """How many timer messages the thread has for each speech (by the card's footer)."""
    counts: dict[int, int] = {}
    for message in fake.messages(thread):
        for embed in message.embeds:
            found = re.match(
                r"Debate \d+ · speech (\d+) of", embed.get("footer", {}).get("text", "")
            )
            if found:
                counts[int(found[1])] = counts.get(int(found[1]), 0) + 1
    return counts


async def _posted(fake: FakeDiscord, thread, needle: str):
    def found():
        return next((m for m in fake.messages(thread) if needle in text_of(m)), None)

    await fake.wait_until(lambda: found() is not None, 5.0, needle)
    return found()


def _modal_values(rec, *values: str) -> dict[str, str]:
    keys = [row["components"][0]["custom_id"] for row in rec.modal["components"]]
    return dict(zip(keys, values, strict=False))


async def test_export_gives_the_file_privately_to_a_moderator_only(thawbot, fake_discord, clock):
    fake = fake_discord
    lobby, _thread = await open_debate(fake)
    await fill(fake, lobby)
    rec = await slash(fake, "export", user="alice", channel="debate")
    assert rec.ephemeral and "Only a moderator" in rec.content and not rec.original.files
    rec = await slash(fake, "export", user="teacher", channel="debate")
    assert rec.ephemeral
    [(name, data)] = rec.original.files.items()
    assert name == "debates-students.csv"
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert sorted(r["student"] for r in rows) == ["Alice", "Bob", "Carol", "Dave"]
    assert {r["speeches"] for r in rows} == {"0"}  # the lobby: no speech given yet
    rec = await slash(fake, "export", {"format": "xlsx"}, user="teacher", channel="debate")
    [(name, data)] = rec.original.files.items()
    assert rec.ephemeral and name == "debates-students.xlsx" and data.startswith(b"PK")
    assert not fake.violations
