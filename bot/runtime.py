"""Process-level care: stop cleanly on SIGTERM, and keep secrets out of the logs."""

from __future__ import annotations

import logging
import re
import signal
from types import FrameType

REDACTED = "[redacted]"
# Interaction tokens answer (and edit) a user's interaction for 15 minutes: never log them.
_SECRETS = (
    re.compile(r"(/interactions/\d+/)[^/\s'\"?]+"),
    re.compile(r"(/webhooks/\d+/)[^/\s'\"?]+"),
    re.compile(r"""(['"]token['"]\s*:\s*['"])[^'"]+"""),
)


def redact(text: str) -> str:
    """``text`` with interaction and webhook tokens replaced by ``[redacted]``."""
    for pattern in _SECRETS:
        text = pattern.sub(rf"\g<1>{REDACTED}", text)
    return text


class RedactSecrets(logging.Filter):
    """A handler filter: discord.py's DEBUG lines carry interaction tokens in URLs and
    gateway payloads; the record keeps everything else."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


def redact_logs(logger: logging.Logger | None = None) -> None:
    """Add the filter to every handler of ``logger`` (default: the root logger)."""
    for handler in (logger or logging.getLogger()).handlers:
        if not any(isinstance(f, RedactSecrets) for f in handler.filters):
            handler.addFilter(RedactSecrets())


def exit_on_sigterm() -> None:
    """SIGTERM (``docker stop``; as PID 1 there is no default handler) exits like
    ``sys.exit(143)``: ``finally`` blocks run and open files close, no traceback.
    The Discord bot replaces this with its own handler that closes the gateway first."""
    signal.signal(signal.SIGTERM, _terminate)


def _terminate(signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)
