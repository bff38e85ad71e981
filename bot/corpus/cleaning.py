"""Turn a scraped reading into headings, paragraphs and a works-cited list.

The seed files stay exactly as scraped; everything here happens at load time so the
cleaning can be improved without touching the readings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.corpus.chrome import (
    REFERENCE_HEADING,
    Dropped,
    classify,
    looks_like_caption,
    strip_edit_markers,
)
from bot.corpus.citations import has_dangling_citation

# Whole lines that are site chrome, never part of a reading.
CHROME_LINES = [
    r"\d[\d,]* Words\s*\d+ Pages",  # essay-site word counts
    r"Open Document",
    r"Article with TOC",
    r"Author's profile picture",
    r"\w{3} \d{1,2}, \d{4} · \d+ min read",
    r"Table of Contents",
    r"Related Posts?",
    r"Thank you for visiting our website.*",
    r"Go Home",
    r"Previous Article\s*Next Article",
    r".*Career Network.*JOIN NOW",
    r"Join the mailing list",
    r"Page last modified:.*",
    r"Name Last Name",
    r"Professor's Name",
    r"Course",
    r"Date",
    r"This entry was posted in .*",
    r"\w+ Responses? to .*",
    r"Leave a Reply",
    r"Share this:?",
    r"Advertisement",
]
_CHROME = re.compile(r"^(?:" + "|".join(CHROME_LINES) + r")$", re.IGNORECASE)
# Inline markers where a site cut the text; what precedes one is an unfinished sentence.
_CUT_MARKERS = re.compile(r"\s*(?:…|\.\.\.)\s*show more content\s*(?:…|\.\.\.)\s*", re.IGNORECASE)
_WORKS_CITED = REFERENCE_HEADING
# A reference given in place, outside any list: a wiki's note ("1. ^ Hunt, ...") or a
# "Source: ..." line under a quoted passage. Indented lines below it continue it.
_INLINE_ENTRY = re.compile(r"^(?:\d{1,3}[.)]?\s*)?\^\s*(?P<a>.+)$|^sources?:\s*(?P<b>.+)$", re.I)
_NUMBERED = re.compile(r"^(?:\[\d{1,3}\]|\d{1,3}[.)])\s+(?:\^\s*)?")
_ENTRY_START = re.compile(r"^(?:\[\d{1,3}\]|\d{1,3}[.)]|\^|[“\"]|[A-Z][\w’'-]+,\s)")
_TERMINAL = re.compile(r"[.!?:][\"”’)\]]*$")
_BULLET = re.compile(r"^[•*\-–]\s+")


@dataclass
class Block:
    """A heading or a paragraph of the reading's body, in reading order."""

    kind: str  # "heading" or "paragraph"
    text: str
    truncated: bool = False  # the scrape cut this paragraph off mid-sentence


@dataclass
class CleanReading:
    """What is left of a reading once the chrome is gone."""

    blocks: list[Block] = field(default_factory=list)
    works_cited: list[str] = field(default_factory=list)
    table_lines: list[str] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)  # every line left out, and why


def clean(raw: str, meta: dict) -> CleanReading:
    """Clean one reading using its metadata (page title, cover lines, headings, table).

    ``meta["keep"]`` lists lines the chrome rules must leave in (a teacher's keep-back).
    """
    dropped: list[Dropped] = []
    lines = _body_lines(raw, meta, dropped)
    body, cited = _split_works_cited(lines)
    body, inline = _inline_entries(body, dropped)
    reading = CleanReading(works_cited=[*_entries(cited), *inline], dropped=dropped)
    headings = {h.strip() for h in meta.get("headings", [])}
    title = (meta.get("title") or "").strip()
    table = meta.get("table")
    in_table = False
    for para in _join_page_breaks(body_paragraphs(body)):
        text = para.text
        if text not in headings and _is_heading(text, title, bool(headings)):
            headings.add(text)
        elif text not in headings and looks_like_caption(text):
            dropped.append(Dropped(text, "image caption (a short phrase standing alone)"))
            continue
        if text in headings:
            reading.blocks.append(Block("heading", text))
            in_table = table is not None and bool(table) and text == table["heading"]
            continue
        if in_table:
            reading.table_lines.append(text)
            continue
        reading.blocks.append(para)
    return reading


def body_paragraphs(lines: list[str]) -> list[Block]:
    """Group lines into paragraphs at blank lines, marking text cut by 'show more'."""
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", "\n".join(lines)):
        pieces = _CUT_MARKERS.split(chunk)
        for index, piece in enumerate(pieces):
            text = " ".join(piece.split())
            if text:
                blocks.append(Block("paragraph", text, truncated=index < len(pieces) - 1))
    return blocks


