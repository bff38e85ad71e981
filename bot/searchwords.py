"""What a typed word is: chat shorthand, a real English word, filler, or a name's sound.

General knowledge about English and about how students type, never about one reading:
``wordfreq`` (which ships its own frequency data) says whether a word is English and
how common it is; the corpus says how much a word is about the readings' topic.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from wordfreq import zipf_frequency

REAL_WORD = 3.0  # wordfreq zipf: at least this common in English, a word is never corrected
KEY_WORD = 4.9  # below this, an English word the readings lack is a key term of the question
# Chat shorthand and symbols as students type them (general English, not the readings').
SHORTHAND = {
    "ppl": "people",
    "u": "you",
    "ur": "your",
    "r": "are",
    "y": "why",
    "wat": "what",
    "wut": "what",
    "abt": "about",
    "bout": "about",
    "frm": "from",
    "tho": "though",
    "thru": "through",
    "bc": "because",
    "cuz": "because",
    "coz": "because",
    "b4": "before",
    "govt": "government",
    "gov": "government",
    "hr": "hour",
    "hrs": "hours",
    "yr": "year",
    "yrs": "years",
    "imo": "",
    "imho": "",
    "pls": "",
    "plz": "",
    "idk": "",
    "lol": "",
    "ded": "dead",
    "n": "and",
    "nd": "and",
    "vs": "versus",
    "w": "with",
    "wo": "without",
    "2": "two",
    "4": "for",
    "ww1": "world war i",
    "ww2": "world war ii",
    "wwi": "world war i",
    "wwii": "world war ii",
}
_SYMBOLS = [
    (re.compile(r"<\s*(\d)"), r" less than \1"),
    (re.compile(r">\s*(\d)"), r" more than \1"),
    (re.compile(r"%"), " percent "),
    (re.compile(r"&"), " and "),
    (re.compile(r"\+"), " and "),
    (re.compile(r"=+"), " means "),
    (re.compile(r"\bw/o\b", re.I), " without "),
    (re.compile(r"\bw/", re.I), " with "),
    (re.compile(r"/"), " "),
    (re.compile(r"\b(\d+)(hrs?|yrs?|min)\b", re.I), r"\1 \2"),  # "4hr" -> "4 hr"
]
_SHORTHAND_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")


def expand(text: str) -> str:
    """The query with symbols spelt out and chat shorthand replaced by the words meant.

    A standalone "2" is "two" only between words ("2 faced"), never inside a number
    or date, and shorthand is looked up as whole words only.
    """
    for pattern, repl in _SYMBOLS:
        text = pattern.sub(repl, text)

    def word(match: re.Match[str]) -> str:
        typed = match.group(0)
        meant = SHORTHAND.get(typed.lower())
        if meant is None or (typed.isdigit() and not _between_words(match)):
            return typed
        return meant

    return _SHORTHAND_WORD.sub(word, text)


def _between_words(match: re.Match[str]) -> bool:
    before = match.string[: match.start()].rstrip()
    after = match.string[match.end() :].lstrip()
    return bool(before[-1:].isalpha() and after[:1].isalpha())


@lru_cache(maxsize=65536)
def english(word: str) -> float:
    """How common ``word`` is in English (wordfreq's zipf scale: 0 unknown, 7 'the')."""
    return zipf_frequency(word, "en")


def is_real(word: str) -> bool:
    """A real English word: it may be searched for, never 'corrected' into another."""
    return english(word) >= REAL_WORD


def weight(word: str, passages: int, rows: int, words_per_row: float) -> float:
    """How much a query word is about the readings' topic, from 0.15 (filler) to 1.

    Keyness: the word's frequency in the corpus against its frequency in English, on
    the same (zipf) scale. "long", "actually", "show" are as common in English as in
    the readings, so they barely count; "thaw", "camps", "Stalin" are far commoner in
    the readings than in English. A word English does not know counts fully.
    """
    general = english(word)
    if general <= 0 or rows <= 0:
        return 1.0
    in_corpus = math.log10(max(passages, 1) / (rows * max(words_per_row, 1.0)) * 1e9)
    return min(1.0, max(0.15, 0.5 + (in_corpus - general) / 3.0))


_DIGRAPHS = [
    ("shch", "s"),
    ("sch", "s"),
    ("tch", "s"),
    ("ch", "s"),
    ("sh", "s"),
    ("zh", "s"),
    ("kh", "k"),
    ("ck", "k"),
    ("ph", "f"),
    ("th", "t"),
    ("gh", "g"),
]
_SOUNDS = str.maketrans("cqzxwvdbgj", "kkssfftpkk")
_VOWELS = re.compile(r"[aeiouyh]")


@lru_cache(maxsize=65536)
def skeleton(word: str) -> str:
    """A name's consonant skeleton, as it sounds: spellings of one name share it.

    "Khrushchev", "Kruschev", "Krushev" and "Kroozchev" all give "krsf"; "Molotof"
    and "Molotov" give "mltf". Digraphs become one sound, letters that sound alike
    one letter, vowels and h go, and doubled letters count once. A trailing "s" (a
    plural or a possessive typed without its apostrophe) is dropped first.
    """
    text = word.lower()
    if len(text) > 4 and text.endswith("s") and not text.endswith("ss"):
        text = text[:-1]
    for digraph, sound in _DIGRAPHS:
        text = text.replace(digraph, sound)
    text = _VOWELS.sub("", text.translate(_SOUNDS))
    return re.sub(r"(.)\1+", r"\1", text)
