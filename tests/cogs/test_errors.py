"""The central error handler's mapping from errors to short messages."""

from __future__ import annotations

import pytest
from discord import app_commands

from bot.errors import BadInput, NotAllowed, NotFound
from cogs.errors import NotModerator, user_message


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (BadInput("Type a few words."), "Type a few words."),
        (NotFound("No passage has the id x."), "No passage has the id x."),
        (NotAllowed("Only the current speaker can submit."), "Only the current speaker"),
        (app_commands.CommandOnCooldown(app_commands.Cooldown(1, 30), 12.4), "try again in 12 s"),
        (NotModerator("Only a moderator can start a debate."), "Only a moderator"),
        (app_commands.NoPrivateMessage(), "server channel"),
        (app_commands.CheckFailure(), "not allowed"),
    ],
)
def test_known_errors_become_short_messages(error, expected):
    assert expected in user_message(error)


def test_wrapped_domain_error_is_unwrapped():
    wrapped = app_commands.CommandInvokeError.__new__(app_commands.CommandInvokeError)
    wrapped.original = BadInput("Too long.")
    wrapped.__cause__ = wrapped.original
    assert user_message(wrapped) == "Too long."


def test_unexpected_errors_have_no_message():
    assert user_message(RuntimeError("boom")) is None
