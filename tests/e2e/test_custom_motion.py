"""A debate on a custom motion, and teachers' marks, end to end through the fake Discord.

A custom motion's debate must never show the built-in motion's side names: every
message, embed, button, poll, autocomplete choice and file the bot sends is read (the
passages' own words, quoted from the readings, aside).
"""

from __future__ import annotations

import re

from bot import marks
from tests.e2e.test_debate import (
    _modal_values,
    _posted,
    _timer_message,
    click,
    ids,
    slash,
    text_of,
)
from tests.fakediscord import FakeDiscord

MOTION = "Lenin was more ruthless than Stalin"
BUILTIN_SIDES = re.compile(r"\b(sincere|political)\b", re.IGNORECASE)
HIDDEN = {"custom_id"}  # what Discord never shows a user


def shown_strings(value, inline_parent: bool = True):
    """Every string a user could see in a request body: custom_ids and autocomplete or
    select values (a dict with a value but no ``inline``, unlike an embed field) aside."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from shown_strings(item)
    elif isinstance(value, dict):
        is_choice = "value" in value and "inline" not in value and "name" in value
        for key, item in value.items():
            if key in HIDDEN or (is_choice and key == "value"):
                continue
            yield from shown_strings(item)


def everything_sent(fake: FakeDiscord) -> str:
    """The text of every message, edit, reply, follow-up, poll and file the bot sent."""
    parts: list[str] = []
    for req in fake.requests:
        if "/commands" in req.path or req.method == "GET":  # registration, reads
            continue
        parts += shown_strings(req.json)
        parts += [up.data.decode("utf-8", errors="replace") for up in req.uploads]
    return "\n".join(parts)


def without_readings(text: str, store) -> str:
    """``text`` without the readings' own words (quoted passages, citations, titles)."""
    quoted = [p.text for p in store.passages()] + [p.citation for p in store.passages()]
    for source, _count in store.sources():
        quoted += [source.title, source.short_title, *store.works_cited(source.id)]
    from bot.debate import reading_entry

    quoted += [reading_entry(source) for source, _ in store.sources()]
    for words in sorted(quoted, key=len, reverse=True):
        if words:
            text = text.replace(words, "")
    return text


async def test_a_custom_motion_debate_never_shows_sincere_or_political(thawbot, fake_discord):
    fake = fake_discord
    cog = thawbot.get_cog("Debates")
    cog.ticker.cancel()
    service = cog.service
    rec = await slash(
        fake, "open", {"motion": MOTION, "format": "short"}, user="teacher", channel="debate"
    )
    assert rec.ephemeral and "Debate opened" in rec.content
    await fake.wait_until(lambda: fake.threads("debate") and fake.polls(), 5.0, "thread and poll")
    [thread] = fake.threads("debate")
    lobby = fake.messages("debate")[0]
    debate_id = int(ids(lobby)[0].split(":")[2])
    labels = [c["label"] for row in lobby.components for c in row["components"]]
    assert "Join For" in labels and "Join Against" in labels
    [poll] = fake.polls(thread)
    assert [a["poll_media"]["text"] for a in poll.poll["answers"]] == ["For", "Against"]

    choices = await fake.autocomplete("debate join", "side", "", user="alice", channel="debate")
    await choices.wait_done()
    assert [(c["name"], c["value"]) for c in choices.choices] == [
        ("For", "sincere"),
        ("Against", "political"),
    ]
    rec = await slash(fake, "join", {"side": "sincere"}, user="alice", channel="debate")
    assert "You are on For" in rec.content
    rec = await slash(fake, "join", {"side": "Against"}, user="bob", channel="debate")
    assert "You are on Against" in rec.content
    for user in ("carol", "dave"):
        await click(fake, lobby, f"debate:join:{debate_id}:any", user)
    await fake.poll_vote_add(poll, 2, user="erin")
    await fake.wait_until(lambda: service.results(debate_id).before.total == 1, 5.0, "vote")

    # evidence help: by relevance, saying so; the teacher marks one passage for Against
    rec = await slash(fake, "evidence", user="teacher", channel=thread)
    assert "Evidence for For" in rec.text() and "Evidence for Against" in rec.text()
    assert "relevance to the motion" in rec.text()
    mark_ids = [i for i in ids(rec.original) if i.startswith("mark:")]
    assert mark_ids, "a moderator gets mark buttons"
    against = next(i for i in mark_ids if i.startswith("mark:political:"))
    passage_id = against.rsplit(":", 1)[1]
    pressed = await click(fake, rec, against, "teacher")
    assert pressed.ephemeral and "supports Against" in pressed.content
    rec = await slash(fake, "evidence", user="bob", channel=thread)
    assert marks.MARKED in rec.text() and passage_id in rec.text()
    assert not [i for i in ids(rec.original) if i.startswith("mark:")]  # students: none

    await click(fake, lobby, f"debate:ctl:{debate_id}:start", "teacher")
    timer = await _timer_message(fake, service, debate_id)
    assert "Opening: Alice (For)" in text_of(timer)
    rec = await slash(fake, "argue", {"evidence": passage_id}, user="alice", channel=thread)
    submitted = await fake.submit_modal(rec, _modal_values(rec, "He was", "Terror", ""))
    await submitted.wait_done()
    await _posted(fake, thread, "Argument · For · Alice")
    for number in range(1, 7):
        await click(fake, timer, f"debate:ctl:{debate_id}:next:{number}", "teacher")
        if number < 6:
            timer = await _timer_message(fake, service, debate_id, number + 1)
    await fake.wait_until(lambda: len(fake.polls(thread)) == 2, 5.0, "the vote after")
    after = fake.polls(thread)[-1]
    await fake.wait_until(lambda: service.get(debate_id).poll_after_id == after.id, 5.0, "poll")
    await fake.poll_vote_add(after, 1, user="erin")
    await fake.wait_until(lambda: service.results(debate_id).after.total == 1, 5.0, "vote")
    await fake.wait_until(lambda: service.get(debate_id).timer_message_id, 5.0, "vote card")
    voting = fake.message(service.get(debate_id).timer_message_id)
    await click(fake, voting, f"debate:ctl:{debate_id}:end", "teacher")
    summary = await _posted(fake, thread, "Debate over:")
    assert "Swing: 100 points to For." in text_of(summary)
    rec = await click(fake, summary, f"debate:transcript:{debate_id}", "teacher")
    [(_name, data)] = rec.original.files.items()
    transcript = data.decode("utf-8")
    assert "**For** (defends the motion)" in transcript and "| Vote | For | Against |" in transcript
    rec = await slash(fake, "export", user="teacher", channel="debate")
    [(_name, data)] = rec.original.files.items()
    assert ",For," in data.decode("utf-8-sig")

    sent = without_readings(everything_sent(fake), thawbot.services.store)
    for words in ("Join For", "Evidence for Against", marks.MARKED, "| Vote | For | Against |"):
        assert words in sent  # the scan reads buttons, embeds, replies and files
    assert BUILTIN_SIDES.findall(sent) == [], [
        sent[max(0, m.start() - 80) : m.end() + 40] for m in BUILTIN_SIDES.finditer(sent)
    ][:5]


