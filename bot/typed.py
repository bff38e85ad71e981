"""Text as users type it, made safe to keep: the input edge of every front end.

A lone UTF-16 surrogate (half of an emoji, sent by some clients and pasted text) is
valid in JSON but not in UTF-8: SQLite, files and Discord's own API refuse it, so a
motion or an argument holding one would be lost. It is replaced with U+FFFD (the
replacement character) and the rest of the text is kept as typed.
"""

from __future__ import annotations

import re
from typing import Any

REPLACEMENT = "\ufffd"
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
NOTE = (
    "Some characters you typed could not be read (a broken emoji?) and were kept as "
    f"{REPLACEMENT}; the rest of your text was kept as you typed it."
)


def readable(text: str) -> tuple[str, bool]:
    """(the text with lone surrogates replaced, whether any were)."""
    cleaned, count = _LONE_SURROGATE.subn(REPLACEMENT, text)
    return cleaned, count > 0


def clean_tree(value: Any) -> tuple[Any, bool]:
    """Every string in a JSON-like tree made readable; (the tree, whether any changed)."""
    if isinstance(value, str):
        return readable(value)
    if isinstance(value, list):
        items = [clean_tree(item) for item in value]
        return [item for item, _ in items], any(changed for _, changed in items)
    if isinstance(value, dict):
        pairs = {key: clean_tree(item) for key, item in value.items()}
        return {key: item for key, (item, _) in pairs.items()}, any(
            changed for _, changed in pairs.values()
        )
    return value, False
