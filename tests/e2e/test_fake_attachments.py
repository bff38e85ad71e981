"""The fake Discord's attachment options: as Discord documents them, never kinder."""

from __future__ import annotations

import pytest

from tests.fakediscord.attachments import ATTACHMENT, USER_UPLOAD_LIMIT, FakeFile, resolve
from tests.fakediscord.store import Store
from tests.fakediscord.validate_commands import check_commands


def _command(option_type: int) -> dict:
    option = {"name": "file", "description": "A file", "type": option_type, "required": True}
    return {"name": "upload", "description": "Upload", "type": 1, "options": [option]}


def test_option_types_are_discords():
    assert check_commands([_command(ATTACHMENT)]) == []
    assert any("type" in p.path for p in check_commands([_command(12)]))


def test_an_attachment_is_resolved_and_served_as_discord_does():
    store = Store()
    store.cdn_base = "http://127.0.0.1:1"
    resolved: dict = {}
    value = resolve(store, "file", FakeFile("a b.pdf", b"%PDF", "application/pdf"), resolved)
    entry = resolved["attachments"][value]
    assert entry["filename"] == "a b.pdf" and entry["size"] == 4 and entry["ephemeral"]
    assert entry["url"].startswith("http://127.0.0.1:1/attachments/")
    assert entry["url"].endswith("/a%20b.pdf")
    assert store.attachments[int(value)] == b"%PDF"


def test_what_the_client_would_never_send():
    store = Store()
    with pytest.raises(AssertionError, match="pass a FakeFile"):
        resolve(store, "file", "a.pdf", {})
    with pytest.raises(AssertionError, match="upload limit"):
        resolve(store, "file", FakeFile("big.pdf", b"0" * (USER_UPLOAD_LIMIT + 1)), {})
