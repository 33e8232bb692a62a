"""Fixtures for the UI tests: the knowledge bases, loaded once, and an app factory."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.helpers import AppFactory
from tui.app import VnruApp
from tui.core.queries.knowledge import KnowledgeBase
from tui.core.queries.opening import load_knowledge_base

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
UI_DIR = FIXTURES / "ui"
STRANGE_DIR = FIXTURES / "strange"


@pytest.fixture(scope="session")
def ui_kb() -> KnowledgeBase:
    """The deterministic UI fixture: 3 articles, 13 events, people, agreements, organisations."""
    return load_knowledge_base(UI_DIR)


@pytest.fixture(scope="session")
def strange_kb() -> KnowledgeBase:
    """Records and articles full of markup, escapes, emoji, RTL text and very long words."""
    return load_knowledge_base(STRANGE_DIR)


@pytest.fixture
def make_app(ui_kb: KnowledgeBase) -> AppFactory:
    """Build a fresh app; the UI fixture unless another knowledge base is given.

    Animations are off: they only make a pilot wait (a pane switch slides the
    tab underline for 0.3 s) and the tests assert on state, not on motion.
    """

    def factory(kb: KnowledgeBase | None = None) -> VnruApp:
        app = VnruApp(kb if kb is not None else ui_kb)
        app.animation_level = "none"
        return app

    return factory


@pytest.fixture
def looked(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> str:
    """One of ``LOOKS`` (by indirect parametrisation); NO_COLOR set for "no-color"."""
    look: str = request.param
    if look == "no-color":
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    return look
