"""Find in-text citations and resolve them against the reading's own reference list.

Forms understood, in parentheses (several may share one, separated by ";"):
MLA ``(Kort 294)``, ``(Freeze, p. 413)``, ``(Siegelbaum)``, ``(Short Title)`` or a quoted
``(“The Thaw”)``, ``(Dallin qtd. in Ostrow, 118)``, ``(Trotsky in Davies, 1997:960)``;
author-date ``(The Guardian, 2006)`` and ``(Hunt 2015, 153)``; page-only ``(415)``, which
belongs to the author cited last. Footnote markers ``[1]`` point to the numbered notes.
Narrative citations name an author the reading cites or lists ("As Freeze notes",
"Freeze writes on page 410", "On page 410, Freeze writes"). A citation whose source is
not in the reading's list is kept with no entry: it is shown as not in the list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.models import Reference

_PAREN = re.compile(r"\(([^()]{1,80})\)")
_WORD = r"[A-Z][\w’'\-.]*[\w’'.]"
_LINK = r"(?:of|the|and|in|on|de|von|van|der|la|le|du|di|da|&)"
_NAME = rf"(?:[“\"‘][^”\"’]{{2,60}}[”\"’]|{_WORD}(?: (?:{_WORD}|{_LINK}))*?(?: et al\.)?)"
# One citation: an author or short title, a "qtd. in" or "in" source, a year, a page.
_PART = re.compile(
    rf"^(?:see |cf\. )?(?P<name>{_NAME})"
    rf"(?: (?:qtd\.? in|quoted in|in) (?P<via>{_NAME}))?"
    r"(?:,? (?P<year>1[5-9]\d\d[a-z]?|20\d\d[a-z]?|n\.d\.))?"
    r"(?:(?:,|:)? ?(?:pp?\. ?)?(?P<page>\d{1,4}(?:[-–]\d{1,4})?))?$"
)
_PAGE_ONLY = re.compile(r"^(?:pp?\. ?)?(?P<page>\d{1,4}(?:[-–]\d{1,4})?)$")
_FOOTNOTE = re.compile(r"(?<=\S)\[(?P<n>\d{1,3})\]")
_VERBS = (
    r"(?:notes|noted|writes|wrote|argues|argued|states|stated|explains|explained|claims"
    r"|claimed|observes|observed|suggests|suggested|points out|pointed out|asserts|asserted)"
)
_AUTHOR = r"(?P<name>[A-Z][\w’'\-]+(?: [A-Z][\w’'\-]+)?)"
_PAGE = r"(?:page|p\.) (?P<page>\d{1,4})"
_NARRATIVE = re.compile(
    rf"\b(?:[Oo]n {_PAGE},? {_AUTHOR} {_VERBS}"
    rf"|(?:[Aa]s |[Aa]ccording to )?{_AUTHOR.replace('name', 'name2')} {_VERBS}"
    rf"(?: on {_PAGE.replace('page>', 'page2>')})?"
    rf"|[Aa]ccording to {_AUTHOR.replace('name', 'name3')}(?=[,.]))"
)
_DANGLING = re.compile(r"\s*\((?P<name>[A-Z][\w’'\-]+)\s*$")
_TRAILING = re.compile(r"^\s*(?:[.,;:!?”\"’]|$)")


@dataclass
class CitationContext:
    """What earlier passages of the same reading cited: for page-only and narrative ones."""

    last_author: str | None = None
    cited: set[str] = field(default_factory=set)


def find_citations(
    text: str, works_cited: list[str], context: CitationContext | None = None
) -> list[Reference]:
    """Every citation in ``text`` in order, each resolved to its works-cited entry if any.

    A parenthesis counts as a citation when each ``;``-separated part reads as one and
    has a page or a year, names an entry of the list, or stands where citations stand
    (just before punctuation), so asides such as "(1956)", "(NKVD, later KGB)" or
    "(USA and USSR)" are not mistaken for citations.
    """
    context = context if context is not None else CitationContext()
    found: list[tuple[int, list[Reference]]] = []
    for match in _PAREN.finditer(text):
        at_end = bool(_TRAILING.match(text[match.end() :]))
        refs = _parenthesis(match.group(1).strip(), works_cited, context, at_end)
        if refs:
            found.append((match.start(), refs))
    for match in _FOOTNOTE.finditer(text):
        number = int(match.group("n"))
        entry = works_cited[number - 1] if 0 < number <= len(works_cited) else None
        found.append((match.start(), [Reference(in_text=f"[{number}]", entry=entry)]))
    for match in _NARRATIVE.finditer(text):
        refs = _narrative(match, works_cited, context)
        if refs:
            found.append((match.start(), refs))
    dangling = _DANGLING.search(text)
    if dangling:
        name = dangling.group("name")
        refs = _references(f"{name} (cut off in the scrape)", resolve(name, works_cited))
        found.append((dangling.start(), refs))
    ordered = [ref for _at, refs in sorted(found, key=lambda item: item[0]) for ref in refs]
    return list(dict.fromkeys(ordered))


def _parenthesis(
    inner: str, works_cited: list[str], context: CitationContext, at_end: bool
) -> list[Reference]:
    page_only = _PAGE_ONLY.match(inner)
    if page_only:
        page = page_only.group("page")
        if re.fullmatch(r"1[5-9]\d\d|20\d\d", page) and not inner.startswith("p"):
            return []  # a year in brackets, not a page
        author = context.last_author
        if author is None:
            return [Reference(in_text=page, entry=None)]
        return _references(f"{author} {page}", resolve(author, works_cited))
    parts = [part.strip() for part in inner.split(";")]
    parsed = [_PART.match(part) for part in parts]
    if not all(parsed):
        return []
    refs: list[Reference] = []
    for part, m in zip(parts, parsed, strict=True):
        assert m is not None
        source = _bare(m.group("via") or m.group("name"))
        entries = resolve(source, works_cited, m.group("year"))
        located = m.group("page") or m.group("year")
        if not entries and not located and not (at_end and _reads_as_source(source)):
            return []
        refs.extend(_references(part, entries))
        context.last_author = source
        context.cited.add(source.split()[-1])
    return refs


def _narrative(
    match: re.Match[str], works_cited: list[str], context: CitationContext
) -> list[Reference]:
    name = match.group("name") or match.group("name2") or match.group("name3")
    page = match.group("page") or match.group("page2")
    entries = resolve(name, works_cited)
    if not (entries or page or name.split()[-1] in context.cited):
        return []  # a historical figure who wrote something, not a source of the reading
    context.last_author = name
    return _references(match.group(0).strip(), entries)


def _bare(name: str) -> str:
    return name.strip('“”"‘’ ').removesuffix(" et al.")


def _reads_as_source(name: str) -> bool:
    """A name or short title, not an acronym ("CPSU") or a common aside."""
    words = name.split()
    return any(ch.islower() for ch in name) and words[0][:1].isupper() and len(words) <= 6


def strip_dangling_citation(text: str) -> str:
    """Remove a citation cut off by the end of a scrape, e.g. a final "(Hosking"."""
    return _DANGLING.sub("", text)


def has_dangling_citation(text: str) -> bool:
    """True when the text ends inside an unclosed citation like "(Hosking"."""
    return bool(_DANGLING.search(text))


def resolve(name: str, works_cited: list[str], year: str | None = None) -> list[str]:
    """The works-cited entries an author surname or short title points to.

    With a year, an author's entries of that year are preferred when there are several.
    """
    name = _bare(name)
    if not name:
        return []
    lowered = name.lower()
    by_author = [entry for entry in works_cited if entry.lower().startswith(lowered + ",")]
    if not by_author:
        surname = lowered.split()[-1]
        by_author = [e for e in works_cited if e.lower().startswith(surname + ",")]
    if by_author:
        dated = [entry for entry in by_author if year and year in entry]
        return dated or by_author
    return [entry for entry in works_cited if lowered in entry.lower()]


def _references(in_text: str, entries: list[str]) -> list[Reference]:
    if not entries:
        return [Reference(in_text=in_text, entry=None)]
    return [Reference(in_text=in_text, entry=entry) for entry in entries]
