"""Split prose into whole sentences without breaking on abbreviations or initials.

A tested rule-based segmenter: it knows scholarly abbreviations ("p.", "pp.", "qtd.",
"vol.", "ca.", "etc."), initials, a footnote marker or a citation after the full stop
("...Volgograd.[2] Next", "...opposition. (Merriman, 2010:954) This"), and quotation
marks a page left unbalanced (a stray opening mark, a quotation the scrape cut off).
"""

from __future__ import annotations

import re

# Words that end with a period but do not end a sentence in these readings.
ABBREVIATIONS = frozenset(
    {"qtd", "e.g", "i.e", "etc", "vs", "dr", "mr", "mrs", "st", "no", "vol", "ed", "eds", "pp"}
    | {"p", "ca", "cf", "al", "fig", "ch", "trans", "n.d", "repr", "esp", "approx", "c"}
    | {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
)

# A boundary candidate: terminal punctuation, optional closing quotes/brackets, whitespace,
# then something that can open a sentence (a capital, a digit, an opening quote or bracket).
_BOUNDARY = re.compile(r"[.!?][\"”’)\]]*(?:\[\d{1,3}\])*\s+(?=[\"“‘(\[]*[A-Z0-9•])")
_TERMINAL = re.compile(r"[.!?][\"”’)\]]*(?:\[\d{1,3}\])*$")
# A parenthetical citation placed after the full stop belongs to the sentence before it.
_TRAILING_CITATION = re.compile(r"\([^()]{0,80}\d[^()]{0,20}\)(?=\s+[\"“‘A-Z]|\s*$)")


def split_sentences(text: str) -> list[str]:
    """Return the sentences of ``text`` in order; the pieces join back to the text."""
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        if match.start() < start or _is_abbreviation(text, match.start()):
            continue
        if _inside_quote(text[start:end], text[end:]):
            continue
        cited = _TRAILING_CITATION.match(text, end)
        if cited:
            end = cited.end()
        sentences.append(text[start:end].strip())
        start = end
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def is_complete(sentence: str) -> bool:
    """True when the sentence ends with terminal punctuation (not cut off by a page break)."""
    return bool(_TERMINAL.search(sentence.rstrip()))


def _inside_quote(text: str, rest: str) -> bool:
    """True when a quotation opened in ``text`` is still open at its end.

    A second opening mark before any closing one is a stray ("the “excesses and “errors”"),
    not a quotation inside a quotation; a quotation that never closes in ``rest`` (the
    scrape cut it off) does not hold the sentences after it together.
    """
    depth = 0
    for char in text:
        if char == "“":
            depth = 1
        elif char == "”":
            depth = 0
    if depth and "”" in rest:
        return True
    return text.count('"') % 2 == 1 and '"' in rest


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the period at ``dot`` closes an abbreviation or an initial like 'M.'."""
    if text[dot] != ".":
        return False
    word = re.search(r"([\w.]+)$", text[:dot])
    if not word:
        return False
    token = word.group(1)
    if len(token) == 1 and token.isupper():
        return True  # an initial: "Lazar M. Kaganovich", "N. S. Khrushchev"
    return token.lower() in ABBREVIATIONS
