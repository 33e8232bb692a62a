"""How the modules of ``tui/`` may depend on each other, read from their source.

- No screen, widget or palette provider imports the app: they post messages
  the app handles, or are handed what they need (STYLE.md §1, §10).
- No import cycle among the ``tui`` modules: imports inside functions count,
  imports under ``if TYPE_CHECKING:`` do not (they never run).
- Only ``tui/widgets/textual_private.py`` touches Textual's private names:
  no ``textual._…`` import, no ``super()._x``, no override or use of an
  underscore attribute that a Textual base class defines (STYLE.md §11).
- No module is longer than about 400 lines.

``tui/core`` is being rewritten in its own branch: where it still breaks a rule
here, that part is marked ``xfail(strict=True)``, so the test starts failing
(and the mark must go) as soon as the core keeps the rule.
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import inspect
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import textual

REPO_ROOT = Path(__file__).resolve().parents[2]
TUI = REPO_ROOT / "tui"
PRIVATE_MODULE = "tui.widgets.textual_private"
LINE_LIMIT = 400
CORE_REASON = (
    "tui/core is rewritten by issue 13's data-layer work (the knowledge <-> search "
    "cycle, the long cache, loading and search modules); remove this mark when it passes"
)


def module_name(path: Path) -> str:
    """``tui/screens/main.py`` -> ``tui.screens.main``; a package is its ``__init__``."""
    parts = list(path.relative_to(REPO_ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES: dict[str, Path] = {module_name(path): path for path in sorted(TUI.rglob("*.py"))}


def is_core(name: str) -> bool:
    return name == "tui.core" or name.startswith("tui.core.")


@cache
def tree_of(name: str) -> ast.Module:
    return ast.parse(MODULES[name].read_text(encoding="utf-8"), filename=str(MODULES[name]))


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def runtime_nodes(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node of ``tree`` except what sits under ``if TYPE_CHECKING:``."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for other in node.orelse:
                yield other
                yield from runtime_nodes(other)
            continue
        yield node
        yield from runtime_nodes(node)


def imported_names(tree: ast.AST, importer: str) -> Iterator[tuple[str, list[str]]]:
    """(module, names imported from it) for every import that runs."""
    package = importer if MODULES.get(importer, Path()).name == "__init__.py" else None
    package = package or importer.rpartition(".")[0]
    for node in runtime_nodes(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, []
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            yield base, [alias.name for alias in node.names]


def with_packages(name: str) -> set[str]:
    """``name`` and the packages importing it runs first."""
    parts = name.split(".")
    return {".".join(parts[:end]) for end in range(1, len(parts) + 1)}


def imports_of(importer: str) -> set[str]:
    """The ``tui`` modules that importing ``importer`` (or calling into it) imports."""
    found: set[str] = set()
    for module, names in imported_names(tree_of(importer), importer):
        targets = [f"{module}.{name}" for name in names if f"{module}.{name}" in MODULES]
        for target in targets or [module]:
            found |= {each for each in with_packages(target) if each in MODULES}
    found.discard(importer)
    return found


def import_graph() -> dict[str, set[str]]:
    return {name: imports_of(name) for name in MODULES}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle through each strongly connected group of ``graph`` (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1 or node in graph.get(node, ()):
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [_cycle_through(group, graph) for group in groups]


def _cycle_through(group: list[str], graph: dict[str, set[str]]) -> list[str]:
    """A shortest path from the group's first module back to itself, within the group."""
    start, members = group[0], set(group)
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for other in sorted(graph[node] & members):
            if other == start:
                return [*paths[node], start]
            if other not in paths:
                paths[other] = [*paths[node], other]
                queue.append(other)
    raise AssertionError(f"no cycle in {group}")


# -- the app is imported by nobody but the command line -----------------------------


def test_modules_are_found() -> None:
    """Guard: the rules below are vacuous if the walk finds nothing."""
    assert {"tui.app", "tui.commands", "tui.screens.main", "tui.core.knowledge"} <= set(MODULES)
    assert "tui.screens.main" in imports_of("tui.app")
    assert "tui.app" in imports_of("tui.cli")  # imported inside a function: still seen


