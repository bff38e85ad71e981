"""Decide from the text itself which lines of a scraped page are not the reading.

Nothing here names a site or a reading: each rule describes a kind of line (a button,
a caption, a word count, a reader's comment, a wiki's edit marker...) by its shape and
its words. :func:`classify` returns, for every line, the reason it is dropped or
``None``; the check report shows those reasons so a teacher can keep a line back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Words of a site's interface, never of a history reading's prose.
_UI = re.compile(
    r"\b(?:subscri(?:be|ber|ption)s?|log ?(?:in|out|ged out)|sign (?:in|up)|register(?:ed)?"
    r"|cookies?|billing|newsletter|unlock|paywall|password|accept and close"
    r"|read (?:the full article|more)|continue reading|want to read more|order now"
    r"|get started|design a site|create a (?:free )?(?:website|blog)|share (?:this|on)"
    r"|click here|download (?:now|pdf)|digital (?:access|pack)|already a member"
    r"|leave a (?:reply|comment)|comments are closed|skip to (?:main )?content"
    r"|jump to:? navigation|navigation menu|advertisement|sponsored)\b",
    re.IGNORECASE,
)
_YOU = re.compile(r"\b(?:you|your|our site)\b", re.IGNORECASE)
_PRICE = re.compile(r"[$£€]\s?\d|/page\b", re.IGNORECASE)
_WORD_COUNT = re.compile(r"\b\d[\d,]*\s+words?\b.*\b(?:pages?|approx)", re.IGNORECASE)
_CAPTION = re.compile(
    r"^(?:(?:above|below|left|right|pictured|here) is an? (?:image|photo|picture)\b"
    r"|(?:image|photo|photograph|picture|illustration|caption|depicted|credit|source image)s?\b"
    r"\s*(?:url)?\s*:|cover of\b)"
    r"|\bimage url\b|\.(?:jpe?g|png|gif|webp|svg)\b|\bunknown photographer\b",
    re.IGNORECASE,
)
_ENCYCLOPEDIA = re.compile(r"^from [\w .-]+, the free encyclopedia$", re.IGNORECASE)
_EDIT = re.compile(r"\s*\[(?:edit|change|change \| edit source|edit source)\]\s*", re.IGNORECASE)
_END_MATTER = re.compile(
    r"^(?:see also|external links?|further reading|in other languages|other languages"
    r"|related (?:posts?|articles?)|tags?:.*|categories?:.*)$",
    re.IGNORECASE,
)
REFERENCE_HEADING = re.compile(
    r"^(?:works? cited|references?|bibliography|sources?|notes|footnotes|endnotes|citations"
    r"|works consulted|literature cited|reference list)\s*:?$",
    re.IGNORECASE,
)
_COMMENTS = re.compile(
    r"^(?:\d+|one|two|three|no) (?:responses?|comments?|replies|thoughts) (?:to|on)\b.*"
    r"|^(?:comments?|responses?|\d+ comments?)$",
    re.IGNORECASE,
)
_COMMENTER = re.compile(r"^(?:\d+\.\s*)?[\w .’'-]{1,40}\s(?:says|said|wrote|commented):?$")
_SELF_REFERENCE = re.compile(
    r"^this (?:post|entry|article|page|story) (?:was|is|has been) "
    r"(?:posted|awarded|filed|tagged|last|written|published|updated)|bookmark the permalink"
    r"|^posted (?:in|on|by)\b|^filed under\b|^last (?:modified|edited|updated)\b",
    re.IGNORECASE,
)
_DATE_LINE = re.compile(
    r"^(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    r"(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}"
    r"|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+\d{4})$",
    re.IGNORECASE,
)
_LONE = re.compile(r"^(?:\d{1,3}[.)]?|[|•·*–-]+|noun|verb|adjective|adverb)$", re.IGNORECASE)
_ADDRESS = re.compile(r"^<?(?:https?://|www\.)\S*>?\.?$|^[\w./-]*\w>\.?$", re.IGNORECASE)
_TERMINAL = re.compile(r"[.!?:;][\"”’)\]]*$")
_SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "vs.",
        "vs",
    ]
)


@dataclass(frozen=True)
class Dropped:
    """One line left out of a reading, with the reason shown in the check report."""

    line: str
    reason: str


def classify(lines: list[str], keep: frozenset[str] = frozenset()) -> list[str | None]:
    """The reason each line is chrome, or ``None`` for a line of the reading.

    ``keep`` holds lines (stripped) a teacher kept back: they are never dropped.
    Lines continue the verdict of the line above when they carry on its sentence
    (start lowercase after a line with no final punctuation), and a short line with no
    final punctuation between two chrome lines is chrome too (a button row).
    """
    reasons: list[str | None] = []
    state = {"comments": False, "end": False}
    for index, raw in enumerate(lines):
        text = raw.strip()
        reason = None if not text or text in keep else _reason(text, state)
        prev = _previous(lines, reasons, index)
        if reason is None and text and text not in keep and prev is not None:
            above, why = prev
            if text[:1].islower() and not _TERMINAL.search(above):
                reason = why
        reasons.append(reason)
    _fill_button_rows(lines, reasons, keep)
    return reasons


def strip_edit_markers(line: str) -> str:
    """A heading without a wiki's "[edit]" or "[change | edit source]" decoration."""
    return _EDIT.sub(" ", line).strip()


