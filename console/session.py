"""The offline console: the same commands and content as Discord, printed with rich.

Interactive on a terminal (with line history); from a pipe it reads one command per
line, prints each answer and exits 0 at end of input, so scripts and tests can drive it.
A line ``as NAME: /command`` runs a command as that user; the default user "teacher"
is a moderator. A number presses that button of the last answer. An attached file (a
debate transcript) is saved to ``THAWBOT_CONSOLE_FILES`` or the working directory, never
over an existing file.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.text import Text

from bot import actions
from bot.actions import Context
from bot.errors import ThawbotError
from bot.models import Actor
from bot.outcome import Outcome, as_outcome
from bot.presentation import Form, Reply
from bot.services import Services
from bot.settings import Settings
from bot.storefaults import domain_error
from bot.typed import NOTE as TYPED_NOTE
from bot.typed import readable
from console import debate as _debate  # noqa: F401  (registers the console's /debate)
from console.outcome import interpret, refusal
from console.richrender import print_reply
from console.users import DEFAULT_USER, console_actor

log = logging.getLogger(__name__)

CONSOLE_GUILD = 1
CONSOLE_CHANNEL = 2
_AS = re.compile(r"^as\s+(?P<name>[\w.\-]{1,32})\s*:\s*(?P<rest>.*)$", re.IGNORECASE)
_UNSAFE = re.compile(r"[^\w.\-]+")
MAX_COPIES = 1000


@dataclass
class ConsoleContext(Context):
    """A console request; ``interactive`` is False when a script is piped in, where a
    form's prompts would swallow the script's next lines, so features refuse forms."""

    interactive: bool = True


class ConsoleSession:
    """One console: the services, the last answer's buttons, and who is typing."""

    def __init__(
        self,
        services: Services,
        out: Console,
        interactive: bool = True,
        files: Path | None = None,
    ) -> None:
        """``files`` is the folder attached files are saved to (None: they are not saved)."""
        actions.load_features()
        self.services = services
        self.out = out
        self.interactive = interactive
        self.files = files
        self.buttons: list[str | None] = []

    def actor(self, name: str) -> Actor:
        """A console user; ids are stable per name so debates can be replayed."""
        return console_actor(name)

    def handle(self, line: str, read_line=None) -> None:
        """Run one typed line and print the answer (or a helpful message)."""
        text, unreadable = readable(line.strip())
        if not text or text.startswith("#"):
            return
        if unreadable:
            self._say(TYPED_NOTE)
        name = DEFAULT_USER
        match = _AS.match(text)
        if match:
            name, text = match.group("name"), match.group("rest").strip()
            if not text:
                self._say(f"Type a command after “as {name}:”, e.g. as {name}: /help")
                return
        ctx = ConsoleContext(
            self.services,
            self.actor(name),
            CONSOLE_GUILD,
            CONSOLE_CHANNEL,
            interactive=self.interactive,
        )
        try:
            result = interpret(ctx, self._run(ctx, text))
            while isinstance(result, Form):
                ctx.values = self._fill(result, read_line)
                result = interpret(ctx, actions.dispatch(ctx, result.custom_id))
            self._show(result)
        except ThawbotError as exc:
            self._say(refusal(ctx, exc))
        except sqlite3.Error as exc:  # locked, full, damaged: one sentence, as on Discord
            found = domain_error(exc)
            if found is None:
                raise
            self._say(str(found))
        except (ValueError, IndexError) as exc:
            log.debug("bad console input %r: %s", text, exc)
            self._say("That did not look right. Type /help for examples.")

    def _say(self, message: str) -> None:
        """A note to the user, printed literally (user text is never read as markup)."""
        self.out.print(Text(message, style="yellow"))

    def _run(self, ctx: Context, text: str) -> Outcome:
        if text.isdigit():
            return actions.dispatch(ctx, self._button(int(text)))
        name, _, rest = text.partition(" ")
        registered = actions.commands()
        if name.lower() not in registered:
            known = ", ".join(sorted(registered))
            raise ThawbotError(f"Unknown command “{name[:40]}”. Try one of: {known}.")
        handler, _usage = registered[name.lower()]
        return as_outcome(handler(ctx, rest.strip()))

    def _button(self, number: int) -> str:
        """The custom_id of button ``number`` of the last answer, as numbered on screen."""
        if not self.buttons:
            raise ThawbotError("The last answer has no buttons to press.")
        if not 1 <= number <= len(self.buttons):
            raise ThawbotError(f"There is no button {number}: choose 1 to {len(self.buttons)}.")
        custom_id = self.buttons[number - 1]
        if custom_id is None:
            raise ThawbotError(f"Button {number} is not available here.")
        return custom_id

    def _fill(self, form: Form, read_line) -> dict[str, str]:
        if not self.interactive:  # the prompts would eat the script's next lines
            raise ThawbotError(
                f"A script cannot fill the form “{form.title}”: give its answers on one line."
            )
        self.out.print(Text(form.title, style="bold"))
        values = {}
        for field in form.inputs:
            prompt = f"{field.label}{'' if field.required else ' (optional)'}"
            prompt += f" [{field.value}]: " if field.value else ": "
            typed = (read_line(prompt) if read_line else "").strip()
            values[field.key] = typed or field.value  # Enter keeps the prefilled answer
        return values

    def _show(self, reply: Reply) -> None:
        if reply.public:
            self.out.print(Text("(posted to the channel)", style="dim"))
        saved = self._save(reply)
        self.buttons = print_reply(self.out, reply, saved=saved)

    def _save(self, reply: Reply) -> Path | None:
        """Write the reply's attached file, if any, to the files folder; its path or None."""
        if reply.file is None or self.files is None:
            return None
        name, data = reply.file
        try:
            return save_attachment(self.files, name, data)
        except OSError as exc:
            self._say(f"Could not save {name} in {self.files}: {exc.strerror or exc}.")
            return None


