"""Print cards with rich: the console's and the command line's view of a reply."""

from __future__ import annotations

import re

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
    """One card as a rich panel: description, fields, footer."""
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
    colour = f"#{card.colour:06x}"
    footer = Text(card.footer, style="dim") if card.footer else None
    return Panel(
        Group(*parts),
        title=Text(literal(card.title), style="bold"),
        subtitle=footer,
        border_style=colour,
        subtitle_align="left",
    )


def print_reply(console: Console, reply: Reply) -> list[str | None]:
    """Print a reply; returns its buttons' custom_ids in the order numbered on screen.

    Buttons keep their Discord order; a disabled one is shown dimmed and its slot is None,
    so "1" always means the same button of a card.
    """
    if reply.content:
        console.print(markdown(reply.content))
    for card in reply.cards:
        console.print(render_card(card))
    if reply.buttons:
        choices = Text()
        for number, button in enumerate(reply.buttons, 1):
            style = "dim" if button.disabled else "cyan"
            choices.append(f"[{number}] {button.label}  ", style=style)
        console.print(choices)
    if reply.file:
        console.print(Text(f"(attached file: {reply.file[0]})", style="dim"))
    return [None if b.disabled else b.custom_id for b in reply.buttons]
