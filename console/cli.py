"""``python -m bot``: the command line. With ``--json``, stdout carries only JSON (a contract)."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from bot import cards, invite, runtime
from bot.compare import THEMES, compare
from bot.errors import BadInput, ConfigError, NotFound, ThawbotError
from bot.health import check_heartbeat
from bot.models import Hit, SearchResult
from bot.presentation import Reply
from bot.services import Services
from bot.settings import Settings, load_settings
from console.richrender import print_reply

if TYPE_CHECKING:
    from bot.privacy import Erased

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser; each subcommand names its handler in ``func``."""
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="Thawbot: cited passages on Stalin, Khrushchev and de-Stalinization. "
        "With no command: the Discord bot when DISCORD_TOKEN is set, else the console.",
        epilog="`python -m bot help COMMAND` (or COMMAND --help) explains a command's "
        "arguments. Settings come from the environment or .env (see the README's Settings).",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    search = _command(
        sub,
        "search",
        "ranked passages for a query",
        "The passages that best answer QUERY, best first, quoted word for word with their "
        "citations. Misspellings are corrected; any text is accepted.",
    )
    search.add_argument(
        "query",
        nargs="+",
        metavar="QUERY",
        help="what to look for, e.g. secret speech (no quotes needed)",
    )
    search.add_argument(
        "--limit",
        type=_positive,
        default=5,
        help="how many passages, 1 to 50 (default: %(default)s)",
    )
    _server(search)
    _json(search).set_defaults(func=cmd_search)
    passages = _command(sub, "passages", "every passage", "Every passage in reading order.")
    _server(passages)
    _json(passages).set_defaults(func=cmd_passages)
    comp = _command(
        sub,
        "compare",
        "Stalin and Khrushchev on a theme",
        "Stalin and Khrushchev side by side on THEME, every point cited. A theme nothing "
        "matches falls back to a search and says so.",
        epilog=_themes_help(),
    )
    comp.add_argument(
        "theme", nargs="+", metavar="THEME", help="a theme or one of its words (listed below)"
    )
    _server(comp)
    _json(comp).set_defaults(func=cmd_compare)
    sources = _command(sub, "sources", "the readings", "The readings with their metadata.")
    _json(sources).set_defaults(func=cmd_sources)
    _command(
        sub,
        "console",
        "the offline console (same commands as Discord)",
        "The offline console: the Discord commands and their answers, no token needed. "
        "Reads one command per line from a pipe. Attached files are saved to "
        "THAWBOT_CONSOLE_FILES (default: the working directory).",
    ).set_defaults(func=cmd_console)
    _command(
        sub,
        "run",
        "run the Discord bot (needs DISCORD_TOKEN)",
        "Run the Discord bot with the token in DISCORD_TOKEN (environment or .env).",
    ).set_defaults(func=cmd_run)
    _command(
        sub,
        "health",
        "exit 0 if the running bot's heartbeat is fresh",
        "Exit 0 when the running bot's gateway heartbeat is recent, else 1 (the container "
        "healthcheck).",
    ).set_defaults(func=cmd_health)
    invite_cmd = _command(
        sub,
        "invite",
        "the link that adds the bot to a server",
        "Print the invite URL with the bot's scopes and permissions integer. The application "
        "id comes from --application-id, else THAWBOT_APPLICATION_ID, else DISCORD_TOKEN "
        "(whose first part encodes it); nothing is sent anywhere.",
    )
    invite_cmd.add_argument(
        "--application-id",
        type=_snowflake,
        metavar="ID",
        help="the application id (Developer Portal > General Information)",
    )
    _json(invite_cmd).set_defaults(func=cmd_invite)
    for extra in _extra_commands():
        extra(sub)
    helper = _command(
        sub, "help", "this help, or a command's", "Print this help, or COMMAND's arguments."
    )
    helper.add_argument("topic", nargs="?", metavar="COMMAND", help="the command to explain")
    helper.set_defaults(func=cmd_help, parser=parser, commands=sub.choices)
    return parser


def _command(
    sub: argparse._SubParsersAction, name: str, summary: str, description: str, epilog: str = ""
) -> argparse.ArgumentParser:
    """A subcommand with its one-line summary (in the list) and description (in its help)."""
    return sub.add_parser(
        name,
        help=summary,
        description=description,
        epilog=epilog or None,
        formatter_class=_Formatter,
    )