def _previous(lines: list[str], reasons: list[str | None], index: int) -> tuple[str, str] | None:
    if index == 0 or not lines[index - 1].strip() or reasons[index - 1] is None:
        return None
    return lines[index - 1].strip(), reasons[index - 1] or ""


def _reason(text: str, state: dict[str, bool]) -> str | None:
    plain = strip_edit_markers(text)
    if REFERENCE_HEADING.match(plain):
        state["comments"] = state["end"] = False  # a reference list follows, not chrome
        return None
    if _COMMENTS.match(plain):
        state["comments"] = True
        return "comments heading"
    if _COMMENTER.match(plain):
        state["comments"] = True
        return "reader's comment"
    if state["comments"]:
        return "reader's comment"
    if _END_MATTER.match(plain):
        state["end"] = True
        return "end matter (links, other languages, related posts)"
    if state["end"]:
        return "end matter (links, other languages, related posts)"
    return _line_reason(text, plain)


def _line_reason(text: str, plain: str) -> str | None:
    words = plain.split()
    if _ENCYCLOPEDIA.match(plain):
        return "encyclopedia banner"
    if plain != text and not words:
        return "edit marker"
    if _WORD_COUNT.search(plain):
        return "word or page count"
    if _CAPTION.search(plain):
        return "image caption"
    if _SELF_REFERENCE.search(plain):
        return "post details (posted in, awarded, permalink)"
    if _DATE_LINE.match(plain):
        return "a date alone"
    if _LONE.match(plain):
        return "a number or label alone"
    if _ADDRESS.match(plain):
        return "a web address alone"
    ui = len(_UI.findall(plain))
    if _PRICE.search(plain) or ui >= 2 or (ui and _addresses_the_visitor(plain, words)):
        return "site interface (buttons, subscription, sharing)"
    return None


def _addresses_the_visitor(plain: str, words: list[str]) -> bool:
    """A line with an interface word that is a button or speaks to the visitor.

    "Register now" or "Unlock journalism you..." are the site's; "Peasants had to
    register with the police" is a reading's sentence.
    """
    if not _TERMINAL.search(plain) and len(words) <= 12:
        return True
    opening = " ".join(words[:3])
    return bool(_YOU.search(plain) or _UI.match(opening) or _UI.match(" ".join(words[1:3])))


def _fill_button_rows(lines: list[str], reasons: list[str | None], keep: frozenset[str]) -> None:
    """A short unpunctuated line whose neighbours are chrome is part of the same row."""
    for index in range(1, len(lines) - 1):
        text = lines[index].strip()
        if reasons[index] or not text or text in keep or _TERMINAL.search(text):
            continue
        if len(text.split()) <= 8 and reasons[index - 1] and reasons[index + 1]:
            reasons[index] = reasons[index + 1]


def looks_like_caption(text: str) -> bool:
    """A short line in sentence case with no final punctuation, standing alone.

    Headings are in title case ("The End of the Gulags") or declared; a photo's
    caption reads as a phrase ("Fence at the old camp"): most of its words lowercase.
    """
    words = text.split()
    if not 3 <= len(words) <= 8 or _TERMINAL.search(text) or not text[:1].isupper():
        return False
    rest = [w for w in words[1:] if w.lower() not in _SMALL_WORDS]
    lower = [w for w in rest if w[:1].islower()]
    return len(lower) >= 1 and len(lower) * 2 >= len(rest) and ":" not in text
