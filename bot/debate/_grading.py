"""/debate ballot, release, feedback and rubric as front-end-neutral outcomes.

Custom ids: ``debate:ballot:<debate>:<member>`` opens a student's ballot form (its
submission appends ``:form``); ``debate:rubric:<criterion>`` opens the form that rewords
one criterion of the server's rubric (``/rubric``; ``:form`` likewise). Everything here is private:
the teacher's view of the records (with citations that read for the other side flagged)
goes to moderators only, and a student sees only their own released ballot.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from bot import limits
from bot.actions import Context, action
from bot.debate._ballots import MAX_FEEDBACK, Ballot, Ballots
from bot.debate._cards import INFO, custom_id, notice
from bot.debate._core import require_moderator
from bot.debate._models import Actor, Debate
from bot.debate._outcome import Outcome
from bot.debate._record import StudentRecord
from bot.debate._rubric import CRITERIA, DEFAULT, Rubric, checked_criterion, suggest, why
from bot.debate._service import DebateService
from bot.debate._transcript import md_escape
from bot.errors import BadInput, NotFound
from bot.presentation import Button, Card, Field, Form, Input, Reply, fit, fit_card

_BALLOTS: WeakKeyDictionary[DebateService, Ballots] = WeakKeyDictionary()
MAX_BALLOT_BUTTONS = 20
RESET = "default"


def ballots_for(service: DebateService) -> Ballots:
    """The one :class:`Ballots` of a debate service (its tables are made once)."""
    found = _BALLOTS.get(service)
    if found is None:
        found = _BALLOTS[service] = Ballots(service)
    return found


def which_debate(
    service: DebateService, guild_id: int, channel_id: int, number: int | None
) -> Debate:
    """The debate named by number (on this server), else this channel's latest."""
    grading = ballots_for(service)
    if number is not None:
        return grading.debate(guild_id, number)
    return grading.debate(guild_id, service.latest_in(channel_id).id)


def find_student(debate: Debate, text: str) -> int:
    """A student of the debate by member id (autocomplete's value) or by name."""
    text = (text or "").strip()
    for person in debate.participants:
        if text == str(person.member_id) or text.casefold() == person.name.casefold():
            return person.member_id
    names = ", ".join(md_escape(p.name) for p in debate.participants) or "nobody"
    raise NotFound(
        f"“{fit(text, 40) or 'nobody'}” is not a student of debate {debate.id}: {names}."
    )


def student_choices(debate: Debate, typed: str) -> list[tuple[str, str]]:
    """Autocomplete: (label, member id) for the debate's students matching ``typed``."""
    typed = typed.casefold().strip()
    return [
        (f"{p.name} ({debate.label(p.side)})", str(p.member_id))
        for p in debate.participants
        if typed in p.name.casefold()
    ][: limits.CHOICES]


# the moderator's view and the ballot form


def ballot(
    service: DebateService, actor: Actor, debate: Debate, student: str | None = None
) -> Outcome:
    """``/debate ballot [student]``: the form for one student, or every student's record."""
    grading = ballots_for(service)
    grading.check_can_grade(actor, debate)
    if student:
        return Outcome(ballot_form(service, debate, find_student(debate, student)), debate)
    return Outcome(records_reply(debate, grading.records(debate), grading), debate)


def records_reply(debate: Debate, records: list[StudentRecord], grading: Ballots) -> Reply:
    """Each student's record and suggested levels, with a ballot button per student."""
    done = grading.ballots(debate.id)
    fields = []
    for s in records[:24]:
        levels = " · ".join(f"{k} {v}" for k, v in suggest(s).items())
        state = f"ballot: {done[s.member_id].total}/16" if s.member_id in done else "no ballot yet"
        lines = [f"Suggested: {levels} ({why(s)}).", state.capitalize() + "."]
        if not s.has_speech:
            lines.append("No speech in this debate.")
        if s.against_side:
            lines.append("Cites for the other side: " + ", ".join(s.against_side) + ".")
        fields.append(Field(f"{md_escape(s.name)} ({debate.label(s.side)})", "\n".join(lines)))
    released = grading.released_at(debate.id)
    card = Card(
        title=f"Ballots: debate {debate.id}",
        description=(
            f"{md_escape(debate.motion)}\n\nOnly you see this. "
            + (
                "Released: students read their ballots with /debate feedback."
                if released
                else "Not released: /debate release lets students read their ballots."
            )
        ),
        fields=fields,
        footer="Suggestions come from the record; the README says how.",
        colour=INFO,
    )
    buttons = [
        Button(
            fit(f"Ballot: {s.name}", limits.BUTTON_LABEL),
            custom_id("ballot", debate.id, s.member_id),
        )
        for s in records[:MAX_BALLOT_BUTTONS]
    ]
    return Reply(cards=[fit_card(card)], buttons=buttons)


