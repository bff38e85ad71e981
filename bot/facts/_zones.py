"""IANA time zones: validation with helpful suggestions, and autocomplete.

Abbreviations such as "EST" are refused on purpose: the zone of that name never
changes to daylight-saving time, so a New York class would post an hour late all summer.
So is every other name that is not a place: fixed offsets ("Etc/GMT+5", "GMT+5", "GMT"),
and the tz database's technical entries ("localtime", "Factory", "posixrules"). A place
is an Area/Location name ("Europe/London"), the tz database's own form for places; UTC is
the one exception, for a class that wants no clock changes at all.
"""

from __future__ import annotations

import re
from functools import cache
from zoneinfo import available_timezones

from rapidfuzz import fuzz, process

from bot.errors import BadInput

CHOICES = 25
COMMON = (
    "UTC",
    "Europe/London",
    "Europe/Dublin",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Madrid",
    "Europe/Warsaw",
    "Europe/Kyiv",
    "Europe/Moscow",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "America/Toronto",
    "America/Vancouver",
    "America/Mexico_City",
    "America/Sao_Paulo",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Asia/Shanghai",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Pacific/Auckland",
)
ABBREVIATIONS = {
    "EST": "America/New_York",
    "EDT": "America/New_York",
    "ET": "America/New_York",
    "CST": "America/Chicago",
    "CDT": "America/Chicago",
    "CT": "America/Chicago",
    "MST": "America/Denver",
    "MDT": "America/Denver",
    "MT": "America/Denver",
    "PST": "America/Los_Angeles",
    "PDT": "America/Los_Angeles",
    "PT": "America/Los_Angeles",
    "BST": "Europe/London",
    "CET": "Europe/Paris",
    "CEST": "Europe/Paris",
    "EET": "Europe/Kyiv",
    "MSK": "Europe/Moscow",
    "IST": "Asia/Kolkata",
    "JST": "Asia/Tokyo",
    "AEST": "Australia/Sydney",
    "GMT": "Europe/London",
}
NOT_PLACES = ("Etc/", "SystemV/", "posix/", "right/")  # areas of offsets and file variants
NOT_A_PLACE_SUGGESTIONS = ("UTC", "Europe/London", "America/New_York")
_OFFSET = re.compile(r"^(?:gmt|utc|ut)?\s*[+-]\s*\d{1,2}(?::?\d\d)?$", re.IGNORECASE)  # GMT+5


@cache
def zone_names() -> tuple[str, ...]:
    """Place-based zone names people choose from (no legacy aliases), sorted."""
    names = {name for name in available_timezones() if is_place(name) and name != "UTC"}
    return ("UTC", *sorted(n for n in names if not n.startswith("US/")))


def is_place(name: str) -> bool:
    """True for UTC and an Area/Location name; False for offsets and technical entries."""
    return name == "UTC" or ("/" in name and not name.startswith(NOT_PLACES))


@cache
def _all_names() -> dict[str, str]:
    """Every name zoneinfo knows, by its lowercase form (aliases accepted when typed)."""
    return {name.lower(): name for name in available_timezones()}


def resolve_zone(text: str) -> str:
    """The canonical IANA name for what the user typed; BadInput with suggestions if none."""
    wanted = "_".join((text or "").strip().split())
    if not wanted:
        raise BadInput("Give a time zone, e.g. Europe/London or America/New_York.")
    if wanted.upper() in ABBREVIATIONS:
        place = ABBREVIATIONS[wanted.upper()]
        raise BadInput(
            f"“{wanted[:10]}” is an abbreviation, which does not follow daylight-saving "
            f"changes. Use a place name such as {place}."
        )
    found = _all_names().get(wanted.lower())
    if found is not None and is_place(found):
        return found
    by_city = [n for n in zone_names() if n.rsplit("/", 1)[-1].lower() == wanted.lower()]
    if len(by_city) == 1:
        return by_city[0]  # "london", "New York", "Singapore"
    if found is not None or _OFFSET.match(wanted):
        suggestions = ", ".join(timezones(wanted)[:3] or NOT_A_PLACE_SUGGESTIONS)
        raise BadInput(
            f"Use a place's time zone, written Area/City (e.g. Europe/London), not "
            f"“{wanted[:40]}”. Did you mean {suggestions}?"
        )
    suggestions = ", ".join(timezones(wanted)[:3]) or ", ".join(COMMON[1:4])
    raise BadInput(f"Unknown time zone “{wanted[:40]}”. Did you mean {suggestions}?")


def timezones(prefix: str, limit: int = CHOICES) -> list[str]:
    """Up to ``limit`` zone names for autocomplete: prefix matches, then parts, then fuzzy."""
    wanted = "_".join((prefix or "").strip().split()).lower()
    if not wanted:
        return list(COMMON[:limit])
    names = zone_names()
    starts = [n for n in names if n.lower().startswith(wanted)]
    parts = [n for n in names if any(p.startswith(wanted) for p in n.lower().split("/")[1:])]
    contains = [n for n in names if wanted in n.lower()]
    found = list(dict.fromkeys([*starts, *parts, *contains]))
    if len(found) < limit:
        found += [name for name in _close(wanted, limit) if name not in found]
    return found[:limit]


def _close(wanted: str, limit: int) -> list[str]:
    """Zones whose name or city is spelled close to ``wanted`` ("Europe/Londn", "berln")."""
    names = zone_names()
    cities = [name.rsplit("/", 1)[-1].lower() for name in names]
    scored: dict[str, float] = {}
    for choices in ([n.lower() for n in names], cities):
        for _match, score, index in process.extract(
            wanted, choices, scorer=fuzz.ratio, limit=limit, score_cutoff=75
        ):
            scored[names[index]] = max(score, scored.get(names[index], 0))
    return sorted(scored, key=lambda name: -scored[name])