def _body_lines(raw: str, meta: dict, dropped: list[Dropped]) -> list[str]:
    """Strip chrome lines, the page-title repeats, cover-page text and bullets."""
    names = {meta.get(key, "").strip().lower() for key in ("page_title", "site", "author")}
    names.discard("")
    keep = frozenset(line.strip() for line in meta.get("keep", []))
    raw_lines = raw.replace("\r\n", "\n").split("\n")
    reasons = classify(raw_lines, keep)
    out: list[str] = []
    for line, reason in zip(raw_lines, reasons, strict=True):
        text = line.strip()
        for cover in meta.get("cover", []):
            text = text.replace(cover.strip(), "").strip() if cover.strip() in text else text
        if text and _WORKS_CITED.match(strip_edit_markers(text)):
            out.append(strip_edit_markers(text))  # a list's heading, decorations dropped
            continue
        if text and text not in keep and (_CHROME.match(text) or text.lower() in names):
            dropped.append(Dropped(text, "site chrome" if _CHROME.match(text) else "page title"))
            continue
        if reason:
            dropped.append(Dropped(text, reason))
            out.append("")  # a dropped line still separates what was around it
            continue
        if line[:1].isspace() and _INLINE_ENTRY.match(out[-1] if out else ""):
            out[-1] = f"{out[-1]} {text}"  # an indented line continues a "Source:" entry
            continue
        if _BULLET.match(text):
            out.extend(["", _BULLET.sub("", text), ""])  # each bullet is its own paragraph
        else:
            out.append(text)
    return out


def _split_works_cited(lines: list[str]) -> tuple[list[str], list[str]]:
    for index, line in enumerate(lines):
        if _WORKS_CITED.match(line):
            return _drop_watermark(lines[:index]), lines[index + 1 :]
    return lines, []


def _inline_entries(lines: list[str], dropped: list[Dropped]) -> tuple[list[str], list[str]]:
    """Take references given in place (wiki notes, "Source:" lines) out of the body."""
    body: list[str] = []
    entries: list[str] = []
    for line in lines:
        match = _INLINE_ENTRY.match(line)
        if match:
            entries.append(_clean_entry(Block("paragraph", match.group("a") or match.group("b"))))
            dropped.append(Dropped(line, "reference entry (kept as the reading's list)"))
            body.append("")
        else:
            body.append(line)
    return body, entries


def _entries(lines: list[str]) -> list[str]:
    """A reference list's entries: one per paragraph, or one per line when each line
    starts an entry (numbered, a note mark, a quoted title or "Surname, ")."""
    entries: list[str] = []
    chunk: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            chunk.append(line.strip())
            continue
        if len(chunk) > 1 and all(_ENTRY_START.match(part) for part in chunk):
            entries += chunk
        elif chunk:
            entries += [block.text for block in body_paragraphs(chunk)]
        chunk = []
    cleaned = (_clean_entry(Block("paragraph", entry)) for entry in entries)
    return [entry for entry in cleaned if entry]


def _drop_watermark(lines: list[str]) -> list[str]:
    """Drop a lone lowercase site name left just above the works-cited heading."""
    trimmed = list(lines)
    while trimmed and (not trimmed[-1] or re.fullmatch(r"[a-z0-9]+", trimmed[-1])):
        trimmed.pop()
    return trimmed


def _join_page_breaks(paragraphs: list[Block]) -> list[Block]:
    """Join a paragraph that stops mid-sentence with the next one when that starts lowercase."""
    joined: list[Block] = []
    for para in paragraphs:
        prev = joined[-1] if joined else None
        if (
            prev is not None
            and prev.kind == "paragraph"
            and not prev.truncated
            and not _TERMINAL.search(prev.text)
            and para.text[:1].islower()
        ):
            prev.text = f"{prev.text} {para.text}"
            prev.truncated = para.truncated
            continue
        joined.append(para)
    for para in joined:
        if not para.truncated and not _TERMINAL.search(para.text):
            para.truncated = has_dangling_citation(para.text) or not _looks_like_heading(para.text)
    return joined


def _looks_like_heading(text: str) -> bool:
    return len(text) < 100 and text[:1].isupper()


def _clean_entry(block: Block) -> str:
    """A works-cited entry without scraping leftovers such as an empty '<>' link."""
    return _NUMBERED.sub("", re.sub(r"\s*<>\.?", "", block.text).strip()).strip()


def _is_heading(text: str, title: str, declared: bool) -> bool:
    """An undeclared heading: the reading's title, or a short line in title case standing
    alone with no final punctuation (declared headings, when given, are the only others)."""
    if text == title or strip_edit_markers(text) == title:
        return True
    if declared or _TERMINAL.search(text) or len(text.split()) > 12 or not text[:1].isupper():
        return False
    return not looks_like_caption(text)
