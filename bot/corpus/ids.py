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
# As typed, a passage number may lose its leading zeros ("liu-3" for "liu-003").
TYPED_PASSAGE_ID_PATTERN = rf"(?P<source>{SOURCE_ID_PATTERN})-(?P<number>\d{{1,5}})"
PASSAGE_ID_IN_TEXT = re.compile(rf"(?<![\w-]){TYPED_PASSAGE_ID_PATTERN}(?![\w-])", re.IGNORECASE)
_TYPED_ID = re.compile(rf"^{TYPED_PASSAGE_ID_PATTERN}$")
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


def canonical_passage_id(text: str) -> str | None:
    """The passage id a student typed, with its number padded ("liu-3" -> "liu-003"),
    or None when the text does not have the shape of one."""
    match = _TYPED_ID.match(text.strip().lower()) if isinstance(text, str) else None
    if not match:
        return None
    return f"{match['source']}-{int(match['number']):03d}"


def is_passage_id(text: str) -> bool:
    """True when ``text`` has the shape of a passage id (whether or not it exists)."""
    return isinstance(text, str) and bool(_PASSAGE_ID.match(text.strip().lower()))


# ---- stable passage numbers ----
#
# A passage keeps its number while its own text is unchanged: the store keeps, per
# reading, a map from a hash of each passage's normalised text to its number. A
# re-cut reading (new metadata, an edit elsewhere, a cutting change) looks every
# passage up in that map; a passage never seen before takes the next number after
# the highest the reading ever used, so no number is reused for other text. A first
# cut numbers 1, 2, 3... in reading order, exactly as before the map existed.


def text_key(text: str) -> str:
    """A short hash of a passage's text with case and spacing normalised."""
    import hashlib

    normal = " ".join(text.lower().split())
    return hashlib.sha1(normal.encode()).hexdigest()[:16]


def stable_numbers(texts: list[str], known: dict[str, int]) -> tuple[list[int], dict[str, int]]:
    """The number of each passage (texts in reading order) and the map to store.

    ``known`` maps keys (:func:`text_key`, with ``#n`` for the n-th repeat of the same
    text in one reading) to numbers already given. Known keys keep their number;
    others take the next numbers after the highest known one.
    """
    seen: dict[str, int] = {}
    keys = []
    for text in texts:
        key = text_key(text)
        seen[key] = seen.get(key, 0) + 1
        keys.append(key if seen[key] == 1 else f"{key}#{seen[key]}")
    taken = {known[k] for k in keys if k in known}
    numbers, mapping = [], dict(known)
    following = max(known.values(), default=0)
    for key in keys:
        number = known.get(key)
        if number is None or number in numbers:
            following += 1
            while following in taken:
                following += 1
            number = following
            mapping[key] = number
        numbers.append(number)
    return numbers, mapping
