"""Side names follow the motion: Sincere / Political on the built-in one, else the
moderator's names (default For / Against), in every card and the transcript."""

from __future__ import annotations

import re
import sqlite3

import pytest

from bot.debate import DEFAULT_MOTION, lobby_reply, parse_side, timer_reply, vote_reply
from bot.debate._actions import join, side_choices, vote
from bot.debate._actions_floor import evidence
from bot.debate._cards import poll_answer, poll_question
from bot.debate._models import side_names_for
from bot.debate._repo import DebateRepo
from bot.errors import BadInput
from tests.bot.debate.conftest import CHANNEL, GUILD

MOTION = "Lenin was more ruthless than Stalin"
BUILTIN_SIDES = re.compile(r"\b(sincere|political)\b", re.IGNORECASE)


@pytest.mark.parametrize(
    ("motion", "given", "names"),
    [
        (DEFAULT_MOTION, None, ("Sincere", "Political")),
        (f"  {DEFAULT_MOTION.lower()} ", "", ("Sincere", "Political")),
        (MOTION, None, ("For", "Against")),
        (MOTION, "Yes | No", ("Yes", "No")),
        (MOTION, "Lenin / Stalin", ("Lenin", "Stalin")),
        (MOTION, "Lenin vs Stalin", ("Lenin", "Stalin")),
        (DEFAULT_MOTION, "Genuine | Cynical", ("Genuine", "Cynical")),
    ],
)
def test_side_names_for(motion, given, names):
    assert side_names_for(motion, given) == names


@pytest.mark.parametrize("given", ["Yes", "Yes | No | Maybe", "Same | same", "x" * 41 + " | No"])
def test_side_names_that_cannot_work_are_refused(given):
    with pytest.raises(BadInput):
        side_names_for(MOTION, given)


def test_sides_are_typed_by_their_names_or_keys():
    names = {"sincere": "Yes", "political": "No"}
    assert parse_side("no", names) == "political" and parse_side("YES", names) == "sincere"
    assert parse_side("against", names) == "political" and parse_side("sincere", names) == "sincere"
    with pytest.raises(BadInput, match=r"Pick a side: Yes or No\."):
        parse_side("maybe", names)


def card_text(reply) -> str:
    parts = [reply.content or "", *(b.label for b in reply.buttons)]
    for card in reply.cards:
        parts += [card.title, card.description, card.footer or ""]
        parts += [f"{f.name} {f.value}" for f in card.fields]
    return "\n".join(parts)


def test_a_custom_motion_speaks_of_its_own_sides(service, people, clock):
    debate = service.open(people.teacher, GUILD, CHANNEL, MOTION, "short", sides="Yes | No")
    assert [name for name, _ in side_choices(service, CHANNEL)] == ["Yes", "No"]
    texts = [join(service, people.alice, debate, "yes").reply.content or ""]
    texts.append(join(service, people.bob, debate, "No").reply.content or "")
    texts.append(vote(service, people.erin, debate, "no").reply.content or "")
    debate = service.get(debate.id)
    texts += [card_text(lobby_reply(debate, service.speaking_order(debate)))]
    texts += [poll_question(debate, "before"), poll_answer(debate, "sincere")]
    texts.append(card_text(evidence(service, people.teacher, debate).reply))
    service.start(people.teacher, debate.id)
    texts.append(card_text(timer_reply(service.get(debate.id), clock())))
    service.argue(people.alice, debate.id, "A claim", "", "listenit-010")
    texts.append(card_text(vote_reply(service.get(debate.id), "after", service.results(1).after)))
    service.end(people.teacher, debate.id)
    texts.append(service.transcript(debate.id))
    joined = "\n".join(texts)
    assert "You are on Yes" in joined and "Yes (1)" in joined and "Join No" in joined
    assert "Opening: alice (Yes)" in joined and "| Vote | Yes | No |" in joined
    quoted = service.store.passage("listenit-010").text
    assert BUILTIN_SIDES.findall(joined.replace(quoted, "")) == []


def test_the_built_in_motion_keeps_sincere_and_political(service, people):
    debate = service.open(people.teacher, GUILD, CHANNEL)
    assert debate.names == {"sincere": "Sincere", "political": "Political"}
    assert poll_answer(debate, "sincere") == "Sincere: a real break with Stalinism"
    assert "Join Sincere" in card_text(lobby_reply(debate, []))


def test_a_debate_from_before_side_names_were_kept_gets_its_motion_s_defaults(tmp_path):
    import sqlite_utils

    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(
        "create table debate_debates (id integer primary key, guild_id integer not null, "
        "channel_id integer not null, motion text not null, format text not null, "
        "status text not null, moderator_id integer not null, moderator_name text not null, "
        "created_at text not null, scheduled_for text, started_at text, ended_at text, "
        "start_announced integer default 0, thread_id integer, lobby_message_id integer, "
        "timer_message_id integer, poll_before_id integer, poll_after_id integer)"
    )
    conn.execute(
        "insert into debate_debates (guild_id, channel_id, motion, format, status, "
        "moderator_id, moderator_name, created_at) values (1, 2, ?, ?, 'lobby', 1, 't', ?)",
        [MOTION, '{"name": "short", "rounds": []}', "2026-03-02T09:00:00+00:00"],
    )
    conn.commit()
    conn.close()
    repo = DebateRepo(sqlite_utils.Database(path))
    debate = repo.debate(1)
    assert debate.side_names is None and debate.names["political"] == "Against"
