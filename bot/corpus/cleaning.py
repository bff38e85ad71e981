"""Turn a scraped reading into headings, paragraphs and a works-cited list.

The seed files stay exactly as scraped; everything here happens at load time so the
cleaning can be improved without touching the readings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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
_WORKS_CITED = re.compile(r"^(?:works cited|references|bibliography):?$", re.IGNORECASE)
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


def clean(raw: str, meta: dict) -> CleanReading:
    """Clean one reading using its metadata (page title, cover lines, headings, table)."""
    lines = _body_lines(raw, meta)
    body, cited = _split_works_cited(lines)
    reading = CleanReading(works_cited=[_clean_entry(line) for line in body_paragraphs(cited)])
    headings = {h.strip() for h in meta.get("headings", [])}
    table = meta.get("table")
    in_table = False
    for para in _join_page_breaks(body_paragraphs(body)):
        text = para.text
        if text in headings:
            reading.blocks.append(Block("heading", text))
            in_table = bool(table) and text == table["heading"]
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


def _body_lines(raw: str, meta: dict) -> list[str]:
    """Strip chrome lines, the page-title repeats, cover-page text and bullets."""
    names = {meta.get(key, "").strip().lower() for key in ("page_title", "site", "author")}
    names.discard("")
    out: list[str] = []
    for line in raw.replace("\r\n", "\n").split("\n"):
        text = line.strip()
        for cover in meta.get("cover", []):
            text = text.replace(cover.strip(), "").strip() if cover.strip() in text else text
        if text and (_CHROME.match(text) or text.lower() in names):
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
    return re.sub(r"\s*<>\.?", "", block.text).strip()
