"""Highlights stay readable: the reader's current quote, its search matches and
the matches in search results reach WCAG AA contrast (4.5:1) in every built-in
theme, computed from the colours the terminal receives."""

from __future__ import annotations

import pytest
from textual.theme import BUILTIN_THEMES
from textual.widget import Widget

from tests.ui.helpers import AppFactory, screen_cells, type_text
from tui.app import VnruApp
from tui.screens.search import HitList, SearchScreen
from tui.screens.source_reader import ArticleView, SourceReader

SIZE = (120, 36)
AA = 4.5
THEMES = sorted(BUILTIN_THEMES)


def luminance(rgb: tuple[int, int, int]) -> float:
    """WCAG relative luminance."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = rgb
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(one: tuple[int, int, int], two: tuple[int, int, int]) -> float:
    """WCAG contrast ratio, 1 to 21."""
    high, low = sorted((luminance(one), luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula() -> None:
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21)
    assert contrast((224, 224, 224), (254, 166, 43)) == pytest.approx(1.5, abs=0.1)


def highlighted_cells(
    app: VnruApp, widget: Widget, *, underlined: bool = False
) -> list[tuple[str, float]]:
    """(character, contrast) of each non-blank cell of ``widget`` drawn on another
    background than the widget's own (or underlined, with ``underlined``)."""
    region = widget.scrollable_content_region
    cells = screen_cells(app)
    own = widget.background_colors[1].rgb
    found = []
    for row in cells[region.y : region.bottom]:
        for char, fg, bg, _bold, underline in row[region.x : region.right]:
            highlighted = underline if underlined else bg != own
            if highlighted and char.strip() and fg is not None and bg is not None:
                found.append((char, contrast(fg, bg)))  # type: ignore[arg-type]
    return found


def assert_readable(found: list[tuple[str, float]], what: str) -> None:
    assert found, f"no {what} on screen"
    worst = min(ratio for _char, ratio in found)
    assert worst >= AA, f"{what}: contrast {worst:.2f}:1"


async def test_the_readers_highlights_are_readable(make_app: AppFactory) -> None:
    """Regression: the current quote was light grey on bright orange (about 1.5:1),
    and kept its first theme's colours when the theme changed with the reader open.
    Every built-in theme, switched in one session."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")  # the first event's excerpt: a current passage
        await pilot.pause()
        reader = app.screen
        assert isinstance(reader, SourceReader)
        assert reader.current >= 0
        view = reader.query_one(ArticleView)
        seen: set[tuple[float, ...]] = set()
        for theme in THEMES:
            app.theme = theme
            await pilot.pause()
            found = highlighted_cells(app, view)
            assert_readable(found, f"{theme}: the current quote")
            seen.add(tuple(sorted({round(ratio, 2) for _char, ratio in found})))
        assert len(seen) > len(THEMES) // 2, "the highlight was not redrawn in each theme"
        await pilot.press("slash")
        await type_text(pilot, "the")
        await pilot.press("enter")
        await pilot.pause()
        assert len(reader.matches) > 2
        for theme in THEMES:
            app.theme = theme
            await pilot.pause()
            assert_readable(highlighted_cells(app, view), f"{theme}: quote and search matches")


async def test_search_result_matches_are_readable(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        assert isinstance(app.screen, SearchScreen)
        await type_text(pilot, "russia")
        await pilot.press("down")  # the cursor row's matches too
        await pilot.pause()
        hits = app.screen.query_one(HitList)
        seen: set[tuple[float, ...]] = set()
        for theme in THEMES:
            app.theme = theme
            await pilot.pause()
            found = highlighted_cells(app, hits, underlined=True)
            assert_readable(found, f"{theme}: matches")
            seen.add(tuple(sorted({round(ratio, 2) for _char, ratio in found})))
        assert len(seen) > len(THEMES) // 2, "the matches were not redrawn in each theme"
