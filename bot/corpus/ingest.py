"""Load one reading a teacher brings: a file or pasted text, plus its metadata.

    reading = load_reading(Path("chapter.pdf"), {"id": "freeze-ch13", "title": ...,
                                                 "author": ..., "kind": ...})

Formats: ``.txt`` and ``.md`` as they are, ``.html``/``.htm`` through trafilatura (the
page's main text), ``.pdf`` through pypdf, ``.docx`` through python-docx. Files above
:data:`MAX_BYTES` are refused. Every refusal is a :class:`~bot.errors.BadInput` whose
message says what to change; nothing is returned half-built. The text then goes through
the same cleaning, sentences and citations as the built-in readings, and
:func:`check_report` lists every line left out and why (``meta["keep"]`` keeps a line
back).
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.corpus.chrome import Dropped
from bot.corpus.cleaning import clean
from bot.corpus.ids import check_source_id
from bot.corpus.passages import build_passages
from bot.errors import BadInput
from bot.models import Passage, Source

log = logging.getLogger(__name__)

MAX_BYTES = 10 * 1024 * 1024  # a 100-page PDF is ~1-5 MB; a saved web page far less
MAX_CHARS = 2_000_000  # extracted text, whatever the format
FORMATS = (".txt", ".md", ".html", ".htm", ".pdf", ".docx")
REQUIRED = ("id", "title", "author", "kind")


@dataclass
class Reading:
    """A reading ready to add: its source, passages, reference list and what was dropped."""

    source: Source
    passages: list[Passage]
    works_cited: list[str]
    dropped: list[Dropped] = field(default_factory=list)


def load_reading(path: Path, meta: dict[str, Any]) -> Reading:
    """Read ``path`` (any of :data:`FORMATS`) and cut it into cited passages."""
    path = Path(path)
    return load_text(read_file_text(path), {"file": path.name, **meta})


def read_file_text(path: Path) -> str:
    """The text of a reading's file, after the checks every way in shares: a known format,
    at most :data:`MAX_BYTES`, readable, and text that can be extracted."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise BadInput(
            f"“{path.name}” is a {suffix or 'file without an extension'}: a reading can be "
            f"{', '.join(FORMATS)}."
        )
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise BadInput(
                f"“{path.name}” is {size / 1024 / 1024:.1f} MB; the limit is "
                f"{MAX_BYTES // 1024 // 1024} MB. Split it, or save only the chapter you need."
            )
        data = path.read_bytes()
    except OSError as exc:
        raise BadInput(f"Cannot read “{path.name}”: {exc.strerror or exc}.") from None
    return extract_text(path.name, data)


def extract_text(name: str, data: bytes) -> str:
    """The plain text of a file's bytes, by the file name's extension."""
    suffix = Path(name).suffix.lower()
    try:
        if suffix in (".html", ".htm"):
            return _html(data)
        if suffix == ".pdf":
            return _pdf(data)
        if suffix == ".docx":
            return _docx(data)
        return _markdown(data.decode("utf-8-sig")) if suffix == ".md" else data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadInput(f"“{name}” is not UTF-8 text: save it as UTF-8 and try again.") from None
    except BadInput:
        raise
    except Exception as exc:  # a damaged PDF or Word file: the libraries raise many kinds
        log.info("could not extract %s: %r", name, exc)
        raise BadInput(f"“{name}” could not be read as {suffix}: is the file damaged?") from None


def load_text(text: str, meta: dict[str, Any]) -> Reading:
    """Clean and cut pasted or extracted ``text`` into a reading with ``meta``."""
    source = source_of(meta)
    if len(text) > MAX_CHARS:
        raise BadInput(f"The reading is {len(text):,} characters; the limit is {MAX_CHARS:,}.")
    if not text.strip():
        raise BadInput("The reading has no text (a scanned PDF has only images of pages).")
    reading = clean(text, meta)
    passages = build_passages(source, reading, meta.get("subject"))
    if not passages:
        raise BadInput(
            "No whole sentence is left once the page's chrome is removed: check the text, "
            "or keep lines back with keep."
        )
    return Reading(source, passages, reading.works_cited, reading.dropped)


def source_of(meta: dict[str, Any]) -> Source:
    """The :class:`Source` a reading's metadata describes, or :class:`BadInput` saying why not."""
    missing = [key for key in REQUIRED if not str(meta.get(key) or "").strip()]
    if missing:
        raise BadInput(f"A reading needs {', '.join(missing)} (missing or empty).")
    return Source(
        id=check_source_id(str(meta["id"]).strip()),
        file=str(meta.get("file") or "pasted text"),
        title=str(meta["title"]).strip(),
        author=str(meta["author"]).strip(),
        kind=str(meta["kind"]).strip(),
        date=meta.get("date"),
        site=meta.get("site") or meta.get("url"),
        note=meta.get("note"),
    )


def check_report(reading: Reading) -> dict[str, Any]:
    """What adding the reading would do: passages, citations and every dropped line."""
    refs = [ref for passage in reading.passages for ref in passage.references]
    distinct = list(dict.fromkeys(refs))
    return {
        "id": reading.source.id,
        "title": reading.source.title,
        "passages": len(reading.passages),
        "works_cited": reading.works_cited,
        "citations": len(distinct),
        "citations_resolved": sum(ref.entry is not None for ref in distinct),
        "citations_not_in_list": sorted({r.in_text for r in distinct if r.entry is None}),
        "dropped": [{"line": d.line, "reason": d.reason} for d in reading.dropped],
    }


def report_text(report: dict[str, Any]) -> str:
    """The check report as plain lines for a reply, the console or the command line."""
    lines = [
        f"“{report['title']}” ({report['id']}): {report['passages']} passages, "
        f"{len(report['works_cited'])} entries in its list, {report['citations']} citations "
        f"({report['citations_resolved']} resolved).",
    ]
    if report["citations_not_in_list"]:
        lines.append("Not in the reading's list: " + "; ".join(report["citations_not_in_list"]))
    if report["dropped"]:
        lines.append(f"Left out ({len(report['dropped'])} lines; keep one back with keep):")
        lines += [f"- “{d['line'][:120]}”: {d['reason']}" for d in report["dropped"]]
    return "\n".join(lines)


def _html(data: bytes) -> str:
    import trafilatura

    text = trafilatura.extract(
        data.decode("utf-8", errors="replace"),
        include_comments=False,
        include_tables=False,
        favor_precision=True,
    )
    if not text:
        raise BadInput("No main text was found in that page: save the article itself, or paste it.")
    return text.replace("\n", "\n\n")  # trafilatura gives one paragraph a line


def _pdf(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        raise BadInput("That PDF is password-protected: save an unprotected copy.")
    return "\n\n".join(page.extract_text() or "" for page in reader.pages)


def _docx(data: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(data))
    return "\n\n".join(paragraph.text for paragraph in document.paragraphs)


_MD_MARKUP = re.compile(r"^#{1,6}\s+|^>\s?|(?<!\w)[*_]{1,2}(?=\S)|(?<=\S)[*_]{1,2}(?!\w)", re.M)
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def _markdown(text: str) -> str:
    """Markdown as plain text: headings, quotes, emphasis and links reduced to their words."""
    return _MD_MARKUP.sub("", _MD_LINK.sub(r"\1", _MD_IMAGE.sub("", text)))
