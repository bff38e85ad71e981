"""Domain errors: each carries a short message that is safe to show a user as it is."""


class ThawbotError(Exception):
    """Base class: ``str(error)`` is a short, user-facing sentence."""


class NotFound(ThawbotError):
    """A passage, source, debate or fact that does not exist."""


class BadInput(ThawbotError):
    """Text a user typed that cannot be used (too long, empty, malformed)."""


class NotAllowed(ThawbotError):
    """The user may not do this (not a moderator, not the current speaker...)."""


class Conflict(ThawbotError):
    """The action does not fit the current state (a debate already running, a vote closed...)."""


class ConfigError(ThawbotError):
    """Settings are missing or invalid."""


class Busy(ThawbotError):
    """The database is locked by another writer for longer than a short wait: try again."""


class StorageError(ThawbotError):
    """The database cannot be used (disk full, damaged, deleted): an operator must act."""
