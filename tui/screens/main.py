"""The main screen: a list per collection, the detail pane, filtering and cross-links."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Footer, Input, Static, Tab, Tabs

from tui.core.export import plain_citation
from tui.core.knowledge import KnowledgeBase
from tui.core.models import TOPIC_LABELS
from tui.core.search import Hit, SearchIndex
from tui.screens.pickers import TopicPicker, YearRangePrompt
from tui.screens.search import SearchScreen
from tui.screens.source_reader import SourceReader
from tui.widgets.detail_view import DetailView
from tui.widgets.record_list import COLLECTION_KINDS, RecordList

PANES: tuple[tuple[str, str, str], ...] = (
    ("timeline", "Timeline", "event"),
    ("people", "People", "person"),
    ("agreements", "Agreements", "agreement"),
    ("organizations", "Organisations", "organization"),
    ("sources", "Sources", "source"),
)
"""(pane id, label, record kind) in key order: 1 is the Timeline."""
PANE_OF_KIND = {kind: pane for pane, _label, kind in PANES}
COLLECTION_OF_KIND = {kind: collection for collection, kind in COLLECTION_KINDS.items()}


@dataclass(frozen=True, slots=True)
class Location:
    """Where the user was: restored by Back."""

    pane: str
    record_id: str | None
    detail_item: int
    detail_focused: bool


class PaneTabs(Tabs, can_focus=False):
    """The pane tabs: clickable, but keys 1–5 switch panes so they take no focus."""


class FilterInput(Input):
    """The '/' filter box: Enter keeps the filter, Escape clears it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear", "Clear filter"),
        # Enter is handled here rather than through Input.Submitted: a message
        # would arrive after keys typed right behind it, which then land here.
        Binding("enter", "leave", "Keep the filter, back to the list", show=False),
        Binding("down", "leave", "Back to the list", show=False),
    ]

    def action_clear(self) -> None:
        """Clear the filter and go back to the list."""
        self.value = ""
        main = self.screen
        if isinstance(main, MainScreen):
            main.finish_filter(keep=False)

    def action_leave(self) -> None:
        """Keep the filter and go back to the list."""
        main = self.screen
        if isinstance(main, MainScreen):
            main.finish_filter(keep=True)


