"""Understanding a question: its concepts, corrections, and what the readings lack.

A typed word becomes a concept: the word and its alternatives (a corrected spelling,
a name as the readings spell it, synonyms), with a weight for how much it is about
the readings' topic (filler words count little) and how rare it is in them. A real
English word is never changed into another word: only a word found neither in the
readings nor in English may be corrected, by the sound of a name (consonant
skeleton) or by edit distance. A word that is neither in the readings nor
correctable is *missing*: reported when it is a key term of the question, dropped
when it is filler.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from bot import meaning
from bot.searchindex import SearchIndex
from bot.searchvocab import CYRILLIC, STOPWORDS, SYNONYMS
from bot.searchwords import KEY_WORD, english, expand, is_real, skeleton, weight
from bot.text import words

MAX_TERMS = 12
MIN_FIX_LENGTH = 5
COMMON_WORD = 5  # in this many passages or more
RARE = 3  # a word in at most this many passages may be a misspelling of a common one
COMMONER = 5
CACHED_FIXES = 4096  # corrections remembered per engine
NAME_LIKENESS = 55  # rapidfuzz ratio a name with the same skeleton must also reach
NEAR_LIKENESS = 70  # ... and one a skeleton edit away
RELATED = 0.35  # cosine from which a readings' word stands in for an English word they lack
RELATED_WORDS = 3
RELATED_WEIGHT = 0.5


@dataclass(frozen=True, slots=True)
class Concept:
    """One word of the question and what may stand for it in the readings."""

    word: str
    options: tuple[str, ...]
    weight: float  # 0.15 (filler) .. 1 (the readings' topic)
    rarity: float  # 0 (in every passage) .. 1 (in one)
    stand_in: bool = False  # only the readings' words nearest in meaning stand for it


@dataclass(slots=True)
class Plan:
    """What the engine understood of a question."""

    concepts: list[Concept] = field(default_factory=list)
    corrections: dict[str, str] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # filler words no reading has
    related: dict[str, tuple[str, ...]] = field(default_factory=dict)  # typed -> searched also


class Understanding:
    """Turns questions into plans against one index (corrections cached per word)."""

    def __init__(self, index: SearchIndex) -> None:
        self.index = index
        self.vocabulary = index.vocabulary
        # (0, first letter, length) and (1, second letter, length) -> corpus words
        self._buckets: dict[tuple[int, str, int], list[str]] = {}
        self._names = [w for group in index.names.values() for w in group]
        self.fix = lru_cache(maxsize=CACHED_FIXES)(self._fix)
        self._variant = lru_cache(maxsize=CACHED_FIXES)(self._variant_of)
        self.related = lru_cache(maxsize=CACHED_FIXES)(self._related)

    def _related(self, token: str) -> tuple[str, ...]:
        """The readings' words closest in meaning to an English word they lack."""
        words, matrix = self.index.word_vectors()
        if not words:
            return ()
        scores = matrix @ meaning.embed_one(token)
        best = np.argsort(-scores)[:RELATED_WORDS]
        return tuple(words[i] for i in best if scores[i] >= RELATED)

    def plan(self, query: str, prefix: bool = False) -> Plan:
        """Concepts of ``query`` in order, with corrections and missing key terms."""
        text = expand(query)
        tokens = words(text)
        if prefix and text.split():
            tail = words(text.split()[-1])  # the unfinished word and the forms read into it
            if tail and tokens[-len(tail) :] == tail:  # ("dec" is not yet "december")
                tokens = tokens[: -len(tail)] + tail[:1]
        content = [t for t in tokens if t not in STOPWORDS] or tokens
        plan = Plan()
        seen: set[str] = set()
        for position, token in enumerate(content[:MAX_TERMS]):
            if token in seen:
                continue
            seen.add(token)
            unfinished = prefix and position == len(content) - 1
            concept = self._concept(token, unfinished, plan)
            if concept is not None:
                plan.concepts.append(concept)
        return plan

    def _concept(self, token: str, unfinished: bool, plan: Plan) -> Concept | None:
        if not token.isascii() and token not in self.vocabulary:
            token = token.translate(CYRILLIC)
        if token not in self.vocabulary and token.endswith("s") and token[:-1] in self.vocabulary:
            token = token[:-1]  # a plural or possessive typed without its apostrophe
        options = [token]
        if not unfinished and not token.isdigit() and token not in SYNONYMS:
            if self.known(token):  # kept as typed; a reading's rare spelling also finds
                variant = self._variant(token)  # the common one, without "correcting" it
                if variant:
                    options.append(variant)
            else:
                fixed = self.fix(token)
                if fixed:
                    options.append(fixed)
                    plan.corrections[token] = fixed
        for word in options[:]:
            options.extend(s for s in SYNONYMS.get(word, ()) if s not in options)
        found = [o for o in options if self.known(o)]
        if not found and not unfinished and token.isalpha() and is_real(token):
            near = self.related(token)
            if near:  # an English word the readings say otherwise ("shut": "close")
                plan.related[token] = near
                (plan.missing if _is_key(token) else plan.dropped).append(token)
                return Concept(
                    token,
                    (token, *near),
                    RELATED_WEIGHT * self._weight(list(near)),
                    self._rarity(list(near)),
                    stand_in=True,
                )
        if not found and not unfinished:
            (plan.missing if _is_key(token) else plan.dropped).append(token)
            return None
        return Concept(token, tuple(options), self._weight(found or options), self._rarity(found))

    def known(self, word: str) -> bool:
        """True when some passage holds the word (or a word with its stem)."""
        if word in self.vocabulary:
            return True
        return any(self.index.document_frequency(t) for t in self.index.terms(word))

    def _weight(self, options: list[str]) -> float:
        rows = self.index.rows
        best = max(
            weight(o, self.vocabulary.get(o, self._frequency(o)), rows, self.index.words_per_row)
            for o in options
        )
        return best

    def _frequency(self, word: str) -> int:
        return max((self.index.document_frequency(t) for t in self.index.terms(word)), default=0)

    def _rarity(self, options: list[str]) -> float:
        rows = max(self.index.rows, 2)
        held = max((self._frequency(o) for o in options), default=0)
        if not held:
            return 1.0
        return max(0.0, math.log(rows / held) / math.log(rows))

    def _fix(self, token: str) -> str | None:
        """The readings' word a word they lack was meant to be, or None.

        A real English word is never changed. A name is matched by its sound first
        (``_sounded``), then any word by edit distance (``_correct``).
        """
        if is_real(token) or len(token) < 4:
            return None
        return self._sounded(token) or self._correct(token)

    def _sounded(self, token: str) -> str | None:
        """A name of the readings that sounds like ``token`` ("kroozchev" -> "khrushchev").

        Same consonant skeleton, or one skeleton edit away for skeletons of three or
        more; the spelling must also look alike (rapidfuzz ratio), and the commonest
        name wins.
        """
        key = skeleton(token)
        if len(key) < 2:
            return None
        near = list(self.index.names.get(key, ()))
        if len(key) >= 3:
            near += [
                n
                for n in self._names
                if abs(len(skeleton(n)) - len(key)) <= 1
                and Levenshtein.distance(skeleton(n), key, score_cutoff=1) <= 1
                and n not in near
            ]
        alike = [
            n
            for n in near
            if fuzz.ratio(token, n) >= (NAME_LIKENESS if skeleton(n) == key else NEAR_LIKENESS)
        ]
        if not alike:
            return None
        best = max(alike, key=lambda n: (skeleton(n) == key, self.vocabulary.get(n, 0)))
        return self._variant(best) or best

    def _variant_of(self, token: str) -> str | None:
        """A much commoner spelling one edit away of a word that is not English
        ("Krushchev" -> "khrushchev"): a reading's misspelling of a name."""
        vocab = self.vocabulary
        if len(token) < 6 or token not in vocab or vocab[token] > RARE or is_real(token):
            return None
        near = self._near(token, edits=1, limit=4)
        common = [w for w, _d, _i in near if vocab[w] >= COMMONER * vocab[token]]
        return max(common, key=vocab.__getitem__) if common else None

    def _correct(self, token: str) -> str | None:
        """A misspelling's corpus word by edit distance ("secrit" -> "secret").

        One edit for words of five letters or more. More edits (two from seven
        letters, three from ten) only towards a word common in the readings that
        starts with the same two letters. A fix that lands on a rare spelling of a
        common word goes on to that word.
        """
        if len(token) < MIN_FIX_LENGTH:
            return None
        vocab = self.vocabulary
        allowed = 1 if len(token) < 7 else 2 if len(token) < 10 else 3
        matches = [
            (word, edits, i)
            for word, edits, i in self._near(token, edits=allowed, limit=8)
            if edits == 1 or (word[:2] == token[:2] and vocab[word] >= COMMON_WORD)
        ]
        if not matches:
            return None
        best = min(matches, key=lambda m: (m[1], m[0][0] != token[0], -vocab[m[0]]))[0]
        return self._variant(best) or best

    def _near(self, token: str, edits: int, limit: int) -> list[tuple[str, int, int]]:
        """Corpus words near ``token``, closest first: one edit away among words that
        share its first letter or its second, and up to ``edits`` away among the words
        common in the readings (``COMMON_WORD``) that start with its first two letters
        (the only farther fixes ``_correct`` accepts).

        The words are bucketed once per index by those letters and by length, so a new
        misspelling is compared with a few buckets, never the whole vocabulary: in a
        growing library most words are rare, and rare words are only one edit away.
        """
        buckets = self._buckets
        if not buckets:
            for word in self.vocabulary:
                size = len(word)
                buckets.setdefault((0, word[0], size), []).append(word)
                buckets.setdefault((1, word[1:2], size), []).append(word)
                if self.vocabulary[word] >= COMMON_WORD:
                    buckets.setdefault((2, word[:2], size), []).append(word)
        size = len(token)
        close: list[str] = []
        for length in range(size - 1, size + 2):
            close += buckets.get((0, token[0], length), ())
            close += buckets.get((1, token[1], length), ())
        found = process.extract(
            token, close, scorer=Levenshtein.distance, limit=2 * limit, score_cutoff=1
        )  # a word sharing both letters is listed twice
        if edits > 1:
            far: list[str] = []
            for length in range(size - edits, size + edits + 1):
                far += buckets.get((2, token[:2], length), ())
            found += process.extract(
                token, far, scorer=Levenshtein.distance, limit=limit, score_cutoff=edits
            )
        unique = {word: (word, distance, at) for word, distance, at in reversed(found)}
        return sorted(unique.values(), key=lambda m: (m[1], m[2]))[:limit]


def _is_key(word: str) -> bool:
    """A word the readings lack that the question turns on (a name, a rare word),
    as opposed to filler English ("stuff", "really")."""
    return len(word) > 2 and not word.isdigit() and english(word) < KEY_WORD