class _Formatter(argparse.HelpFormatter):
    """argparse's layout, except that indented lines (a list) are kept as written."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        lines = text.splitlines()
        return "\n".join(
            indent + line
            if line.startswith("  ")
            else super(_Formatter, self)._fill_text(line, width, indent)
            for line in lines
        )


def _themes_help() -> str:
    """The compare themes and a few words that find each, one per line."""
    lines = ["themes (and some words that find them):"]
    for theme in THEMES:
        words = ", ".join(theme.synonyms[:4])
        lines.append(f"  {theme.name}: {words}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the process exit status."""
    args = build_parser().parse_args(argv)
    runtime.exit_on_sigterm()
    if args.command == "help":  # needs no settings, so it works with a broken .env too
        return cmd_help(args)
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


def cmd_help(args: argparse.Namespace, settings: Settings | None = None) -> int:
    """help [COMMAND]: the command list, or one command's arguments."""
    if args.topic is None:
        args.parser.print_help()
        return 0
    command = args.commands.get(args.topic.lower())
    if command is None:
        known = ", ".join(args.commands)
        _err(f"thawbot: there is no command “{args.topic[:40]}”. Commands: {known}.")
        return 2
    command.print_help()
    return 0


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    """search QUERY [--limit N] [--json]: a JSON array best first; always exit 0."""
    services = Services.open(settings.database, settings.seeds_dir)
    result = services.search.search(" ".join(args.query), limit=args.limit, server=args.server)
    if result.hint:
        _err(result.hint)
    if args.json:
        return _dump([_search_row(hit, result) for hit in result.hits])
    out = Console()
    for index, hit in enumerate(result.hits, 1):
        print_reply(
            out, Reply(cards=[cards.passage_card(hit.passage, f"{index}. {hit.passage.id}")])
        )
    return 0


def _search_row(hit: Hit, result: SearchResult) -> dict:
    """A search result for scripts: the passage with its score, plus (additive fields)
    the question's words it matched and what the search understood of the question."""
    return hit.passage.to_json(hit.score) | {
        "matched_terms": list(hit.matched_terms),
        "confidence": result.confidence,
        "corrections": dict(result.corrections),
        "missing": list(result.missing),
        "related": {typed: list(used) for typed, used in result.related.items()},
    }


def cmd_passages(args: argparse.Namespace, settings: Settings) -> int:
    """passages [--json]: every passage in reading order."""
    services = Services.open(settings.database, settings.seeds_dir)
    passages = services.store.visible_passages(args.server)
    if args.json:
        return _dump([p.to_json() for p in passages])
    out = Console()
    for p in passages:
        out.print(Text.assemble((p.id, "bold"), " ", (f"{p.citation} · stance: {p.stance}", "dim")))
        out.print(f"{p.text}\n", markup=False)
    return 0


def cmd_compare(args: argparse.Namespace, settings: Settings) -> int:
    """compare THEME [--json]."""
    services = Services.open(settings.database, settings.seeds_dir)
    comparison = compare(services.search, " ".join(args.theme), server=args.server)
    if comparison.fallback:
        _err(f"No theme matches “{comparison.theme}”: showing search results.")
    if args.json:
        return _dump(comparison.to_json())
    print_reply(Console(), cards.compare_reply(comparison, per_page=6))
    return 0


def cmd_sources(args: argparse.Namespace, settings: Settings) -> int:
    """sources [--json]: the readings and their metadata."""
    services = Services.open(settings.database, settings.seeds_dir)
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
    from console.session import run_console

    return run_console(settings)


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    """run: the Discord bot; a clear sentence and status 1 when it cannot connect."""
    if settings.discord_token is None:
        raise ConfigError("DISCORD_TOKEN is not set (in the environment or .env).")
    from cogs.app import run_bot  # the only place the command line reaches discord.py

    return run_bot(settings)


def cmd_invite(args: argparse.Namespace, settings: Settings) -> int:
    """invite [--application-id ID] [--json]: the invite URL, computed offline."""
    application_id = args.application_id or settings.application_id
    if application_id is None:
        if settings.discord_token is None:
            raise ConfigError(
                "Give --application-id, or set THAWBOT_APPLICATION_ID or DISCORD_TOKEN."
            )
        application_id = invite.application_id_from_token(settings.discord_token.get_secret_value())
    url = invite.invite_url(application_id)
    if args.json:
        return _dump(
            {
                "application_id": str(application_id),
                "url": url,
                "scopes": list(invite.SCOPES),
                "permissions": str(invite.permissions_value()),
                "permission_names": list(invite.PERMISSIONS),
            }
        )
    sys.stdout.write(url + "\n")  # plain, so no terminal wrapping breaks the link
    names = ", ".join(invite.PERMISSIONS)
    _err(f"Permissions {invite.permissions_value()}: {names}.")
    return 0


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
        _debates_command,
        _readings_command,
        _privacy_command,
        _stance_labels_command,
    ]
    return registered


