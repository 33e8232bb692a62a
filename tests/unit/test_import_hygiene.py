"""The core is Textual-free: importing it must not load the UI toolkit.

Each check runs in a fresh interpreter, because this test process has likely
imported Textual already through other tests.
"""

from __future__ import annotations

import pkgutil

import pytest

import tui.core
import tui.ingest
from tests.interpreter import modules_after

CORE_MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(tui.core.__path__, prefix="tui.core.")
    if not info.ispkg
)
INGEST_MODULES = sorted(
    f"tui.ingest.{info.name}" for info in pkgutil.iter_modules(tui.ingest.__path__)
)


def imported_after(*modules: str) -> set[str]:
    """Top-level package names in ``sys.modules`` after importing ``modules``."""
    script = "import importlib\n" + "".join(f"importlib.import_module({m!r})\n" for m in modules)
    return {name.partition(".")[0] for name in modules_after(script)}


def test_core_modules_are_discovered() -> None:
    """Guard for the tests below: they are vacuous if no module is found."""
    assert {"tui.core.files.loading", "tui.core.models", "tui.core.outputs.export"} <= set(
        CORE_MODULES
    )


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_does_not_import_textual(module: str) -> None:
    loaded = imported_after(module)
    assert "tui" in loaded  # the import really happened
    assert "textual" not in loaded


def test_ingest_modules_are_discovered() -> None:
    """Guard for the test below: ``vnru add``'s package is checked too."""
    assert {"tui.ingest.reading", "tui.ingest.suggest", "tui.ingest.review"} <= set(INGEST_MODULES)


@pytest.mark.parametrize("module", INGEST_MODULES)
def test_ingest_module_does_not_import_textual_or_rich(module: str) -> None:
    """``vnru add`` (tui.ingest) is Textual-free like the core: it runs without a screen."""
    loaded = imported_after(module)
    assert "tui" in loaded
    assert "textual" not in loaded
    assert "rich" not in loaded


def test_whole_core_does_not_import_textual_or_rich() -> None:
    """No core module imports Rich either; the UI layer owns rendering."""
    loaded = imported_after(*CORE_MODULES)
    assert "textual" not in loaded
    assert "rich" not in loaded


def test_command_line_imports_textual_only_to_explore() -> None:
    """``vnru validate`` and ``vnru export`` stay quick: the UI loads on demand."""
    loaded = imported_after("tui.cli")
    assert "textual" not in loaded


def test_the_check_itself_can_see_textual() -> None:
    """Control: importing Textual is visible to the check, so its absence means something."""
    assert "textual" in imported_after("textual.app")


def test_warm_start_imports_neither_pydantic_nor_yaml() -> None:
    """Start-up budget: opening a cached archive and drawing the main screen's
    modules must not pay for pydantic (~70 ms) or PyYAML; records are built,
    and pydantic imported, only after the first frame."""
    loaded = imported_after(
        "tui.cli",
        "tui.core.queries.opening",
        "tui.core.files.datadir",
        "tui.app",
        "tui.screens.main",
    )
    assert "textual" in loaded  # the UI really was imported
    assert "pydantic" not in loaded
    assert "yaml" not in loaded


def test_the_warm_start_check_can_see_pydantic() -> None:
    """Control: the loader does import pydantic, so the check above is not vacuous."""
    assert "pydantic" in imported_after("tui.core.files.loading")
