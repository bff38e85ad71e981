"""Cards for passages, search results, comparisons and readings (used by every front end)."""

from __future__ import annotations

from bot.models import Comparison, Hit, Passage, Source
from bot.presentation import COLOURS, Button, Card, Field, Reply, fit, fit_card

COMMANDS = [
    ("/quote", "secret speech", "Find a passage word for word, with its citation."),
    ("/compare", "agriculture", "Stalin and Khrushchev side by side on a theme."),
    ("/sources", "", "The readings, who wrote them and what kind of text each is."),
    ("/debate", "open", "Run a structured debate on the motion (moderators)."),
    ("/facts", "now", "Post a cited fact from the readings."),
    ("/readings", "list", "The readings a teacher added to this server (moderators: add one)."),
    ("/help", "", "This list."),
]


def passage_card(passage: Passage, heading: str | None = None) -> Card:
    """A passage word for word, with the reading, section, citation and works-cited entries."""
    fields = [Field("Citation", passage.citation)]
    if passage.section:
        fields.insert(0, Field("Section", passage.section, inline=True))
    entries = [ref for ref in passage.references if ref.entry]
    if entries:
        listed = "\n".join(f"• ({ref.in_text}) {ref.entry}" for ref in entries)
        fields.append(Field("Works cited", listed))
    missing = [ref.in_text for ref in passage.references if not ref.entry]
    if missing:
        fields.append(
            Field("Not in the reading's works-cited list", ", ".join(f"({m})" for m in missing))
        )
    card = Card(
        title=heading or passage.title,
        description=f"> {passage.text}",
        fields=fields,
        footer=f"{passage.id} · {passage.title}",
        colour=COLOURS["quote"],
    )
    return fit_card(card)


def quote_reply(hits: tuple[Hit, ...], index: int, token: str, hint: str | None) -> Reply:
    """One search hit with buttons to page through the others, see context and sourcing."""
    hit = hits[index]
    heading = f"Match {index + 1} of {len(hits)}"
    card = passage_card(hit.passage, heading=heading)
    if hint:  # in the body, where a narrow console or phone does not cut it
        card.description = f"*{hint}*\n\n{card.description}"
    pid = hit.passage.id
    buttons = [
        Button("◀ Previous", f"quote:nav:{token}:{index - 1}", disabled=index == 0),
        Button("Next ▶", f"quote:nav:{token}:{index + 1}", disabled=index >= len(hits) - 1),
        Button("More context", f"quote:context:{pid}"),
        Button("Source details", f"quote:source:{pid}"),
        Button("Post to channel", f"quote:post:{pid}", style="primary"),
    ]
    return Reply(cards=[fit_card(card)], buttons=buttons)


def context_reply(passages: list[Passage], focus: str) -> Reply:
    """The passage with its neighbours, the focus marked."""
    lines = []
    for passage in passages:
        marker = "▶ " if passage.id == focus else ""
        lines.append(f"{marker}**{passage.id}** {passage.text}")
    title = f"Context: {passages[0].title}" if passages else "Context"
    card = Card(title=title, description="\n\n".join(lines), footer="▶ marks the passage you had")
    return Reply(cards=[fit_card(card)])


def source_reply(source: Source, passages: int, works_cited: list[str]) -> Reply:
    """Who wrote a reading, what kind of text it is, and questions to weigh it by."""
    fields = [
        Field("Author or site", source.author, inline=True),
        Field("Kind", source.kind, inline=True),
        Field("Date", source.date or "not given", inline=True),
        Field("Passages", str(passages), inline=True),
    ]
    if source.site:
        fields.append(Field("Published on", source.site, inline=True))
    if source.note:
        fields.append(Field("Note", source.note))
    fields.append(Field("Works cited", f"{len(works_cited)} entries" if works_cited else "none"))
    fields.append(
        Field(
            "Sourcing questions",
            f"Who wrote this {source.kind}, and for whom? What does it cite, and could you "
            "check it? Is it a scholar's argument, a summary, or a student's reading?",
        )
    )
    card = Card(title=source.title, fields=fields, footer=f"reading id: {source.id}")
    return Reply(cards=[fit_card(card)])


def sources_reply(sources: list[tuple[Source, int]]) -> Reply:
    """Every reading with its kind, date and passage count."""
    fields = [
        Field(
            f"{source.short_title}",
            f"{source.kind} · {source.author} · {source.date or 'undated'}\n"
            f"{count} passages · id `{source.id}`",
        )
        for source, count in sources
    ]
    total = sum(count for _, count in sources)
    card = Card(
        title="The readings",
        description=f"{len(sources)} readings, {total} passages. Quote one with /quote.",
        fields=fields,
    )
    return Reply(cards=[fit_card(card)])


def help_reply() -> Reply:
    """Every command with an example."""
    fields = [
        Field(name, f"{text}\nExample: `{f'{name} {example}'.strip()}`")
        for name, example, text in COMMANDS
    ]
    card = Card(
        title="Thawbot: was de-Stalinization sincere or political?",
        description="Every answer quotes the readings word for word, with a citation.",
        fields=fields,
    )
    return Reply(cards=[fit_card(card)])


def compare_reply(comparison: Comparison, page: int = 0, per_page: int = 3) -> Reply:
    """Stalin and Khrushchev side by side, ``per_page`` cited points a side, with paging."""
    longest = max(len(comparison.stalin), len(comparison.khrushchev))
    pages = max(1, -(-longest // per_page))
    page = max(0, min(page, pages - 1))
    fields: list[Field] = []
    for row in comparison.table if page == 0 else ():
        fields.append(Field(f"Stalin · {row.feature}", row.stalin, inline=True))
        fields.append(Field(f"Khrushchev · {row.feature}", row.khrushchev, inline=True))
    for leader, hits in (("Stalin", comparison.stalin), ("Khrushchev", comparison.khrushchev)):
        chunk = hits[page * per_page : (page + 1) * per_page]
        if not chunk:
            none = "No further passage on this theme." if hits else "No passage on this theme."
            fields.append(Field(leader, none))
        for number, hit in enumerate(chunk, page * per_page + 1):
            fields.append(Field(f"{leader} · point {number}", _point(hit)))
    note = "No theme matched, so these are search results. " if comparison.fallback else ""
    card = Card(
        title=f"Stalin and Khrushchev on {comparison.theme}",
        description=f"{note}Page {page + 1} of {pages}. Each point is quoted word for word.",
        fields=fields,
        footer=" · ".join(row.citation for row in comparison.table) if page == 0 else None,
    )
    theme = comparison.theme
    buttons = [
        Button("◀ Previous", f"compare:page:{page - 1}:{theme}", disabled=page == 0),
        Button("Next ▶", f"compare:page:{page + 1}:{theme}", disabled=page >= pages - 1),
    ]
    return Reply(cards=[fit_card(card)], buttons=buttons)


def _point(hit: Hit) -> str:
    """A cited point that fits one field: the quote, cut at a sentence if it must be."""
    passage = hit.passage
    citation = f"— {passage.citation} [{passage.id}]"
    room = 1000 - len(citation)
    quote = fit(passage.text, room - 2, read_on=f"(more: /quote {passage.id})")
    return f"“{quote}” {citation}"
