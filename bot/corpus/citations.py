"""Find in-text citations like "(Kort 294)" and resolve them against a works-cited list."""

from __future__ import annotations

import re

from bot.models import Reference

_PAREN = re.compile(r"\(([^()]{2,80})\)")
# One citation: an author or short title, an optional "qtd. in" source, an optional page.
_PART = re.compile(
    r"^(?P<name>[A-Z][\w’'\-]+(?: [A-Z][\w’'\-]+){0,3})"
    r"(?: qtd\. in (?P<via>[A-Z][\w’'\-]+))?"
    r",?(?: (?P<page>\d+(?:[-–]\d+)?))?$"
)
_DANGLING = re.compile(r"\s*\((?P<name>[A-Z][\w’'\-]+)\s*$")


def find_citations(text: str, works_cited: list[str]) -> list[Reference]:
    """Every citation in ``text`` in order, each resolved to its works-cited entry if any.

    A parenthesis counts as a citation when each ``;``-separated part looks like
    "Name [page]" and either has a page number or names an entry of the list, so
    asides such as "(1956)" or "(NKVD, later KGB)" are not mistaken for citations.
    """
    refs: list[Reference] = []
    for match in _PAREN.finditer(text):
        parts = [part.strip() for part in match.group(1).split(";")]
        parsed = [_PART.match(part) for part in parts]
        if not all(parsed):
            continue
        for part, m in zip(parts, parsed, strict=True):
            entries = resolve(m.group("via") or m.group("name"), works_cited)
            if not entries and not m.group("page"):
                break
            refs.extend(_references(part, entries))
    dangling = _DANGLING.search(text)
    if dangling:
        name = dangling.group("name")
        refs.extend(_references(f"{name} (cut off in the scrape)", resolve(name, works_cited)))
    return list(dict.fromkeys(refs))


def strip_dangling_citation(text: str) -> str:
    """Remove a citation cut off by the end of a scrape, e.g. a final "(Hosking"."""
    return _DANGLING.sub("", text)


def has_dangling_citation(text: str) -> bool:
    """True when the text ends inside an unclosed citation like "(Hosking"."""
    return bool(_DANGLING.search(text))


def resolve(name: str, works_cited: list[str]) -> list[str]:
    """The works-cited entries an author surname or short title points to."""
    by_author = [entry for entry in works_cited if entry.lower().startswith(name.lower() + ",")]
    if by_author:
        return by_author
    return [entry for entry in works_cited if name.lower() in entry.lower()]


def _references(in_text: str, entries: list[str]) -> list[Reference]:
    if not entries:
        return [Reference(in_text=in_text, entry=None)]
    return [Reference(in_text=in_text, entry=entry) for entry in entries]
