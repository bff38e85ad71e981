"""Privacy: what is stored about students, retention, and forgetting one student.

Plain Python over the store's SQLite file; the tables about people are found from the
schema, so a feature's new table is covered without touching this package.
"""

from bot.privacy._actions import (
    forget_ask,
    forgotten_reply,
    notice_reply,
    privacy_for,
    retention_reply,
)
from bot.privacy._erase import Erased
from bot.privacy._schema import USER_COLUMNS, read_schema
from bot.privacy._service import PrivacyService, Stored

__all__ = [
    "USER_COLUMNS",
    "Erased",
    "PrivacyService",
    "Stored",
    "forget_ask",
    "forgotten_reply",
    "notice_reply",
    "privacy_for",
    "read_schema",
    "retention_reply",
]
