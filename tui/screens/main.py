"""The main screen: the lists (see :mod:`tui.widgets.list_pane`) beside the detail
pane, cross-links and Back, and the keys that open the other screens."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Static

from tui.core.kinds import KINDS
from tui.core.queries.knowledge import KnowledgeBase, count_of
from tui.screens.record_screen import RecordScreen
from tui.screens.session import notebook_of, session_of
from tui.widgets.detail_view import DetailView
from tui.widgets.key_bar import KeyBar
from tui.widgets.list_pane import ListPane
from tui.widgets.pane_bar import PaneBar
from tui.widgets.record_list import RecordList
from tui.widgets.textual_private import breakpoint_classes

if TYPE_CHECKING:
    # The other screens are imported when first opened: start-up only pays for this one.
    from tui.core.models import Citation
    from tui.core.queries.discrepancies import Disagreement
    from tui.core.queries.global_search import Hit, SearchIndex

PANES: tuple[tuple[str, str, str], ...] = tuple(
    (kind.pane, kind.pane_label, kind.name)
    for kind in sorted(KINDS, key=lambda kind: kind.pane_key)
)
"""(pane id, label, record kind) in key order: 1 is the Timeline."""
PANE_OF_KIND = {kind: pane for pane, _label, kind in PANES}


@dataclass(frozen=True, slots=True)
class Location:
    """Where the user was: restored by Back."""

    pane: str
    record_id: str | None
    detail_item: int
    detail_focused: bool
    query: str = ""
    """The pane's filter as typed, restored with the place (a jump may clear it)."""
    topic: str | None = None
    years: tuple[int | None, int | None] = (None, None)


