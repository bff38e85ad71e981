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
    code: int | None = None  # a specific JSON error code (else 50035 Invalid Form Body)

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


def _check_button(out: list[Problem], path: str, comp: Json, seen: set[str]) -> None:
    style = comp.get("style")
    if style not in L.BUTTON_STYLES:
        out.append(Problem(f"{path}.style", f"Invalid button style {style!r}."))
    _max(out, f"{path}.label", comp.get("label"), L.BUTTON_LABEL_MAX)
    has = {key for key in ("custom_id", "url", "sku_id", "label", "emoji") if comp.get(key)}
    if style == L.BUTTON_STYLE_LINK:
        if "url" not in has:
            out.append(Problem(f"{path}.url", "Link buttons must have a url."))
        _max(out, f"{path}.url", comp.get("url"), L.BUTTON_URL_MAX)
        forbidden = has & {"custom_id", "sku_id"}
    elif style == L.BUTTON_STYLE_PREMIUM:
        if "sku_id" not in has:
            out.append(Problem(f"{path}.sku_id", "Premium buttons must have a sku_id."))
        forbidden = has & {"custom_id", "label", "url", "emoji"}
    else:
        _check_custom_id(out, path, comp, seen)
        forbidden = has & {"url", "sku_id"}
    for key in sorted(forbidden):
        out.append(Problem(f"{path}.{key}", f"A style {style} button cannot have a {key}."))


def _check_select(
    out: list[Problem], path: str, comp: Json, seen: set[str], *, in_modal: bool
) -> None:
    _check_custom_id(out, path, comp, seen)
    _max(out, f"{path}.placeholder", comp.get("placeholder"), L.SELECT_PLACEHOLDER_MAX)
    lo, hi = comp.get("min_values", 1), comp.get("max_values", 1)
    if not isinstance(lo, int) or not 0 <= lo <= L.SELECT_MIN_VALUES_MAX:
        msg = f"min_values must be between 0 and {L.SELECT_MIN_VALUES_MAX}."
        out.append(Problem(f"{path}.min_values", msg))
    if not isinstance(hi, int) or not 1 <= hi <= L.SELECT_MAX_VALUES_MAX:
        msg = f"max_values must be between 1 and {L.SELECT_MAX_VALUES_MAX}."
        out.append(Problem(f"{path}.max_values", msg))
    elif isinstance(lo, int) and lo > hi:
        out.append(Problem(f"{path}.min_values", "min_values must not exceed max_values."))
    if in_modal and comp.get("required", True) and lo == 0 and "min_values" in comp:
        msg = "A required select needs min_values of at least 1 (or none)."
        out.append(Problem(f"{path}.min_values", msg))
    defaults = comp.get("default_values") or []
    if defaults and isinstance(lo, int) and isinstance(hi, int) and not lo <= len(defaults) <= hi:
        msg = "The number of default values must be between min_values and max_values."
        out.append(Problem(f"{path}.default_values", msg))
    if comp.get("type") == 3:
        options = comp.get("options") or []
        _count(out, f"{path}.options", options, 1, L.SELECT_OPTIONS_MAX)
        for k, opt in enumerate(options):
            q = f"{path}.options.{k}"
            _range(out, f"{q}.label", opt.get("label"), 1, L.SELECT_OPTION_LABEL_MAX)
            _range(out, f"{q}.value", opt.get("value"), 1, L.SELECT_OPTION_VALUE_MAX)
            desc = opt.get("description")
            _max(out, f"{q}.description", desc, L.SELECT_OPTION_DESCRIPTION_MAX)


