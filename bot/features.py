"""Every feature, declared once: its commands, its buttons' custom-id templates, the Discord
extension that serves it, its settings and its tables.

``/help`` (:data:`bot.cards.COMMANDS`), the modules whose import registers the handlers
(:func:`bot.actions.load_features`) and the Discord extensions (``cogs.app.EXTENSIONS``)
are built from :data:`FEATURES`; tests check the rest against it: every registered
command and button prefix is declared, every template fits Discord's custom_id rules
at its parameters' longest and round-trips through the Discord dynamic item's template,
every command is in ``/help`` and in the README.

A template names each part of an id with its type: ``quote:nav:{token:token}:{index:int}``;
a part in square brackets is optional: ``debate:ctl:{debate:int}:{control:word}[:{speech:int}]``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.corpus.ids import PASSAGE_ID_PATTERN

_ID = PASSAGE_ID_PATTERN.replace("?P<source>", "").replace("?P<number>", "")
MAX_THEME = 80  # bot.compare.MAX_FALLBACK_THEME (a test checks they agree)

# A part's type: the pattern it matches and its longest value (the length check's input).
TYPES: dict[str, tuple[str, int]] = {
    "int": (r"-?\d{1,10}", 11),
    "page": (r"-?\d{1,2}", 3),  # a page of a card; -1 on a disabled "Previous" button
    "id": (_ID, 38),  # a passage id (bot.corpus.ids)
    "ids": (rf"{_ID}(?:\+{_ID})*", 64),  # passage ids joined by "+" (refused when too long)
    "token": (r"[0-9a-f]{12}", 12),
    "word": (r"[a-z]{1,12}", 12),
    "snowflake": (r"\d{1,20}", 20),  # a Discord id: a server, a member
    "stance": (r"sincere|political|neutral", 9),
    "scope": (r"builtin|[0-9]{1,12}", 12),  # a mark's motion: the built-in one, or a debate
    "theme": (rf"[^\n]{{1,{MAX_THEME}}}", MAX_THEME),
}
_PART = re.compile(r"\{(?P<name>[a-z_]+):(?P<type>[a-z]+)\}")


@dataclass(frozen=True)
class Command:
    """A command as /help, the console and the README show it."""

    name: str  # "/quote"
    help: str  # one line for /help
    example: str = ""  # the words after the name in /help's example
    usage: str = ""  # the console's usage line (default: name and example)

    @property
    def usage_line(self) -> str:
        return self.usage or " ".join(p for p in (self.name, self.example) if p)


@dataclass(frozen=True)
class Action:
    """A kind of button (or form) by its typed custom-id template."""

    template: str  # "quote:nav:{token:token}:{index:int}"

    @property
    def prefix(self) -> str:
        """The routed prefix, e.g. ``quote:nav`` (the parts before the first parameter)."""
        fixed = re.split(r"[{\[]", self.template, maxsplit=1)[0].strip(":")
        return ":".join(fixed.split(":")[:2])

    def parameters(self) -> list[tuple[str, str]]:
        """(name, type) of each parameter, in order."""
        return [(m["name"], m["type"]) for m in _PART.finditer(self.template)]

    def pattern(self) -> re.Pattern[str]:
        """The template as a regular expression with one named group per parameter."""
        out, last = [], 0
        for match in _PART.finditer(self.template):
            out.append(_literal(self.template[last : match.start()]))
            out.append(f"(?P<{match['name']}>{TYPES[match['type']][0]})")
            last = match.end()
        out.append(_literal(self.template[last:]))
        return re.compile("".join(out))

    def longest(self) -> int:
        """The id's length with every part present and every parameter at its longest."""
        bare = self.template.replace("[", "").replace("]", "")
        return len(_PART.sub(lambda m: "x" * TYPES[m["type"]][1], bare))

    def format(self, **values: object) -> str:
        """An id from this template (optional parts only when their values are given);
        ValueError when a value does not fit its type."""
        text = re.sub(r"\[([^\]]*)\]", lambda m: _fill(m[1], values, True), self.template)
        text = _fill(text, values, optional=False)
        if not self.pattern().fullmatch(text):
            raise ValueError(f"{text!r} does not fit {self.template!r}")
        return text


def _literal(text: str) -> str:
    """Fixed template text as a pattern: ``[`` and ``]`` open and close an optional part."""
    return "".join("(?:" if c == "[" else ")?" if c == "]" else re.escape(c) for c in text)


def _fill(text: str, values: dict[str, object], optional: bool) -> str:
    """Fill the parameters; an optional part goes when a value is missing (a literal one,
    such as ``[:form]``, is kept when ``form=True`` is given)."""
    names = [m["name"] for m in _PART.finditer(text)]
    if optional and not names:
        return text if values.get(text.strip(":")) is True else ""
    if optional and not all(name in values for name in names):
        return ""
    return _PART.sub(lambda m: str(values[m["name"]]), text)