class MainScreen(RecordScreen):
    """Timeline, People, Agreements, Organisations and Sources, with the detail pane."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(kind.pane_key, f"show_pane('{kind.pane}')", kind.pane_label, show=False)
            for kind in sorted(KINDS, key=lambda kind: kind.pane_key)
        ),
        Binding("enter", "open_detail", "Into the detail pane", show=False),
        Binding("tab,shift+tab", "switch_pane_focus", "Focus: list ↔ detail", show=False),
        Binding("h", "focus_side('list')", "Focus the list", show=False),
        Binding("l", "focus_side('detail')", "Focus the detail pane", show=False),
        Binding("slash", "start_filter", "Filter"),
        Binding("n", "next_match(1)", "Next match", show=False),
        Binding("N", "next_match(-1)", "Previous match", show=False),
        Binding("s", "search", "Search"),
        Binding("o", "open_source", "Read source"),
        Binding("y", "copy_citation", "Copy cite"),
        Binding(
            "Y",
            "pick_citation_style",
            "Copy cite as… (plain, Markdown, BibTeX, CSL-JSON)",
            show=False,
        ),
        Binding("b", "toggle_bookmark", "Bookmark", show=False),
        Binding("B", "show_bookmarks", "Bookmarks and notes", show=False),
        Binding("m", "edit_note", "Note on this item", show=False),
        Binding("d", "show_discrepancies", "Where the sources disagree", show=False),
        Binding("ctrl+e", "export", "Export", show=False),
        Binding("t", "pick_topic", "Topic", show=False),
        Binding("r", "pick_years", "Years", show=False),
        Binding("escape,backspace", "back", "Back"),
    ]

    def __init__(self, kb: KnowledgeBase) -> None:
        # Born with the size classes the first resize would give it: adding them
        # then would restyle every widget once more before the first frame.
        super().__init__(kb, classes=breakpoint_classes(self.app))
        self.history: list[Location] = []
        self._search_index: SearchIndex | None = None
        self._disagreements: list[Disagreement] | None = None  # collected on first use
        self._detail = DetailView(self.kb, id="detail")
        self.list_pane = ListPane(self.kb, PANES, self._detail, id="list-pane")
        """The lists, their title and the filter box."""

    def compose(self) -> ComposeResult:
        yield Static(self._banner(), id="banner", markup=False)
        yield PaneBar(tuple((pane, label) for pane, label, _kind in PANES), id="panes")
        with Horizontal(id="body"):
            yield self.list_pane
            yield self._detail
        yield KeyBar(id="keys")

    def on_mount(self) -> None:
        if not self._detail.is_mounted:
            # The app closed while this screen was composed (a reload switched to it
            # just before the app exited): its children never mounted.
            return
        self.current_list.follower = self.list_pane
        self.show_pane("timeline", detail=False)
        self._detail.hold(self.current_list.current_id)
        # The first record's detail (and the next's), the notebook: after the first frame.
        session = session_of(self)
        later = session.call_after_first_frame if session else self.call_after_refresh
        later(self._detail.release)
        later(self.current_list.prepare_next)
        later(self._attach_notebook)
        later(self.list_pane.mount_filter_box)
        later(self.list_pane.mount_year_density)

    # -- properties -------------------------------------------------------

    @property
    def pane(self) -> str:
        """Id of the pane on show."""
        return self.list_pane.pane

    @property
    def current_list(self) -> RecordList:
        """The list of the visible pane."""
        return self.list_pane.current_list

    @property
    def detail(self) -> DetailView:
        """The detail pane (showing its record: anything that asks for the pane
        needs it, even a key pressed before the first frame was out)."""
        self._detail.release()
        return self._detail

    @property
    def current_record_id(self) -> str | None:
        """The record in the detail pane."""
        return self.detail.record_id

    @property
    def current_citation(self) -> Citation | None:
        """The detail's highlighted excerpt's citation, else its record's first."""
        return self.detail.current_citation

    # -- message handlers -------------------------------------------------

    @on(RecordList.Selected)
    def _list_selected(self, message: RecordList.Selected) -> None:
        self.set_focus(self.detail)

    @on(DetailView.LinkChosen)
    def _link_chosen(self, message: DetailView.LinkChosen) -> None:
        self.go_to(message.record_id)

    @on(DetailView.ExcerptChosen)
    def _excerpt_chosen(self, message: DetailView.ExcerptChosen) -> None:
        self.open_reader(message.citation.source, self.kb.span_of(message.citation))

    @on(PaneBar.Chosen)
    def _pane_chosen(self, message: PaneBar.Chosen) -> None:
        if message.pane != self.pane:
            self.show_pane(message.pane)

    # -- actions ----------------------------------------------------------

    def action_show_pane(self, pane: str) -> None:
        """Switch to a pane (keys 1–5)."""
        self.show_pane(pane)

    def action_open_detail(self) -> None:
        """Move from the list into the detail pane (Enter)."""
        self.set_focus(self.detail)

    def action_switch_pane_focus(self) -> None:
        """Tab: the detail pane from the list (or the filter box, keeping the
        filter), the list from the detail pane."""
        self.action_focus_side("list" if self.focused is self.detail else "detail")

    def action_focus_side(self, side: str) -> None:
        """Focus the list (h) or the detail pane (l); a filter being typed is kept."""
        box = self.list_pane.mounted_filter_box()
        if box is not None and self.focused is box:  # (has_focus follows a message later)
            self.list_pane.finish_filter(keep=True)
        self.set_focus(self.detail if side == "detail" else self.current_list)

    def action_start_filter(self) -> None:
        """Filter the current list as you type."""
        self.set_focus(self.list_pane.start_filter())

    def action_next_match(self, step: int) -> None:
        """Next (1) or previous (-1) row of the filtered list."""
        self.current_list.next_match(step)
        self.set_focus(self.current_list)

    def action_search(self) -> None:
        """Search everything: records, quotes and the full articles."""
        from tui.core.queries.global_search import SearchIndex
        from tui.screens.search import SearchScreen

        if self._search_index is None:
            self._search_index = SearchIndex(self.kb)  # built on first use, kept for the session
        self.app.push_screen(SearchScreen(self._search_index, self.kb), self._search_done)

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

    def action_show_bookmarks(self) -> None:
        """List every bookmarked or annotated item."""
        from tui.screens.bookmarks import BookmarksScreen

        self.app.push_screen(BookmarksScreen(self.kb, notebook_of(self)))

    def action_show_discrepancies(self) -> None:
        """List every point on which the articles disagree."""
        from tui.screens.discrepancies import DiscrepanciesScreen

        def keep(items: list[Disagreement]) -> None:
            self._disagreements = items

        self.app.push_screen(DiscrepanciesScreen(self.kb, self._disagreements, keep))

    def action_export(self) -> None:
        """Export the list as filtered, the bookmarks or everything to a file."""
        from tui.screens import record_actions
        from tui.screens.export_dialog import ListScope

        record_list = self.current_list
        record_list.finish_filter()  # the list as filtered is every row, not the first found
        current = ListScope(
            record_list.collection,
            record_list.title,
            record_list.shown,
            len(record_list.records),
            "  ·  ".join(self.list_pane.filters()),
        )
        record_actions.open_export(self, self.kb, current=current)

    def action_pick_topic(self) -> None:
        """Show only timeline events on one topic."""
        from tui.screens.pickers import TopicPicker

        if self.pane != "timeline":
            self.show_pane("timeline")
        self.app.push_screen(TopicPicker(self.current_list.topic), self._topic_chosen)

    def action_pick_years(self) -> None:
        """Show only timeline events within a range of years."""
        from tui.screens.pickers import YearRangePrompt

        if self.pane != "timeline":
            self.show_pane("timeline")
        self.app.push_screen(YearRangePrompt(self.current_list.years), self._years_chosen)

    def action_back(self) -> None:
        """One step back a press: clear the list's filter; else return to where a
        cross-link or jump was made from (its filter too); else leave the detail pane."""
        if self.current_list.is_filtered:
            self.current_list.clear_filter()
            self.list_pane.hide_filter_box()
            self.list_pane.update_title()
        elif self.history:
            self._restore(self.history.pop())
        elif self.detail.has_focus:
            self.set_focus(self.current_list)

    # -- public -----------------------------------------------------------

    def show_pane(self, pane: str, *, detail: bool = True) -> None:
        """Make ``pane`` visible, focus its list and show its highlighted record."""
        record_list = self.list_pane.show(pane)
        self.query_one(PaneBar).active = pane
        self.set_focus(record_list)
        if detail:
            self._show_detail()
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
        self.list_pane.hide_filter_box_if_clear()
        self.detail.record_id = record_id
        self.set_focus(record_list)
        self._update_title()

    def open_reader(self, source_id: str, span: object, hit: Hit | None = None) -> None:
        """Push the source reader for ``source_id`` at ``span``, or at a global
        search's ``hit`` in its text, stepping through the hit's matches."""
        from tui.core.files.citations import Span
        from tui.screens.source_reader import SourceReader

        focus = span if isinstance(span, Span) else None
        where = (hit.offset, hit.word, hit.spans) if hit is not None else (None, "", None)
        self.app.push_screen(SourceReader(self.kb, source_id, focus, *where))

    # -- internals --------------------------------------------------------

    def _show_detail(self) -> None:
        """Show the highlighted record of the current list in the detail pane."""
        self.detail.record_id = self.current_list.current_id

    def _here(self) -> Location:
        detail, record_list = self.detail, self.current_list
        return Location(
            self.pane,
            detail.record_id,
            detail.item,
            detail.has_focus,
            record_list.query_text,
            record_list.topic,
            record_list.years,
        )

    def _restore(self, where: Location) -> None:
        if where.pane != self.pane:
            self.show_pane(where.pane)
        record_list = self.current_list
        if (record_list.query_text, record_list.topic, record_list.years) != (
            where.query,
            where.topic,
            where.years,
        ):
            record_list.apply_filter(where.query, topic=where.topic, years=where.years)
            if where.query:
                self.list_pane.show_query(where.query)
        if where.record_id is not None:
            self.current_list.select_record(where.record_id)
            self.detail.record_id = where.record_id
        self.list_pane.hide_filter_box_if_clear()
        if where.detail_focused:
            self.set_focus(self.detail)
            self.call_after_refresh(self.detail.select_item, where.detail_item)
        else:
            self.set_focus(self.current_list)
        self._update_title()

    def _search_done(self, hit: Hit | None) -> None:
        if hit is None:
            return
        if hit.kind == "source" and hit.offset is not None:
            self.open_reader(hit.record_id, None, hit)
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
        summary = " · ".join(count_of(name, number) for name, number in counts.items())
        return Text.assemble(("vnru", "bold"), "  Vietnam–Russia  ", (summary, "dim"))

    def notebook_changed(self) -> None:
        """Redraw the bookmark marks and the detail's note."""
        self.list_pane.refresh_lists()
        self.detail.rebuild()

    def _attach_notebook(self) -> None:
        notebook = notebook_of(self)
        self.list_pane.attach_notebook(notebook)
        self.detail.notebook = notebook
        self.notebook_changed()

    def _update_title(self) -> None:
        self.list_pane.update_title()
