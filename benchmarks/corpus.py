"""Synthetic corpora for the benchmarks, built from the readings' own sentences.

A school running one bot for many classes holds far more passages than the five
readings. To see how cost grows, we recombine the readings' real sentences (fixed
seed, so every run and every engine sees the same corpus) into passages of one to
three sentences, shaped like the product's own. Every word's posting list grows
with the corpus, which is the hard case for an OR-of-words query. A real library's
vocabulary grows too (Heaps' law: new names, places, terms with every new text), so
each passage also carries a few coined words drawn from a Zipf distribution over an
unbounded list: common ones recur, rare ones are new, and the distinct vocabulary
grows with the corpus (about 2,500 distinct words at 1,000 passages, 9,800 at 10,000
and 56,000 at 100,000), as it would, which is what typo correction has to search.
"""

from __future__ import annotations

import random
import re
from functools import lru_cache
from pathlib import Path

from bot.corpus import load_corpus
from bot.corpus.sentences import split_sentences
from bot.models import Passage
from bot.store import Store

SEED = 8  # the number: any fixed value gives every engine the same corpus
SENTENCES_PER_PASSAGE = (1, 2, 2, 3)  # the readings' passages are mostly two sentences
COINED_PER_PASSAGE = 4  # coined words added to each passage (see the module's docstring)
ZIPF_TAIL = 0.2  # Pareto shape of the coined words' ranks: smaller means more new words
MAX_RANK = 70**4  # coined words stay at most five syllables long
_SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]

# What users type: keywords, questions, phrases, and misspellings the engine corrects.
QUERIES = (
    "secret speech",
    "Krushchev secrit speach",
    "Malenkof",
    "Kaganovitch and Molotov",
    "why did Khrushchev denounce Stalin",
    "was de-Stalinization sincere or political",
    "destalinisation",
    "cult of personality",
    "Pospelov report",
    "Virgin Lands campaign",
    "release of political prisoners",
    "gulag camps",
    "Stalin's body removed from the mausoleim",
    "Lenin Mausoleum",
    "20th Party Congress 1956",
    "purges and show trials",
    "Hungarian revolution",
    "censorship of the arts",
    "collectivization of agriculture",
    "famine",
    "Khrushchev power struggle with his rivals",
    "thaw",
    "rehabilitation of victims",
    "what happened to the secret police",
    "Stalingrad renamed Volgograd",
    "peaceful coexistence with the West",
    "Kort 294",
    "totalitarian",
    "Cuban missile crisis",
    "how did ordinary people react to the speech",
)

_TOKEN = re.compile(r"(?u)\b\w\w+\b")
# Lucene's 33 English stop words: the list bm25s applies with stopwords="en".
ENGLISH_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "for",
        "if",
        "in",
        "into",
        "is",
        "it",
        "no",
        "not",
        "of",
        "on",
        "or",
        "such",
        "that",
        "the",
        "their",
        "then",
        "there",
        "these",
        "they",
        "this",
        "to",
        "was",
        "will",
        "with",
    ]
)


@lru_cache(maxsize=1)
def reading_sentences() -> tuple[tuple[Passage, str], ...]:
    """Every sentence of every passage, with the passage it comes from."""
    return tuple(
        (passage, sentence)
        for passage in load_corpus().passages
        for sentence in split_sentences(passage.text)
    )


def synthetic_passages(size: int, seed: int = SEED) -> list[Passage]:
    """``size`` passages ``syn-<n>``, each one to three sentences drawn from the readings.

    A passage keeps the source, title and section of its first sentence's reading, so
    it has every field a real passage has.
    """
    pool = reading_sentences()
    rng = random.Random(seed)
    out = []
    for n in range(size):
        picks = [rng.choice(pool) for _ in range(rng.choice(SENTENCES_PER_PASSAGE))]
        first = picks[0][0]
        out.append(
            Passage(
                id=f"syn-{n}",
                source=first.source,
                title=first.title,
                section=first.section,
                paragraph=n // 3 + 1,
                position=n + 1,
                text=" ".join(sentence for _passage, sentence in picks) + _coined_sentence(rng),
                citation=f"synthetic passage {n} (sentences from {first.citation})",
                subject=first.subject,
            )
        )
    return out


def _coined_sentence(rng: random.Random) -> str:
    """ " Zapeku, lovi and semarta." : coined words of Zipf-distributed rank."""
    ranks = [min(int(rng.paretovariate(ZIPF_TAIL)), MAX_RANK) for _ in range(COINED_PER_PASSAGE)]
    coined = [coined_word(rank) for rank in ranks]
    return " " + ", ".join(coined[:-1]).capitalize() + " and " + coined[-1] + "."


def coined_word(rank: int) -> str:
    """The coined word of a rank: syllables spelling the rank in base 70 (2+ syllables)."""
    parts = []
    rank += len(_SYLLABLES)
    while rank:
        rank, digit = divmod(rank, len(_SYLLABLES))
        parts.append(_SYLLABLES[digit])
    return "".join(parts)


def synthetic_store(passages: list[Passage], path: Path | None = None) -> Store:
    """A real :class:`Store` holding ``passages``, indexed by the product's own path."""
    store = Store(path)
    store.index_passages(passages)
    return store


def simple_tokens(text: str, stopwords: bool = True) -> list[str]:
    """Lower-cased words of two letters or more: the tokenizer a rank_bm25 user writes."""
    found = _TOKEN.findall(text.lower())
    return [word for word in found if word not in ENGLISH_STOPWORDS] if stopwords else found
