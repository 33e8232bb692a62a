"""The citation style picker (``Y``): plain text, Markdown, BibTeX or CSL-JSON."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.core.citation_styles import (
    CITATION_STYLES,
    STYLE_LABELS,
    CitationStyle,
    format_citation,
)
from tui.core.knowledge import KnowledgeBase
from tui.core.models import Citation
from tui.core.paths import bundled


class CitationStylePicker(ModalScreen[CitationStyle | None]):
    """Choose how to copy a citation, with a preview; dismisses with the style or None."""

    CSS_PATH = str(bundled("styles") / "dialogs.tcss")  # parsed when first opened

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("j", "move(1)", "Down", show=False),
        Binding("k", "move(-1)", "Up", show=False),
    ]

    def __init__(self, kb: KnowledgeBase, citation: Citation, current: CitationStyle) -> None:
        super().__init__()
        self.kb = kb
        self.citation = citation
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="citation-dialog"):
            yield Static(
                "Copy the citation as… (Enter copies and remembers the style for y)",
                classes="dialog-title",
                markup=False,
            )
            yield OptionList(
                *(Option(STYLE_LABELS[style], id=style) for style in CITATION_STYLES),
                id="citation-styles",
            )
            yield Static(id="citation-preview", markup=False)

    def on_mount(self) -> None:
        styles = self.query_one(OptionList)
        styles.highlighted = CITATION_STYLES.index(self.current)
        self.set_focus(styles)
        self._preview(self.current)

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, message: OptionList.OptionHighlighted) -> None:
        self._preview(_style(message.option.id))

    @on(OptionList.OptionSelected)
    def _chosen(self, message: OptionList.OptionSelected) -> None:
        self.dismiss(_style(message.option.id))

    def _preview(self, style: CitationStyle) -> None:
        self.query_one("#citation-preview", Static).update(
            format_citation(self.kb, self.citation, style)
        )

    def action_move(self, step: int) -> None:
        """Move the highlight."""
        styles = self.query_one(OptionList)
        if step > 0:
            styles.action_cursor_down()
        else:
            styles.action_cursor_up()

    def action_cancel(self) -> None:
        """Close without copying."""
        self.dismiss(None)


def _style(option_id: str | None) -> CitationStyle:
    for style in CITATION_STYLES:
        if style == option_id:
            return style
    return "plain"
