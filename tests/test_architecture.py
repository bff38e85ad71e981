"""Boundaries the design relies on.

- The domain (``bot/``) imports no front end: not discord, rich, :mod:`console` or :mod:`cogs`.
  The one exception is ``bot/__main__.py``, the process entry point behind ``python -m bot``,
  which starts the command line (:mod:`console.cli`); nothing imports it.
- The project's modules import each other without a cycle (module-level imports;
  ``if TYPE_CHECKING:`` blocks and imports inside functions are not counted).
- cogs' renderer and its action items do not import each other at all.
- No ``print`` outside the console.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "cogs", "console")
DOMAIN = sorted((ROOT / "bot").rglob("*.py"))
FRONT_ENDS = {"discord", "rich", "console", "cogs"}
ENTRY_POINT = {"bot/__main__.py": {"console.cli"}}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {
    module_name(path): path
    for package in PACKAGES
    for path in sorted((ROOT / package).rglob("*.py"))
}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(nodes: list[ast.stmt], module: str, path: Path, top_only: bool) -> set[str]:
    """Absolute names imported by ``nodes`` (``from a import b`` gives ``a.b`` when that is
    a module of ours, else ``a``); with ``top_only`` function bodies are skipped."""
    names: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = (
                    module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
                )
                package = package[: len(package) - node.level + 1]
                base = ".".join([*package, base] if base else package)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                names.add(full if full in MODULES else base)
        elif isinstance(node, ast.If) and _is_type_checking(node):
            names |= _imports(node.orelse, module, path, top_only)
        elif top_only and isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue
        else:
            children = [c for c in ast.iter_child_nodes(node) if isinstance(c, ast.stmt)]
            names |= _imports(children, module, path, top_only)
    return names


def imported_modules(path: Path, top_only: bool = False) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return _imports(tree.body, module_name(path), path, top_only)


def import_graph() -> dict[str, set[str]]:
    """Each of our modules -> the modules of ours it imports at module level."""
    return {
        name: {m for m in imported_modules(path, top_only=True) if m in MODULES and m != name}
        for name, path in MODULES.items()
    }


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle (as a path that returns to its start), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state:
                found = visit(target)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


@pytest.mark.parametrize("path", DOMAIN, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_domain_imports_no_front_end(path):
    bad = {m for m in imported_modules(path) if m.split(".")[0] in FRONT_ENDS}
    allowed = ENTRY_POINT.get(str(path.relative_to(ROOT)), set())
    assert bad <= allowed, f"{path.name} imports {bad - allowed}"


def test_only_the_entry_point_is_excepted():
    """The exception is for a module nothing imports (it runs the program)."""
    importers = [name for name, targets in import_graph().items() if "bot.__main__" in targets]
    assert not importers


def test_there_is_no_import_cycle():
    assert find_cycle(import_graph()) is None, " -> ".join(find_cycle(import_graph()) or [])


def test_the_cycle_check_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None


def test_the_discord_renderer_and_its_action_items_do_not_import_each_other():
    """The renderer builds views of the items; the route (``cogs.actions``) renders replies."""
    assert "cogs.actions" not in imported_modules(MODULES["cogs.render"])
    assert "cogs.render" not in imported_modules(MODULES["cogs.components"])


def test_relative_imports_are_resolved():
    assert "bot.debate._models" in import_graph()["bot.debate"]


@pytest.mark.parametrize("path", DOMAIN, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_print_outside_the_console(path):
    calls = [
        node
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "print"
    ]
    assert not calls, f"print() in {path.name}"