def _privacy_command(sub: argparse._SubParsersAction) -> None:
    """privacy notice|purge|forget: what is stored about students, retention, forgetting."""
    privacy = _command(
        sub,
        "privacy",
        "what is stored about students; retention; forget one",
        "What the database stores about students (README: Privacy), the retention purge, "
        "and deleting one student's records.",
    )
    inner = privacy.add_subparsers(dest="privacy_command", metavar="ACTION", required=True)
    notice = inner.add_parser("notice", help="the tables holding rows about people")
    _json(notice).set_defaults(func=cmd_privacy)
    purge = inner.add_parser("purge", help="delete ended debates older than the retention")
    purge.add_argument("--server", type=_snowflake, metavar="GUILD_ID", help="one server only")
    _json(purge).set_defaults(func=cmd_privacy)
    forget = inner.add_parser("forget", help="delete one student's records")
    forget.add_argument("user", type=_snowflake, metavar="USER_ID", help="their Discord user id")
    forget.add_argument("--server", type=_snowflake, metavar="GUILD_ID", help="default: all")
    _json(forget).set_defaults(func=cmd_privacy)


def cmd_privacy(args: argparse.Namespace, settings: Settings) -> int:
    """privacy notice|purge|forget [--json]."""
    from bot.privacy import privacy_for

    services = Services.open(
        settings.database, settings.seeds_dir, settings.default_timezone, settings.retention_days
    )
    service = privacy_for(services)
    if args.privacy_command == "notice":
        stored = [
            {
                "table": s.table,
                "people": list(s.people),
                "names": list(s.names),
                "other": list(s.other),
            }
            for s in service.stored()
        ]
        data: object = {"tables": stored, "retention_days": service.retention(None)}
        text = "\n".join(f"{s.table}: {', '.join(s.people + s.names)}" for s in service.stored())
    elif args.privacy_command == "purge":
        done = service.purge(args.server)
        data = {"debates": sorted(done), "deleted": _sum_deleted(done.values())}
        text = f"Deleted {len(done)} ended debate(s) older than the retention period."
    else:
        erased = service.forget(None, args.user, args.server)
        data = {"user_id": str(args.user), "server": args.server, **erased.to_json()}
        where = f"server {args.server}" if args.server else "every server"
        text = f"Deleted or anonymized {erased.total} row(s) about user {args.user} in {where}."
    return _dump(data) if args.json else _say(text)


def _sum_deleted(erased: Iterable[Erased]) -> dict[str, int]:
    total: Counter[str] = Counter()
    for one in erased:
        total.update(one.deleted)
    return dict(total)


def _facts_command(sub: argparse._SubParsersAction) -> None:
    """facts [--json]: the facts daily posts draw from."""
    facts = _command(
        sub,
        "facts",
        "the facts daily posts use",
        "Every fact the daily posts draw from, quoted word for word, in reading order.",
    )
    _json(facts).set_defaults(func=cmd_facts)
    inner = facts.add_subparsers(dest="facts_command", metavar="ACTION")
    calendar = inner.add_parser("calendar", help="term calendars (README: Facts on school days)")
    cal = calendar.add_subparsers(dest="calendar_command", metavar="ACTION", required=True)
    imp = cal.add_parser("import", help="a term calendar's events (.ics) become holidays")
    imp.add_argument("file", metavar="FILE", help="an iCalendar (.ics) file")
    imp.add_argument("--server", type=_snowflake, metavar="GUILD_ID", required=True)
    imp.add_argument("--channel", type=_snowflake, metavar="CHANNEL_ID", help="one schedule only")
    _json(imp).set_defaults(func=cmd_facts_school)
    hol = inner.add_parser("holidays", help="a server's holidays from today on")
    hol.add_argument("--server", type=_snowflake, metavar="GUILD_ID", required=True)
    hol.add_argument("--channel", type=_snowflake, metavar="CHANNEL_ID")
    _json(hol).set_defaults(func=cmd_facts_school)
    for name, what in (("exclude", "keep out of"), ("include", "bring back into")):
        one = inner.add_parser(
            name, help=f"{what} a server's daily facts: a fact, passage or reading"
        )
        one.add_argument("target", metavar="ID", help="a fact, passage or reading id")
        one.add_argument("--server", type=_snowflake, metavar="GUILD_ID", required=True)
        _json(one).set_defaults(func=cmd_facts_school)


