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
    out = []
    for match in _WORD.finditer(folded.replace("-", " ")):
        word = match.group(0).removesuffix("'s").replace("'", "")
        if word:
            out.append(spelling(word))
    return out


def index_text(text: str) -> str:
    """The text FTS5 indexes: normalised words joined by spaces."""
    return " ".join(words(text))
