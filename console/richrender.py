"""Print cards with rich: the console's and the command line's view of a reply."""

from __future__ import annotations

import re
from pathlib import Path

from rich.cells import cell_len
from rich.console import Console, Group
from rich.markdown import Markdown
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from bot.presentation import Card, Reply

_SOFT_BREAK = re.compile(r"(?<!\n)\n(?!\n)")
_ESCAPED = re.compile(r"\\([\\`*_\[\]<>|~#+=.)-])")  # a backslash-escaped Markdown character


def markdown(text: str) -> Markdown:
    """Discord-flavoured text as rich Markdown: a single newline is a line break there too."""
    return Markdown(_SOFT_BREAK.sub("  \n", text))


def literal(text: str) -> str:
    """A title as Discord shows it: escaped Markdown characters without their backslash
    (rich prints a panel title as plain text, where Discord renders it as Markdown)."""
    return _ESCAPED.sub(r"\1", text)


def render_card(card: Card) -> Panel:
    """One card as a rich panel: description, fields, footer.

    The footer is the panel's last line, not its border's subtitle: a border cuts a
    long footer (and the notes it carries, such as a spelling correction) to the width.
    """
    parts: list = []
    if card.description:
        parts.append(markdown(card.description))
    inline = [f for f in card.fields if f.inline]
    if inline:
        grid = Table.grid(padding=(0, 2))
        for _ in inline:
            grid.add_column()
        grid.add_row(*[Text.assemble((f.name, "bold"), "\n", f.value) for f in inline])
        parts.append(grid)
    for f in card.fields:
        if not f.inline:
            parts.append(Text.assemble("\n", (f.name, "bold"), "\n"))
            parts.append(markdown(f.value))
    if card.footer:
        parts.append(Text.assemble("\n" if parts else "", (card.footer, "dim")))
    colour = f"#{card.colour:06x}"
    return Panel(Group(*parts), title=Text(literal(card.title), style="bold"), border_style=colour)


def button_rows(reply: Reply, width: int) -> Text:
    """The numbered buttons, broken into lines between labels, never inside one."""
    rows = Text()
    used = 0
    for number, button in enumerate(reply.buttons, 1):
        label = f"[{number}] {button.label}"
        gap = 2 if used else 0
        if used and used + gap + cell_len(label) > width:
            rows.append("\n")
            used, gap = 0, 0
        rows.append(" " * gap)
        rows.append(label, style="dim" if button.disabled else "cyan")
        used += gap + cell_len(label)
    return rows


def print_reply(console: Console, reply: Reply, saved: Path | None = None) -> list[str | None]:
    """Print a reply; returns its buttons' custom_ids in the order numbered on screen.

    Buttons keep their Discord order; a disabled one is shown dimmed and its slot is None,
    so "1" always means the same button of a card. ``saved`` is where the console wrote
    the reply's attached file, if it did.
    """
    if reply.content:
        console.print(markdown(reply.content))
    for card in reply.cards:
        console.print(render_card(card))
    if reply.buttons:
        console.print(button_rows(reply, console.width))
    if reply.file and saved is not None:
        note = Text(f"Saved the attached file {reply.file[0]} as {saved}", style="green")
        console.print(note, soft_wrap=True)  # a path broken across lines cannot be copied
    elif reply.file:
        console.print(Text(f"(attached file: {reply.file[0]}, not saved)", style="dim"))
    return [None if b.disabled else b.custom_id for b in reply.buttons]