@dataclass(frozen=True)
class Feature:
    """One feature: what it offers and where each front end finds it."""

    name: str
    module: str  # the domain module whose import registers its handlers
    commands: tuple[Command, ...] = ()
    actions: tuple[Action, ...] = ()
    extension: str | None = None  # the Discord extension that serves it
    settings: tuple[str, ...] = ()  # the THAWBOT_* settings it reads
    tables: tuple[str, ...] = ()  # the SQLite tables it owns (name or prefix*)


FEATURES: tuple[Feature, ...] = (
    Feature(
        "quote",
        "bot.quote",
        (Command("/quote", "Find a passage word for word, with its citation.", "secret speech"),),
        (
            Action("quote:nav:{token:token}:{index:int}"),
            Action("quote:context:{passage:id}"),
            Action("quote:source:{passage:id}"),
            Action("quote:post:{passage:id}"),
        ),
        "cogs.quote",
        tables=("quote_queries",),
    ),
    Feature(
        "compare",
        "bot.compare",
        (Command("/compare", "Stalin and Khrushchev side by side on a theme.", "agriculture"),),
        (Action("compare:page:{page:page}:{theme:theme}"),),
        "cogs.compare",
    ),
    Feature(
        "meta",
        "bot.meta",
        (
            Command("/sources", "The readings, who wrote them and what kind of text each is."),
            Command("/help", "This list."),
        ),
        extension="cogs.meta",
        settings=("THAWBOT_DEV_GUILD_ID",),
    ),
    Feature(
        "debate",
        "bot.debate",
        (
            Command("/debate", "Run a structured debate on the motion (moderators).", "open"),
            Command("/rubric", "The rubric debate ballots score (moderators reword it)."),
        ),
        (
            Action("debate:join:{debate:int}:{side:word}"),
            Action("debate:leave:{debate:int}"),
            Action("debate:ctl:{debate:int}:{control:word}[:{speech:int}]"),
            Action("debate:poi:{debate:int}:{answer:word}"),
            Action("debate:argue:{debate:int}[:form][:{evidence:ids}]"),
            Action("debate:counter:{debate:int}:{argument:int}[:form]"),
            Action("debate:vote:{debate:int}:{stage:word}:{side:word}"),
            Action("debate:evidence:{debate:int}"),
            Action("debate:transcript:{debate:int}"),
            Action("debate:uncited:{debate:int}:{draft:int}"),
            Action("debate:ballot:{debate:int}:{student:snowflake}[:form]"),
            Action("debate:rubric:{criterion:word}:form"),
        ),
        "cogs.debate",
        settings=("THAWBOT_MODERATOR_ROLE",),
        tables=("debate_*",),
    ),
    Feature(
        "facts",
        "bot.facts",
        (Command("/facts", "Post a cited fact from the readings.", "now"),),
        (Action("facts:passage:{passage:id}"),),
        "cogs.facts",
        settings=("THAWBOT_TIMEZONE",),
        tables=("facts_*",),
    ),
    Feature(
        "readings",
        "bot.readings",
        (
            Command(
                "/readings",
                "The readings a teacher added to this server (moderators: add one).",
                "list",
            ),
        ),
        extension="cogs.readings",
        settings=("THAWBOT_SEEDS",),
        tables=("readings",),
    ),
    Feature(
        "marks",
        "bot.marks",
        # Its own dynamic item (cogs.marks.MarkButton), registered with the others.
        actions=(Action("mark:{stance:stance}:{scope:scope}:{passage:id}"),),
        tables=("stance_marks",),
    ),
    Feature(
        "privacy",
        "bot.privacy",
        (Command("/privacy", "What the bot stores about students, and for how long.", "notice"),),
        (
            Action("privacy:forget:{server:snowflake}:{student:snowflake}"),
            Action("privacy:keep:{nothing:int}"),
        ),
        "cogs.privacy",
        settings=("THAWBOT_RETENTION_DAYS",),
        tables=("privacy_settings",),
    ),
)

HELP_ORDER = (
    "/quote",
    "/compare",
    "/sources",
    "/debate",
    "/rubric",
    "/facts",
    "/readings",
    "/privacy",
    "/help",
)


def commands() -> list[Command]:
    """Every declared command, in /help's order."""
    found = {c.name: c for feature in FEATURES for c in feature.commands}
    return [found[name] for name in HELP_ORDER if name in found] + [
        c for name, c in found.items() if name not in HELP_ORDER
    ]


def actions() -> list[Action]:
    """Every declared kind of button."""
    return [a for feature in FEATURES for a in feature.actions]


def modules() -> list[str]:
    """The domain modules to import so every handler is registered."""
    return [feature.module for feature in FEATURES]


def extensions() -> list[str]:
    """The Discord extensions, one per feature that has one."""
    return [feature.extension for feature in FEATURES if feature.extension]
