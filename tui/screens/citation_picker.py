"""The citation style picker (``Y``): plain text, Markdown, BibTeX or CSL-JSON,
copied, or added to a file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.core.models import Citation
from tui.core.outputs.citation_styles import (
    CITATION_STYLES,
    FILE_SUFFIXES,
    STYLE_LABELS,
    CitationStyle,
    format_citation,
)
from tui.core.paths import bundled
from tui.core.queries.knowledge import KnowledgeBase


@dataclass(frozen=True, slots=True)
class CitationChoice:
    """What the picker was closed with: a style, and a file to add the citation to."""

    style: CitationStyle
    path: Path | None = None
    """None: copy the citation; else add it to this file."""


class CitationStylePicker(ModalScreen[CitationChoice | None]):
    """Choose how to copy a citation, with a preview, or add it to a file;
    dismisses with the choice or None."""

    CSS_PATH = str(bundled("styles") / "dialogs.tcss")  # parsed when first opened

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("j", "move(1)", "Down", show=False),
        Binding("k", "move(-1)", "Up", show=False),
    ]

    def __init__(
        self,
        kb: KnowledgeBase,
        citation: Citation,
        current: CitationStyle,
        directory: Path | None = None,
    ) -> None:
        super().__init__()
        self.kb = kb
        self.citation = citation
        self.current = current
        self.directory = directory if directory is not None else Path.cwd()
        """Where the file is offered by default."""
        self._offered = ""  # the path last offered, replaced while the user has not edited it

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="citation-dialog"):
            yield Static(
                "Cite as… (Enter copies; y then keeps the style)",
                classes="dialog-title",
                markup=False,
            )
            yield OptionList(
                *(Option(STYLE_LABELS[style], id=style) for style in CITATION_STYLES),
                id="citation-styles",
            )
            yield Static(id="citation-preview", markup=False)
            yield Static(
                "Or add it to a file: Tab, then Enter",
                id="citation-file-help",
                markup=False,
            )
            yield Input(id="citation-file", placeholder="file to add the citation to")

    def on_mount(self) -> None:
        styles = self.query_one(OptionList)
        styles.highlighted = CITATION_STYLES.index(self.current)
        self.set_focus(styles)
        self._preview(self.current)

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, message: OptionList.OptionHighlighted) -> None:
        self._preview(_style(message.option.id))

    @on(Input.Submitted, "#citation-file")
    def _file_chosen(self, message: Input.Submitted) -> None:
        if not message.value.strip():
            self.notify("Name a file to add the citation to.", severity="warning")
            return
        path = Path(message.value.strip()).expanduser()
        self.dismiss(CitationChoice(self._highlighted_style(), path))

    @on(OptionList.OptionSelected)
    def _chosen(self, message: OptionList.OptionSelected) -> None:
        self.dismiss(CitationChoice(_style(message.option.id)))

    def _highlighted_style(self) -> CitationStyle:
        styles = self.query_one(OptionList)
        index = styles.highlighted if styles.highlighted is not None else 0
        return CITATION_STYLES[index]

    def _preview(self, style: CitationStyle) -> None:
        self.query_one("#citation-preview", Static).update(
            format_citation(self.kb, self.citation, style)
        )
        box = self.query_one("#citation-file", Input)
        if box.value in ("", self._offered):
            name = f"citations{FILE_SUFFIXES[style]}"
            # In the current directory, the name alone: shorter, and what a user would type.
            here = self.directory.resolve() == Path.cwd().resolve()
            self._offered = name if here else str(self.directory / name)
            box.value = self._offered

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
