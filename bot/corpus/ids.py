"""Reading and passage ids: one documented pattern, used wherever ids are made or parsed.

A reading's id is 1-32 characters of lowercase letters, digits and hyphens, starting
and ending with a letter or digit ("liu", "soviet-blog-2"). A passage's id is its
reading's id, a hyphen and its number in the reading, at least three digits
("liu-001", "soviet-blog-2-014"). No spaces, so an id can be typed, cited and put in a
button's custom id as it is.
"""

from __future__ import annotations

import re

from bot.errors import BadInput

SOURCE_ID_PATTERN = r"[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?"
PASSAGE_ID_PATTERN = rf"(?P<source>{SOURCE_ID_PATTERN})-(?P<number>\d{{3,5}})"
_SOURCE_ID = re.compile(rf"^{SOURCE_ID_PATTERN}$")
_PASSAGE_ID = re.compile(rf"^{PASSAGE_ID_PATTERN}$")


def check_source_id(source_id: str) -> str:
    """``source_id`` if it is a valid reading id, else :class:`BadInput` saying why."""
    if not isinstance(source_id, str) or not _SOURCE_ID.match(source_id):
        raise BadInput(
            f"“{source_id}” is not a usable reading id: use 1-32 lowercase letters, digits "
            "and hyphens, starting and ending with a letter or digit (e.g. “soviet-blog”)."
        )
    return source_id


def passage_id(source_id: str, number: int) -> str:
    """The id of the ``number``-th passage (from 1) of a reading, e.g. ``liu-001``."""
    return f"{check_source_id(source_id)}-{number:03d}"


def parse_passage_id(text: str) -> tuple[str, int]:
    """The reading id and number of a passage id, or :class:`BadInput` if it is not one."""
    match = _PASSAGE_ID.match(text.strip().lower()) if isinstance(text, str) else None
    if not match:
        raise BadInput(f"“{text}” is not a passage id (they look like “liu-003”).")
    return match.group("source"), int(match.group("number"))


def is_passage_id(text: str) -> bool:
    """True when ``text`` has the shape of a passage id (whether or not it exists)."""
    return isinstance(text, str) and bool(_PASSAGE_ID.match(text.strip().lower()))
