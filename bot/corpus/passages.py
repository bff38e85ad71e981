"""Cut cleaned readings into cited passages of one to three whole sentences."""

from __future__ import annotations

import re

from bot.corpus.citations import (
    CitationContext,
    find_citations,
    has_dangling_citation,
    strip_dangling_citation,
)
from bot.corpus.cleaning import CleanReading
from bot.corpus.ids import passage_id
from bot.corpus.sentences import is_complete, split_sentences
from bot.models import Passage, Reference, Source

MAX_CHARS = 600  # a passage never grows past this by adding a sentence
SOFT_CHARS = 320  # once this long, a passage takes no further sentence
MAX_SENTENCES = 3

_LEADER = re.compile(r"(?<![-\w])(?:stalin|kh?rushchev)(?:'s|’s)?\b(?!-)", re.IGNORECASE)
_PRONOUN_OPENING = re.compile(r"^(?:\w+ )?(?:he|his|him)\b", re.IGNORECASE)
# Words before a name that make it an object or an adjective, not the passage's agent.
_NOT_AGENT = frozenset(
    ["of", "against", "from", "under", "with", "by", "to", "than", "about", "on", "at", "the"]
)
_BOTH = re.compile(r"\bboth (?:stalin|kh?rushchev) and (?:stalin|kh?rushchev)\b", re.IGNORECASE)
_FIRST_NAMES = frozenset({"joseph", "nikita", "n.", "s.", "j.", "v."})
_DESTALINIZATION = re.compile(r"de-?staliniz|de-?stalinis", re.IGNORECASE)


def build_passages(
    source: Source, reading: CleanReading, default_subject: str | None = None
) -> list[Passage]:
    """Passages in reading order, ids ``<source>-<nnn>`` numbered from 1."""
    passages: list[Passage] = []
    section: str | None = None
    paragraph = 0
    context = CitationContext()  # page-only and narrative citations look back
    for block in reading.blocks:
        if block.kind == "heading":
            section = None if block.text == source.title else block.text.rstrip(":").strip()
            continue
        paragraph += 1
        sentences, cut = _whole_sentences(block.text, block.truncated)
        lead = _subject(sentences[0], None, None, None) if sentences else None
        previous: str | None = None
        groups = _group(sentences)
        for index, group in enumerate(groups):
            text = " ".join(group)
            cited = f"{text} {cut}" if cut and index == len(groups) - 1 else text
            refs = tuple(find_citations(cited, reading.works_cited, context))
            passages.append(
                Passage(
                    id=passage_id(source.id, len(passages) + 1),
                    source=source.id,
                    title=source.title,
                    section=section,
                    paragraph=paragraph,
                    position=len(passages) + 1,
                    text=text,
                    citation=format_citation(source, section, paragraph, refs),
                    references=refs,
                    subject=(previous := _subject(text, previous, lead, default_subject)),
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


def _subject(text: str, previous: str | None, lead: str | None, default: str | None) -> str | None:
    """Which leader a passage is about, for /compare; explainable rules in order.

    1. It opens with a pronoun ("He lacked...", "While he...", "His actions..."): the
       leader of the passage before it in the paragraph, else the paragraph's.
    2. It is about de-Stalinization: Khrushchev's policy.
    3. The first leader named as an agent in its first sentence: not a possessive
       after the opening ("many of Stalin's actions"), not an adjective ("the Stalin
       era"), not the object of a preposition ("against Stalin").
    4. The passage before it, the paragraph's leader, the leader named more often,
       and last the reading's own subject (``subject`` in sources.toml).
    """
    if _PRONOUN_OPENING.match(text):
        return previous or lead or default
    if _DESTALINIZATION.search(text):
        return "khrushchev"
    first_sentence = split_sentences(text)[0] if text else ""
    agents = _agents(first_sentence)
    if _BOTH.search(first_sentence):
        return None  # "both Stalin and Khrushchev": a point about neither side
    if agents:
        return agents[0]
    counted = _agents(text)
    if previous or lead:
        return previous or lead
    if counted:
        stalin = counted.count("stalin")
        khrushchev = len(counted) - stalin
        if stalin != khrushchev:
            return "stalin" if stalin > khrushchev else "khrushchev"
    return default


def _agents(text: str) -> list[str]:
    """Leaders named as agents, in order (see :func:`_subject`, rule 3)."""
    found = []
    for match in _LEADER.finditer(text):
        start, name = match.start(), match.group(0).lower()
        possessive = name.endswith(("'s", "’s"))
        before = text[max(0, start - 30) : start].lower().split()
        while before and before[-1] in _FIRST_NAMES:
            before.pop()
        after = text[match.end() : match.end() + 6].lower()
        if possessive and start > 0:
            continue
        era_opening = before == ["under"]  # "Under Khrushchev, reforms...": his era
        if after.startswith((" era", " years", " period")) or (
            before and before[-1] in _NOT_AGENT and not era_opening
        ):
            continue
        found.append("stalin" if "stalin" in name else "khrushchev")
    return found
