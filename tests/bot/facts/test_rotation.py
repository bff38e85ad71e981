"""Rotation: a shuffled round per server, no repeat until all are used, anniversaries first."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

from bot.facts import Fact, FactDate
from bot.facts._rotation import Used, deck, pick, round_progress

ORDINARY_DAY = date(2026, 7, 14)


def run(facts: list[Fact], guild_id: int, days: int, start: date = ORDINARY_DAY) -> list[Used]:
    """Post one fact a day for ``days`` days, as the service does, and return the history."""
    history: list[Used] = []
    for offset in range(days):
        chosen = pick(facts, guild_id, history, start + timedelta(days=offset))
        history.append(Used(chosen.fact.id, chosen.round))
    return history


def synthetic(count: int) -> list[Fact]:
    return [Fact(f"fact-x-{i:03d}", f"Statement {i}.", "x", "X", "legacy") for i in range(count)]


def test_no_repeat_until_every_fact_is_used(facts):
    history = run(facts, guild_id=1, days=len(facts))
    assert sorted(u.fact_id for u in history) == sorted(f.id for f in facts)
    assert {u.round for u in history} == {1}


def test_then_a_new_shuffled_round(facts):
    history = run(facts, guild_id=1, days=2 * len(facts))
    first, second = history[: len(facts)], history[len(facts) :]
    assert {u.round for u in second} == {2}
    assert sorted(u.fact_id for u in second) == sorted(f.id for f in facts)
    assert [u.fact_id for u in first] != [u.fact_id for u in second]
    assert first[-1].fact_id != second[0].fact_id


def test_a_round_never_opens_with_the_fact_that_closed_the_last():
    facts = synthetic(3)
    for guild_id in range(40):
        history = run(facts, guild_id, days=30)
        assert all(a.fact_id != b.fact_id for a, b in pairwise(history))


def test_order_is_stable_per_server_and_differs_between_servers(facts):
    assert [f.id for f in deck(facts, 7, 1)] == [f.id for f in deck(facts, 7, 1)]
    assert [f.id for f in deck(facts, 7, 1)] != [f.id for f in deck(facts, 8, 1)]
    assert [f.id for f in deck(facts, 7, 1)] != [f.id for f in deck(facts, 7, 2)]


def test_facts_with_an_anniversary_wait_at_the_back(facts):
    order = deck(facts, 3, 1)
    dated = [i for i, f in enumerate(order) if f.date and f.date.day]
    assert dated and dated == list(range(len(order) - len(dated), len(order)))


def test_on_its_anniversary_a_fact_goes_first(facts):
    chosen = pick(facts, 5, [], date(2027, 2, 25))
    assert chosen.fact.id == "fact-mycustomessay-001-1"
    assert chosen.on_this_day == "On this day in 1956"
    death = pick(facts, 5, [], date(2026, 3, 5))
    assert death.fact.id == "fact-condemnation-001-1"
    assert death.on_this_day == "On this day in 1953"
    assert pick(facts, 5, [], ORDINARY_DAY).on_this_day is None


def test_an_anniversary_fact_already_used_this_round_is_not_repeated(facts):
    used = [Used("fact-mycustomessay-001-1", 1)]
    chosen = pick(facts, 5, used, date(2027, 2, 25))
    assert chosen.fact.id != "fact-mycustomessay-001-1" and chosen.on_this_day is None


def test_round_progress(facts):
    history = run(facts, guild_id=2, days=5)
    assert round_progress(facts, 2, history) == (1, 5)


def test_facts_dropped_from_the_readings_drop_out_of_the_round():
    facts = synthetic(4)
    history = [Used("fact-gone", 1), Used(facts[0].id, 1)]
    assert round_progress(facts, 9, history) == (1, 1)
    later = [Used(f.id, 1) for f in facts]
    assert pick(facts, 9, later, ORDINARY_DAY).round == 2


def test_a_fact_with_only_a_year_has_no_anniversary():
    year_only = Fact("fact-y-1", "In 1961 something.", "y", "Y", "legacy", FactDate(1961))
    assert deck([year_only], 1, 1) == [year_only]
    assert pick([year_only], 1, [], date(2026, 1, 1)).on_this_day is None
