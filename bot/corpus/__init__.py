"""The readings: metadata, cleaning, passages, citations and the comparison table."""

from __future__ import annotations

import hashlib
import logging
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from bot.corpus.cleaning import clean
from bot.corpus.ids import check_source_id
from bot.corpus.passages import build_passages, format_citation
from bot.errors import BadInput, ConfigError
from bot.models import Passage, Source, TableRow

log = logging.getLogger(__name__)

# The readings sit beside the packages in a checkout; an installed copy (the Docker
# image) names their folder with the THAWBOT_SEEDS setting (Settings.seeds_dir).
SEEDS_DIR = Path(__file__).resolve().parents[2] / "seeds"
METADATA_FILE = "sources.toml"


@dataclass
class Corpus:
    """Every reading with its passages, works-cited lists and comparison table rows."""

    sources: list[Source] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    works_cited: dict[str, list[str]] = field(default_factory=dict)
    table: list[TableRow] = field(default_factory=list)


def load_corpus(seeds_dir: Path = SEEDS_DIR) -> Corpus:
    """Read, clean and cut every reading listed in ``sources.toml``."""
    corpus = Corpus()
    for meta in _metadata(seeds_dir):
        source = _source(meta)
        if any(known.id == source.id for known in corpus.sources):
            raise ConfigError(f"Two readings in {METADATA_FILE} have the id {source.id!r}")
        raw = _read(seeds_dir / source.file)
        reading = clean(raw, meta)
        corpus.sources.append(source)
        corpus.passages.extend(build_passages(source, reading, meta.get("subject")))
        corpus.works_cited[source.id] = reading.works_cited
        corpus.table.extend(_table_rows(source, meta, reading.table_lines))
    log.debug("loaded %d passages from %d readings", len(corpus.passages), len(corpus.sources))
    return corpus


def content_hash(seeds_dir: Path = SEEDS_DIR) -> str:
    """A hash of the readings, their metadata and the code that cuts them.

    The store rebuilds its passages when this changes, and only then.
    """
    digest = hashlib.sha256()
    files = [*sorted(seeds_dir.glob("*.txt")), seeds_dir / METADATA_FILE]
    files += sorted(Path(__file__).parent.glob("*.py"))
    # Stances, normalised text and ranking weights are stored with the passages too.
    files += [Path(__file__).parents[1] / name for name in ("text.py", "searchindex.py")]
    stance = Path(__file__).parents[1] / "stance"  # its rules, features and trained model
    files += [*sorted(stance.glob("*.py")), stance / "model.json"]
    for path in files:
        digest.update(path.name.encode())
        try:
            digest.update(path.read_bytes())
        except OSError as exc:
            raise ConfigError(f"Cannot read {path} (is THAWBOT_SEEDS right?): {exc}") from None
    return digest.hexdigest()[:16]


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"Cannot read the reading {path}: {exc}") from None


def _metadata(seeds_dir: Path) -> list[dict]:
    path = seeds_dir / METADATA_FILE
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)["source"]
    except (OSError, KeyError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"Cannot read the readings' metadata {path}: {exc}") from exc


def _source(meta: dict) -> Source:
    missing = [key for key in ("id", "file", "title", "author", "kind") if not meta.get(key)]
    if missing:
        where = meta.get("file") or meta.get("id") or "a [[source]] table"
        raise ConfigError(f"{where} in {METADATA_FILE} needs {', '.join(missing)}")
    try:
        check_source_id(meta["id"])
    except BadInput as exc:
        raise ConfigError(f"{METADATA_FILE}: {exc}") from None
    return Source(
        id=meta["id"],
        file=meta["file"],
        title=meta["title"],
        author=meta["author"],
        kind=meta["kind"],
        date=meta.get("date"),
        site=meta.get("site"),
        note=meta.get("note"),
    )


def _table_rows(source: Source, meta: dict, lines: list[str]) -> list[TableRow]:
    """The reading's comparison table, each declared row checked word for word."""
    table = meta.get("table")
    if not table:
        return []
    flat = " ".join(lines)
    rows = []
    for feature, stalin, khrushchev in table["rows"]:
        if f"{feature} {stalin} {khrushchev}" not in flat:
            raise ConfigError(f"Table row {feature!r} of {source.id} is not in the reading")
        citation = format_citation(source, table["heading"], 0, ()).replace(", para. 0", "")
        rows.append(
            TableRow(source.id, feature, stalin, khrushchev, f"{citation}, table row “{feature}”")
        )
    return rows
