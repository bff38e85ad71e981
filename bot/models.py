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


@dataclass(frozen=True, slots=True)
class SearchResult:
    """Ranked hits plus what the engine understood of the query."""

    query: str
    hits: tuple[Hit, ...]
    corrections: dict[str, str] = field(default_factory=dict)

    @property
    def hint(self) -> str | None:
        """A short note for the user when the query was corrected or found nothing."""
        if not self.hits:
            return "No passage matches. Try fewer or different words, e.g. 'secret speech'."
        if self.corrections:
            fixed = ", ".join(f"{a} → {b}" for a, b in self.corrections.items())
            return f"Searched with corrected spelling: {fixed}."
        return None


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
