"""Text normalisation shared by indexing and querying, so both sides agree on words."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'"})
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")
_HYPHENATED = re.compile(r"\b([^\W_]+)(?:-([^\W_]+))+\b")
# British spellings folded to American ones, so "destalinisation" finds "destalinization".
_SPELLING = [
    (re.compile(r"(?<=[a-z]{3})is(ation|ations|ing|ed|es|e)$"), r"iz\1"),
    (re.compile(r"(?<=[a-z]{3})ys(ing|ed|es|e)$"), r"yz\1"),
    (re.compile(r"(?<=[a-z]{2}[blvnm])our(s|ed|ing)?$"), r"or\1"),
    (re.compile(r"(?<=[a-z]{3})ence$"), r"ense"),
    (re.compile(r"(?<=[a-z]{4})mme$"), r"m"),
]
_SPELLING_EXCEPTIONS = frozenset(
    {
        "rise",
        "wise",
        "promise",
        "premise",
        "otherwise",
        "likewise",
        "exercise",
        "precise",
        "concise",
        "surprise",
        "enterprise",
        "expertise",
        "compromise",
        "advertise",
        "franchise",
        "merchandise",
        "paradise",
        "demise",
        "despise",
        "revise",
        "devise",
        "supervise",
        "praise",
        "raise",
        "noise",
        "poise",
        "cruise",
        "bruise",
        "chaise",
        "arise",
        "house",
        "cause",
        "because",
        "analysis",
        "crisis",
        "thesis",
        "basis",
        "emphasis",
        "hour",
        "four",
        "your",
        "pour",
        "tour",
        "sour",
        "flour",
        "our",
        "difference",
        "science",
        "presence",
        "evidence",
        "sentence",
        "experience",
        "influence",
        "existence",
        "violence",
        "silence",
        "independence",
        "conference",
        "audience",
        "confidence",
        "coexistence",
        "dependence",
        "reference",
        "intelligence",
        "preference",
        "consequence",
        "prudence",
        "residence",
        "sequence",
        "adolescence",
        "licence",
        "absence",
        "defence",
        "offence",
        "pretence",
        "sence",
        "programme",
    }
)
_SPELLING_FIXED = {
    "defence": "defense",
    "offence": "offense",
    "pretence": "pretense",
    "licence": "license",
    "programme": "program",
}


_GROUPED_NUMBER = re.compile(r"\b\d{1,3}(?:,\d{3})+\b")  # "468,000" is also "468000"
_ORDINAL = re.compile(r"(\d+)(?:st|nd|rd|th)")
_MONTHS = {
    "jan": "january",
    "feb": "february",
    "apr": "april",
    "jun": "june",
    "jul": "july",
    "aug": "august",
    "sep": "september",
    "sept": "september",
    "oct": "october",
    "nov": "november",
    "dec": "december",
}


def _ordinal_words() -> dict[str, str]:
    """'tenth' -> '10th' ... 'twentysecond' -> '22nd' (hyphens are joined before this)."""
    units = [
        "",
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
    ]
    teens = [
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
    ]
    tens = {
        20: "twent",
        30: "thirt",
        40: "fort",
        50: "fift",
        60: "sixt",
        70: "sevent",
        80: "eight",
        90: "ninet",
    }
    table = {name: f"{10 + i}th" for i, name in enumerate(teens)}
    for value, stem in tens.items():
        table[f"{stem}ieth"] = f"{value}th"
        for unit, name in enumerate(units[1:], 1):
            number = value + unit
            suffix = {1: "st", 2: "nd", 3: "rd"}.get(unit, "th")
            table[f"{stem}y{name}"] = f"{number}{suffix}"
    return table


_ORDINAL_WORDS = _ordinal_words()


def fold(text: str) -> str:
    """Lowercase, NFKC, straight quotes, no diacritics: the form every comparison uses."""
    if text.isascii():  # NFKC, the quote table and diacritics only touch non-ASCII
        return text.casefold()
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=65536)
def spelling(word: str) -> str:
    """One word with British spelling folded to American (the readings mix both).

    Cached: indexing a large corpus meets the same words again and again.
    """
    if word in _SPELLING_FIXED:
        return _SPELLING_FIXED[word]
    if word in _SPELLING_EXCEPTIONS or len(word) < 5:
        return word
    for pattern, repl in _SPELLING:
        new = pattern.sub(repl, word)
        if new != word:
            return new
    return word


def words(text: str) -> list[str]:
    """The normalised words of a text, with hyphenated compounds both joined and split.

    "De-Stalinisation" gives ["destalinization", "de", "stalinization"] so that either
    spelling of the compound, or its second half alone, finds it.
    """
    folded = _HYPHENATED.sub(lambda m: m.group(0).replace("-", "") + " " + m.group(0), fold(text))
    folded = _GROUPED_NUMBER.sub(lambda m: m.group(0).replace(",", "") + " " + m.group(0), folded)
    out = []
    for match in _WORD.finditer(folded.replace("-", " ")):
        word = match.group(0).removesuffix("'s").replace("'", "")
        if word:
            word = spelling(word)
            out.append(word)
            out.extend(_also(word))
    return out


@lru_cache(maxsize=65536)
def _also(word: str) -> tuple[str, ...]:
    """Other forms a word is found by: "25th" by "25", "twentieth" by "20th", "feb" by
    "february", so dates and congresses match however they are written."""
    ordinal = _ORDINAL.fullmatch(word)
    if ordinal:
        return (ordinal.group(1),)
    if word in _ORDINAL_WORDS:
        number = _ORDINAL_WORDS[word]
        return (number, number.rstrip("stndrh"))
    if word in _MONTHS:
        return (_MONTHS[word],)
    return ()


def index_text(text: str) -> str:
    """The text FTS5 indexes: normalised words joined by spaces."""
    return " ".join(words(text))
