"""Application-command validation (names, options, choices, sizes, counts).

Part of :mod:`tests.fakediscord.validate`, which re-exports :func:`check_commands`.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from tests.fakediscord import attachments
from tests.fakediscord import limits as L
from tests.fakediscord.validate import Problem, _count, _max, _range

Json = dict[str, Any]


def chat_input_name_ok(name: Any) -> bool:
    """Discord's ``^[-_'\\p{L}\\p{N}\\p{sc=Deva}\\p{sc=Thai}]{1,32}$``, lowercase if possible."""
    if not isinstance(name, str) or not 1 <= len(name) <= L.COMMAND_NAME_MAX:
        return False
    return name == name.lower() and all(_name_char_ok(ch) for ch in name)


def _name_char_ok(ch: str) -> bool:
    if ch in L.COMMAND_NAME_PUNCTUATION or unicodedata.category(ch)[0] in "LN":
        return True
    code = ord(ch)
    return any(lo <= code <= hi for lo, hi in (L.DEVANAGARI, L.THAI))


def _check_options(options: list[Json], base: str, depth: int = 0) -> list[Problem]:
    out: list[Problem] = []
    _count(out, base, options, 0, L.COMMAND_OPTIONS_MAX)
    seen_optional = False
    names: set[str] = set()
    for i, opt in enumerate(options):
        p = f"{base}.{i}"
        out.extend(_check_name_desc(opt, p, chat_input=True))
        if opt.get("name") in names:
            out.append(Problem(f"{p}.name", f"Option names must be unique ({opt.get('name')!r})."))
        names.add(str(opt.get("name")))
        if opt.get("type") in (1, 2):
            out.extend(_check_options(opt.get("options") or [], f"{p}.options", depth + 1))
            continue
        if opt.get("required"):
            if seen_optional:
                msg = "Required options must be placed before non-required options."
                out.append(Problem(f"{p}.required", msg))
        else:
            seen_optional = True
        out.extend(_check_option_values(opt, p))
    return out


def _check_option_values(opt: Json, p: str) -> list[Problem]:
    out: list[Problem] = [Problem(*found) for found in attachments.option_type_problems(opt, p)]
    choices = opt.get("choices") or []
    if (choices or opt.get("autocomplete")) and opt.get("type") not in L.CHOICE_OPTION_TYPES:
        msg = "Only string, integer and number options take choices or autocomplete."
        out.append(Problem(f"{p}.type", msg))
    if choices and opt.get("autocomplete"):
        msg = "autocomplete may not be set to true if choices are present."
        out.append(Problem(f"{p}.autocomplete", msg))
    _count(out, f"{p}.choices", choices, 0, L.COMMAND_CHOICES_MAX)
    for k, choice in enumerate(choices):
        _range(out, f"{p}.choices.{k}.name", choice.get("name"), 1, L.CHOICE_NAME_MAX)
        _max(out, f"{p}.choices.{k}.value", choice.get("value"), L.CHOICE_VALUE_MAX)
    top = L.OPTION_STRING_LENGTH_MAX
    for key, lo in (("min_length", 0), ("max_length", 1)):
        value = opt.get(key)
        if value is not None and (not isinstance(value, int) or not lo <= value <= top):
            out.append(Problem(f"{p}.{key}", f"Must be between {lo} and {top}."))
    return out


def _check_name_desc(obj: Json, base: str, *, chat_input: bool) -> list[Problem]:
    out: list[Problem] = []
    name = obj.get("name")
    if chat_input:
        if not chat_input_name_ok(name):
            msg = f"Invalid name {name!r}: 1-32 lowercase letters, digits, - _ or '."
            out.append(Problem(f"{base}.name", msg))
        lo, hi = L.COMMAND_DESCRIPTION_MIN, L.COMMAND_DESCRIPTION_MAX
        _range(out, f"{base}.description", obj.get("description"), lo, hi)
    else:
        _range(out, f"{base}.name", name, 1, L.COMMAND_NAME_MAX)
    return out


def _longest(obj: Json, key: str) -> int:
    """A field's length for the size limit: the longest of it and its localizations."""
    values = [obj.get(key), *(obj.get(f"{key}_localizations") or {}).values()]
    return max((len(str(v)) for v in values if v is not None), default=0)


def command_size(command: Json) -> int:
    """Characters counted toward the 8,000 limit: names, descriptions, choice names/values."""
    total = _longest(command, "name") + _longest(command, "description")
    for opt in command.get("options") or []:
        total += command_size(opt)
    for choice in command.get("choices") or []:
        total += _longest(choice, "name") + len(str(choice.get("value", "")))
    return total


def check_commands(commands: Any) -> list[Problem]:
    if not isinstance(commands, list):
        return [Problem("", "Body must be a list of application commands.")]
    out: list[Problem] = []
    counts: dict[int, int] = {}
    names: set[tuple[int, str]] = set()
    for i, cmd in enumerate(commands):
        ctype = int(cmd.get("type", 1))
        counts[ctype] = counts.get(ctype, 0) + 1
        key = (ctype, str(cmd.get("name")))
        if key in names:
            msg = f"Application command names must be unique ({key[1]!r})."
            out.append(Problem(f"{i}.name", msg))
        names.add(key)
        out.extend(_check_name_desc(cmd, str(i), chat_input=ctype == 1))
        if ctype == 1:
            out.extend(_check_options(cmd.get("options") or [], f"{i}.options"))
            size = command_size(cmd)
            if size > L.COMMAND_TOTAL_CHARS_MAX:
                msg = f"Command exceeds maximum size ({L.COMMAND_TOTAL_CHARS_MAX}, got {size})."
                out.append(Problem(str(i), msg))
    if counts.get(1, 0) > L.CHAT_INPUT_COMMANDS_MAX:
        out.append(Problem("", f"At most {L.CHAT_INPUT_COMMANDS_MAX} slash commands."))
    for ctype in (2, 3):
        if counts.get(ctype, 0) > L.CONTEXT_MENU_COMMANDS_MAX:
            msg = f"At most {L.CONTEXT_MENU_COMMANDS_MAX} context menu commands of type {ctype}."
            out.append(Problem("", msg))
    return out
