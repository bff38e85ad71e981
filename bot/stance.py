"""Stance of a passage on the motion: does it read de-Stalinization as sincere or political?

An explainable cue method: phrases that signal each reading, weighed with their
context, and the matched phrases kept as reasons.
"""

from __future__ import annotations

import re

SINCERE = "sincere"
POLITICAL = "political"
NEUTRAL = "neutral"

CUES: dict[str, list[str]] = {
    POLITICAL: [
        r"save face",
        r"consolidat\w* (?:his )?power",
        r"struggle for power",
        r"power struggle",
        r"getting power in his hands",
        r"political rivals",
        r"advanced his position",
        r"distanced himself",
        r"eliminated his main rivals",
        r"omit his and his colleagues",
        r"permissible dose of criticism",
        r"paint stalin black",
    ],
    SINCERE: [
        r"sought to liberali[sz]e",
        r"abandoned the mass (?:political )?terror",
        r"rehabilitat\w+",
        r"release of (?:some )?political prisoners",
        r"relaxation of",
        r"easing (?:the )?censorship|censorship was eased",
        r"clear break with",
        r"end the use of terror",
    ],
}
_COMPILED = {side: [re.compile(c, re.IGNORECASE) for c in cues] for side, cues in CUES.items()}


def classify(text: str) -> tuple[str, tuple[str, ...]]:
    """The stance of ``text`` and the reasons (matched cue phrases) behind it."""
    found = {
        side: [m.group(0) for c in cues for m in c.finditer(text)]
        for side, cues in _COMPILED.items()
    }
    political, sincere = len(found[POLITICAL]), len(found[SINCERE])
    if political == sincere:
        cues = ", ".join(found[POLITICAL] + found[SINCERE]) or "none"
        return NEUTRAL, (f"balanced or no cues: {cues}",)
    side = POLITICAL if political > sincere else SINCERE
    return side, tuple(f"“{phrase}” reads as {side}" for phrase in found[side])