def ballot_form(service: DebateService, debate: Debate, member_id: int) -> Form:
    """The ballot as a form, prefilled with the saved ballot or the record's suggestion."""
    grading = ballots_for(service)
    student = grading.student(debate, member_id)
    rubric = grading.rubric(debate.guild_id)
    saved = grading.ballots(debate.id).get(member_id)
    suggested = suggest(student)
    inputs = [
        Input(
            f"{rubric.get(key).name} (1-4)",
            key,
            placeholder=f"Suggested from the record: {suggested[key]}",
            max_length=10,
            value=str(saved.scores[key] if saved else suggested[key]),
        )
        for key in CRITERIA
    ]
    inputs.append(
        Input(
            "Feedback for the student",
            "feedback",
            placeholder="What went well, what to work on",
            long=True,
            required=False,
            max_length=MAX_FEEDBACK,
            value=saved.feedback if saved else "",
        )
    )
    title = fit(f"Ballot: {student.name}", limits.MODAL_TITLE)
    return Form(title, custom_id("ballot", debate.id, member_id, "form"), inputs)


def submit_ballot(
    service: DebateService, actor: Actor, debate: Debate, member_id: int, values: dict[str, str]
) -> Outcome:
    """A submitted ballot form: saved, and said back with what happens next."""
    grading = ballots_for(service)
    try:
        saved = grading.save(actor, debate, member_id, values)
    except BadInput as refused:  # a typo in a score must not lose the written feedback
        return Outcome(_not_saved(debate, member_id, str(refused), values), debate)
    rubric = grading.rubric(debate.guild_id)
    scores = ", ".join(f"{rubric.get(k).name} {v}" for k, v in saved.scores.items())
    text = f"Ballot saved for {md_escape(saved.name)}: {scores} (total {saved.total}/16)."
    if grading.released_at(debate.id):
        text += " The ballots are released: the student can read it now with /debate feedback."
    else:
        text += f" Students read ballots after /debate release {debate.id}."
    return Outcome(notice(text), debate)


def _not_saved(debate: Debate, member_id: int, reason: str, values: dict[str, str]) -> Reply:
    """A refused ballot: why, what was typed (to copy back in) and the form again."""
    typed = " · ".join(f"{k} {fit(values.get(k, ''), 10) or '-'}" for k in CRITERIA)
    fields = [Field("Scores typed", md_escape(typed))]
    if (values.get("feedback") or "").strip():
        fields.append(Field("Feedback typed", md_escape(values["feedback"].strip())))
    card = Card(
        title="Not saved: the ballot",
        description=f"{reason} Nothing was saved. Here is what you typed, to copy back in.",
        fields=fields,
        colour=INFO,
    )
    again = Button("Fill in again", custom_id("ballot", debate.id, member_id), "primary")
    return Reply(cards=[fit_card(card)], buttons=[again])


def release(service: DebateService, actor: Actor, debate: Debate) -> Outcome:
    """``/debate release``: the debate's students may read their ballots."""
    count = ballots_for(service).release(actor, debate)
    text = (
        f"Released {count} ballot{'s' if count != 1 else ''} of debate {debate.id}: each "
        "student reads their own privately with /debate feedback. Ballots you fill in now "
        "are readable at once."
    )
    return Outcome(notice(text), debate)


def feedback(service: DebateService, actor: Actor, guild_id: int, number: int | None) -> Outcome:
    """``/debate feedback``: the student's own released ballot, privately."""
    grading = ballots_for(service)
    mine = grading.own(actor, guild_id, number)
    debate = grading.debate(guild_id, mine.debate_id)
    return Outcome(feedback_reply(debate, mine, grading.rubric(guild_id)), debate)


