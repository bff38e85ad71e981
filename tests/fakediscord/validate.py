"""Request validation against Discord's documented limits.

Each checker returns a list of :class:`Problem` (a dotted JSON path plus a
message, like Discord's ``Invalid Form Body`` errors).  All numbers come from
:mod:`tests.fakediscord.limits`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from tests.fakediscord import limits as L

log = logging.getLogger(__name__)
Json = dict[str, Any]


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


def _len(value: Any) -> int:
    return len(value) if isinstance(value, str) else 0


def _max(out: list[Problem], path: str, value: Any, maximum: int) -> None:
    if isinstance(value, str) and len(value) > maximum:
        msg = f"Must be {maximum} or fewer in length (got {len(value)})."
        out.append(Problem(path, msg))


def _range(out: list[Problem], path: str, value: Any, lo: int, hi: int) -> None:
    if not isinstance(value, str) or not lo <= len(value) <= hi:
        got = len(value) if isinstance(value, str) else repr(value)
        out.append(Problem(path, f"Must be between {lo} and {hi} in length (got {got})."))


def _count(out: list[Problem], path: str, items: list[Any], lo: int, hi: int) -> None:
    if not lo <= len(items) <= hi:
        out.append(Problem(path, f"Must be between {lo} and {hi} in length (got {len(items)})."))


def check_embeds(embeds: Any, base: str = "embeds") -> list[Problem]:
    out: list[Problem] = []
    if not isinstance(embeds, list):
        return [Problem(base, "Must be a list.")]
    _count(out, base, embeds, 0, L.EMBEDS_PER_MESSAGE_MAX)
    total = 0
    for i, embed in enumerate(embeds):
        p = f"{base}.{i}"
        title, desc = embed.get("title"), embed.get("description")
        footer = (embed.get("footer") or {}).get("text")
        author = (embed.get("author") or {}).get("name")
        _max(out, f"{p}.title", title, L.EMBED_TITLE_MAX)
        _max(out, f"{p}.description", desc, L.EMBED_DESCRIPTION_MAX)
        _max(out, f"{p}.footer.text", footer, L.EMBED_FOOTER_TEXT_MAX)
        _max(out, f"{p}.author.name", author, L.EMBED_AUTHOR_NAME_MAX)
        total += _len(title) + _len(desc) + _len(footer) + _len(author)
        fields = embed.get("fields") or []
        _count(out, f"{p}.fields", fields, 0, L.EMBED_FIELDS_MAX)
        for j, fld in enumerate(fields):
            name, value = fld.get("name"), fld.get("value")
            _range(out, f"{p}.fields.{j}.name", name, 1, L.EMBED_FIELD_NAME_MAX)
            _range(out, f"{p}.fields.{j}.value", value, 1, L.EMBED_FIELD_VALUE_MAX)
            total += _len(name) + _len(value)
    if total > L.EMBED_TOTAL_CHARS_MAX:
        msg = f"Embed size exceeds maximum size of {L.EMBED_TOTAL_CHARS_MAX} (got {total})."
        out.append(Problem(base, msg))
    return out


def _check_custom_id(out: list[Problem], path: str, comp: Json, seen: set[str]) -> None:
    custom_id = comp.get("custom_id")
    _range(out, f"{path}.custom_id", custom_id, L.CUSTOM_ID_MIN, L.CUSTOM_ID_MAX)
    if isinstance(custom_id, str):
        if custom_id in seen:
            msg = f"Component custom id {custom_id!r} is duplicated."
            out.append(Problem(f"{path}.custom_id", msg))
        seen.add(custom_id)


def _check_interactive(out: list[Problem], path: str, comp: Json, seen: set[str]) -> None:
    ctype = comp.get("type")
    if ctype == 2:
        _max(out, f"{path}.label", comp.get("label"), L.BUTTON_LABEL_MAX)
        if comp.get("style") not in (L.BUTTON_STYLE_LINK, L.BUTTON_STYLE_PREMIUM):
            _check_custom_id(out, path, comp, seen)
    elif ctype in L.SELECT_COMPONENT_TYPES:
        _check_custom_id(out, path, comp, seen)
        _max(out, f"{path}.placeholder", comp.get("placeholder"), L.SELECT_PLACEHOLDER_MAX)
        max_values = comp.get("max_values", 1)
        if isinstance(max_values, int) and max_values > L.SELECT_MAX_VALUES_MAX:
            out.append(Problem(f"{path}.max_values", f"Must be {L.SELECT_MAX_VALUES_MAX} or less."))
        if ctype == 3:
            options = comp.get("options") or []
            _count(out, f"{path}.options", options, 1, L.SELECT_OPTIONS_MAX)
            for k, opt in enumerate(options):
                q = f"{path}.options.{k}"
                _range(out, f"{q}.label", opt.get("label"), 1, L.SELECT_OPTION_LABEL_MAX)
                _range(out, f"{q}.value", opt.get("value"), 1, L.SELECT_OPTION_VALUE_MAX)
                desc = opt.get("description")
                _max(out, f"{q}.description", desc, L.SELECT_OPTION_DESCRIPTION_MAX)
    elif ctype == 4:
        out.extend(_check_text_input(path, comp, seen))


def _walk_v2(out: list[Problem], path: str, comps: list[Json], seen: set[str]) -> int:
    count = 0
    for i, comp in enumerate(comps):
        p = f"{path}.{i}"
        count += 1
        _check_interactive(out, p, comp, seen)
        if isinstance(comp.get("components"), list):
            count += _walk_v2(out, f"{p}.components", comp["components"], seen)
        if isinstance(comp.get("accessory"), dict):
            count += 1
            _check_interactive(out, f"{p}.accessory", comp["accessory"], seen)
    return count


def check_components(components: Any, flags: int = 0, base: str = "components") -> list[Problem]:
    out: list[Problem] = []
    if not isinstance(components, list):
        return [Problem(base, "Must be a list.")]
    seen: set[str] = set()
    if flags & L.COMPONENTS_V2_FLAG:
        total = _walk_v2(out, base, components, seen)
        if total > L.COMPONENTS_V2_TOTAL_MAX:
            out.append(Problem(base, f"Must have {L.COMPONENTS_V2_TOTAL_MAX} or fewer components."))
        return out
    _count(out, base, components, 0, L.ACTION_ROWS_MAX)
    for i, row in enumerate(components):
        p = f"{base}.{i}"
        if row.get("type") != 1:
            out.append(Problem(f"{p}.type", "Top-level components must be action rows (type 1)."))
            continue
        children = row.get("components") or []
        _count(out, f"{p}.components", children, 1, L.COMPONENTS_PER_ROW_MAX)
        has_select = any(c.get("type") in L.SELECT_COMPONENT_TYPES for c in children)
        if has_select and len(children) > 1:
            out.append(Problem(f"{p}.components", "A select menu must be alone in its action row."))
        for j, comp in enumerate(children):
            _check_interactive(out, f"{p}.components.{j}", comp, seen)
    return out


def _check_text_input(path: str, comp: Json, seen: set[str]) -> list[Problem]:
    out: list[Problem] = []
    _check_custom_id(out, path, comp, seen)
    _max(out, f"{path}.label", comp.get("label"), L.TEXT_INPUT_LABEL_MAX)
    _max(out, f"{path}.placeholder", comp.get("placeholder"), L.TEXT_INPUT_PLACEHOLDER_MAX)
    _max(out, f"{path}.value", comp.get("value"), L.TEXT_INPUT_VALUE_MAX)
    max_length = comp.get("max_length")
    if isinstance(max_length, int) and max_length > L.TEXT_INPUT_VALUE_MAX:
        out.append(Problem(f"{path}.max_length", f"Must be {L.TEXT_INPUT_VALUE_MAX} or less."))
    return out


def check_modal(data: Json, base: str = "data") -> list[Problem]:
    out: list[Problem] = []
    _range(out, f"{base}.title", data.get("title"), 1, L.MODAL_TITLE_MAX)
    _range(out, f"{base}.custom_id", data.get("custom_id"), L.CUSTOM_ID_MIN, L.CUSTOM_ID_MAX)
    comps = data.get("components") or []
    _count(out, f"{base}.components", comps, 1, L.MODAL_COMPONENTS_MAX)
    seen: set[str] = set()
    for i, comp in enumerate(comps):
        p = f"{base}.components.{i}"
        if comp.get("type") == 18:  # label wrapping one component
            _range(out, f"{p}.label", comp.get("label"), 1, L.TEXT_INPUT_LABEL_MAX)
            inner = comp.get("component") or {}
            _check_interactive(out, f"{p}.component", inner, seen)
        elif comp.get("type") == 1:
            for j, child in enumerate(comp.get("components") or []):
                if child.get("type") == 4:  # outside a Label the input needs its own label
                    label = child.get("label")
                    _range(out, f"{p}.components.{j}.label", label, 1, L.TEXT_INPUT_LABEL_MAX)
                _check_interactive(out, f"{p}.components.{j}", child, seen)
        else:
            _check_interactive(out, p, comp, seen)
    return out


def check_choices(choices: Any, base: str) -> list[Problem]:
    out: list[Problem] = []
    if not isinstance(choices, list):
        return [Problem(base, "Must be a list.")]
    _count(out, base, choices, 0, L.AUTOCOMPLETE_CHOICES_MAX)
    for i, choice in enumerate(choices):
        _range(out, f"{base}.{i}.name", choice.get("name"), 1, L.CHOICE_NAME_MAX)
        _max(out, f"{base}.{i}.value", choice.get("value"), L.CHOICE_VALUE_MAX)
    return out


def check_poll(poll: Json, base: str = "poll") -> list[Problem]:
    out: list[Problem] = []
    question = (poll.get("question") or {}).get("text")
    _range(out, f"{base}.question.text", question, 1, L.POLL_QUESTION_MAX)
    answers = poll.get("answers") or []
    _count(out, f"{base}.answers", answers, 1, L.POLL_ANSWERS_MAX)
    for i, answer in enumerate(answers):
        text = (answer.get("poll_media") or {}).get("text")
        _range(out, f"{base}.answers.{i}.poll_media.text", text, 1, L.POLL_ANSWER_TEXT_MAX)
    duration = poll.get("duration", 24)
    lo, hi = L.POLL_DURATION_HOURS_MIN, L.POLL_DURATION_HOURS_MAX
    if not isinstance(duration, int | float) or not lo <= duration <= hi:
        msg = f"Must be between {lo} and {hi} hours (got {duration!r})."
        out.append(Problem(f"{base}.duration", msg))
    return out


def check_allowed_mentions(body: Json, role_allowlist: Iterable[int]) -> list[Problem]:
    if "allowed_mentions" not in body or body["allowed_mentions"] is None:
        return [
            Problem(
                "allowed_mentions",
                "missing: every message-creating request must send allowed_mentions "
                "(set discord.AllowedMentions on the bot or the call).",
            )
        ]
    am = body["allowed_mentions"]
    out: list[Problem] = []
    for bad in sorted(L.FORBIDDEN_MENTION_PARSE & set(am.get("parse") or [])):
        out.append(Problem("allowed_mentions.parse", f"must never allow {bad!r} pings."))
    allowed = {int(r) for r in role_allowlist}
    for role_id in am.get("roles") or []:
        if int(role_id) not in allowed:
            msg = f"role {role_id} may be pinged only if the test allowlists it."
            out.append(Problem("allowed_mentions.roles", msg))
    return out


def check_message(
    body: Json, *, creating: bool, role_allowlist: Iterable[int] = ()
) -> list[Problem]:
    """Validate a message create/edit body (channel message, interaction response, follow-up)."""
    out: list[Problem] = []
    if body.get("content") is not None:
        _max(out, "content", body["content"], L.CONTENT_MAX)
    if body.get("embeds") is not None:
        out.extend(check_embeds(body["embeds"]))
    if body.get("components") is not None:
        out.extend(check_components(body["components"], int(body.get("flags") or 0)))
    if body.get("poll") is not None:
        out.extend(check_poll(body["poll"]))
    _count(out, "attachments", body.get("attachments") or [], 0, L.ATTACHMENTS_PER_MESSAGE_MAX)
    if creating:
        out.extend(check_allowed_mentions(body, role_allowlist))
    elif body.get("allowed_mentions") is not None:
        found = check_allowed_mentions(body, role_allowlist)
        out.extend(p for p in found if "missing" not in p.message)
    return out


def _check_options(options: list[Json], base: str, depth: int = 0) -> list[Problem]:
    out: list[Problem] = []
    _count(out, base, options, 0, L.COMMAND_OPTIONS_MAX)
    seen_optional = False
    for i, opt in enumerate(options):
        p = f"{base}.{i}"
        out.extend(_check_name_desc(opt, p, chat_input=True))
        if opt.get("type") in (1, 2):
            out.extend(_check_options(opt.get("options") or [], f"{p}.options", depth + 1))
            continue
        if opt.get("required"):
            if seen_optional:
                msg = "Required options must be placed before non-required options."
                out.append(Problem(f"{p}.required", msg))
        else:
            seen_optional = True
        choices = opt.get("choices") or []
        _count(out, f"{p}.choices", choices, 0, L.COMMAND_CHOICES_MAX)
        for k, choice in enumerate(choices):
            _range(out, f"{p}.choices.{k}.name", choice.get("name"), 1, L.CHOICE_NAME_MAX)
            _max(out, f"{p}.choices.{k}.value", choice.get("value"), L.CHOICE_VALUE_MAX)
    return out


def _check_name_desc(obj: Json, base: str, *, chat_input: bool) -> list[Problem]:
    out: list[Problem] = []
    name = obj.get("name")
    if chat_input:
        if not isinstance(name, str) or not L.COMMAND_NAME_RE.match(name) or name != name.lower():
            msg = f"Invalid name {name!r}: 1-32 lowercase characters, no spaces."
            out.append(Problem(f"{base}.name", msg))
        lo, hi = L.COMMAND_DESCRIPTION_MIN, L.COMMAND_DESCRIPTION_MAX
        _range(out, f"{base}.description", obj.get("description"), lo, hi)
    else:
        _range(out, f"{base}.name", name, 1, L.COMMAND_NAME_MAX)
    return out


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
    if counts.get(1, 0) > L.CHAT_INPUT_COMMANDS_MAX:
        out.append(Problem("", f"At most {L.CHAT_INPUT_COMMANDS_MAX} slash commands."))
    for ctype in (2, 3):
        if counts.get(ctype, 0) > L.CONTEXT_MENU_COMMANDS_MAX:
            msg = f"At most {L.CONTEXT_MENU_COMMANDS_MAX} context menu commands of type {ctype}."
            out.append(Problem("", msg))
    return out


def error_body(problems: list[Problem]) -> Json:
    """Discord's ``50035 Invalid Form Body`` JSON for a list of problems."""
    errors: Json = {}
    for prob in problems:
        node = errors
        for part in [p for p in prob.path.split(".") if p] or ["_root"]:
            node = node.setdefault(part, {})
        entry = {"code": "BASE_TYPE_INVALID", "message": prob.message}
        node.setdefault("_errors", []).append(entry)
    return {"message": "Invalid Form Body", "code": L.ERR_INVALID_FORM_BODY, "errors": errors}