class MainScreen(Screen[None]):
    """Timeline, People, Agreements, Organisations and Sources, with the detail pane."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "show_pane('timeline')", "Timeline", show=False),
        Binding("2", "show_pane('people')", "People", show=False),
        Binding("3", "show_pane('agreements')", "Agreements", show=False),
        Binding("4", "show_pane('organizations')", "Organisations", show=False),
        Binding("5", "show_pane('sources')", "Sources", show=False),
        Binding("enter", "open_detail", "Into the detail pane", show=False),
        Binding("slash", "start_filter", "Filter"),
        Binding("n", "next_match(1)", "Next match", show=False),
        Binding("N", "next_match(-1)", "Previous match", show=False),
        Binding("s,ctrl+f", "search", "Search"),
        Binding("o", "open_source", "Read source"),
        Binding("y", "copy_citation", "Copy cite"),
        Binding("t", "pick_topic", "Topic", show=False),
        Binding("r", "pick_years", "Years", show=False),
        Binding("escape,backspace", "back", "Back"),
    ]

    def __init__(self, kb: KnowledgeBase) -> None:
        super().__init__()
        self.kb = kb
        self.history: list[Location] = []
        self._filter_origin: str | None = None
        self._title_shown = ""
        self._search_index: SearchIndex | None = None
        self.pane = "timeline"

    def compose(self) -> ComposeResult:
        yield Static(self._banner(), id="banner", markup=False)
        yield PaneTabs(
            *(Tab(f"{n} {label}", id=pane) for n, (pane, label, _k) in enumerate(PANES, 1))
        )
        with Horizontal(id="body"):
            with Vertical(id="list-pane"):
                yield Static(id="list-title", markup=False)
                with ContentSwitcher(initial="timeline", id="lists"):
                    for pane, label, kind in PANES:
                        yield RecordList(self.kb, COLLECTION_OF_KIND[kind], title=label, id=pane)
                yield FilterInput(
                    placeholder="filter: every word must match (Enter keeps, Esc clears)",
                    id="filter",
                )
            yield DetailView(self.kb, id="detail")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#filter").display = False
        self.show_pane("timeline")

    # -- properties -------------------------------------------------------

    @property
    def current_list(self) -> RecordList:
        """The list of the visible pane."""
        return self.query_one(f"#{self.pane}", RecordList)

    @property
    def detail(self) -> DetailView:
        """The detail pane."""
        return self.query_one(DetailView)

    # -- message handlers -------------------------------------------------

    @on(RecordList.Highlighted)
    def _list_highlighted(self, message: RecordList.Highlighted) -> None:
        if message.record_list is not self.current_list:
            return
        if message.record_id != self.detail.record_id:  # re-showing would lose the detail cursor
            self.detail.record_id = message.record_id
        self._update_title()

    @on(RecordList.Selected)
    def _list_selected(self, message: RecordList.Selected) -> None:
        self.set_focus(self.detail)

    @on(DetailView.LinkChosen)
    def _link_chosen(self, message: DetailView.LinkChosen) -> None:
        self.go_to(message.record_id)

    @on(DetailView.ExcerptChosen)
    def _excerpt_chosen(self, message: DetailView.ExcerptChosen) -> None:
        self.open_reader(message.citation.source, self.kb.span_of(message.citation))

    @on(Tabs.TabActivated)
    def _tab_activated(self, message: Tabs.TabActivated) -> None:
        if message.tab.id and message.tab.id != self.pane:
            self.show_pane(message.tab.id)

    @on(Input.Changed, "#filter")
    def _filter_changed(self, message: Input.Changed) -> None:
        self.current_list.apply_filter(message.value)
        self._update_title()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, message: Input.Submitted) -> None:
        self.finish_filter(keep=True)

    # -- actions ----------------------------------------------------------

    def action_show_pane(self, pane: str) -> None:
        """Switch to a pane (keys 1–5)."""
        self.show_pane(pane)

    def action_open_detail(self) -> None:
        """Move from the list into the detail pane (Enter)."""
        self.set_focus(self.detail)

    def action_start_filter(self) -> None:
        """Filter the current list as you type."""
        self._filter_origin = self.current_list.current_id
        box = self.query_one("#filter", FilterInput)
        box.display = True
        with box.prevent(Input.Changed):
            box.value = self.current_list.query_text
        self.set_focus(box)

    def action_next_match(self, step: int) -> None:
        """Next (1) or previous (-1) row of the filtered list."""
        self.current_list.next_match(step)
        self.set_focus(self.current_list)

    def action_search(self) -> None:
        """Search everything: records, quotes and the full articles."""
        if self._search_index is None:
            self._search_index = SearchIndex(self.kb)  # built on first use, kept for the session
        self.app.push_screen(SearchScreen(self._search_index), self._search_done)

    def action_open_source(self) -> None:
        """Open the source reader on the current excerpt (or a source's article)."""
        record_id = self.detail.record_id
        if record_id is not None and self.kb.kind_of(record_id) == "source":
            self.open_reader(record_id, None)
            return
        citation = self.detail.current_citation
        if citation is None:
            self.notify("This item cites no source.", severity="warning")
            return
        self.open_reader(citation.source, self.kb.span_of(citation))

    def action_copy_citation(self) -> None:
        """Copy the current excerpt's citation: quote, title, outlet and date."""
        citation = self.detail.current_citation
        if citation is None:
            self.notify("This item has no citation to copy.", severity="warning")
            return
        self.app.copy_to_clipboard(plain_citation(self.kb, citation))
        self.notify("Citation copied to the clipboard.")

    def action_pick_topic(self) -> None:
        """Show only timeline events on one topic."""
        if self.pane != "timeline":
            self.show_pane("timeline")
        self.app.push_screen(TopicPicker(self.current_list.topic), self._topic_chosen)

    def action_pick_years(self) -> None:
        """Show only timeline events within a range of years."""
        if self.pane != "timeline":
            self.show_pane("timeline")
        self.app.push_screen(YearRangePrompt(self.current_list.years), self._years_chosen)

    def action_back(self) -> None:
        """Return to where a cross-link was followed from; else leave the detail pane
        or clear the filter."""
        if self.history:
            self._restore(self.history.pop())
        elif self.detail.has_focus:
            self.set_focus(self.current_list)
        elif self.current_list.is_filtered:
            self.current_list.clear_filter()
            self._hide_filter_box()
            self._update_title()

    # -- public -----------------------------------------------------------

    def show_pane(self, pane: str) -> None:
        """Make ``pane`` visible, focus its list and show its highlighted record."""
        self.pane = pane
        self.query_one(ContentSwitcher).current = pane
        tabs = self.query_one(PaneTabs)
        if tabs.active != pane:
            tabs.active = pane
        record_list = self.current_list
        self.set_focus(record_list)
        box = self.query_one("#filter", FilterInput)
        box.display = bool(record_list.query_text)
        with box.prevent(Input.Changed):
            box.value = record_list.query_text
        self.detail.record_id = record_list.current_id
        self._update_title()

    def go_to(self, record_id: str, *, remember: bool = True) -> None:
        """Show ``record_id`` in its pane, remembering where we were for Back."""
        if record_id not in self.kb.by_id:
            self.notify(f"No record {record_id!r}.", severity="error", markup=False)
            return
        if remember:
            self.history.append(self._here())
        pane = PANE_OF_KIND[self.kb.kind_of(record_id)]
        if pane != self.pane:
            self.show_pane(pane)
        record_list = self.current_list
        record_list.select_record(record_id)
        self._hide_filter_box_if_clear()
        self.detail.record_id = record_id
        self.set_focus(record_list)
        self._update_title()

    def open_reader(self, source_id: str, span: object, offset: int | None = None) -> None:
        """Push the source reader for ``source_id``, highlighting ``span``."""
        from tui.core.citations import Span

        focus = span if isinstance(span, Span) else None
        self.app.push_screen(SourceReader(self.kb, source_id, focus, offset))

    def finish_filter(self, *, keep: bool) -> None:
        """Leave the filter box: keep the filter (Enter) or clear it (Escape)."""
        record_list = self.current_list
        if not keep:
            record_list.apply_filter("")
            if self._filter_origin is not None:
                record_list.select_record(self._filter_origin)  # back where '/' was pressed
        self._hide_filter_box_if_clear()
        self.set_focus(record_list)
        self._update_title()

    # -- internals --------------------------------------------------------

    def _here(self) -> Location:
        detail = self.detail
        return Location(self.pane, detail.record_id, detail.item, detail.has_focus)

    def _restore(self, where: Location) -> None:
        if where.pane != self.pane:
            self.show_pane(where.pane)
        if where.record_id is not None:
            self.current_list.select_record(where.record_id)
            self.detail.record_id = where.record_id
        self._hide_filter_box_if_clear()
        if where.detail_focused:
            self.set_focus(self.detail)
            self.call_after_refresh(self.detail.select_item, where.detail_item)
        else:
            self.set_focus(self.current_list)
        self._update_title()

    def _hide_filter_box(self) -> None:
        box = self.query_one("#filter", FilterInput)
        with box.prevent(Input.Changed):
            box.value = ""
        box.display = False

    def _hide_filter_box_if_clear(self) -> None:
        if not self.current_list.query_text:
            self._hide_filter_box()

    def _search_done(self, hit: Hit | None) -> None:
        if hit is None:
            return
        if hit.kind == "source" and hit.offset is not None:
            self.open_reader(hit.record_id, None, offset=hit.offset)
        else:
            self.go_to(hit.record_id)

    def _topic_chosen(self, topic: str | bool | None) -> None:
        if topic is False:
            return  # cancelled
        self.current_list.apply_filter(topic=topic if isinstance(topic, str) else None)
        self._update_title()

    def _years_chosen(self, years: tuple[int | None, int | None] | None) -> None:
        if years is None:
            return
        self.current_list.apply_filter(years=years)
        self._update_title()

    def _banner(self) -> Text:
        counts = self.kb.counts()
        summary = " · ".join(f"{number} {name}" for name, number in counts.items())
        return Text.assemble(("vnru", "bold"), "  Vietnam–Russia relations  ", (summary, "dim"))

    def _update_title(self) -> None:
        record_list = self.current_list
        shown, total = record_list.row_count(), len(record_list.records)
        text = Text.assemble(
            (record_list.title, "bold"),
            f"  {shown} of {total}" if record_list.is_filtered else f"  {total}",
        )
        filters: list[str] = []
        if record_list.topic:
            filters.append(f"topic: {TOPIC_LABELS[record_list.topic]}")
        if record_list.years != (None, None):
            low, high = record_list.years
            filters.append(f"years: {low or '…'}–{high or '…'}")
        if record_list.query_text:
            filters.append(f"/{record_list.query_text}")
        if filters:
            text.append("  ·  " + "  ·  ".join(filters), "italic")
        if self.pane == "timeline" and not filters:
            text.append("   t topic · r years", "dim")
        if text.plain != self._title_shown:  # an unchanged Static.update still costs a layout pass
            self._title_shown = text.plain
            self.query_one("#list-title", Static).update(text)
