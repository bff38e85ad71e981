"""Facts taken word for word from the readings: whole sentences, or a clean first clause.

A history class must never see an invented fact, so a fact is always a verbatim slice
of one passage (a sentence, or the clause before its first semicolon). Only text that
stands alone is kept: nothing that opens with a pronoun or a connective pointing back
("This", "He", "However,"), no questions, no quotation left open, nothing cut off by the
scrape, and nothing without a name or a date to anchor it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.compare import THEMES
from bot.corpus.sentences import is_complete, split_sentences
from bot.models import Passage
from bot.text import fold, words

MAX_CHARS = 280
MIN_CHARS = 50
MIN_WORDS = 8
GENERAL_THEME = "de-Stalinization"
_LOOSE_WORDS = frozenset({"secret", "style", "image", "shaped", "history", "west", "fear"})

# Openings that lean on an earlier sentence: pronouns, demonstratives and connectives.
_DANGLING_OPENERS = re.compile(
    r"^(?:this|these|that|those|he|his|him|she|her|it|its|they|their|them|we|our|i|"
    r"however|additionally|besides|further|furthermore|moreover|also|yet|but|and|or|so|"
    r"thus|therefore|hence|instead|still|then|firstly|secondly|thirdly|finally|lastly|"
    r"overall|specifically|ultimately|meanwhile|nevertheless|nonetheless|otherwise|such|"
    r"both|another|other|others|here|there|in addition|in particular|in contrast|"
    r"of course|by the way|at the same time|as a result|as a direct result|with this|"
    r"despite this|for example|for instance|during|the period|the report|the latter|"
    r"the former|the organization|the stability|the first wave|the most notable|once)\b",
    re.IGNORECASE,
)
# Words that point back to something the fact does not contain, wherever they stand.
_DANGLING_ANYWHERE = re.compile(
    r"\b(?:this|these|those|the latter|the former|let us|the same year|the report|"
    r"(?:that|because|as|when) (?:it|they))\b",
    re.IGNORECASE,
)
# A person's pronoun needs that person named before it ("Stalin era" names no one).
_PRONOUN = re.compile(r"\b(?:he|his|him|she|her)\b", re.IGNORECASE)
# A plural pronoun among the first words points back to the sentence before.
_EARLY_PLURAL = re.compile(r"^(?:\S+\s+){0,2}(?:they|their|them)\b", re.IGNORECASE)
# What a fact must name to stand alone: a person, the state, the party, or a date.
_ANCHOR = re.compile(
    r"Stalin|Khrushchev|Krushchev|Soviet|USSR|Communist|Party|Congress|KGB|NKVD|MVD|Gulag|"
    r"Kremlin|Pospelov|Molotov|Malenkov|Kaganovich|Lenin|\b19\d\d\b"
)
_NAME = re.compile(
    r"\b(?:Stalin|Khrushchev|Krushchev|Pospelov|Molotov|Malenkov|Kaganovich)\b(?![’']s|\s+era)"
)
_LABEL = re.compile(r"^[A-Z][\w ]{0,30}:\s")  # "Stalin: Aggressive expansionism, ..."

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
    """A short, self-contained statement quoted word for word from one passage."""

    id: str
    text: str
    passage_id: str
    citation: str
    theme: str
    date: FactDate | None = None

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


def extract_facts(passages: Iterable[Passage]) -> list[Fact]:
    """Every fact in the readings, in reading order, with ids stable across runs.

    The id counts sentences in the passage (``fact-liu-003-2`` is its second sentence),
    so tightening a rule drops a fact without renumbering the others.
    """
    facts = []
    for passage in passages:
        for number, sentence in enumerate(split_sentences(passage.text), 1):
            text = candidate(sentence)
            if text is None or text not in passage.text:
                continue
            facts.append(
                Fact(
                    id=f"fact-{passage.id}-{number}",
                    text=text,
                    passage_id=passage.id,
                    citation=passage.citation,
                    theme=theme_of(text),
                    date=parse_date(text),
                )
            )
    return facts


def candidate(sentence: str) -> str | None:
    """The sentence if it stands alone, else its first clause if that does, else None."""
    if stands_alone(sentence) and len(sentence) <= MAX_CHARS:
        return sentence
    clause = sentence.split(";", 1)[0].rstrip()
    if clause != sentence and stands_alone(clause, whole=False) and len(clause) <= MAX_CHARS:
        return clause
    return None


def stands_alone(text: str, whole: bool = True) -> bool:
    """True when ``text`` reads as a statement on its own (see the module docstring)."""
    if len(text) < MIN_CHARS or len(text.split()) < MIN_WORDS:
        return False
    if whole and not is_complete(text):
        return False
    if not text[0].isupper() or _DANGLING_OPENERS.match(text) or _LABEL.match(text):
        return False
    if "?" in text or _quote_open(text) or _DANGLING_ANYWHERE.search(text):
        return False
    if _EARLY_PLURAL.match(text):
        return False
    if not _ANCHOR.search(text):
        return False
    return not _pronoun_before_name(text)


def _quote_open(text: str) -> bool:
    """True when a quotation or bracket is left open (or a closing one has no opening)."""
    return (
        text.count("“") != text.count("”")
        or text.count('"') % 2 == 1
        or text.count("(") != text.count(")")
        or text.count("[") != text.count("]")
    )


def _pronoun_before_name(text: str) -> bool:
    """True when a personal pronoun comes before any name it could refer to."""
    pronoun = _PRONOUN.search(text)
    if pronoun is None:
        return False
    name = _NAME.search(text)
    return name is None or pronoun.start() < name.start()


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


def theme_of(text: str) -> str:
    """The comparison theme whose keywords weigh most in the fact (ties: the first theme).

    A theme's own name counts most, the words students use for it next, and its search
    words least; a few search words too loose for labelling ("secret") are left out.
    """
    folded = " ".join(words(text))
    tokens = set(folded.split())
    best, best_score = GENERAL_THEME, 0
    for theme in THEMES:
        weights = _keywords(theme.name, theme.synonyms, theme.query)
        score = sum(w for keyword, w in weights.items() if _hits(keyword, tokens, folded))
        if score > best_score:
            best, best_score = theme.name, score
    return best


def _keywords(name: str, synonyms: tuple[str, ...], query: str) -> dict[str, int]:
    weights = {word: 1 for word in fold(query).split() if word not in _LOOSE_WORDS}
    weights.update({fold(word): 2 for word in synonyms})
    weights[fold(name)] = 3
    return weights


def _hits(keyword: str, tokens: set[str], folded: str) -> bool:
    if " " in keyword:
        return f" {keyword} " in f" {folded} "
    return keyword in tokens or keyword + "s" in tokens or keyword.removesuffix("s") in tokens
