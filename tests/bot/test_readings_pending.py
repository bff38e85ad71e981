"""A reading waiting for its moderator's Confirm: who may decide, expiry, once only."""

from __future__ import annotations

import pytest

from bot import readings
from bot.errors import BadInput, Conflict, NotAllowed, NotFound
from bot.models import Actor
from bot.readings_pending import (
    PENDING_SECONDS,
    cancel,
    check_attachment,
    confirm,
    keep,
    keep_choices,
    stage,
)
from bot.store import Store

TEACHER = Actor(1, "teacher", is_moderator=True)
OTHER_TEACHER = Actor(2, "other", is_moderator=True)
STUDENT = Actor(3, "alice")
META = {"title": "The Thaw, 1956", "author": "A. Teacher", "kind": "article"}
TEXT = (
    "Khrushchev denounced Stalin at the Twentieth Congress in February 1956.\n\n"
    "Share this:\n\n"
    "Many prisoners came home from the camps in the years that followed."
)
NOW = 1_000_000.0


@pytest.fixture
def store() -> Store:
    opened = Store()
    opened.ensure_corpus()
    return opened


def test_stage_adds_nothing_and_reports(store):
    staged = stage(store, 7, TEACHER, META, TEXT, now=NOW)
    assert readings.listed(store) == []
    assert staged.report["id"] == "the-thaw-1956"  # made from the title
    assert any(d["line"] == "Share this:" for d in staged.report["dropped"])
    ids = [b.custom_id for b in staged.reply.buttons]
    assert ids == [f"readings-add:confirm:{staged.token}", f"readings-add:cancel:{staged.token}"]


def test_only_moderators_stage_and_only_the_same_one_decides(store):
    with pytest.raises(NotAllowed):
        stage(store, 7, STUDENT, META, TEXT)
    staged = stage(store, 7, TEACHER, META, TEXT, now=NOW)
    for someone in (OTHER_TEACHER, STUDENT):
        with pytest.raises(NotAllowed, match="moderator who started"):
            confirm(store, staged.token, someone, now=NOW)
    assert readings.listed(store) == []


def test_confirm_adds_to_the_server_once(store):
    staged = stage(store, 7, TEACHER, META, TEXT, now=NOW)
    reply = confirm(store, staged.token, TEACHER, now=NOW + 1)
    assert "Added “The Thaw, 1956” (the-thaw-1956)" in (reply.content or "")
    [added] = readings.listed(store)
    assert added.guild_id == 7
    with pytest.raises(Conflict):
        confirm(store, staged.token, TEACHER, now=NOW + 2)
    with pytest.raises(Conflict):
        cancel(store, staged.token, TEACHER, now=NOW + 2)
    assert len(readings.listed(store)) == 1


def test_a_confirm_that_fails_leaves_it_waiting(store):
    staged = stage(store, 7, TEACHER, META, TEXT, now=NOW)
    readings.add_text(store, TEXT, {**META, "id": "the-thaw-1956"})  # the id is taken since
    with pytest.raises(BadInput, match="already used"):
        confirm(store, staged.token, TEACHER, now=NOW + 1)
    assert cancel(store, staged.token, TEACHER, now=NOW + 2).content  # still pending


def test_expired_and_unknown_tokens(store):
    staged = stage(store, 7, TEACHER, META, TEXT, now=NOW)
    with pytest.raises(NotFound, match="expired"):
        confirm(store, staged.token, TEACHER, now=NOW + PENDING_SECONDS + 1)
    for token in ("0" * 16, "nonsense"):
        with pytest.raises(NotFound):
            confirm(store, token, TEACHER, now=NOW)
    stage(store, 7, TEACHER, {**META, "id": "later"}, TEXT, now=NOW + PENDING_SECONDS + 5)
    rows = store.db.execute("select token from readings_pending").fetchall()
    assert staged.token not in {t for (t,) in rows}  # the expired one was forgotten


def test_keep_a_dropped_line(store):
    staged = stage(store, 7, TEACHER, META, TEXT, now=NOW)
    line = next(i for i, d in enumerate(staged.report["dropped"]) if d["line"] == "Share this:")
    assert keep_choices(staged.report)[line] == ("Share this:", str(line))
    kept = keep(store, staged.token, TEACHER, line, now=NOW)
    assert all(d["line"] != "Share this:" for d in kept.report["dropped"])
    with pytest.raises(BadInput):
        keep(store, staged.token, TEACHER, 99, now=NOW)


@pytest.mark.parametrize(
    ("name", "size", "message"),
    [("a.exe", 10, "a reading can be"), ("a.pdf", 11 * 1024 * 1024, "the limit is 10 MB")],
)
def test_attachments_are_refused_by_name_and_size(name, size, message):
    with pytest.raises(BadInput, match=message):
        check_attachment(name, size)
    check_attachment("a.docx", 1000)


def test_a_taken_id_is_refused_at_once(store):
    readings.add_text(store, TEXT, {**META, "id": "taken"})
    with pytest.raises(BadInput, match="already used"):
        stage(store, 7, TEACHER, {**META, "id": "taken"}, TEXT)