@pytest.mark.parametrize(
    "module",
    [
        name
        for name in MODULES
        if name.startswith(("tui.screens.", "tui.widgets.")) or name == "tui.commands"
    ],
)
def test_no_screen_or_widget_imports_the_app(module: str) -> None:
    """Screens and widgets post messages up; the app imports them, never the reverse."""
    assert "tui.app" not in imports_of(module), (
        f"{module} imports tui.app: post a message the app handles "
        "(tui.screens.session), or take what is needed as an argument"
    )


def test_type_checking_imports_are_left_out() -> None:
    """Control: an import under ``if TYPE_CHECKING:`` never runs, so it makes no cycle."""
    tree = ast.parse(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from tui.app import VnruApp\n"
        "def f():\n    from tui.screens.main import MainScreen\n"
    )
    assert {module for module, _names in imported_names(tree, "tui.x")} == {
        "typing",
        "tui.screens.main",
    }


# -- no cycles ---------------------------------------------------------------------


def test_the_cycle_finder_finds_a_planted_cycle() -> None:
    """Control: the check below can fail."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"e"}}
    assert sorted(cycles(graph)) == [["a", "b", "c", "a"], ["e", "e"]]


@pytest.mark.parametrize(
    "part",
    ["ui", "core"],
)
def test_no_import_cycles(part: str) -> None:
    """No module imports, even late inside a function, a module that imports it back."""
    found = [
        cycle for cycle in cycles(import_graph()) if all(map(is_core, cycle)) == (part == "core")
    ]
    assert not found, "import cycles: " + "; ".join(" -> ".join(cycle) for cycle in found)


# -- Textual's private names only in the one module ---------------------------------


@cache
def textual_private_names() -> frozenset[str]:
    """Every underscore name Textual's own source defines: functions, methods,
    class attributes and ``self._x`` attributes (dunders left out)."""
    names: set[str] = set()
    for path in Path(textual.__file__).parent.rglob("*.py"):
        names |= _defined_private(ast.parse(path.read_text(encoding="utf-8")))
    return frozenset(names)


@cache
def tui_defined_names() -> frozenset[str]:
    """The underscore names vnru's own code defines (its private attributes)."""
    names: set[str] = set()
    for name in MODULES:
        if name != PRIVATE_MODULE:
            names |= _defined_private(tree_of(name))
    return frozenset(names)


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _defined_private(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            names.add(node.attr)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
    return {name for name in names if _private(name)}


@cache
def _private_of_textual_class(klass: type) -> frozenset[str]:
    """The underscore names a Textual class defines (its own, not its bases')."""
    names = {name for name in vars(klass) if _private(name)}
    with contextlib.suppress(OSError, TypeError, SyntaxError):
        names |= _defined_private(ast.parse(inspect.getsource(klass).strip()))
    return frozenset(names)


def textual_bases_private(klass: type) -> set[str]:
    """The underscore names the Textual classes among ``klass``'s bases define."""
    names: set[str] = set()
    for base in klass.__mro__[1:]:
        if base.__module__.split(".")[0] == "textual":
            names |= _private_of_textual_class(base)
    return names


def private_textual_uses(tree: ast.Module, namespace: dict[str, Any]) -> list[str]:
    """Each place in a module (``tree``, its objects in ``namespace``) that touches
    a Textual private name, described in a line."""
    found: list[str] = []
    for node in runtime_nodes(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            parts = node.module.split(".")
            if parts[0] == "textual" and (
                any(part.startswith("_") for part in parts)
                or any(_private(alias.name) for alias in node.names)
            ):
                found.append(f"line {node.lineno}: imports Textual's private {node.module}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("textual.") and "._" in alias.name:
                    found.append(f"line {node.lineno}: imports Textual's private {alias.name}")
        elif (
            isinstance(node, ast.Attribute)
            and _private(node.attr)
            and isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Name)
            and node.value.func.id == "super"
        ):
            found.append(f"line {node.lineno}: super().{node.attr}")
        elif (
            isinstance(node, ast.Attribute)
            and _private(node.attr)
            and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))
            and node.attr in textual_private_names()
            and node.attr not in tui_defined_names()
        ):
            found.append(f"line {node.lineno}: .{node.attr} (a Textual private name)")
    for klass_node, klass in _classes(tree, namespace):
        private = textual_bases_private(klass)
        for node in _own_nodes(klass_node):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name in private:
                found.append(
                    f"line {node.lineno}: {klass.__name__} overrides Textual's {node.name}"
                )
            elif (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "self"
                and node.attr in private
            ):
                found.append(
                    f"line {node.lineno}: {klass.__name__} uses Textual's self.{node.attr}"
                )
    return found


