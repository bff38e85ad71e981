"""The console's one interpreter of :class:`bot.outcome.Outcome`.

The console has no thread or timer loop, so an outcome is printed as one answer: the
reply, the new posts, the refreshed lobby or timer card with its buttons (numbered),
and then any debate timer warnings that fell due (after a refusal too). A piped script
cannot answer a form's prompts, so there a debate form is refused with the one-line
command to use instead.
"""

from __future__ import annotations

from dataclasses import replace

from bot.actions import Context
from bot.debate._cards import lobby_reply, timer_reply, vote_reply
from bot.debate._cards_record import results_reply, summary_reply
from bot.debate._models import FLOOR, LOBBY, PREP, VOTING
from bot.debate._service import DebateService
from bot.errors import BadInput, ThawbotError
from bot.outcome import Outcome
from bot.presentation import Form, Reply
from console import grading
from console.debate import console_service


def interpret(ctx: Context, outcome: Outcome) -> Reply | Form:
    """What to print for ``outcome`` (a form is returned to be filled in)."""
    service = console_service(ctx)
    if isinstance(outcome.reply, Form):
        refusal = piped_form(outcome.reply)
        if refusal and not getattr(ctx, "interactive", True):
            raise BadInput(refusal)
        return outcome.reply
    return console_reply(service, outcome)


def refusal(ctx: Context, error: ThawbotError) -> str:
    """A refusal's sentence, followed by the timer warnings that fell due meanwhile."""
    return "\n".join([str(error), *due_lines(console_service(ctx))])


def console_reply(service: DebateService, outcome: Outcome) -> Reply:
    """One printable answer: the reply, posts, the refreshed card and due timer warnings."""
    reply, debate = outcome.reply, outcome.debate
    assert isinstance(reply, Reply)
    lines = [text for text in [reply.content, *(p.content for p in outcome.posts)] if text]
    lines += due_lines(service)
    if reply.file and reply.file[0].endswith(".md"):
        lines.append(reply.file[1].decode("utf-8"))  # the console shows the transcript itself
    if outcome.plain and lines == [t for t in [reply.content] if t]:
        return reply  # nothing else to show: the reply as it is
    cards, buttons = list(reply.cards), list(reply.buttons)
    if debate is not None:
        standing = _standing(service, debate.id, outcome)
        if standing is not None:
            cards, buttons = cards + standing.cards, buttons + standing.buttons
        if outcome.poll_close:
            cards += results_reply(debate, service.results(debate.id)).cards
        if outcome.summary:
            summary = summary_reply(debate, service.summary(debate.id))
            cards, buttons = cards + summary.cards, buttons + summary.buttons
    for post in outcome.posts:
        cards, buttons = cards + post.cards, buttons + post.buttons
    return replace(
        reply,
        cards=cards[:10],
        content="\n\n".join(lines) or None,
        buttons=buttons[:25],
        public=reply.public or bool(outcome.posts) or outcome.summary,
    )


def _standing(service: DebateService, debate_id: int, outcome: Outcome) -> Reply | None:
    """The lobby or timer card (with the vote buttons when a vote opens), if it changed."""
    debate = service.get(debate_id)
    now = service.clock()
    if debate.status == LOBBY and (outcome.opened or "lobby" in outcome.refresh):
        shown = lobby_reply(debate, service.speaking_order(debate))
    elif debate.status in (*FLOOR, PREP) and "timer" in outcome.refresh:
        return timer_reply(debate, now)
    elif debate.status == VOTING and "timer" in outcome.refresh:
        return timer_reply(debate, now)  # the vote buttons are on it
    else:
        return None
    if outcome.poll_open:
        tally = service.results(debate.id).before
        vote = vote_reply(debate, outcome.poll_open, tally)
        shown = Reply(cards=shown.cards, buttons=shown.buttons + vote.buttons)
    return shown


def due_lines(service: DebateService) -> list[str]:
    """The timer warnings and due starts not yet shown (each is shown once)."""
    return [event.text for event in service.due_events()]


def piped_form(form: Form) -> str | None:
    """The one-line command a script uses instead of a debate form it cannot fill."""
    parts = form.custom_id.split(":")
    if parts[0] != "debate" or len(parts) < 2:
        return None
    ours = grading.piped_line(form)  # ballots and the rubric
    if ours is not None:
        return f"A script cannot fill a form: write it on one line, {ours}"
    if parts[1] == "counter":
        line = f"/debate counter {parts[3]} PASSAGE [note]"
    else:
        line = "/debate argue CLAIM | REASONING | IDS"
    return f"A script cannot fill a form: write it on one line, {line}"
