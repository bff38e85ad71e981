"""Boundaries the design relies on: the domain never imports discord; no stray prints."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOMAIN = sorted((ROOT / "bot").rglob("*.py"))
PRINT_ALLOWED = {"console.py", "richrender.py"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", DOMAIN, ids=lambda p: str(p.relative_to(ROOT)))
def test_domain_never_imports_discord(path):
    bad = {m for m in imported_modules(path) if m.split(".")[0] in {"discord", "cogs"}}
    allowed = {"cogs.app"} if path.name == "cli.py" else set()
    assert bad <= allowed, f"{path.name} imports {bad - allowed}"


@pytest.mark.parametrize("path", DOMAIN, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_print_outside_the_console(path):
    if path.name in PRINT_ALLOWED:
        return
    calls = [
        node
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "print"
    ]
    assert not calls, f"print() in {path.name}"
