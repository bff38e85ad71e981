"""The domain's authorization: one sentence per refusal, for both front ends."""

from __future__ import annotations

import pytest

from bot import auth
from bot.errors import NotAllowed
from bot.models import Actor

STUDENT = Actor(1, "ada")
MODERATOR = Actor(2, "teacher", is_moderator=True)
OWNER = Actor(3, "owner", is_owner=True)
MUTED = Actor(4, "quiet", may_post=False)


@pytest.mark.parametrize(
    "check, actor, refusal",
    [
        (lambda a: auth.require_moderator(a, "post daily facts"), STUDENT, "Only a moderator"),
        (lambda a: auth.require_moderator(a, "post daily facts"), MODERATOR, None),
        (auth.sync_allowed, MODERATOR, "Only the bot's owner can sync commands"),
        (auth.sync_allowed, OWNER, None),
        (auth.require_may_post, MUTED, "You cannot post in this channel"),
        (auth.require_may_post, STUDENT, None),
    ],
)
def test_each_check_refuses_in_one_sentence(check, actor, refusal):
    if refusal is None:
        check(actor)
        return
    with pytest.raises(NotAllowed, match=refusal):
        check(actor)


def test_the_facts_and_debate_checks_are_the_one_check():
    from bot.debate._core import require_moderator as debate_check
    from bot.facts import require_moderator as facts_check

    assert debate_check is auth.require_moderator
    with pytest.raises(NotAllowed, match="Only a moderator can change or post daily facts"):
        facts_check(STUDENT)


def test_a_student_who_may_not_post_here_is_refused_before_the_cooldown(store, engine):
    from bot.actions import Context, dispatch, load_features
    from bot.services import Services

    load_features()
    services = Services(store, engine)
    passage = store.passages()[0].id
    muted = Actor(987654, "quiet", may_post=False)
    with pytest.raises(NotAllowed, match="You cannot post in this channel"):
        dispatch(Context(services, muted), f"quote:post:{passage}")
    shared = dispatch(Context(services, Actor(987654, "quiet")), f"quote:post:{passage}")
    assert shared.reply.public  # the refusal did not use up the post cooldown
