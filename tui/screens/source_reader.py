"""The source reader: a whole article, cited passages highlighted, boilerplate dimmed."""

from __future__ import annotations

from typing import ClassVar, Protocol

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Static

from tui.core.files.citations import Span
from tui.core.models import Citation
from tui.core.paths import bundled
from tui.core.queries.articles import Paragraph, find_phrase, paragraphs
from tui.core.queries.knowledge import KnowledgeBase
from tui.widgets.contrast import highlight_style
from tui.widgets.detail_blocks import source_heading
from tui.widgets.key_bar import KeyBar
from tui.widgets.live_input import LiveInput


class ArticleView(VerticalScroll, can_focus=True):
    """The article's paragraphs; cited passages underlined, the current one
    highlighted, and the matches of a search."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll_down", "Scroll down", show=False),
        Binding("k,up", "scroll_up", "Scroll up", show=False),
        Binding("g,home", "scroll_home", "Top", show=False),
        Binding("G,end", "scroll_end", "Bottom", show=False),
        Binding("space,pagedown,ctrl+f", "page_down", "Page down", show=False),
        Binding("pageup,ctrl+b", "page_up", "Page up", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-view--cited",
        "article-view--current",
        "article-view--match",
        "article-view--match-current",
    }


class SearchOwner(Protocol):
    """What the reader's search box searches."""

    def search(self, text: str) -> None:
        """Highlight every occurrence of ``text``."""

    def close_search_box(self) -> None:
        """Hide the box and give the article the keys again."""


