"""Front-end-neutral cards: what a reply shows, built once for Discord and the console.

The Discord renderer (``cogs/render.py``) turns a :class:`Card` into an embed and its
buttons into a view; the console prints the same card with rich. Every text is fitted
to Discord's limits here, cut at a sentence (or a word) with a way to read on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot import limits

ELLIPSIS = "…"
_SENTENCE_END = re.compile(r"[.!?][\"”’)\]]*(?=\s)")

COLOURS = {"stalin": 0x8B1E1E, "khrushchev": 0x1E5A8B, "info": 0x4B5563, "quote": 0xB8860B}


@dataclass
class Field:
    """A titled block of a card (an embed field on Discord)."""

    name: str
    value: str
    inline: bool = False


@dataclass
class Button:
    """An action under a card. ``custom_id`` is what the Discord view and console dispatch on."""

    label: str
    custom_id: str
    style: str = "secondary"  # primary, secondary, success, danger
    disabled: bool = False


@dataclass
class Card:
    """One embed's worth of content."""

    title: str
    description: str = ""
    fields: list[Field] = field(default_factory=list)
    footer: str | None = None
    colour: int = COLOURS["info"]

    def total(self) -> int:
        """Characters Discord counts against the 6000 embed total."""
        parts = [self.title, self.description, self.footer or ""]
        parts += [f.name + f.value for f in self.fields]
        return sum(len(p) for p in parts)


@dataclass
class Input:
    """One text box of a form (a modal's TextInput on Discord, a prompt in the console)."""

    label: str
    key: str
    placeholder: str = ""
    long: bool = False
    required: bool = True
    max_length: int = 1000
    value: str = ""  # prefilled text (a modal's default; the console keeps it on Enter)


@dataclass
class Form:
    """A request for typed input; submitting it runs the action named by ``custom_id``."""

    title: str
    custom_id: str
    inputs: list[Input] = field(default_factory=list)


@dataclass
class Reply:
    """Everything one response carries: text, cards, buttons (rows of up to five)."""

    cards: list[Card] = field(default_factory=list)
    content: str | None = None
    buttons: list[Button] = field(default_factory=list)
    ephemeral: bool = True
    file: tuple[str, bytes] | None = None  # (filename, data), e.g. a transcript
    edit: bool = False  # replace the message whose button was pressed instead of replying
    public: bool = False  # post as a new message in the channel (e.g. "post to channel")


def fit(text: str, limit: int, read_on: str = "") -> str:
    """``text`` within ``limit`` characters, cut at a sentence (else a word), never mid-word.

    ``read_on`` (e.g. "(more: /quote id:x)") is appended after the cut so the reader can
    find the rest.
    """
    if len(text) <= limit:
        return text
    tail = f"{ELLIPSIS} {read_on}".rstrip() if read_on else ELLIPSIS
    room = max(0, limit - len(tail) - 1)
    head = text[:room]
    ends = [m.end() for m in _SENTENCE_END.finditer(head)]
    if ends and ends[-1] > room // 3:
        cut = head[: ends[-1]]
    else:
        cut = head.rsplit(" ", 1)[0] if " " in head else head
    return f"{cut.rstrip()} {tail}".strip()


def fit_card(card: Card) -> Card:
    """Clamp every part of a card to Discord's limits, trimming fields to stay under 6000."""
    card.title = fit(card.title, limits.TITLE)
    card.description = fit(card.description, limits.DESCRIPTION)
    card.footer = fit(card.footer, limits.FOOTER) if card.footer else None
    card.fields = [
        Field(fit(f.name, limits.FIELD_NAME), fit(f.value, limits.FIELD_VALUE) or "—", f.inline)
        for f in card.fields[: limits.FIELDS]
    ]
    while card.total() > limits.EMBED_TOTAL and card.fields:
        card.fields.pop()
    excess = card.total() - limits.EMBED_TOTAL
    if excess > 0:
        card.description = fit(card.description, max(0, len(card.description) - excess))
    return card


def fit_cards(cards: list[Card], limit: int = limits.EMBED_TOTAL) -> list[Card]:
    """Cards sent in one message within Discord's total for all its embeds together.

    The longest card gives way first: its last field goes, and a card down to one
    field has its description shortened, until the sum fits.
    """
    cards = [fit_card(card) for card in cards[: limits.EMBEDS_PER_MESSAGE]]
    while sum(card.total() for card in cards) > limit:
        longest = max(cards, key=Card.total)
        excess = sum(card.total() for card in cards) - limit
        if len(longest.fields) > 1:
            longest.fields.pop()
        elif len(longest.description) > excess:
            longest.description = fit(longest.description, len(longest.description) - excess)
        else:
            cards.remove(longest)
    return cards
