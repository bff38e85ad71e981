"""Print cards with rich: the console's and the command line's view of a reply."""

from __future__ import annotations

from rich.console import Console, Group
from rich.markdown import Markdown
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from bot.presentation import Card, Reply


def render_card(card: Card) -> Panel:
    """One card as a rich panel: description, fields, footer."""
    parts: list = []
    if card.description:
        parts.append(Markdown(card.description))
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
            parts.append(Markdown(f.value))
    colour = f"#{card.colour:06x}"
    footer = Text(card.footer, style="dim") if card.footer else None
    return Panel(
        Group(*parts),
        title=Text(card.title, style="bold"),
        subtitle=footer,
        border_style=colour,
        subtitle_align="left",
    )


def print_reply(console: Console, reply: Reply) -> list[str]:
    """Print a reply; returns the enabled buttons' custom_ids, numbered from 1 as shown."""
    if reply.content:
        console.print(Markdown(reply.content))
    for card in reply.cards:
        console.print(render_card(card))
    actions = [b for b in reply.buttons if not b.disabled]
    if actions:
        choices = "  ".join(f"[{i}] {b.label}" for i, b in enumerate(actions, 1))
        console.print(Text(choices, style="cyan"))
    if reply.file:
        console.print(Text(f"(attached file: {reply.file[0]})", style="dim"))
    return [b.custom_id for b in actions]