def save_attachment(folder: Path, name: str, data: bytes) -> Path:
    """Write ``data`` as ``name`` in ``folder`` (created if missing) and return the path.

    An existing file is never replaced: the copy is named ``stem-2.ext``, ``stem-3.ext``...
    Only the file's own name is used, so no name can write outside ``folder``.
    """
    folder.mkdir(parents=True, exist_ok=True)
    base = Path(_UNSAFE.sub("-", Path(name).name).strip(".-") or "attachment")
    for copy in range(1, MAX_COPIES + 1):
        candidate = base.name if copy == 1 else f"{base.stem}-{copy}{base.suffix}"
        path = folder / candidate
        try:
            with path.open("xb") as handle:  # "x": fail rather than overwrite
                handle.write(data)
        except FileExistsError:
            continue
        return path.resolve()
    raise FileExistsError(f"{MAX_COPIES} copies of {base.name} already exist in {folder}")


def run_console(settings: Settings, stdin: TextIO | None = None, out: Console | None = None) -> int:
    """Run the console until /quit or end of input; returns the exit status."""
    stdin = stdin or sys.stdin
    out = out or Console()
    interactive = stdin.isatty()
    files = settings.console_files or Path.cwd()
    session = ConsoleSession(
        Services.open(
            settings.database,
            settings.seeds_dir,
            settings.default_timezone,
            settings.retention_days,
        ),
        out,
        interactive,
        files,
    )
    if interactive:
        _enable_history()
        out.print("[bold]Thawbot console[/bold]: type /help, a number to press a button, /quit.")

    def read_line(prompt: str) -> str:
        if interactive:
            return out.input(prompt)
        line = stdin.readline()
        return "" if not line else line.rstrip("\n")

    while True:
        try:
            line = out.input("> ") if interactive else stdin.readline()
        except EOFError:
            break
        except KeyboardInterrupt:  # Ctrl-C cancels the line; Ctrl-D or /quit leaves
            out.print()
            continue
        if not interactive and not line:
            break
        if line.strip().lower() in {"/quit", "/exit", "quit", "exit"}:
            break
        if not interactive:
            out.print(Text(f"> {line.strip()}", style="bold cyan"))
        session.handle(line, read_line)
    return 0


def _enable_history() -> None:
    """Line editing and history where the platform has readline."""
    try:
        import readline  # noqa: F401  (importing enables history for input())
    except ImportError:  # pragma: no cover - Windows without pyreadline
        log.debug("readline is not available: no history")