def feedback_reply(debate: Debate, mine: Ballot, rubric: Rubric) -> Reply:
    fields = [
        Field(
            f"{rubric.get(key).name}: {score} / 4",
            rubric.get(key).level(score),
        )
        for key, score in mine.scores.items()
    ]
    fields.append(Field("Total", f"{mine.total} / 16"))
    fields.append(Field("Feedback", md_escape(mine.feedback) or "No written feedback."))
    card = Card(
        title=f"Your ballot: debate {debate.id}",
        description=md_escape(debate.motion),
        fields=fields,
        footer=fit(f"From {mine.moderator_name} · only you see this", 200),
        colour=INFO,
    )
    return Reply(cards=[fit_card(card)])


# the rubric


def rubric(service: DebateService, actor: Actor, guild_id: int, key: str | None = None) -> Outcome:
    """``/rubric [criterion]``: the server's rubric; a criterion: the form to reword it."""
    grading = ballots_for(service)
    key = (key or "").strip().lower()
    if not key:
        return Outcome(rubric_reply(grading.rubric(guild_id)))
    if key == RESET:
        grading.reset_rubric(actor, guild_id)
        return Outcome(notice("The rubric is back to the default.", public=False))
    if key not in CRITERIA:
        raise BadInput(f"Choose a criterion: {', '.join(CRITERIA)} (or “{RESET}” to reset).")
    require_moderator(actor, "change the rubric")
    return Outcome(rubric_form(grading.rubric(guild_id), key))


def rubric_reply(rubric: Rubric) -> Reply:
    fields = [
        Field(c.name, "\n".join(f"{n}. {text}" for n, text in enumerate(c.levels, 1)))
        for c in rubric.criteria
    ]
    changed = rubric != DEFAULT
    card = Card(
        title="Debate rubric",
        description=(
            "Each criterion is scored 1 to 4 on a ballot."
            + (" This server has reworded it." if changed else " This is the default rubric.")
        ),
        fields=fields,
        footer="Moderators: /rubric criterion to reword one",
        colour=INFO,
    )
    return Reply(cards=[fit_card(card)])


def rubric_form(rubric: Rubric, key: str) -> Form:
    criterion = rubric.get(key)
    inputs = [Input("Name", "name", max_length=40, value=criterion.name)]
    inputs += [
        Input(f"Level {n}", f"level{n}", long=True, max_length=200, value=text)
        for n, text in enumerate(criterion.levels, 1)
    ]
    return Form(f"Rubric: {criterion.name}", f"debate:rubric:{key}:form", inputs)


def submit_rubric(
    service: DebateService, actor: Actor, guild_id: int, key: str, values: dict[str, str]
) -> Outcome:
    levels = [values.get(f"level{n}", "") for n in range(1, 5)]
    criterion = checked_criterion(key, values.get("name", ""), levels)
    saved = ballots_for(service).set_criterion(actor, guild_id, criterion)
    return Outcome(rubric_reply(saved))


# the buttons and forms, for every front end


@action("debate:ballot")
def _ballot_press(ctx: Context, parts: list[str]) -> Reply | Form:
    from bot.debate._actions import debates_for

    if len(parts) < 2 or not parts[0].isdigit() or not parts[1].isdigit():
        raise BadInput("That button is no longer available. Run the command again.")
    service = debates_for(ctx.services)
    grading = ballots_for(service)
    debate = grading.debate(ctx.guild_id, int(parts[0]))
    member_id = int(parts[1])
    if "form" in parts[2:]:
        return submit_ballot(service, ctx.actor, debate, member_id, dict(ctx.values)).reply
    grading.check_can_grade(ctx.actor, debate)
    return ballot_form(service, debate, member_id)


@action("debate:rubric")
def _rubric_press(ctx: Context, parts: list[str]) -> Reply | Form:
    from bot.debate._actions import debates_for

    service = debates_for(ctx.services)
    key = parts[0] if parts else ""
    if "form" in parts[1:]:
        return submit_rubric(service, ctx.actor, ctx.guild_id, key, dict(ctx.values)).reply
    return rubric(service, ctx.actor, ctx.guild_id, key).reply