def cmd_facts_school(args: argparse.Namespace, settings: Settings) -> int:
    """facts calendar import | holidays | exclude | include: a server's school days."""
    from bot.facts import facts_for

    service = facts_for(Services.open(settings.database, settings.seeds_dir))
    try:
        if args.facts_command == "calendar":
            added, repeats = service.import_calendar_file(args.server, args.file, args.channel)
            data: object = {"added": [h.to_json() for h in added], "skipped": repeats}
            text = (
                f"Added {len(added)} holiday(s) to server {args.server}; {repeats} already listed."
            )
        elif args.facts_command == "holidays":
            found = service.holidays(args.server, args.channel)
            data = [h.to_json() for h in found]
            text = "\n".join(f"{h.first}  {h.last}  {h.name}" for h in found) or "No holidays."
        elif args.facts_command == "exclude":
            excluded = service.exclude(args.server, args.target)
            data, text = excluded.to_json(), f"Excluded {excluded.label} on server {args.server}."
        else:
            included = service.include(args.server, args.target)
            data, text = included.to_json(), f"{included.label} is back in daily facts."
    except (BadInput, NotFound) as exc:
        _err(f"thawbot: {exc}")
        return 2
    return _dump(data) if args.json else _say(text)


def cmd_facts(args: argparse.Namespace, settings: Settings) -> int:
    """facts [--json]: every fact, quoted word for word, in reading order."""
    from rich.markup import escape

    from bot.facts import FactService

    facts = FactService(Services.open(settings.database, settings.seeds_dir).store).facts()
    if args.json:
        return _dump([fact.to_json() for fact in facts])
    out = Console()
    for fact in facts:
        date = f" · {fact.date.iso()}" if fact.date else ""
        about = escape(f"{fact.theme}{date} · {fact.citation}")
        out.print(f"[bold]{fact.id}[/bold] [dim]{about}[/dim]")
        out.print(f"{fact.text}\n", markup=False)
    return 0


def _debates_command(sub: argparse._SubParsersAction) -> None:
    """debates export --format csv|xlsx [--server ID] [--debate N] [--out FILE]."""
    debates = _command(sub, "debates", "debate records", "The debates' records, for teachers.")
    inner = debates.add_subparsers(dest="debates_command", metavar="ACTION", required=True)
    export = inner.add_parser(
        "export",
        help="one row per student per debate, as CSV or XLSX (README: Exporting the records)",
        description="One row per student per debate; CSV goes to stdout unless --out is given.",
    )
    export.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    export.add_argument("--server", type=_snowflake, metavar="GUILD_ID", help="one server only")
    export.add_argument("--debate", type=_snowflake, metavar="N", help="one debate only")
    export.add_argument("--out", metavar="FILE", help="write to FILE instead of stdout")
    export.set_defaults(func=cmd_debates_export)


def cmd_debates_export(args: argparse.Namespace, settings: Settings) -> int:
    """debates export: the per-student records as a gradebook file."""
    from bot.debate import debates_for
    from bot.debate._export import export_file

    service = debates_for(Services.open(settings.database, settings.seeds_dir))
    name, data = export_file(service, args.format, args.server, args.debate)
    if args.out:
        with open(args.out, "wb") as out:
            out.write(data)
        _err(f"Wrote {args.out} ({name}).")
        return 0
    if args.format == "xlsx" and sys.stdout.isatty():
        _err("thawbot: an XLSX file is not text: give --out FILE (or redirect stdout).")
        return 2
    sys.stdout.flush()
    sys.stdout.buffer.write(data.removeprefix(b"\xef\xbb\xbf"))  # no byte-order mark in a pipe
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


def _stance_labels_command(sub: argparse._SubParsersAction) -> None:
    """stance-labels export [--server G] [--format json|csv|toml] [--out FILE]."""
    labels = _command(
        sub,
        "stance-labels",
        "teachers' marks, as labelled sentences",
        "How teachers marked passages (Reads sincere / political / neutral), to grow the "
        "stance reader's labelled set.",
    )
    inner = labels.add_subparsers(dest="labels_command", metavar="ACTION", required=True)
    export = inner.add_parser(
        "export",
        help="every mark: passage_id, text, stance, guild_id, motion, marked_at",
        description="Every teacher's mark, oldest first; stdout unless --out is given.",
    )
    export.add_argument("--format", choices=("json", "csv", "toml"), default="json")
    export.add_argument("--server", type=_snowflake, metavar="GUILD_ID", help="one server only")
    export.add_argument("--out", metavar="FILE", help="write to FILE instead of stdout")
    export.set_defaults(func=cmd_stance_labels)


