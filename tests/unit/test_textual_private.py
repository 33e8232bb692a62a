"""The private Textual APIs vnru relies on (tui/widgets/textual_private.py) are
still there, as they were when the workarounds were written.

A new Textual release fails the first test until someone has run this file and
the snapshot tests against it and added the version to ``CHECKED_VERSIONS``;
the others say which private name moved, if one did.
"""

from __future__ import annotations

import inspect
from types import SimpleNamespace
from typing import Any

import pytest
import textual
from textual.app import App
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input

from tui.widgets import textual_private
from tui.widgets.textual_private import CHECKED_VERSIONS, breakpoint_classes


def test_textual_is_a_checked_version() -> None:
    """Fails on a Textual version the private module was not checked against."""
    assert textual.__version__ in CHECKED_VERSIONS, (
        f"Textual {textual.__version__} is not among the versions "
        f"tui/widgets/textual_private.py was checked against {CHECKED_VERSIONS}: run "
        "tests/unit/test_textual_private.py and tests/ui/test_snapshots.py, read what "
        "changed in the private names it uses, then add the version"
    )


@pytest.mark.parametrize(
    ("owner", "name", "parameters"),
    [
        (App, "_handle_exception", ["self", "error"]),
        (App, "_start_widget", ["self", "parent", "widget"]),
        (Widget, "_scroll_update", ["self", "virtual_size"]),
        (Input, "_watch_value", ["self", "value"]),
        (Screen, "_push_result_callback", ["self", "requester", "callback", "future"]),
        (Screen, "_get_breakpoint_classes", ["self", "dimension", "breakpoints"]),
    ],
    ids=lambda value: value if isinstance(value, str) else getattr(value, "__name__", ""),
)
def test_each_private_method_is_still_there(owner: type, name: str, parameters: list[str]) -> None:
    method = getattr(owner, name, None)
    assert callable(method), f"{owner.__name__}.{name} is gone"
    assert list(inspect.signature(method).parameters) == parameters


def test_the_border_drawing_function_is_still_there() -> None:
    """``line_edges`` draws a border's side with ``textual._border.get_box``."""
    from textual._border import get_box

    assert list(inspect.signature(get_box).parameters) == [
        "name",
        "inner_style",
        "outer_style",
        "style",
    ]


def test_the_private_attributes_are_still_there() -> None:
    """``App._exit_renderables`` (what is printed on exit) and
    ``Widget._vertical_scrollbar`` (the bar, made on first use)."""
    assert App()._exit_renderables == []
    assert Widget()._vertical_scrollbar is None


def test_input_still_lays_out_on_every_edit() -> None:
    """The reason for ``InputWithoutRelayout``: Textual's watcher sets
    ``virtual_size``.  When it no longer does, the workaround can go."""
    assert "self.virtual_size = " in inspect.getsource(Input._watch_value)


def test_the_scrollbar_is_still_made_as_the_workaround_repeats() -> None:
    """``own_vertical_scrollbar`` repeats ``Widget.vertical_scrollbar``: it must
    still create its bar on first use and start it with ``_start_widget``."""
    source = inspect.getsource(Widget.vertical_scrollbar.fget)  # type: ignore[attr-defined]
    assert "self._vertical_scrollbar" in source
    assert "_start_widget(self, " in source


@pytest.mark.parametrize("width", [0, 40, 99, 100, 101, 200])
@pytest.mark.parametrize("height", [0, 20, 29, 30, 31, 80])
def test_breakpoint_classes_follow_textuals_rule(width: int, height: int) -> None:
    """The screen is born with the classes Textual's resize would give it."""
    horizontal = [(0, "-narrow"), (100, "-wide")]
    vertical = [(0, "-short"), (30, "-tall")]
    app: Any = SimpleNamespace(
        size=(width, height), HORIZONTAL_BREAKPOINTS=horizontal, VERTICAL_BREAKPOINTS=vertical
    )
    textuals = [
        *Screen._get_breakpoint_classes(None, width, horizontal),  # type: ignore[arg-type]
        *Screen._get_breakpoint_classes(None, height, vertical),  # type: ignore[arg-type]
    ]
    assert breakpoint_classes(app) == " ".join(textuals)


def test_every_workaround_says_why() -> None:
    """Each function and class of the module has a docstring saying why no public
    API serves."""
    for name, value in vars(textual_private).items():
        if (inspect.isfunction(value) or inspect.isclass(value)) and (
            value.__module__ == textual_private.__name__
        ):
            assert value.__doc__ and len(value.__doc__) > 80, name
