"""The main screen: a list per collection, the detail pane, filtering and cross-links."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Static

from tui.core.knowledge import COLLECTION_KINDS, KnowledgeBase, count_of
from tui.core.search import describe_years
from tui.core.topics import TOPIC_LABELS
from tui.widgets.detail_view import DetailView
from tui.widgets.key_bar import KeyBar
from tui.widgets.live_input import LiveInput
from tui.widgets.pane_bar import PaneBar
from tui.widgets.record_list import RecordList

if TYPE_CHECKING:
    # The other screens are imported when first opened: start-up only pays for this one.
    from tui.core.discrepancies import Disagreement
    from tui.core.search import Hit, SearchIndex

PANES: tuple[tuple[str, str, str], ...] = (
    ("timeline", "Timeline", "event"),
    ("people", "People", "person"),
    ("agreements", "Agreements", "agreement"),
    ("organizations", "Organisations", "organization"),
    ("sources", "Sources", "source"),
)
"""(pane id, label, record kind) in key order: 1 is the Timeline."""
FOLLOW_PAUSE = 0.15
"""Seconds without a keystroke in the filter box before the detail pane shows the
highlighted record."""
PANE_OF_KIND = {kind: pane for pane, _label, kind in PANES}
COLLECTION_OF_KIND: dict[str, str] = {
    kind: collection for collection, kind in COLLECTION_KINDS.items()
}


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


def breakpoint_classes(app: App[object]) -> str:
    """The classes Textual gives a screen for ``app``'s size and breakpoints."""
    width, height = app.size
    chosen = []
    for dimension, breakpoints in (
        (width, app.HORIZONTAL_BREAKPOINTS or []),
        (height, app.VERTICAL_BREAKPOINTS or []),
    ):
        for limit, name in sorted(breakpoints, reverse=True):
            if dimension >= limit:
                chosen.append(name)
                break
    return " ".join(chosen)