def _check_interactive(
    out: list[Problem], path: str, comp: Json, seen: set[str], *, in_modal: bool = False
) -> None:
    ctype = comp.get("type")
    if ctype == 2:
        if in_modal:
            out.append(Problem(f"{path}.type", "Buttons can only be used in messages."))
        _check_button(out, path, comp, seen)
    elif ctype in L.SELECT_COMPONENT_TYPES:
        _check_select(out, path, comp, seen, in_modal=in_modal)
    elif ctype == 4:
        if not in_modal:
            out.append(Problem(f"{path}.type", "Text inputs can only be used in modals."))
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
    if comp.get("style") not in L.TEXT_INPUT_STYLES:
        out.append(Problem(f"{path}.style", f"Invalid text input style {comp.get('style')!r}."))
    _max(out, f"{path}.label", comp.get("label"), L.TEXT_INPUT_LABEL_MAX)
    _max(out, f"{path}.placeholder", comp.get("placeholder"), L.TEXT_INPUT_PLACEHOLDER_MAX)
    _max(out, f"{path}.value", comp.get("value"), L.TEXT_INPUT_VALUE_MAX)
    lo, hi = comp.get("min_length"), comp.get("max_length")
    top = L.TEXT_INPUT_VALUE_MAX
    if lo is not None and (not isinstance(lo, int) or not 0 <= lo <= top):
        out.append(Problem(f"{path}.min_length", f"Must be between 0 and {top}."))
    if hi is not None and (not isinstance(hi, int) or not 1 <= hi <= top):
        out.append(Problem(f"{path}.max_length", f"Must be between 1 and {top}."))
    if isinstance(lo, int) and isinstance(hi, int) and lo > hi:
        out.append(Problem(f"{path}.min_length", "min_length must not exceed max_length."))
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
            _max(out, f"{p}.description", comp.get("description"), L.LABEL_DESCRIPTION_MAX)
            inner = comp.get("component") or {}
            _check_interactive(out, f"{p}.component", inner, seen, in_modal=True)
        elif comp.get("type") == 1:
            for j, child in enumerate(comp.get("components") or []):
                if child.get("type") == 4:  # outside a Label the input needs its own label
                    label = child.get("label")
                    _range(out, f"{p}.components.{j}.label", label, 1, L.TEXT_INPUT_LABEL_MAX)
                _check_interactive(out, f"{p}.components.{j}", child, seen, in_modal=True)
        else:
            _check_interactive(out, p, comp, seen, in_modal=True)
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
    parse = set(am.get("parse") or [])
    for unknown in sorted(parse - L.ALLOWED_MENTION_PARSE_TYPES):
        out.append(Problem("allowed_mentions.parse", f"{unknown!r} is not a mention type."))
    for kind in ("users", "roles"):
        ids = am.get(kind) or []
        if kind in parse and ids:  # Discord: parse is mutually exclusive with the id lists
            msg = f"parse {kind!r} conflicts with an explicit {kind} list."
            out.append(Problem(f"allowed_mentions.{kind}", msg))
        if len(ids) > L.ALLOWED_MENTION_IDS_MAX:
            msg = f"Must be {L.ALLOWED_MENTION_IDS_MAX} or fewer in length."
            out.append(Problem(f"allowed_mentions.{kind}", msg))
    for bad in sorted(L.FORBIDDEN_MENTION_PARSE & parse):
        out.append(Problem("allowed_mentions.parse", f"must never allow {bad!r} pings."))
    allowed = {int(r) for r in role_allowlist}
    for role_id in am.get("roles") or []:
        if int(role_id) not in allowed:
            msg = f"role {role_id} may be pinged only if the test allowlists it."
            out.append(Problem("allowed_mentions.roles", msg))
    return out


VISIBLE_FIELDS = ("content", "embeds", "components", "poll", "sticker_ids", "attachments")


def check_message(
    body: Json,
    *,
    creating: bool,
    role_allowlist: Iterable[int] = (),
    interaction: bool = False,
    has_files: bool = False,
) -> list[Problem]:
    """Validate a message create/edit body (channel message, interaction response, follow-up).

    ``interaction`` marks interaction responses and follow-ups (they may set EPHEMERAL);
    ``has_files`` says the request uploaded files (a message of files alone is not empty).
    """
    out: list[Problem] = []
    flags = int(body.get("flags") or 0)
    if body.get("content") is not None:
        _max(out, "content", body["content"], L.CONTENT_MAX)
    if body.get("embeds") is not None:
        out.extend(check_embeds(body["embeds"]))
    if body.get("components") is not None:
        out.extend(check_components(body["components"], flags))
    if body.get("poll") is not None:
        if creating:
            out.extend(check_poll(body["poll"]))
        else:
            out.append(Problem("poll", "Cannot edit a poll message", L.ERR_CANNOT_EDIT_POLL))
    _count(out, "attachments", body.get("attachments") or [], 0, L.ATTACHMENTS_PER_MESSAGE_MAX)
    if creating:
        out.extend(_check_create_flags(body, flags, interaction))
        if not has_files and not any(body.get(key) for key in VISIBLE_FIELDS):
            out.append(Problem("", "Cannot send an empty message", L.ERR_EMPTY_MESSAGE))
        out.extend(check_allowed_mentions(body, role_allowlist))
    elif body.get("allowed_mentions") is not None:
        found = check_allowed_mentions(body, role_allowlist)
        out.extend(p for p in found if "missing" not in p.message)
    return out


def _check_create_flags(body: Json, flags: int, interaction: bool) -> list[Problem]:
    out: list[Problem] = []
    allowed = L.INTERACTION_MESSAGE_FLAGS if interaction else L.MESSAGE_CREATE_FLAGS
    if flags & ~allowed:
        msg = f"Message flags {flags & ~allowed:#x} cannot be set when sending a message."
        out.append(Problem("flags", msg))
    if flags & L.COMPONENTS_V2_FLAG:
        for key in ("content", "embeds", "poll", "sticker_ids"):
            if body.get(key):
                msg = f"{key} cannot be used with the IS_COMPONENTS_V2 flag."
                out.append(Problem(key, msg))
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
    codes = {prob.code for prob in problems}
    if len(codes) == 1 and None not in codes:  # e.g. 50006 Cannot send an empty message
        return {"message": problems[0].message, "code": codes.pop(), "errors": errors}
    return {"message": "Invalid Form Body", "code": L.ERR_INVALID_FORM_BODY, "errors": errors}


# Application commands live in their own module; these names stay importable from here.
from tests.fakediscord.validate_commands import (  # noqa: E402, F401
    chat_input_name_ok,
    check_commands,
    command_size,
)
