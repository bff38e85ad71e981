"""Split prose into whole sentences without breaking on abbreviations or initials."""

from __future__ import annotations

import re

# Words that end with a period but do not end a sentence in these readings.
ABBREVIATIONS = frozenset(
    {"qtd", "e.g", "i.e", "etc", "vs", "dr", "mr", "mrs", "st", "no", "vol", "ed", "eds", "pp"}
    | {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
)

# A boundary candidate: terminal punctuation, optional closing quotes/brackets, whitespace,
# then something that can open a sentence (a capital, a digit, an opening quote or bracket).
_BOUNDARY = re.compile(r"[.!?][\"”’)\]]*\s+(?=[\"“‘(\[]*[A-Z0-9•])")
_TERMINAL = re.compile(r"[.!?][\"”’)\]]*$")


def split_sentences(text: str) -> list[str]:
    """Return the sentences of ``text`` in order; the pieces join back to the text."""
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        if _is_abbreviation(text, match.start()) or _inside_quote(text[start:end]):
            continue
        sentences.append(text[start:end].strip())
        start = end
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def is_complete(sentence: str) -> bool:
    """True when the sentence ends with terminal punctuation (not cut off by a page break)."""
    return bool(_TERMINAL.search(sentence.rstrip()))


def _inside_quote(text: str) -> bool:
    """True when a quotation opened in ``text`` is still open at its end."""
    return text.count("“") > text.count("”") or text.count('"') % 2 == 1


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