def _classes(tree: ast.AST, namespace: dict[str, Any]) -> Iterator[tuple[ast.ClassDef, type]]:
    """Each class statement with the class it made (nested classes included)."""

    def walk(body: list[ast.stmt], scope: Any) -> Iterator[tuple[ast.ClassDef, type]]:
        for node in body:
            if isinstance(node, ast.ClassDef):
                klass = (
                    scope.get(node.name)
                    if isinstance(scope, dict)
                    else getattr(scope, node.name, None)
                )
                if isinstance(klass, type):
                    yield node, klass
                    yield from walk(node.body, klass)

    yield from walk(list(getattr(tree, "body", [])), namespace)


def _own_nodes(klass: ast.ClassDef) -> Iterator[ast.AST]:
    """The nodes of a class body, without its nested classes' bodies."""
    for node in ast.iter_child_nodes(klass):
        if isinstance(node, ast.ClassDef):
            continue
        yield node
        if not isinstance(node, ast.ClassDef):
            for inner in ast.walk(node):
                if inner is not node:
                    yield inner


def _module(name: str) -> ModuleType:
    return importlib.import_module(name)


@pytest.mark.parametrize(
    "module", [name for name in MODULES if not is_core(name) and name != PRIVATE_MODULE]
)
def test_only_the_private_module_touches_textual_private_names(module: str) -> None:
    """Workarounds that need Textual's internals live in tui/widgets/textual_private.py,
    where a test ties them to the Textual versions they were checked against."""
    # (tui.__main__ runs the command line when imported: its source alone is read)
    namespace = {} if module.endswith("__main__") else vars(_module(module))
    uses = private_textual_uses(tree_of(module), namespace)
    assert not uses, f"{module} touches Textual's private API (move it to {PRIVATE_MODULE}):\n" + (
        "\n".join(uses)
    )


def test_the_private_check_sees_each_kind_of_use() -> None:
    """Control: an import, a ``super()._x`` call, an override, a ``self._x`` and
    another object's ``_x`` are all reported."""
    source = (
        "from textual._context import active_app\n"
        "from textual.widget import Widget\n"
        "class Bad(Widget):\n"
        "    def _refresh_scrollbars(self):\n"
        "        super()._refresh_scrollbars()\n"
        "    def go(self):\n"
        "        self._vertical_scrollbar = None\n"
        "        self.app._start_widget(self, self)\n"
    )
    tree = ast.parse(source)
    namespace: dict[str, Any] = {}
    exec(compile(tree, "<bad>", "exec"), namespace)
    uses = "\n".join(private_textual_uses(tree, namespace))
    for expected in (
        "textual._context",
        "super()._refresh_scrollbars",
        "overrides Textual's _refresh_scrollbars",
        "self._vertical_scrollbar",
        "._start_widget",
    ):
        assert expected in uses, (expected, uses)


# -- short modules ------------------------------------------------------------------


@pytest.mark.parametrize(
    "part",
    ["ui", "core"],
)
def test_no_module_is_longer_than_the_limit(part: str) -> None:
    """A module holds one idea: about 400 lines at most."""
    long = {
        name: count
        for name, path in MODULES.items()
        if is_core(name) == (part == "core")
        and (count := len(path.read_text(encoding="utf-8").splitlines())) > LINE_LIMIT
    }
    assert not long, f"modules over {LINE_LIMIT} lines: {long}"
