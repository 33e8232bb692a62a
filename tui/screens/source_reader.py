"""The source reader: a whole article, cited passages highlighted, boilerplate dimmed."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Static

from tui.core.articles import Paragraph, paragraphs
from tui.core.citations import Span
from tui.core.knowledge import KnowledgeBase
from tui.core.models import Citation
from tui.core.paths import bundled
from tui.widgets.detail_view import source_heading
from tui.widgets.key_bar import KeyBar


class ArticleView(VerticalScroll, can_focus=True):
    """The article's paragraphs; cited passages underlined, the current one highlighted."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll_down", "Scroll down", show=False),
        Binding("k,up", "scroll_up", "Scroll up", show=False),
        Binding("g,home", "scroll_home", "Top", show=False),
        Binding("G,end", "scroll_end", "Bottom", show=False),
        Binding("space,pagedown", "page_down", "Page down", show=False),
        Binding("pageup,b", "page_up", "Page up", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"article-view--cited", "article-view--current"}


class SourceReader(Screen[None]):
    """Reads one article; ``n``/``N`` step through the passages the knowledge base cites."""

    CSS_PATH = str(bundled("styles") / "reader.tcss")  # parsed when first opened

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "passage(1)", "Next cited"),
        Binding("N", "passage(-1)", "Previous cited"),
        Binding("z", "toggle_fold", "Fold page furniture"),
        Binding("y", "copy_citation", "Copy citation"),
        Binding("Y", "pick_citation_style", "Copy citation as…", show=False),
        Binding("escape,backspace,q", "close", "Back"),
    ]

    current: reactive[int] = reactive(-1, init=False)
    """Index of the highlighted cited passage, or -1."""
    folded: reactive[bool] = reactive(False, init=False)
    """Whether page furniture (Related lists, counters, repeated headlines) is hidden."""

    def __init__(
        self,
        kb: KnowledgeBase,
        source_id: str,
        focus: Span | None = None,
        offset: int | None = None,
    ) -> None:
        super().__init__()
        self.kb = kb
        self.source = kb.source(source_id)
        self.text = kb.texts[source_id]
        self.paragraphs: list[Paragraph] = paragraphs(self.text)
        self.quotes: dict[Span, Citation] = kb.passages(source_id)
        self.passages: list[Span] = list(self.quotes)
        self._initial = focus
        self._offset = offset
        self._widgets: list[Static] = []

    def compose(self) -> ComposeResult:
        yield Static(source_heading(self.source), id="reader-title", markup=False)
        yield Static(id="reader-status", markup=False)
        with ArticleView(id="article"):
            for paragraph in self.paragraphs:
                widget = Static(markup=False, classes="paragraph")
                widget.set_class(paragraph.boilerplate, "-boilerplate")
                self._widgets.append(widget)
                yield widget
        yield KeyBar()

    def on_mount(self) -> None:
        self._render_paragraphs()
        article = self.query_one(ArticleView)
        self.set_focus(article)
        if self._initial is not None and self._initial in self.passages:
            self.current = self.passages.index(self._initial)
        elif self._offset is not None:
            self.call_after_refresh(self._scroll_to_offset, self._offset)
            self._update_status()
        else:
            self._update_status()

    # -- watchers ---------------------------------------------------------

    def watch_current(self, index: int) -> None:
        self._render_paragraphs()
        self._update_status()
        if 0 <= index < len(self.passages):
            self.call_after_refresh(self._scroll_to_offset, self.passages[index].start)

    def watch_folded(self, folded: bool) -> None:
        cited = self._cited_paragraphs()
        for number, (paragraph, widget) in enumerate(
            zip(self.paragraphs, self._widgets, strict=True)
        ):
            widget.display = not (folded and paragraph.boilerplate and number not in cited)
        self._update_status()

    # -- actions ----------------------------------------------------------

    def action_passage(self, step: int) -> None:
        """Highlight the next (1) or previous (-1) cited passage, wrapping round."""
        if not self.passages:
            self.notify("No passage of this article is cited.", severity="warning")
            return
        if self.current < 0:
            self.current = 0 if step > 0 else len(self.passages) - 1
        else:
            self.current = (self.current + step) % len(self.passages)

    def action_toggle_fold(self) -> None:
        """Hide or show page furniture."""
        self.folded = not self.folded

    def action_copy_citation(self) -> None:
        """Copy the highlighted passage as a citation, in the chosen style."""
        from tui.screens import record_actions

        citation = self._current_citation()
        if citation is not None:
            record_actions.copy_citation(self, self.kb, citation)

    def action_pick_citation_style(self) -> None:
        """Choose the citation style, then copy the highlighted passage."""
        from tui.screens import record_actions

        citation = self._current_citation()
        if citation is not None:
            record_actions.choose_citation_style(self, self.kb, citation)

    def _current_citation(self) -> Citation | None:
        if not 0 <= self.current < len(self.passages):
            self.notify("Move to a cited passage first (n).", severity="warning")
            return None
        return self.quotes[self.passages[self.current]]

    def action_close(self) -> None:
        """Go back to where the reader was opened from."""
        self.dismiss(None)

    # -- internals --------------------------------------------------------

    def _cited_paragraphs(self) -> set[int]:
        found: set[int] = set()
        for span in self.passages:
            for number, paragraph in enumerate(self.paragraphs):
                if paragraph.start < span.end and span.start < paragraph.end:
                    found.add(number)
        return found

    def _render_paragraphs(self) -> None:
        view = self.query_one(ArticleView)
        cited = view.get_component_rich_style("article-view--cited", partial=True)
        current_style = view.get_component_rich_style("article-view--current", partial=True)
        current = self.passages[self.current] if 0 <= self.current < len(self.passages) else None
        for paragraph, widget in zip(self.paragraphs, self._widgets, strict=True):
            text = Text(self.text[paragraph.start : paragraph.end])
            for span in self.passages:
                start = max(span.start, paragraph.start) - paragraph.start
                end = min(span.end, paragraph.end) - paragraph.start
                if start < end:
                    text.stylize(current_style if span == current else cited, start, end)
            widget.update(text)
            widget.set_class(
                current is not None
                and paragraph.start < current.end
                and current.start < paragraph.end,
                "-current",
            )

    def _scroll_to_offset(self, offset: int) -> None:
        for paragraph, widget in zip(self.paragraphs, self._widgets, strict=True):
            if paragraph.end >= offset and widget.display:
                self.query_one(ArticleView).scroll_to_center(widget, animate=False)
                return

    def _update_status(self) -> None:
        total = len(self.passages)
        where = (
            f"passage {self.current + 1} of {total} cited"
            if self.current >= 0
            else f"{total} cited passages"
        )
        fold = (
            "page furniture folded (z shows it)"
            if self.folded
            else "page furniture dimmed (z folds it)"
        )
        status = Text.assemble(where, "  ·  ", fold, "  ·  n/N next/previous passage")
        self.query_one("#reader-status", Static).update(status)
