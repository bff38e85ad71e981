"""Debate formats: the rounds, each with a speaking time and whether POIs are allowed.

Two presets (``classroom`` and ``short``, for a 20-minute lesson) and a custom list typed
by the moderator, e.g. ``opening 4 poi, rebuttal 3, closing 2``. In every round each side
speaks once, Sincere (which defends the motion) first.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from bot.errors import BadInput

MIN_SECONDS = 30
MAX_SECONDS = 15 * 60
MAX_ROUNDS = 8
MAX_NAME = 30
EXAMPLE = "opening 4 poi, rebuttal 3 poi, closing 2"
_NAME = re.compile(r"^[A-Za-z][A-Za-z '’-]*$")
_MINUTES = re.compile(r"^(\d+(?:[.,]\d+)?)(?:m|min|mins|minutes?)?$")
_CLOCK = re.compile(r"^(\d+):([0-5]\d)$")
_SECONDS = re.compile(r"^(\d+)(?:s|sec|secs|seconds?)$")
_UNITS = {"m", "min", "mins", "minute", "minutes", "s", "sec", "secs", "second", "seconds"}
_POI = {"poi", "pois", "+poi", "+pois"}


@dataclass(frozen=True, slots=True)
class Round:
    """One round: its name, each speaker's time, and whether POIs may be offered."""

    name: str
    seconds: int
    pois: bool = False

    def describe(self) -> str:
        minutes, seconds = divmod(self.seconds, 60)
        return f"{self.name} {minutes}:{seconds:02d}" + (" (POIs)" if self.pois else "")


@dataclass(frozen=True, slots=True)
class Format:
    """A named list of rounds."""

    name: str
    rounds: tuple[Round, ...]

    def describe(self) -> str:
        """E.g. "classroom: Opening 4:00 (POIs) · Rebuttal 3:00 (POIs) · Closing 2:00"."""
        return f"{self.name}: " + " · ".join(r.describe() for r in self.rounds)

    @property
    def speaking_seconds(self) -> int:
        """Total speaking time with both sides speaking in every round."""
        return 2 * sum(r.seconds for r in self.rounds)

    def to_json(self) -> str:
        rounds = [[r.name, r.seconds, r.pois] for r in self.rounds]
        return json.dumps({"name": self.name, "rounds": rounds})

    @classmethod
    def from_json(cls, text: str) -> Format:
        data = json.loads(text)
        return cls(data["name"], tuple(Round(n, int(s), bool(p)) for n, s, p in data["rounds"]))


CLASSROOM = Format(
    "classroom",
    (Round("Opening", 240, True), Round("Rebuttal", 180, True), Round("Closing", 120, False)),
)
SHORT = Format(
    "short",
    (Round("Opening", 120, True), Round("Rebuttal", 90, True), Round("Closing", 60, False)),
)
PRESETS = {CLASSROOM.name: CLASSROOM, SHORT.name: SHORT}
NOTES = {SHORT.name: "20-minute lesson"}  # what a preset is for, when its name does not say


def describe(fmt: Format) -> str:
    """A preset in one line, e.g. ``short (20-minute lesson): opening 2, rebuttal 1.5, ...``."""
    rounds = ", ".join(f"{r.name.lower()} {r.seconds / 60:g}" for r in fmt.rounds)
    with_pois = [r.name.lower() for r in fmt.rounds if r.pois]
    note = f" ({NOTES[fmt.name]})" if fmt.name in NOTES else ""
    pois = f" (POIs in {' and '.join(with_pois)})" if with_pois else ""
    return f"{fmt.name}{note}: {rounds}{pois}"


def parse_format(text: str | None) -> Format:
    """A preset by name, or a custom list of rounds; BadInput explains what to type."""
    cleaned = (text or "").strip()
    if not cleaned:
        return CLASSROOM
    preset = PRESETS.get(cleaned.lower())
    if preset is not None:
        return preset
    items = [item.strip() for item in re.split(r"[,;\n]", cleaned) if item.strip()]
    if len(items) == 1 and not any(_seconds(word) is not None for word in cleaned.split()):
        raise BadInput(
            f"“{cleaned[:40]}” is not a preset, and a round of your own needs a round name "
            f"and a time in minutes, e.g. “{EXAMPLE}”. The presets: {presets_text()}."
        )
    if len(items) > MAX_ROUNDS:
        raise BadInput(f"A debate can have at most {MAX_ROUNDS} rounds; you listed {len(items)}.")
    return Format("custom", tuple(_round(item) for item in items))


def presets_text() -> str:
    """The preset formats with their rounds, for a refusal or the help card."""
    return "; ".join(f.describe() for f in PRESETS.values())


def _round(item: str) -> Round:
    """``opening 4 poi`` -> Round("Opening", 240, True)."""
    words = item.split()
    at = next((i for i, word in enumerate(words) if _seconds(word) is not None), None)
    if at is None or at == 0:
        raise BadInput(f"“{item[:40]}” needs a round name and a time in minutes, e.g. “{EXAMPLE}”.")
    name = " ".join(words[:at])
    if len(name) > MAX_NAME or not _NAME.match(name):
        raise BadInput(f"“{name[:40]}” is not a round name: use letters, e.g. “rebuttal”.")
    seconds = _seconds(words[at])
    assert seconds is not None
    flags = [word.lower() for word in words[at + 1 :] if word.lower() not in _UNITS]
    if any(flag not in _POI for flag in flags):
        raise BadInput(f"In “{item[:40]}”, only “poi” may follow the time (to allow POIs).")
    if not MIN_SECONDS <= seconds <= MAX_SECONDS:
        raise BadInput(f"“{name}” must last between 0:30 and {MAX_SECONDS // 60}:00.")
    return Round(name[:1].upper() + name[1:].lower(), seconds, bool(flags))


def _seconds(word: str) -> int | None:
    """A speaking time: ``4`` or ``1.5`` minutes, ``1:30``, or ``90s``."""
    word = word.lower()
    if match := _CLOCK.match(word):
        return int(match.group(1)) * 60 + int(match.group(2))
    if match := _SECONDS.match(word):
        return int(match.group(1))
    if match := _MINUTES.match(word):
        return round(float(match.group(1).replace(",", ".")) * 60)
    return None