def cmd_stance_labels(args: argparse.Namespace, settings: Settings) -> int:
    """stance-labels export: the marks as JSON (a list), CSV or TOML."""
    from bot import marks

    store = Services.open(settings.database, settings.seeds_dir).store
    rows = marks.export_rows(store, args.server)
    text = marks.render(rows, args.format)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as out:
            out.write(text)
        _err(f"Wrote {len(rows)} marks to {args.out}.")
        return 0
    sys.stdout.write(text)
    return 0


def _server(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument(
        "--server",
        type=_snowflake,
        metavar="GUILD_ID",
        help="one server's view: built-in, shared and that server's readings "
        "(default: the shared view)",
    )
    return parser


def _readings_command(sub: argparse._SubParsersAction) -> None:
    """readings add|check|list|remove: the readings teachers bring."""
    readings = _command(
        sub,
        "readings",
        "add, check, list or remove readings you bring",
        "Readings a teacher brings (.txt, .md, .html, .pdf, .docx, at most 10 MB), kept in "
        "the database: added to the shared library, or with --server to one server only.",
    )
    what = readings.add_subparsers(dest="readings_command", metavar="ACTION", required=True)
    add = what.add_parser("add", help="check a file and add it")
    add.add_argument("file", metavar="FILE", type=Path)
    add.add_argument("--id", required=True, help="the reading's id, e.g. freeze-ch13")
    add.add_argument("--title", required=True)
    add.add_argument("--author", required=True)
    add.add_argument("--kind", required=True, help="e.g. book chapter, blog post, article")
    add.add_argument("--date")
    add.add_argument("--url")
    add.add_argument("--keep", action="append", metavar="LINE", help="a dropped line to keep")
    _server(add)
    _json(add).set_defaults(func=cmd_readings)
    chk = what.add_parser("check", help="the check report for a file, without adding it")
    chk.add_argument("file", metavar="FILE", type=Path)
    chk.add_argument("--id", default="checked")
    chk.add_argument("--title", default="(untitled)")
    chk.add_argument("--author", default="(unknown)")
    chk.add_argument("--kind", default="reading")
    chk.add_argument("--keep", action="append", metavar="LINE", help="a dropped line to keep")
    _json(chk).set_defaults(func=cmd_readings)
    lst = what.add_parser("list", help="the readings added (all, or one server's view)")
    _server(lst)
    _json(lst).set_defaults(func=cmd_readings)
    rm = what.add_parser("remove", help="remove an added reading")
    rm.add_argument("id", metavar="ID")
    _json(rm).set_defaults(func=cmd_readings)


def cmd_readings(args: argparse.Namespace, settings: Settings) -> int:
    """readings add|check|list|remove; exit 2 on bad input, 1 when the id is unknown."""
    from bot import readings
    from bot.corpus.ingest import report_text

    meta = {k: getattr(args, k, None) for k in ("id", "title", "author", "kind", "date", "url")}
    if getattr(args, "keep", None):
        meta["keep"] = list(args.keep)
    try:
        if args.readings_command == "check":
            report = readings.check(args.file, meta)
            return _dump(report) if args.json else _say(report_text(report))
        services = Services.open(settings.database, settings.seeds_dir)
        if args.readings_command == "add":
            report = readings.add(services.store, args.file, meta, guild_id=args.server)
            if args.json:
                return _dump(report)
            scope = f"server {args.server}" if args.server else "the shared library"
            return _say(report_text(report) + f"\nAdded to {scope}.")
        if args.readings_command == "list":
            found = readings.listed(services.store, args.server, every=args.server is None)
            if args.json:
                return _dump([r.to_json() for r in found])
            lines = [
                f"{r.id}  “{r.title}”, {r.author} ({r.kind}) · {r.passages} passages · "
                + (f"server {r.guild_id}" if r.guild_id else "shared")
                for r in found
            ]
            return _say("\n".join(lines) or "No readings have been added.")
        removed = readings.remove(services.store, args.id)
        return _dump(removed.to_json()) if args.json else _say(f"Removed “{removed.title}”.")
    except BadInput as exc:
        _err(f"thawbot: {exc}")
        return 2


def _say(text: str) -> int:
    sys.stdout.write(text + "\n")
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


def _snowflake(text: str) -> int:
    """An argparse type: a Discord id (a positive whole number)."""
    if not text.strip().isdigit() or int(text) <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a Discord id (digits only)")
    return int(text)


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