async def test_the_moderator_names_the_sides(thawbot, fake_discord):
    fake = fake_discord
    options = {"motion": MOTION, "format": "short", "sides": "Lenin | Stalin"}
    rec = await slash(fake, "open", options, user="teacher", channel="debate")
    assert "Debate opened" in rec.content
    await fake.wait_until(lambda: fake.polls(), 5.0, "poll")
    lobby = fake.messages("debate")[0]
    assert "Lenin defends the motion; Stalin opposes it." in text_of(lobby)
    assert [a["poll_media"]["text"] for a in fake.polls()[0].poll["answers"]] == ["Lenin", "Stalin"]
    rec = await slash(fake, "vote", {"side": "stalin"}, user="erin", channel="debate")
    assert "Your vote before the debate: Stalin." in rec.content
    rec = await slash(
        fake, "open", {"motion": "x", "sides": "Yes"}, user="teacher", channel="history"
    )
    assert rec.ephemeral and "Name two sides" in rec.content


async def test_a_teacher_marks_a_quote_and_a_student_sees_it(thawbot, fake_discord):
    fake = fake_discord
    rec = await fake.slash("quote", {"query": "secret speech"}, user="teacher")
    await rec.wait_done()
    labels = [c["label"] for row in rec.original.components for c in row["components"]]
    assert labels[5:] == ["Reads sincere", "Reads political", "Reads neutral"]
    assert len(rec.original.components) == 2  # the marks are a second row
    political = next(i for i in ids(rec.original) if i.startswith("mark:political:builtin:"))
    passage_id = political.rsplit(":", 1)[1]
    pressed = await click(fake, rec, political, "teacher")
    assert pressed.ephemeral and f"Marked: {passage_id} reads political" in pressed.content
    mine = await fake.slash("quote", {"query": "secret speech"}, user="alice")
    await mine.wait_done()
    assert f"political — {marks.MARKED}" in mine.text()
    assert not [i for i in ids(mine.original) if i.startswith("mark:")]
    refused = await click(fake, rec, political.replace(":political:", ":neutral:"), "alice")
    assert refused.ephemeral and "Only a moderator" in refused.content
    stored = marks.marks_for(thawbot.services.store, fake.guild_id)
    assert stored[passage_id].stance == "political"
