"""The kinds of debate button (``debate:<kind>:<debate id>:...``) every front end routes."""

from __future__ import annotations

KINDS = (
    "join",
    "leave",
    "ctl",
    "poi",
    "argue",
    "counter",
    "vote",
    "evidence",
    "transcript",
    "uncited",
)
