"""The one FEATURES declaration against everything built from it or checked by it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot import actions, features
from bot.cards import COMMANDS
from bot.compare import MAX_FALLBACK_THEME
from bot.features import FEATURES, TYPES, Action
from bot.limits import CUSTOM_ID

ROOT = Path(__file__).resolve().parents[1]
ACTIONS = features.actions()
SAMPLES = {  # one typical value of each type, longest and shortest
    "int": ("-123456789", "7"),
    "page": ("-1", "0"),
    "id": ("a" * 32 + "-12345", "ab-001"),
    "ids": ("listenit-010+kort-294", "ab-001"),
    "token": ("0123456789ab", "ba9876543210"),
    "word": ("political", "any"),
    "snowflake": ("12345678901234567890", "1"),
    "stance": ("political", "neutral"),
    "scope": ("builtin", "123456789012"),
    "theme": ("x" * MAX_FALLBACK_THEME, "agriculture: land, kolkhoz"),
}


def _ids(action: Action) -> list[str]:
    """Ids from the template: every part present, and only the required parts, at the
    samples' longest and shortest."""
    optional = set(re.findall(r"\[[^\]]*\{(\w+):", action.template))
    literals = {m.strip(":"): True for m in re.findall(r"\[(:[a-z]+)\]", action.template)}
    made = []
    for pick in (0, 1):
        values: dict[str, object] = {n: SAMPLES[k][pick] for n, k in action.parameters()}
        made.append(action.format(**values, **literals))
        made.append(action.format(**{n: v for n, v in values.items() if n not in optional}))
    return made


def test_every_type_has_a_sample_within_its_longest():
    assert set(SAMPLES) == set(TYPES)
    for kind, (pattern, longest) in TYPES.items():
        for sample in SAMPLES[kind]:
            assert re.fullmatch(pattern, sample) and len(sample) <= longest, (kind, sample)


@pytest.mark.parametrize("action", ACTIONS, ids=lambda a: a.prefix)
def test_every_template_fits_discords_custom_id_rules(action):
    """1 to 100 characters with every part present at its longest."""
    assert 1 <= action.longest() <= CUSTOM_ID, f"{action.template}: {action.longest()} chars"


@pytest.mark.parametrize("action", ACTIONS, ids=lambda a: a.prefix)
def test_ids_made_from_a_template_round_trip_through_the_discord_item(action):
    """What the domain emits, the Discord dynamic item matches and dispatch routes."""
    discord = pytest.importorskip("discord")
    del discord
    from cogs.components import ActionButton
    from cogs.marks import MarkButton

    items = (ActionButton, MarkButton)  # every dynamic item the bot registers
    actions.load_features()
    for custom_id in _ids(action):
        assert 1 <= len(custom_id) <= CUSTOM_ID
        # discord.py runs every item whose template matches: exactly one must.
        matches = [i for i in items if i.__discord_ui_compiled_template__.fullmatch(custom_id)]
        assert len(matches) == 1, (custom_id, matches)
        match = ActionButton.__discord_ui_compiled_template__.fullmatch(custom_id)
        assert matches[0] is MarkButton or (match and match["custom_id"] == custom_id)
        assert action.pattern().fullmatch(custom_id)
        assert actions.handler_for(custom_id) is not None, custom_id


def test_the_declared_prefixes_are_the_registered_ones():
    """A registered button nobody declared, or a declared one nobody handles, fails here."""
    actions.load_features()
    assert sorted({a.prefix for a in ACTIONS}) == actions.prefixes()


def test_the_debate_button_kinds_are_declared():
    from bot.debate import KINDS

    declared = {a.prefix.split(":")[1] for a in ACTIONS if a.prefix.startswith("debate:")}
    # Grading's buttons (ballot, rubric) are routed by their own handlers; the prefix test
    # above checks that each declared kind is handled.
    assert set(KINDS) <= declared


def test_every_command_is_in_help_and_the_readme_and_registered_for_the_console():
    import console.session  # noqa: F401  (registers the console's own commands)

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    helped = {name for name, _example, _text in COMMANDS}
    actions.load_features()
    registered = set(actions.commands())
    for command in features.commands():
        assert command.name in helped
        assert f"`{command.name}" in readme, f"{command.name} is not in the README"
    assert helped == {c.name for c in features.commands()} == registered


def test_every_extension_belongs_to_a_feature():
    pytest.importorskip("discord")
    from cogs.app import EXTENSIONS

    assert [f.extension for f in FEATURES if f.extension] == EXTENSIONS
    assert all(
        (ROOT / Path(*e.split("."))).with_suffix(".py").exists()
        or (ROOT / Path(*e.split(".")) / "__init__.py").exists()
        for e in EXTENSIONS
    )


def test_every_feature_module_is_loaded():
    assert [f.module for f in FEATURES] == actions.FEATURE_MODULES


def test_the_theme_limit_agrees_with_compare():
    assert features.MAX_THEME == MAX_FALLBACK_THEME


@pytest.mark.parametrize(
    "template, custom_id, fits",
    [
        ("a:b:{n:int}", "a:b:12", True),
        ("a:b:{n:int}", "a:b:x", False),
        ("a:b:{n:int}[:{w:word}]", "a:b:1", True),
        ("a:b:{n:int}[:{w:word}]", "a:b:1:yes", True),
        ("a:b:{n:int}[:{w:word}]", "a:b:1:", False),
    ],
)
def test_a_template_reads_its_parts(template, custom_id, fits):
    assert bool(Action(template).pattern().fullmatch(custom_id)) is fits


def test_format_refuses_a_value_of_the_wrong_type():
    with pytest.raises(ValueError):
        Action("quote:nav:{token:token}:{index:int}").format(token="nothex!", index=1)
