"""Facts taken word for word from the readings: whole sentences, or a clean first clause.

A history class must never see an invented fact, so a fact is always a verbatim slice
of one passage (a sentence, or the clause before its first semicolon). Only text that
stands alone and states a fact is kept (the rules are in :mod:`bot.facts._rules`). A
fact cites only the scholars its own words cite: a passage's other sentences may cite
someone else, and a class must not be told a scholar said what they did not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.corpus.passages import format_citation
from bot.corpus.sentences import split_sentences
from bot.facts._rules import stands_alone
from bot.facts._themes import theme_of
from bot.models import Passage, Reference, Source

MAX_CHARS = 280
CUT_OFF = " (cut off in the scrape)"  # how bot.corpus marks a citation the scrape cut
_PARENTHESIS = re.compile(r"\(([^()]*)\)")

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTH = "(" + "|".join(MONTHS) + ")"
_YEAR = r"(19\d\d)"
_ORDINAL = r"(\d{1,2})(?:st|nd|rd|th)?"
_DATE_PATTERNS = (
    re.compile(rf"\b{_MONTH}\s+{_ORDINAL},?\s+{_YEAR}\b"),  # March 5th, 1953
    re.compile(rf"\b{_ORDINAL}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b"),  # 5 March 1953
    re.compile(rf"\b{_MONTH}\s+(?:of\s+)?{_YEAR}\b"),  # February 1956
    re.compile(rf"(?<![\d,])\b{_YEAR}\b(?!,\d)"),  # 1961, and 1953 in 1953-1954
)


@dataclass(frozen=True, slots=True)
class FactDate:
    """A date a fact mentions, as precise as the text is: a year, a month or a day."""

    year: int
    month: int | None = None
    day: int | None = None

    def iso(self) -> str:
        """ "1953-03-05", "1956-02" or "1961": the JSON form, no more precise than the text."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def is_anniversary(self, day: date) -> bool:
        """True on the same month and day (any year) when the text gives a full date."""
        return self.day is not None and (self.month, self.day) == (day.month, day.day)


@dataclass(frozen=True, slots=True)
class Fact:
    """A short, self-contained statement quoted word for word from one passage.

    ``references`` are the works the fact's own words cite (not in the JSON contract).
    """

    id: str
    text: str
    passage_id: str
    citation: str
    theme: str
    date: FactDate | None = None
    references: tuple[Reference, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The command-line contract for ``facts --json``: these keys stay stable."""
        return {
            "id": self.id,
            "text": self.text,
            "passage_id": self.passage_id,
            "citation": self.citation,
            "theme": self.theme,
            "date": self.date.iso() if self.date else None,
        }


def extract_facts(passages: Iterable[Passage], sources: Mapping[str, Source]) -> list[Fact]:
    """Every fact in the readings, in reading order, with ids stable across runs.

    ``sources`` maps a reading's id to its metadata (for the citation). The id counts
    sentences in the passage (``fact-liu-003-2`` is its second sentence), so tightening
    a rule drops a fact without renumbering the others.
    """
    facts = []
    for passage in passages:
        for number, sentence in enumerate(split_sentences(passage.text), 1):
            text = candidate(sentence)
            if text is None or text not in passage.text:
                continue
            refs = own_references(text, passage)
            facts.append(
                Fact(
                    id=f"fact-{passage.id}-{number}",
                    text=text,
                    passage_id=passage.id,
                    citation=format_citation(
                        sources[passage.source], passage.section, passage.paragraph, refs
                    ),
                    theme=theme_of(text),
                    date=parse_date(text),
                    references=refs,
                )
            )
    return facts


def own_references(text: str, passage: Passage) -> tuple[Reference, ...]:
    """The passage's references whose in-text citation stands in ``text`` itself.

    "(Wood; Thackeray 182)" cites both; a citation the scrape cut off ("... roles
    (Hosking") belongs to the passage's last sentence, so to a fact that ends the passage.
    """
    cited = {part.strip() for inside in _PARENTHESIS.findall(text) for part in inside.split(";")}
    ends_passage = passage.text.rstrip().endswith(text)
    return tuple(
        ref
        for ref in passage.references
        if ref.in_text in cited or (ref.in_text.endswith(CUT_OFF) and ends_passage)
    )


def candidate(sentence: str) -> str | None:
    """The sentence if it stands alone, else its first clause if that does, else None."""
    if stands_alone(sentence) and len(sentence) <= MAX_CHARS:
        return sentence
    clause = sentence.split(";", 1)[0].rstrip()
    if clause != sentence and stands_alone(clause, whole=False) and len(clause) <= MAX_CHARS:
        return clause
    return None


def parse_date(text: str) -> FactDate | None:
    """The most precise date the text mentions (the first of equals), or None."""
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            found = _date_from(match.groups())
            if found is not None:
                return found
    return None


def _date_from(groups: tuple[str, ...]) -> FactDate | None:
    month = next((MONTHS.index(g) + 1 for g in groups if g in MONTHS), None)
    numbers = [int(g) for g in groups if g.isdigit()]
    year = max(numbers)
    day = min(numbers) if len(numbers) == 2 else None
    if month is not None and day is not None:
        try:
            date(year, month, day)
        except ValueError:
            return None
    return FactDate(year, month, day)
