"""Readable highlights: text on a highlight keeps WCAG AA contrast (4.5:1).

Themes pick their accent and warning colours for borders and labels, not as
backgrounds under body text, where the theme's own text colour can read at
under 2:1.  A highlight keeps the theme's colours for its background and,
where the text colour would read poorly on it, takes black or white,
whichever reads better (one of them always reaches 4.5:1).
"""

from __future__ import annotations

from rich.color import Color as RichColor
from rich.style import Style
from textual.color import Color
from textual.widget import Widget

AA = 4.5
"""WCAG AA contrast for body text."""
_BLACK = RichColor.from_rgb(0, 0, 0)
_WHITE = RichColor.from_rgb(255, 255, 255)


def luminance(colour: RichColor) -> float:
    """WCAG relative luminance of ``colour``."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = colour.get_truecolor()
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(one: RichColor, two: RichColor) -> float:
    """WCAG contrast ratio of two colours, from 1 to 21."""
    high, low = sorted((luminance(one), luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def legible(style: Style, background: RichColor | None = None) -> Style:
    """``style``, with black or white text when its own colour would read at
    under 4.5:1 on its background (``style``'s own, else ``background``)."""
    back = style.bgcolor or background
    if back is None:
        return style
    if style.color is not None and contrast(style.color, back) >= AA:
        return style
    best = _BLACK if contrast(_BLACK, back) >= contrast(_WHITE, back) else _WHITE
    return style + Style(color=best)


def highlight_style(widget: Widget, component: str) -> Style:
    """The component class's style for a highlight within ``widget``: its
    background blended onto the widget's (a rich style has no transparency, so
    ``$warning 40%`` would otherwise be drawn at full strength), and its text
    legible on it."""
    styles = widget.get_component_styles(component)
    style = widget.get_component_rich_style(component, partial=True)
    base: Color = widget.background_colors[1]
    if styles.has_rule("background"):
        blended = base + styles.background
        style = style + Style(bgcolor=blended.rich_color)
    if style.color is None:
        style = Style(color=widget.rich_style.color) + style
    return legible(style, base.rich_color)
