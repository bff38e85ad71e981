"""``python -m bot``: the command line. With ``--json``, stdout carries only JSON (a contract)."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence

from rich.console import Console
from rich.text import Text

from bot import cards
from bot.compare import compare
from bot.errors import ConfigError, ThawbotError
from bot.health import check_heartbeat
from bot.presentation import Reply
from bot.richrender import print_reply
from bot.services import Services
from bot.settings import Settings, load_settings

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser; each subcommand names its handler in ``func``."""
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="Thawbot: cited passages on Stalin, Khrushchev and de-Stalinization. "
        "With no command: the Discord bot when DISCORD_TOKEN is set, else the console.",
    )
    sub = parser.add_subparsers(dest="command")
    search = sub.add_parser("search", help="ranked passages for a query")
    search.add_argument("query", nargs="+")
    search.add_argument("--limit", type=_positive, default=5, help="how many (1-50)")
    _json(search).set_defaults(func=cmd_search)
    _json(sub.add_parser("passages", help="every passage")).set_defaults(func=cmd_passages)
    comp = sub.add_parser("compare", help="Stalin and Khrushchev on a theme")
    comp.add_argument("theme", nargs="+")
    _json(comp).set_defaults(func=cmd_compare)
    _json(sub.add_parser("sources", help="the readings")).set_defaults(func=cmd_sources)
    console = sub.add_parser("console", help="the offline console (same commands as Discord)")
    console.set_defaults(func=cmd_console)
    run = sub.add_parser("run", help="run the Discord bot (needs DISCORD_TOKEN)")
    run.set_defaults(func=cmd_run)
    health = sub.add_parser("health", help="exit 0 if the running bot's heartbeat is fresh")
    health.set_defaults(func=cmd_health)
    for extra in _extra_commands():
        extra(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the process exit status."""
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
        quiet = getattr(args, "json", False) or args.command == "console"
        quiet = quiet or (args.command is None and settings.discord_token is None)
        _setup_logging(settings, quiet=quiet)
        if args.command is None:
            return _default(settings)
        return args.func(args, settings)
    except ConfigError as exc:
        _err(f"thawbot: {exc}")
        return 2
    except ThawbotError as exc:
        _err(f"thawbot: {exc}")
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. `python -m bot passages --json | head -1`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    """search QUERY [--limit N] [--json]: a JSON array best first; always exit 0."""
    services = Services.open(settings.database)
    result = services.search.search(" ".join(args.query), limit=args.limit)
    if result.hint:
        _err(result.hint)
    if args.json:
        return _dump([hit.passage.to_json(hit.score) for hit in result.hits])
    out = Console()
    for index, hit in enumerate(result.hits, 1):
        print_reply(
            out, Reply(cards=[cards.passage_card(hit.passage, f"{index}. {hit.passage.id}")])
        )
    return 0


def cmd_passages(args: argparse.Namespace, settings: Settings) -> int:
    """passages [--json]: every passage in reading order."""
    services = Services.open(settings.database)
    passages = services.store.passages()
    if args.json:
        return _dump([p.to_json() for p in passages])
    out = Console()
    for p in passages:
        out.print(Text.assemble((p.id, "bold"), " ", (f"{p.citation} · stance: {p.stance}", "dim")))
        out.print(f"{p.text}\n", markup=False)
    return 0


def cmd_compare(args: argparse.Namespace, settings: Settings) -> int:
    """compare THEME [--json]."""
    services = Services.open(settings.database)
    comparison = compare(services.search, " ".join(args.theme))
    if comparison.fallback:
        _err(f"No theme matches “{comparison.theme}”: showing search results.")
    if args.json:
        return _dump(comparison.to_json())
    print_reply(Console(), cards.compare_reply(comparison, per_page=6))
    return 0


def cmd_sources(args: argparse.Namespace, settings: Settings) -> int:
    """sources [--json]: the readings and their metadata."""
    services = Services.open(settings.database)
    sources = services.store.sources()
    if args.json:
        rows = []
        for source, count in sources:
            row = {name: getattr(source, name) for name in source.__slots__}
            row["passages"] = count
            row["works_cited"] = services.store.works_cited(source.id)
            rows.append(row)
        return _dump(rows)
    print_reply(Console(), cards.sources_reply(sources))
    return 0


def cmd_console(args: argparse.Namespace, settings: Settings) -> int:
    """console: the interactive (or scripted, from a pipe) console."""
    from bot.console import run_console

    return run_console(settings)


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    """run: the Discord bot; a clear sentence and status 1 when it cannot connect."""
    if settings.discord_token is None:
        raise ConfigError("DISCORD_TOKEN is not set (in the environment or .env).")
    from cogs.app import run_bot  # the only place the command line reaches discord.py

    return run_bot(settings)


def cmd_health(args: argparse.Namespace, settings: Settings) -> int:
    """health: for the container healthcheck."""
    healthy, message = check_heartbeat(settings)
    _err(message)
    return 0 if healthy else 1


def _default(settings: Settings) -> int:
    if settings.discord_token is not None:
        return cmd_run(argparse.Namespace(), settings)
    _err("DISCORD_TOKEN is not set: starting the offline console.")
    return cmd_console(argparse.Namespace(), settings)


def _extra_commands() -> list[Callable[[argparse._SubParsersAction], None]]:
    """Subcommands that features add (debates, facts); each registers its own parser."""
    registered: list[Callable[[argparse._SubParsersAction], None]] = [
        _facts_command,
        _stance_command,
    ]
    return registered


def _facts_command(sub: argparse._SubParsersAction) -> None:
    """facts [--json]: the facts daily posts draw from."""
    _json(sub.add_parser("facts", help="the facts daily posts use")).set_defaults(func=cmd_facts)


def cmd_facts(args: argparse.Namespace, settings: Settings) -> int:
    """facts [--json]: every fact, quoted word for word, in reading order."""
    from rich.markup import escape

    from bot.facts import FactService

    facts = FactService(Services.open(settings.database).store).facts()
    if args.json:
        return _dump([fact.to_json() for fact in facts])
    out = Console()
    for fact in facts:
        date = f" · {fact.date.iso()}" if fact.date else ""
        about = escape(f"{fact.theme}{date} · {fact.citation}")
        out.print(f"[bold]{fact.id}[/bold] [dim]{about}[/dim]")
        out.print(f"{fact.text}\n", markup=False)
    return 0


def _stance_command(sub: argparse._SubParsersAction) -> None:
    """stance TEXT [--json]: how a text reads on the motion."""
    stance = sub.add_parser("stance", help="how a text reads on the motion: sincere/political")
    stance.add_argument("text", nargs="*", help="the sentence or passage; - reads stdin")
    _json(stance).set_defaults(func=cmd_stance)


def cmd_stance(args: argparse.Namespace, settings: Settings) -> int:
    """stance TEXT [--json]: {"stance", "confidence", "reasons"}; exit 2 for unreadable text."""
    from bot.stance import MAX_CHARS, check, read

    text = " ".join(args.text)
    if text == "-":
        text = sys.stdin.buffer.read(MAX_CHARS * 4 + 1).decode("utf-8", errors="replace")
    if problem := check(text):
        _err(f"thawbot: {problem}")
        return 2
    reading = read(text)
    if args.json:
        return _dump(reading.as_dict())
    out = Console()
    out.print(Text.assemble((reading.stance, "bold"), f"  confidence {reading.confidence:.2f}"))
    for reason in reading.reasons:
        out.print(Text(f"- {reason}"))
    return 0


def _positive(text: str) -> int:
    """An argparse type: a whole number from 1 to 50."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 1 <= value <= 50:
        raise argparse.ArgumentTypeError("must be from 1 to 50")
    return value


def _err(message: str) -> None:
    """A note for the user on stderr (stdout stays clean for --json)."""
    sys.stderr.write(message + "\n")


def _json(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("--json", action="store_true", help="print only JSON on stdout")
    return parser


def _dump(data: object) -> int:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def _setup_logging(settings: Settings, quiet: bool) -> None:
    """Standard logging, set up once, to stderr so stdout stays clean for --json."""
    level = logging.WARNING if quiet else getattr(logging, settings.log_level)
    logging.basicConfig(
        level=level, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