class ReaderSearchInput(LiveInput):
    """The reader's '/' box: Enter searches, Escape cancels.

    Its owner is called at once rather than sent a message: keys typed right
    behind Enter must find the focus already back on the article.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "search", "Search"),
        Binding("escape", "cancel", "Cancel the search"),
    ]

    def __init__(self, owner: SearchOwner, *, placeholder: str = "", id: str | None = None) -> None:
        super().__init__(placeholder=placeholder, id=id)
        self.owner = owner
        """What the box searches."""

    def action_search(self) -> None:
        """Search the article for the text typed and close the box."""
        self.owner.search(self.value)
        self.owner.close_search_box()

    def action_cancel(self) -> None:
        """Close the box without searching."""
        self.owner.close_search_box()


class SourceReader(Screen[None]):
    """Reads one article; ``n``/``N`` step through the passages the knowledge base cites."""

    CSS_PATH = str(bundled("styles") / "reader.tcss")  # parsed when first opened

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "start_search", "Search"),
        Binding("n", "step(1)", "Next match/passage"),
        Binding("N", "step(-1)", "Previous match/passage", show=False),
        Binding("z", "toggle_fold", "Fold page furniture"),
        Binding("y", "copy_citation", "Copy citation"),
        Binding("Y", "pick_citation_style", "Copy citation as…", show=False),
        Binding("escape,backspace", "back", "Back"),
        Binding("q", "close", "Close the reader", show=False),
    ]

    current: reactive[int] = reactive(-1, init=False)
    """Index of the highlighted cited passage, or -1."""
    folded: reactive[bool] = reactive(False, init=False)
    """Whether page furniture (Related lists, counters, repeated headlines) is hidden."""
    match: reactive[int] = reactive(-1, init=False)
    """Index of the current search match, or -1."""

    def __init__(
        self,
        kb: KnowledgeBase,
        source_id: str,
        focus: Span | None = None,
        offset: int | None = None,
        search: str = "",
        found: tuple[tuple[int, int], ...] | None = None,
    ) -> None:
        """The reader of ``source_id``, at the cited passage ``focus``, or at
        ``offset`` with ``search`` searched: its matches are ``found`` when a
        global search found them (by the case rule of the whole query, not of
        ``search`` alone), else the reader's own ('/')."""
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
        self.search_text = search.strip()
        """The article search ('/'); while it is set, n/N step through its matches."""
        self._typed = False
        """Whether the search was typed here (Escape clears it) rather than brought
        from a global search (Escape goes back to it)."""
        self.matches: list[Span] = (
            [Span(start, end) for start, end in found]
            if found is not None
            else find_phrase(self.text, self.search_text)
        )

    def compose(self) -> ComposeResult:
        yield Static(source_heading(self.source), id="reader-title", markup=False)
        yield Static(id="reader-status", markup=False)
        with ArticleView(id="article"):
            for paragraph in self.paragraphs:
                widget = Static(markup=False, classes="paragraph")
                widget.set_class(paragraph.boilerplate, "-boilerplate")
                self._widgets.append(widget)
                yield widget
        box = ReaderSearchInput(
            self, placeholder="search this article (Enter; Esc cancels)", id="reader-search"
        )
        box.display = False
        yield box
        yield KeyBar()

    def on_mount(self) -> None:
        self._render_paragraphs()
        # The paragraphs hold their highlight styles as drawn: a new theme redraws them.
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._render_paragraphs())
        article = self.query_one(ArticleView)
        self.set_focus(article)
        if self._initial is not None and self._initial in self.passages:
            self.current = self.passages.index(self._initial)
        elif self._offset is not None:
            at = self._offset
            match = next((i for i, span in enumerate(self.matches) if span.start >= at), -1)
            if match >= 0:  # opened from a search: n/N go on from this match
                self.match = match
            else:
                self.call_after_refresh(self._scroll_to_offset, at)
                self._update_status()
        else:
            self._update_status()

    # -- watchers ---------------------------------------------------------

    def watch_current(self, index: int) -> None:
        self._render_paragraphs()
        self._update_status()
        if 0 <= index < len(self.passages):
            self.call_after_refresh(self._scroll_to_offset, self.passages[index].start)

    def watch_match(self, index: int) -> None:
        self._render_paragraphs()
        self._update_status()
        if 0 <= index < len(self.matches):
            self.call_after_refresh(self._scroll_to_offset, self.matches[index].start)

    def watch_folded(self, folded: bool) -> None:
        cited = self._cited_paragraphs()
        for number, (paragraph, widget) in enumerate(
            zip(self.paragraphs, self._widgets, strict=True)
        ):
            widget.display = not (folded and paragraph.boilerplate and number not in cited)
        self._update_status()

    # -- actions ----------------------------------------------------------

    def action_start_search(self) -> None:
        """Open the search box ('/')."""
        box = self.query_one(ReaderSearchInput)
        box.set_quietly(self.search_text)
        box.display = True
        self.set_focus(box)

    def action_step(self, step: int) -> None:
        """The next (1) or previous (-1) search match, or cited passage when
        nothing is searched for."""
        if not self.search_text:
            self.action_passage(step)
        elif not self.matches:
            self.notify(
                f"“{self.search_text}” is not in this article.", severity="warning", markup=False
            )
        elif self.match < 0:
            self.match = self._first_match_from_view(step)
        else:
            self.match = (self.match + step) % len(self.matches)

    def action_back(self) -> None:
        """Clear the search typed here if there is one, else close the reader."""
        if self.search_text and self._typed:
            self.search("")
        else:
            self.action_close()

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

    # -- public -----------------------------------------------------------

    def search(self, text: str) -> None:
        """Highlight every occurrence of ``text`` and go to the first one after
        the top of the view ("" clears the search)."""
        self.search_text = text.strip()
        self._typed = True
        self.matches = find_phrase(self.text, self.search_text)
        self.set_reactive(SourceReader.match, -1)
        if self.matches:
            self.match = self._first_match_from_view(1)
        else:
            self._render_paragraphs()
            self._update_status()
            if self.search_text:
                self.notify(
                    f"“{self.search_text}” is not in this article.",
                    severity="warning",
                    markup=False,
                )

    def close_search_box(self) -> None:
        """Hide the search box and give the article the keys again."""
        box = self.query_one(ReaderSearchInput)
        box.display = False
        self.set_focus(self.query_one(ArticleView))

    # -- internals --------------------------------------------------------

    def _first_match_from_view(self, step: int) -> int:
        """The first match at or below the top of the view (step 1), or the last
        one above its bottom (step -1), wrapping round."""
        view = self.query_one(ArticleView)
        top = view.scroll_offset.y
        bottom = top + view.scrollable_content_region.height
        shown = [
            (widget.virtual_region.y, paragraph)
            for paragraph, widget in zip(self.paragraphs, self._widgets, strict=True)
            if widget.display
        ]
        if step > 0:
            start = next((p.start for y, p in shown if y >= top), 0)
            return next((i for i, m in enumerate(self.matches) if m.start >= start), 0)
        end = next((p.end for y, p in reversed(shown) if y < bottom), len(self.text))
        return next(
            (i for i in reversed(range(len(self.matches))) if self.matches[i].end <= end),
            len(self.matches) - 1,
        )

    def _cited_paragraphs(self) -> set[int]:
        found: set[int] = set()
        for span in self.passages:
            for number, paragraph in enumerate(self.paragraphs):
                if paragraph.start < span.end and span.start < paragraph.end:
                    found.add(number)
        return found

    def _render_paragraphs(self) -> None:
        view = self.query_one(ArticleView)
        cited = highlight_style(view, "article-view--cited")
        current_style = highlight_style(view, "article-view--current")
        match_style = highlight_style(view, "article-view--match")
        match_current = highlight_style(view, "article-view--match-current")
        current = self.passages[self.current] if 0 <= self.current < len(self.passages) else None
        found = self.matches[self.match] if 0 <= self.match < len(self.matches) else None
        for paragraph, widget in zip(self.paragraphs, self._widgets, strict=True):
            text = Text(self.text[paragraph.start : paragraph.end])
            for span in self.passages:
                start = max(span.start, paragraph.start) - paragraph.start
                end = min(span.end, paragraph.end) - paragraph.start
                if start < end:
                    text.stylize(current_style if span == current else cited, start, end)
            for span in self.matches:
                start = max(span.start, paragraph.start) - paragraph.start
                end = min(span.end, paragraph.end) - paragraph.start
                if start < end:
                    text.stylize(match_current if span == found else match_style, start, end)
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
        # The most useful first: a narrow terminal cuts the end of the line.
        if self.search_text:
            count = len(self.matches)
            found = f"match {self.match + 1} of {count}" if self.match >= 0 else f"{count} matches"
            status = Text.assemble(
                (f"/{self.search_text}", "bold"),
                f": {found} · n/N next/previous · Esc {'clears' if self._typed else 'back'} · ",
                where,
            )
        else:
            status = Text.assemble(where, " · n/N next/previous passage · / searches · ", fold)
        self.query_one("#reader-status", Static).update(status)
