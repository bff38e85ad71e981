"""The shared /debate actions: outcomes for the front ends, and the console replaying a debate."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from rich.console import Console

from bot.actions import Context
from bot.debate import (
    BEFORE,
    Outcome,
    argue,
    argue_form,
    control,
    debates_for,
    open_debate,
    press,
)
from bot.errors import BadInput, NotFound, ThawbotError
from bot.presentation import Form
from bot.search import SearchEngine
from bot.services import Services
from bot.settings import load_settings
from console.debate import wait_seconds
from console.session import ConsoleSession, run_console
from tests.bot.debate.conftest import CHANNEL, GUILD

SCRIPT = """\
/debate open | short
as alice: 1
as bob: 2
as carol: /debate join
as dave: /debate join
as erin: /debate vote political
/debate start
as alice: /debate argue It was a real break | Terror ended | listenit-010
as bob: /debate argue Not my turn
as bob: /debate counter 1 mycustomessay-013 He wanted power
/debate next
as bob: /debate argue
as bob: /debate argue Power first | Rivals were blamed | mycustomessay-013, nosuch-001
/debate skip
/debate end
as erin: /debate vote sincere
/debate end
/debate transcript
"""


def test_open_asks_the_front_end_for_a_lobby_thread_and_the_vote_before(service, people):
    outcome = open_debate(service, people.teacher, GUILD, CHANNEL)
    assert isinstance(outcome, Outcome) and outcome.opened and outcome.poll_open == BEFORE
    assert outcome.reply.ephemeral and "Debate opened" in outcome.reply.content


def test_buttons_map_to_the_same_actions(service, people, running, clock):
    clock.advance(45)
    offered = press(service, people.bob, f"debate:poi:{running.id}:offer")
    assert offered.refresh == {"timer"} and "offers a point of information" in (
        offered.posts[0].content
    )
    form = press(service, people.alice, f"debate:argue:{running.id}")
    assert isinstance(form.reply, Form)
    posted = press(
        service,
        people.alice,
        f"debate:argue:{running.id}:form:listenit-010",
        {"claim": "A claim", "reasoning": "", "evidence": "liu-001"},
    )
    [argument] = service.arguments(running.id)
    assert [e.passage_id for e in argument.evidence] == ["listenit-010", "liu-001"]
    assert posted.posts[0].cards[0].title == "Argument · Sincere · alice"
    early = press(service, people.teacher, f"debate:ctl:{running.id}:end")
    assert early.poll_open == "after" and not early.summary  # the vote after runs first
    assert "Ended early: alice (Opening · Sincere)" in early.posts[0].content
    ended = press(service, people.teacher, f"debate:ctl:{running.id}:end")
    assert ended.summary and ended.poll_close == "after"


@pytest.mark.parametrize(
    "cited",
    [("a" * 60, "b" * 60), ("nosuch-999",), ("liu:001",), ("listenit-010", "nosuch-999")],
)
def test_argue_checks_evidence_before_the_form_opens(service, people, running, cited):
    with pytest.raises(NotFound) as refused:
        argue(service, people.alice, running, None, cited)
    for bad in cited[-1:]:
        assert f"“{bad[:20]}" in str(refused.value)  # every bad id is named, none cut at ':'
    assert "listenit-010" not in str(refused.value)


def test_argue_form_carries_only_checked_ids_within_discords_limit(service, people, running):
    outcome = argue(service, people.alice, running, None, ("Listenit-010", "liu-007"))
    assert isinstance(outcome.reply, Form)
    assert outcome.reply.custom_id == f"debate:argue:{running.id}:form:listenit-010+liu-007"
    with pytest.raises(BadInput):
        argue_form(running.id, ["liu:001"])
    with pytest.raises(BadInput, match="too long"):
        argue_form(running.id, [f"{c * 32}-001" for c in "xyz"])  # id-shaped, too many chars
    with pytest.raises(BadInput, match="not a passage id"):
        argue_form(running.id, ["x" * 40])  # the one id pattern: a reading id is 1-32 chars


@pytest.mark.parametrize(
    ("custom_id", "values"),
    [
        ("debate:argue:{id}:form", {"evidence": "listenit-010, nosuch-999"}),
        ("debate:argue:{id}:form:nosuch-999", {}),
    ],
)
def test_a_refused_argument_gives_the_typed_text_back(service, people, running, custom_id, values):
    typed = {"claim": "Terror ended for good", "reasoning": "### Camps emptied", **values}
    outcome = press(service, people.alice, custom_id.format(id=running.id), typed)
    assert outcome.posts == [] and service.arguments(running.id) == []
    card = outcome.reply.cards[0]
    text = "\n".join([card.description, *(f.value for f in card.fields)])
    assert "“nosuch-999”" in text and outcome.reply.ephemeral
    assert "Terror ended for good" in text and "### Camps emptied" in text


def test_a_refused_counter_gives_the_note_back(service, people, running):
    argument = service.argue(people.alice, running.id, "A claim")
    custom_id = f"debate:counter:{running.id}:{argument.id}:form"
    outcome = press(service, people.bob, custom_id, {"passage": "nosuch-1", "note": "He lied"})
    assert outcome.posts == [] and "He lied" in outcome.reply.cards[0].fields[1].value


def test_announcements_say_who_speaks_who_is_next_and_who_was_skipped(
    service, people, lobby, clock
):
    started = control(service, people.teacher, lobby, "start")
    assert started.posts[0].content.startswith(
        "The debate has started. Now speaking: alice (Opening · Sincere). "
        "Up next: bob (Opening · Political)."
    )
    moved = control(service, people.teacher, service.get(lobby.id), "next")
    assert moved.posts[0].content == (
        "Now speaking: bob (Opening · Political). Up next: carol (Rebuttal · Sincere)."
    )
    skipped = control(service, people.teacher, service.get(lobby.id), "skip")
    assert skipped.posts[0].content.startswith("Skipped: bob (Opening · Political). Now speaking:")
    clock.advance(40)
    early = control(service, people.teacher, service.get(lobby.id), "skip")
    assert early.posts[0].content.startswith(
        "Ended early: carol (Rebuttal · Sincere), spoke 0:40 of 3:00. Now speaking: dave"
    )
    for _ in range(2):
        last = control(service, people.teacher, service.get(lobby.id), "next")
    assert "Up next: the vote after the debate." in last.posts[0].content


@pytest.mark.parametrize(
    "custom_id", ["debate:join", "debate:nope:1", "other:join:1:any", "debate:ctl:1:explode"]
)
def test_unknown_buttons_are_refused_clearly(service, people, lobby, custom_id):
    with pytest.raises(BadInput):
        press(service, people.teacher, custom_id.replace(":1", f":{lobby.id}"))


def test_the_console_replays_a_scripted_debate(tmp_path):
    out = Console(file=io.StringIO(), width=200)
    settings = load_settings(database=tmp_path / "db.sqlite3")
    assert run_console(settings, stdin=io.StringIO(SCRIPT), out=out) == 0
    text = out.file.getvalue()
    assert (
        "Debate opened" in text and "You are on Sincere" in text and "You are on Political" in text
    )
    assert "Argument · Sincere · alice" in text
    assert "Only the current speaker, alice, can submit an argument now." in text
    assert "Counter-passage · Political · bob" in text
    assert "A script cannot fill a form: write it on one line, /debate argue CLAIM" in text
    assert "“nosuch-001”" in text and "Power first" in text  # named, and the text given back
    assert "Argument · Political · bob" not in text
    assert "Only a moderator" not in text  # the default user "teacher" is a moderator
    assert "Debate over:" in text and "Debate transcript: De-Stalinization" in text
    assert "Your vote after the debate: Sincere." in text  # ending early opened the vote after
    assert "Swing: 100 points to Sincere. 1 member changed their vote." in text


def test_the_console_refuses_students_and_explains_usage(db):
    services = Services(db, SearchEngine(db))
    out = io.StringIO()
    session = ConsoleSession(services, Console(file=out, width=200))
    session.handle("as alice: /debate open")
    session.handle("/debate frobnicate")
    printed = out.getvalue()
    assert "Only a moderator can open a debate." in printed
    assert "No debate is open in this channel" in printed
    session.handle("/debate open")
    session.handle("/debate frobnicate")
    assert "Unknown or incomplete /debate command" in out.getvalue()
    assert debates_for(services).current_in(2).status == "lobby"
    ctx = Context(services, session.actor("teacher"), 1, 2)
    assert ctx.actor.is_moderator


def test_console_assign_uses_the_console_users_ids(db):
    services = Services(db, SearchEngine(db))
    out = io.StringIO()
    session = ConsoleSession(services, Console(file=out, width=200))
    session.handle("/debate open")
    session.handle("/debate assign erin political")
    session.handle("as erin: /debate join sincere")
    assert "erin is on Political." in out.getvalue()
    assert "The moderator put you on Political" in out.getvalue()


TIMED_SCRIPT = """\
/debate open | short
as alice: /debate join sincere
as bob: /debate join political
/debate start
/debate wait 45
as bob: /debate poi offer
as alice: /debate poi accept
/debate wait 16
/debate wait 0:30
/debate wait 30s
/debate wait soon
/debate next
/debate end
/debate transcript
"""


PAUSED_SCRIPT = """\
/debate open | short
as alice: /debate join sincere
as bob: /debate join political
/debate start
/debate wait 45
as bob: /debate poi offer
as alice: /debate poi accept
/debate pause
/debate wait 60
/debate resume
/debate end
/debate transcript
"""


def test_a_pause_after_a_point_of_information_leaves_its_time_in_the_transcript(tmp_path):
    out = Console(file=io.StringIO(), width=200)
    settings = load_settings(database=tmp_path / "db.sqlite3")
    assert run_console(settings, stdin=io.StringIO(PAUSED_SCRIPT), out=out) == 0
    text = out.file.getvalue()
    assert "Points of information: bob (Political) at 0:45, accepted." in text
    assert "at 0:00" not in text


def test_a_scripted_debate_lets_time_pass_for_pois_and_warnings(tmp_path):
    out = Console(file=io.StringIO(), width=200)
    settings = load_settings(database=tmp_path / "db.sqlite3")
    assert run_console(settings, stdin=io.StringIO(TIMED_SCRIPT), out=out) == 0
    text = out.file.getvalue()
    assert "bob (Political) offers a point of information to alice." in text
    assert "bob's point of information was accepted." in text
    warnings = ["1 minute left for alice.", "30 seconds left for alice.", "Time! alice, please"]
    at = [text.index(w) for w in warnings]
    assert at == sorted(at) and all(text.count(w) == 1 for w in warnings)
    assert text.index("/debate wait 16") < at[0] < text.index("/debate wait 0:30")
    assert "Wait how long?" in text
    assert "Points of information: bob (Political) at 0:45, accepted." in text
    assert "Time: 2:01 of 2:00" in text  # a script's clock moves only when it waits


def test_due_warnings_follow_every_console_line_even_a_refused_one(db, clock):
    services = Services(db, SearchEngine(db))
    debates_for(services).clock = clock
    out = io.StringIO()
    session = ConsoleSession(services, Console(file=out, width=200))
    for line in ("/debate open | short", "as alice: /debate join", "as bob: /debate join"):
        session.handle(line)
    session.handle("/debate start")
    clock.advance(61)
    session.handle("as carol: /debate poi offer")
    printed = out.getvalue()
    refused = printed.index("Only the other side can offer a point of information.")
    assert printed.index("1 minute left for alice.") > refused


def test_a_piped_form_is_refused_and_an_interactive_one_prompts(db):
    services = Services(db, SearchEngine(db))
    out = io.StringIO()
    piped = ConsoleSession(services, Console(file=out, width=200), interactive=False)
    for line in ("/debate open | short", "as alice: /debate join", "as bob: /debate join"):
        piped.handle(line)
    piped.handle("/debate start")
    piped.handle("as alice: /debate argue")
    assert "write it on one line, /debate argue CLAIM | REASONING | IDS" in out.getvalue()
    typed = ["Terror ended", "The camps emptied", "listenit-010"]
    interactive = ConsoleSession(services, Console(file=out, width=200), interactive=True)
    interactive.handle("as alice: /debate argue", read_line=lambda prompt: typed.pop(0))
    [argument] = debates_for(services).arguments(1)
    assert (argument.claim, argument.evidence[0].passage_id) == ("Terror ended", "listenit-010")


@pytest.mark.parametrize(
    ("typed", "seconds"), [("90", 90), ("90s", 90), ("1:30", 90), ("2m", 120), ("2 min", 120)]
)
def test_console_wait_reads_seconds_clock_times_and_minutes(typed, seconds):
    assert wait_seconds(typed) == seconds


@pytest.mark.parametrize("typed", ["", "abc", "0", "-5", "61m", "1:75"])
def test_console_wait_refuses_what_it_cannot_read(typed):
    with pytest.raises(BadInput, match="Wait how long"):
        wait_seconds(typed)


def test_the_console_never_prompts_for_a_form_in_a_script(db):
    session = ConsoleSession(Services(db, SearchEngine(db)), Console(file=io.StringIO()), False)
    with pytest.raises(ThawbotError, match="A script cannot fill the form “Your argument”"):
        session._fill(argue_form(1), lambda prompt: "a script line")


def _console(db, clock=None) -> tuple[ConsoleSession, io.StringIO]:
    services = Services(db, SearchEngine(db))
    if clock is not None:
        debates_for(services).clock = clock
    out = io.StringIO()
    return ConsoleSession(services, Console(file=out, width=200)), out


@pytest.mark.parametrize(
    ("start", "minutes"), [("10", 10), ("10m", 10), ("10 min", 10), ("", None)]
)
def test_console_open_reads_the_start_in_minutes(db, clock, start, minutes):
    session, _out = _console(db, clock)
    session.handle(f"/debate open | short | {start}")
    debate = debates_for(session.services).current_in(2)
    expected = None if minutes is None else clock.now + timedelta(minutes=minutes)
    assert debate.scheduled_for == expected


@pytest.mark.parametrize(
    ("line", "refusal"),
    [
        ("/debate open | short | soon", "Give the start in minutes from now, e.g. 10 or 10m."),
        ("/debate extend abc", "Give the extra time in seconds, e.g. /debate extend 30"),
        ("/debate extend 0", "Give the extra time in seconds"),
        ("/debate extend 5", "Extra time must be 10 to 600 seconds."),
    ],
)
def test_console_refuses_what_it_cannot_read(db, line, refusal):
    session, out = _console(db)
    for setup in ("/debate open | short", "as alice: /debate join", "as bob: /debate join"):
        session.handle(setup)
    session.handle("/debate start")
    before = debates_for(session.services).current_in(2).current
    session.handle(line)
    assert refusal in out.getvalue()
    assert debates_for(session.services).current_in(2).current.extended == before.extended


def test_console_extend_takes_seconds_or_a_clock_time(db):
    session, out = _console(db)
    for setup in ("/debate open | short", "as alice: /debate join", "as bob: /debate join"):
        session.handle(setup)
    session.handle("/debate start")
    session.handle("/debate extend 1:30")
    session.handle("/debate extend")
    assert "90 seconds added." in out.getvalue() and "60 seconds added." in out.getvalue()
    assert debates_for(session.services).current_in(2).current.extended == 150


@pytest.mark.parametrize(
    ("line", "titles"),
    [
        ("/debate evidence proposition", ["Evidence for Sincere"]),
        ("/debate evidence opposition prisoners", ["Evidence for Political on “prisoners”"]),
        (
            "/debate evidence prisoners",
            ["Evidence for Sincere on “prisoners”", "Evidence for Political on “prisoners”"],
        ),
    ],
)
def test_console_evidence_reads_every_side_word(db, line, titles):
    session, out = _console(db)
    session.handle(line)
    printed = out.getvalue()
    for title in titles:
        assert title in printed
    assert "“proposition”" not in printed and "“opposition" not in printed


def test_console_lobby_vote_buttons_say_they_are_votes(db):
    session, out = _console(db)
    session.handle("/debate open")
    printed = out.getvalue()
    assert "[9] Vote Sincere" in printed and "[10] Vote Political" in printed
    assert "[9] Sincere" not in printed


def test_help_needs_no_open_debate_and_a_bad_format_lists_the_presets(db):
    services = Services(db, SearchEngine(db))
    out = io.StringIO()
    session = ConsoleSession(services, Console(file=out, width=200))
    session.handle("/debate help")
    printed = out.getvalue()
    assert "Debates: commands" in printed and "/debate poi offer" in printed
    assert "No debate is open" not in printed
    session.handle("/debate open | lightning")
    printed = out.getvalue()
    assert "“lightning” is not a preset" in printed
    assert "classroom: Opening 4:00" in printed and "short: Opening 2:00" in printed


def test_the_same_console_user_typed_with_a_capital_is_told_they_moved(db):
    services = Services(db, SearchEngine(db))
    out = io.StringIO()
    session = ConsoleSession(services, Console(file=out, width=200))
    session.handle("/debate open")
    session.handle("as alice: /debate join sincere")
    session.handle("as Alice: /debate join political")
    assert "You moved from Sincere to Political." in out.getvalue()


@pytest.mark.parametrize("theme", ["destalinization reforms", "", "prisoners camps"])
def test_evidence_for_both_sides_fits_one_discord_message(service, people, theme):
    from bot.debate import evidence

    outcome = evidence(service, people.erin, None, None, theme)
    cards = outcome.reply.cards
    assert [c.title.split(" on ")[0] for c in cards] == [
        "Evidence for Sincere",
        "Evidence for Political",
    ]
    assert sum(card.total() for card in cards) <= 6000
    assert all(card.fields for card in cards)  # each side keeps its passages


def test_a_side_sees_what_its_members_suggested_first(service, people, running):
    from bot.debate import evidence, suggest

    done = suggest(service, people.carol, running, "listenit-010", "the camps emptied")
    assert "You suggested listenit-010 to Sincere's speakers" in done.reply.content
    assert "carol suggests a passage to Sincere's speaker" in done.posts[0].content
    shown = evidence(service, people.alice, service.get(running.id)).reply.cards
    assert shown[0].title == "Suggested by Sincere to its speaker"
    assert "from carol: the camps emptied" in shown[0].fields[0].value
    other = evidence(service, people.bob, service.get(running.id)).reply.cards
    assert all("Suggested" not in card.title for card in other)


def test_an_argument_without_evidence_is_confirmed_before_it_is_posted(service, people, running):
    asked = press(
        service,
        people.alice,
        f"debate:argue:{running.id}:form",
        {"claim": "It was a real break", "reasoning": "Trust me", "evidence": ""},
    )
    assert asked.reply.cards[0].title == "Post without evidence?" and not asked.posts
    assert "It was a real break" in asked.reply.cards[0].fields[0].value
    assert service.arguments(running.id) == []
    confirm, add = (b.custom_id for b in asked.reply.buttons)
    assert add == f"debate:argue:{running.id}"
    posted = press(service, people.alice, confirm)
    assert posted.reply.content == "Your argument is posted. It is marked uncited."
    assert posted.posts[0].cards[0].title == "Argument · Sincere · alice"
    with pytest.raises(ThawbotError, match="already posted"):
        press(service, people.alice, confirm)  # a double press posts it once
    assert len(service.arguments(running.id)) == 1


def test_an_id_typed_in_the_claim_needs_no_confirmation(service, people, running):
    posted = press(
        service,
        people.alice,
        f"debate:argue:{running.id}:form",
        {"claim": "As listenit-10 shows, it was a real break", "reasoning": "", "evidence": ""},
    )
    assert posted.reply.content == "Your argument is posted."
    [argument] = service.arguments(running.id)
    assert [e.passage_id for e in argument.evidence] == ["listenit-010"]


UNCITED_SCRIPT = """\
/debate open | short
as alice: /debate join sincere
as bob: /debate join political
/debate start
as alice: /debate argue Censorship eased | Writers were published again
as alice: 1
/debate transcript
"""


def test_the_console_asks_before_posting_an_uncited_argument(tmp_path):
    out = Console(file=io.StringIO(), width=200)
    settings = load_settings(database=tmp_path / "db.sqlite3")
    assert run_console(settings, stdin=io.StringIO(UNCITED_SCRIPT), out=out) == 0
    text = out.file.getvalue()
    asked = text.index("Post without evidence?")
    assert "[1] Post as uncited" in text[asked:]
    assert text.index("Your argument is posted. It is marked uncited.") > asked
    assert "*Uncited: this argument cites no passage.*" in text or "Uncited: this" in text


def test_a_double_press_of_end_on_a_timer_card_keeps_the_vote_after(service, people, running):
    from bot.debate import timer_reply

    card = timer_reply(service.get(running.id), service.clock())
    end = next(b.custom_id for b in card.buttons if b.label == "End debate")
    assert end == f"debate:ctl:{running.id}:end:1"
    first = press(service, people.teacher, end)
    assert first.poll_open == "after"
    with pytest.raises(ThawbotError, match="That speech has already moved on"):
        press(service, people.teacher, end)
    assert service.get(running.id).status == "voting"
