"""Cut cleaned readings into cited passages of one to three whole sentences."""

from __future__ import annotations

import re

from bot.corpus.citations import find_citations, has_dangling_citation, strip_dangling_citation
from bot.corpus.cleaning import CleanReading
from bot.corpus.sentences import is_complete, split_sentences
from bot.models import Passage, Reference, Source

MAX_CHARS = 600  # a passage never grows past this by adding a sentence
SOFT_CHARS = 320  # once this long, a passage takes no further sentence
MAX_SENTENCES = 3

_STALIN = re.compile(r"(?<![-\w])stalin(?:'s|’s)?\b", re.IGNORECASE)
_DESTALINIZATION = re.compile(r"de-?staliniz|de-?stalinis", re.IGNORECASE)
OPENING_CHARS = 40  # a leader named this early is the passage's grammatical subject
_KHRUSHCHEV = re.compile(r"\bkh?rushchev", re.IGNORECASE)


def build_passages(source: Source, reading: CleanReading) -> list[Passage]:
    """Passages in reading order, ids ``<source>-<nnn>`` numbered from 1."""
    passages: list[Passage] = []
    section: str | None = None
    paragraph = 0
    for block in reading.blocks:
        if block.kind == "heading":
            section = None if block.text == source.title else block.text
            continue
        paragraph += 1
        sentences, cut = _whole_sentences(block.text, block.truncated)
        lead = _subject(sentences[0]) if sentences else None
        groups = _group(sentences)
        for index, group in enumerate(groups):
            text = " ".join(group)
            cited = f"{text} {cut}" if cut and index == len(groups) - 1 else text
            refs = tuple(find_citations(cited, reading.works_cited))
            passages.append(
                Passage(
                    id=f"{source.id}-{len(passages) + 1:03d}",
                    source=source.id,
                    title=source.title,
                    section=section,
                    paragraph=paragraph,
                    position=len(passages) + 1,
                    text=text,
                    citation=format_citation(source, section, paragraph, refs),
                    references=refs,
                    subject=_subject(text, lead),
                )
            )
    return passages


def format_citation(
    source: Source, section: str | None, paragraph: int, refs: tuple[Reference, ...]
) -> str:
    """A human-readable citation, e.g. '"From Stalin to Khrushchev" (student essay), para. 3'."""
    parts = [f"“{source.short_title}” ({source.kind})"]
    if section:
        parts.append(f"“{section.split(':')[0].strip()}”")
    parts.append(f"para. {paragraph}")
    text = ", ".join(parts)
    if refs:
        cited = "; ".join(dict.fromkeys(ref.in_text for ref in refs))
        text += f", citing {cited}"
    return text


def _whole_sentences(text: str, truncated: bool) -> tuple[list[str], str | None]:
    """The paragraph's sentences, dropping a last one the scrape cut off mid-way.

    A sentence cut only inside its closing citation ("... roles (Hosking") is whole
    as prose, so it is kept without the dangling parenthesis, which is returned apart
    so the citation is still recorded.
    """
    sentences = split_sentences(text)
    cut = None
    if truncated and sentences and not is_complete(sentences[-1]):
        last = sentences.pop()
        if has_dangling_citation(last):
            kept = strip_dangling_citation(last)
            sentences.append(kept)
            cut = last[len(kept) :].strip()
    return sentences, cut


def _group(sentences: list[str]) -> list[list[str]]:
    groups: list[list[str]] = []
    current: list[str] = []
    for sentence in sentences:
        size = sum(len(s) + 1 for s in current)
        if current and (
            len(current) >= MAX_SENTENCES or size >= SOFT_CHARS or size + len(sentence) > MAX_CHARS
        ):
            groups.append(current)
            current = []
        current.append(sentence)
    if current:
        groups.append(current)
    return groups


def _subject(text: str, lead: str | None = None) -> str | None:
    """Which leader a passage is about, for /compare.

    The leader named at its opening ("Stalin's leadership was...") decides; else the
    leader the paragraph opened with; else the one named more often. De-Stalinization
    with no leader named is Khrushchev's policy.
    """
    stalin = [m.start() for m in _STALIN.finditer(text)]
    khrushchev = [m.start() for m in _KHRUSHCHEV.finditer(text)]
    first = min(stalin + khrushchev, default=None)
    if first is not None and first < OPENING_CHARS:
        return "stalin" if first in stalin else "khrushchev"
    if lead:
        return lead
    if len(stalin) != len(khrushchev):
        return "stalin" if len(stalin) > len(khrushchev) else "khrushchev"
    if _DESTALINIZATION.search(text):
        return "khrushchev"
    return None
