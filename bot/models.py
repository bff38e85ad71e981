"""Plain result types shared by the domain, the renderer, the console and the CLI."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is acting: a Discord member or a console user, as the domain sees them."""

    id: int
    name: str
    is_moderator: bool = False
    is_owner: bool = False  # the bot's owner (Discord's application owner): /sync
    may_post: bool = True  # may post in the channel acted in (the bot posts only then)


@dataclass(frozen=True, slots=True)
class Source:
    """One reading, with the metadata from ``seeds/sources.toml``."""

    id: str
    file: str
    title: str
    author: str
    kind: str
    date: str | None = None
    site: str | None = None
    note: str | None = None

    @property
    def short_title(self) -> str:
        """The title before any subtitle, as a citation shows it."""
        return re.split(r"(?<=\?)\s|:", self.title)[0].strip()


@dataclass(frozen=True, slots=True)
class Reference:
    """An in-text citation such as ``(Kort 294)`` and the works-cited entry it points to."""

    in_text: str
    entry: str | None = None


@dataclass(frozen=True, slots=True)
class Passage:
    """A run of one to three whole sentences from a reading, quoted word for word."""

    id: str
    source: str
    title: str
    section: str | None
    paragraph: int
    position: int
    text: str
    citation: str
    references: tuple[Reference, ...] = ()
    subject: str | None = None
    stance: str = "neutral"
    stance_reasons: tuple[str, ...] = ()
    stance_confidence: float = 0.0  # calibrated probability of ``stance`` (bot.stance.read)

    def to_json(self, score: float | None = None) -> dict[str, Any]:
        """The command-line contract: these keys are relied on by outside scripts."""
        data: dict[str, Any] = {
            "id": self.id,
            "source": self.source,
            "title": self.title,
            "section": self.section,
            "text": self.text,
            "citation": self.citation,
            "references": [asdict(ref) for ref in self.references],
            "stance": self.stance,
            "stance_reasons": list(self.stance_reasons),
            "stance_confidence": round(self.stance_confidence, 3),
        }
        if score is not None:
            data["score"] = round(score, 4)
        return data


@dataclass(frozen=True, slots=True)
class Hit:
    """A ranked search result."""

    passage: Passage
    score: float
    matched_terms: tuple[str, ...] = ()  # the question's words this passage contains


@dataclass(frozen=True, slots=True)
class SearchResult:
    """Ranked hits plus what the engine understood of the query."""

    query: str
    hits: tuple[Hit, ...]
    corrections: dict[str, str] = field(default_factory=dict)
    missing: tuple[str, ...] = ()  # key words of the question no reading mentions
    confidence: float = 0.0  # 0..1: how well the first passage answers (see bot.search)
    unmatched: tuple[str, ...] = ()  # everyday words of the question no reading has
    # English words no reading has -> the readings' words nearest in meaning, searched too
    related: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def hint(self) -> str | None:
        """A short note for the user: corrections, what the readings lack, or nothing found."""
        notes = []
        if self.corrections:
            fixed = ", ".join(f"{a} → {b}" for a, b in self.corrections.items())
            notes.append(f"Searched with corrected spelling: {fixed}.")
        absent = tuple(w for w in self.missing if w not in self.related)
        if absent:
            notes.append(f"The readings do not mention {_listed(absent)}.")
            if self.hits:
                notes.append("These passages answer the rest of the question.")
        instead = {w: self.related[w] for w in self.missing if w in self.related}
        if instead and self.hits:
            near = "; ".join(f"“{w}” as {', '.join(a)}" for w, a in instead.items())
            notes.append(f"Searched for words the readings use instead: {near}.")
        if not self.hits:
            lacking = (
                f" (nothing in the readings matches {_listed(self.unmatched)})"
                if self.unmatched
                else ""
            )
            notes.append(
                f"No passage matches well enough to answer it{lacking}. "
                "Try other words, or a name or event the readings cover, e.g. 'secret speech'."
            )
        return " ".join(notes) or None


def _listed(words: tuple[str, ...]) -> str:
    """ "Tito", "Tito or “tall”", "Tito, Brezhnev or Zhukov": a word English does not
    commonly use is shown as a name, any other in quotes."""
    from bot.searchwords import english  # local: models stay free of wordfreq at import

    shown = [w.capitalize() if english(w) < 4.0 else f"“{w}”" for w in words]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]


@dataclass(frozen=True, slots=True)
class TableRow:
    """A row of a reading's own Stalin/Khrushchev comparison table, verified word for word."""

    source: str
    feature: str
    stalin: str
    khrushchev: str
    citation: str


@dataclass(frozen=True, slots=True)
class Comparison:
    """Stalin and Khrushchev side by side on one theme."""

    theme: str
    stalin: tuple[Hit, ...]
    khrushchev: tuple[Hit, ...]
    table: tuple[TableRow, ...] = ()
    fallback: bool = False

    def to_json(self) -> dict[str, Any]:
        """The command-line contract for ``compare``."""
        return {
            "theme": self.theme,
            "stalin": [hit.passage.to_json(hit.score) for hit in self.stalin],
            "khrushchev": [hit.passage.to_json(hit.score) for hit in self.khrushchev],
            "fallback": self.fallback,
            "table": [
                {
                    "feature": r.feature,
                    "stalin": r.stalin,
                    "khrushchev": r.khrushchev,
                    "citation": r.citation,
                }
                for r in self.table
            ],
        }