class FilterInput(LiveInput):
    """The '/' filter box: Enter keeps the filter, Escape puts back the one '/' found."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear", "Cancel the edit"),
        # Enter is a binding rather than Input.Submitted, run by the box itself
        # (LiveInput.on_key): keys typed right behind it must not land here.
        Binding("enter", "leave", "Keep the filter"),
        Binding("down", "leave", "Back to the list", show=False),
    ]

    def action_clear(self) -> None:
        """Put back the filter '/' found (none: cleared) and go back to the list."""
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
        super().__init__(classes=breakpoint_classes(self.app))
        self.kb = kb
        self.history: list[Location] = []
        self._filter_origin: str | None = None
        self._filter_before = ""  # the query '/' found, which Escape in the box puts back
        self._follow_timer: Timer | None = None  # the detail's catch-up while a filter is typed
        self._title_shown = ""
        self._search_index: SearchIndex | None = None
        self._disagreements: list[Disagreement] | None = None  # collected on first use
        self.pane = "timeline"
        # Lists are built when their pane is first shown: each mounted widget
        # adds to every style pass, and most sessions never open all five.
        self._lists: dict[str, RecordList] = {"timeline": self._new_list("timeline")}
        self._detail = DetailView(self.kb, id="detail")

    def compose(self) -> ComposeResult:
        yield Static(self._banner(), id="banner", markup=False)
        yield PaneBar(tuple((pane, label) for pane, label, _kind in PANES), id="panes")
        with Horizontal(id="body"):
            with Vertical(id="list-pane"):
                yield Static(id="list-title", markup=False)
                yield self._lists["timeline"]  # the other lists join it when first shown
                # The filter box (#filter) is mounted after the first frame.
            yield self._detail
        yield KeyBar(id="keys")

    def on_mount(self) -> None:
        if not self._detail.is_mounted:
            # The app closed while this screen was composed (a reload switched to it
            # just before the app exited): its children never mounted.
            return
        self._lists["timeline"].follower = self._detail
        self.show_pane("timeline", detail=False)
        self._detail.hold(self.current_list.current_id)
        # The first record's detail and the notebook come after the first frame:
        # start-up never waits for them.
        from tui.app import VnruApp

        later = (
            self.app.call_after_first_frame
            if isinstance(self.app, VnruApp)
            else self.call_after_refresh
        )
        later(self._detail.release)
        later(self._attach_notebook)
        later(self._mount_filter_box)

    # -- properties -------------------------------------------------------

    @property
    def current_list(self) -> RecordList:
        """The list of the visible pane."""
        return self._lists[self.pane]

    @property
    def detail(self) -> DetailView:
        """The detail pane (showing its record: anything that asks for the pane
        needs it, even a key pressed before the first frame was out)."""
        self._detail.release()
        return self._detail

    def _mounted_filter_box(self) -> FilterInput | None:
        """The '/' box, if it is mounted yet."""
        return next(self.query("#filter").results(FilterInput), None)

    def _mount_filter_box(self) -> None:
        """Mount the filter box after the first frame, unless the screen has
        gone meanwhile (q pressed at once)."""
        if self.is_attached:
            self._filter_box()

    def _filter_box(self) -> FilterInput:
        """The '/' box, mounted on first need: an ``Input`` costs the first
        frame its styles (the box is hidden until '/' anyway)."""
        box = self._mounted_filter_box()
        if box is None:
            box = FilterInput(
                placeholder="filter: every word must match",
                id="filter",
            )
            box.on_edit = self._filter_edited
            box.display = False
            self.query_one("#list-pane").mount(box)
        return box

    # -- message handlers -------------------------------------------------

    @on(RecordList.Highlighted)
    def _list_highlighted(self, message: RecordList.Highlighted) -> None:
        if message.record_list is not self.current_list:
            return
        if self._follow_timer is None:  # (else the detail follows when typing pauses)
            self.detail.follow(message.record_id)  # usually done already, by the list itself
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

    @on(PaneBar.Chosen)
    def _pane_chosen(self, message: PaneBar.Chosen) -> None:
        if message.pane != self.pane:
            self.show_pane(message.pane)

    def _filter_edited(self, value: str) -> None:
        # While the query is being typed the list changes at once and the
        # detail pane catches up when typing pauses: building and drawing a
        # record it would replace a keystroke later was a fifth of each
        # keystroke's time at 100,000 events.
        record_list = self.current_list
        follower, record_list.follower = record_list.follower, None
        try:
            record_list.apply_filter(value)
        finally:
            record_list.follower = follower
        self._update_title()
        if self._follow_timer is not None:
            self._follow_timer.stop()
        self._follow_timer = self.set_timer(FOLLOW_PAUSE, self._follow_now)

    def _follow_now(self) -> None:
        """Show the current list's record in the detail pane (typing paused or ended)."""
        if self._follow_timer is not None:
            self._follow_timer.stop()
            self._follow_timer = None
        self.detail.follow(self.current_list.current_id)

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

    def action_switch_pane_focus(self) -> None:
        """Tab: the detail pane from the list (or the filter box, keeping the
        filter), the list from the detail pane."""
        self.action_focus_side("list" if self.focused is self.detail else "detail")

    def action_focus_side(self, side: str) -> None:
        """Focus the list (h) or the detail pane (l); a filter being typed is kept."""
        box = self._mounted_filter_box()
        if box is not None and self.focused is box:  # (has_focus follows a message later)
            self.finish_filter(keep=True)
        self.set_focus(self.detail if side == "detail" else self.current_list)

    def action_start_filter(self) -> None:
        """Filter the current list as you type."""
        self._filter_origin = self.current_list.current_id
        self._filter_before = self.current_list.query_text
        box = self._filter_box()
        box.display = True
        box.set_quietly(self.current_list.query_text)
        self.set_focus(box)

    def action_next_match(self, step: int) -> None:
        """Next (1) or previous (-1) row of the filtered list."""
        self.current_list.next_match(step)
        self.set_focus(self.current_list)

    def action_search(self) -> None:
        """Search everything: records, quotes and the full articles."""
        from tui.core.search import SearchIndex
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

    def action_copy_citation(self) -> None:
        """Copy the current excerpt's citation in the chosen style (plain text at first)."""
        from tui.screens import record_actions

        record_actions.copy_citation(self, self.kb, self.detail.current_citation)

    def action_pick_citation_style(self) -> None:
        """Choose the citation style (plain, Markdown, BibTeX, CSL-JSON), then copy."""
        from tui.screens import record_actions

        record_actions.choose_citation_style(self, self.kb, self.detail.current_citation)

    def action_toggle_bookmark(self) -> None:
        """Bookmark the highlighted item, or remove its bookmark."""
        from tui.screens import record_actions

        record_actions.toggle_bookmark(self, self.kb, self.detail.record_id)

    def action_edit_note(self) -> None:
        """Write or change the note on the highlighted item."""
        from tui.screens import record_actions

        record_actions.edit_note(self, self.kb, self.detail.record_id)

    def action_show_bookmarks(self) -> None:
        """List every bookmarked or annotated item."""
        from tui.screens.bookmarks import BookmarksScreen
        from tui.screens.record_actions import notebook_of

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
        current = ListScope(
            record_list.collection,
            record_list.title,
            record_list.shown,
            len(record_list.records),
            "  ·  ".join(self._filters()),
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
            self._hide_filter_box()
            self._update_title()
        elif self.history:
            self._restore(self.history.pop())
        elif self.detail.has_focus:
            self.set_focus(self.current_list)

    # -- public -----------------------------------------------------------

    def show_pane(self, pane: str, *, detail: bool = True) -> None:
        """Make ``pane`` visible, focus its list and show its highlighted record."""
        self.pane = pane
        record_list = self._lists.get(pane)
        if record_list is None:
            record_list = self._lists[pane] = self._new_list(pane)
            self.query_one("#list-pane").mount(record_list)
        for other in self._lists.values():
            other.display = other is record_list
        self.query_one(PaneBar).active = pane
        self.set_focus(record_list)
        box = self._filter_box() if record_list.query_text else self._mounted_filter_box()
        if box is not None:
            box.display = bool(record_list.query_text)
            box.set_quietly(record_list.query_text)
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
        self._hide_filter_box_if_clear()
        self.detail.record_id = record_id
        self.set_focus(record_list)
        self._update_title()

    def open_reader(self, source_id: str, span: object, offset: int | None = None) -> None:
        """Push the source reader for ``source_id``, highlighting ``span``."""
        from tui.core.citations import Span
        from tui.screens.source_reader import SourceReader

        focus = span if isinstance(span, Span) else None
        self.app.push_screen(SourceReader(self.kb, source_id, focus, offset))

    def finish_filter(self, *, keep: bool) -> None:
        """Leave the filter box: keep the filter (Enter) or clear it (Escape)."""
        self._follow_now()
        record_list = self.current_list
        if not keep:
            record_list.apply_filter(self._filter_before)
            box = self._mounted_filter_box()
            if box is not None:
                box.set_quietly(self._filter_before)
            if self._filter_origin is not None:
                record_list.select_record(self._filter_origin)  # back where '/' was pressed
        self._hide_filter_box_if_clear()
        self.set_focus(record_list)
        self._update_title()

    # -- internals --------------------------------------------------------

    def _new_list(self, pane: str) -> RecordList:
        label, kind = next((label, kind) for p, label, kind in PANES if p == pane)
        record_list = RecordList(self.kb, COLLECTION_OF_KIND[kind], title=label, id=pane)
        record_list.follower = self.detail if self.is_mounted else None
        record_list.notebook = self.detail.notebook if self.is_mounted else None
        return record_list

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
                box = self._filter_box()
                box.display = True
                box.set_quietly(where.query)
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
        box = self._mounted_filter_box()
        if box is not None:
            box.set_quietly("")
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
        summary = " · ".join(count_of(name, number) for name, number in counts.items())
        return Text.assemble(("vnru", "bold"), "  Vietnam–Russia relations  ", (summary, "dim"))

    def notebook_changed(self) -> None:
        """Redraw the bookmark marks and the detail's note."""
        for record_list in self._lists.values():
            record_list.refresh_rows()
        self.detail.rebuild()

    def _attach_notebook(self) -> None:
        from tui.screens.record_actions import notebook_of

        notebook = notebook_of(self)
        for record_list in self._lists.values():  # lists mounted later get it in _new_list
            record_list.notebook = notebook
        self.detail.notebook = notebook
        self.notebook_changed()
        # The filter and search text (hundreds of megabytes at 100,000 records)
        # is read in the background, in small frames, so the first '/' or 's'
        # finds it ready and the interface stays live meanwhile.
        self.set_timer(0.3, self._prefetch_search)

    def _prefetch_search(self) -> None:
        self.run_worker(self._load_search_text, thread=True, group="prefetch", exit_on_error=False)

    def _load_search_text(self) -> None:
        self.kb.search  # noqa: B018 - loads (and keeps) the search text
        "" in self.kb.by_id  # noqa: B015 - builds the id table the lists and links use
        from tui.app import VnruApp

        if isinstance(self.app, VnruApp):
            self.app.call_from_thread(self.app.keep_long_lived)

    def _filters(self) -> list[str]:
        """The current list's filters, in words."""
        record_list = self.current_list
        filters: list[str] = []
        if record_list.topic:
            filters.append(f"topic: {TOPIC_LABELS[record_list.topic]}")
        if record_list.years != (None, None):
            filters.append(f"years: {describe_years(record_list.years)}")
        if record_list.query_text:
            filters.append(f"/{record_list.query_text}")
        return filters

    def _update_title(self) -> None:
        record_list = self.current_list
        shown, total = record_list.row_count(), len(record_list.records)
        text = Text.assemble(
            (record_list.title, "bold"),
            f"  {shown} of {total}" if record_list.is_filtered else f"  {total}",
        )
        filters = self._filters()
        if filters:
            text.append("  ·  " + "  ·  ".join(filters), "italic")
        if self.pane == "timeline" and not filters:
            text.append("   t topic · r years", "dim")
        if text.plain != self._title_shown:  # an unchanged Static.update still costs a layout pass
            self._title_shown = text.plain
            self.query_one("#list-title", Static).update(text, layout=False)  # one line, always
