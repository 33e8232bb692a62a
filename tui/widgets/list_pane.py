"""The list side of the main screen: a title, one list per collection, and the
'/' filter box."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.timer import Timer
from textual.widgets import Input, Static

from tui.core.dates import describe_years
from tui.core.queries.knowledge import COLLECTION_KINDS, KnowledgeBase
from tui.core.topics import TOPIC_LABELS
from tui.widgets.filter_box import FilterInput
from tui.widgets.record_list import RecordList

if TYPE_CHECKING:
    from tui.core.outputs.notebook import Notebook
    from tui.core.queries.timeline import YearIndex
    from tui.widgets.detail_view import DetailView
    from tui.widgets.year_density import YearDensity

FOLLOW_PAUSE = 0.15
"""Seconds without a keystroke in the filter box before the detail pane shows the
highlighted record."""
SMALL_TIMELINE = 20_000
"""Events whose years are read at once (a few milliseconds) rather than in a thread."""
DENSITY_MIN_HEIGHT = 20
"""Terminal lines below which the timeline's year chart is left out (the list needs them)."""
COLLECTION_OF_KIND: dict[str, str] = {
    kind: collection for collection, kind in COLLECTION_KINDS.items()
}


class ListPane(Vertical):
    """Switches between the lists (one on show), filters the one on show, and
    titles it with its count and filters.

    Lists are built when their pane is first shown: each mounted widget adds
    to every style pass, and most sessions never open all five.  The filter
    box is mounted after the first frame (see :meth:`mount_filter_box`): an
    ``Input`` costs the first frame its styles, and it is hidden until '/'.
    The detail pane beside it follows the list on show.
    """

    def __init__(
        self,
        kb: KnowledgeBase,
        panes: tuple[tuple[str, str, str], ...],
        detail: DetailView,
        *,
        id: str | None = None,
    ) -> None:
        """``panes``: (pane id, label, record kind) in key order, the first on show."""
        super().__init__(id=id)
        self.kb = kb
        self.panes = panes
        self.pane = panes[0][0]
        """Id of the pane on show."""
        self._detail = detail
        self.lists: dict[str, RecordList] = {self.pane: self._new_list(self.pane)}
        """The lists built so far, by pane."""
        self._filter_origin: str | None = None
        self._filter_before = ""  # the query '/' found, which Escape in the box puts back
        self._follow_timer: Timer | None = None  # the detail's catch-up while a filter is typed
        self._title_shown = ""
        self._density: YearDensity | None = None  # mounted after the first frame
        # Which positions the chart counted: their id and length, not the list itself
        # (holding a filter's list would keep up to 1,000,000 numbers alive after it).
        self._density_shown: tuple[int, int] | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="list-title", markup=False)
        yield self.lists[self.pane]  # the other lists join it when first shown
        # The filter box (#filter) is mounted after the first frame.

    @property
    def current_list(self) -> RecordList:
        """The list of the visible pane."""
        return self.lists[self.pane]

    @property
    def detail(self) -> DetailView:
        """The detail pane, showing its record (see ``DetailView.hold``)."""
        self._detail.release()
        return self._detail

    # -- message handlers -------------------------------------------------

    @on(RecordList.Highlighted)
    def _list_highlighted(self, message: RecordList.Highlighted) -> None:
        if message.record_list is not self.current_list:
            return
        if self._follow_timer is None:  # (else the detail follows when typing pauses)
            self.detail.follow(message.record_id)  # usually done already, by the list itself
        self.update_title()

    # -- following the list's cursor (RecordList's Follower) ---------------

    def follow(self, record_id: str | None) -> None:
        """Show ``record_id`` in the detail pane, with the list's title and year
        chart: the list calls this as its cursor moves, so all three change in
        the frame that moves the cursor (its ``Highlighted`` message arrives
        after that frame, and would draw them in another)."""
        self.detail.follow(record_id)
        self.update_title()

    def prepare(self, record_id: str | None) -> None:
        """Get the detail pane ready to show ``record_id``."""
        self.detail.prepare(record_id)

    def counted(self) -> None:
        """Count the list anew in the title: a slow filter's rest was found."""
        self.update_title()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, message: Input.Submitted) -> None:
        self.finish_filter(keep=True)

    # -- the lists --------------------------------------------------------

    def show(self, pane: str) -> RecordList:
        """Put ``pane``'s list on show (built on first need), with its filter box."""
        self.pane = pane
        record_list = self.lists.get(pane)
        if record_list is None:
            record_list = self.lists[pane] = self._new_list(pane)
            self.mount(record_list)
        for other in self.lists.values():
            other.display = other is record_list
        self._show_density()
        box = self.filter_box() if record_list.query_text else self.mounted_filter_box()
        if box is not None:
            box.display = bool(record_list.query_text)
            box.set_quietly(record_list.query_text)
        return record_list

    def attach_notebook(self, notebook: Notebook) -> None:
        """Show the notebook's marks in every list (lists built later get it too)."""
        for record_list in self.lists.values():
            record_list.notebook = notebook

    def refresh_lists(self) -> None:
        """Redraw every list's rows (their marks changed)."""
        for record_list in self.lists.values():
            record_list.refresh_rows()

    def _new_list(self, pane: str) -> RecordList:
        label, kind = next((label, kind) for p, label, kind in self.panes if p == pane)
        record_list = RecordList(self.kb, COLLECTION_OF_KIND[kind], title=label, id=pane)
        record_list.follower = self if self.is_mounted else None
        record_list.notebook = self.detail.notebook if self.is_mounted else None
        return record_list

    # -- the filter box ---------------------------------------------------

    def mounted_filter_box(self) -> FilterInput | None:
        """The '/' box, if it is mounted yet."""
        return next(self.query("#filter").results(FilterInput), None)

    def mount_filter_box(self) -> None:
        """Mount the filter box after the first frame, unless the screen has
        gone meanwhile (q pressed at once)."""
        if self.is_attached:
            self.filter_box()

    # -- the timeline's year chart ----------------------------------------

    def mount_year_density(self) -> None:
        """Read the timeline's years (off the UI thread for a large archive: a
        quarter of a second at 1,000,000 events), then show its chart."""
        if not self.is_attached:
            return
        # (the chart's modules load here, after the first frame: start-up never pays)
        from tui.core.queries.timeline import YearIndex

        if len(self.kb.store("events")) <= SMALL_TIMELINE:
            self._mount_density(YearIndex.read(self.kb))
        else:
            self.run_worker(self._read_years, thread=True, group="years", exit_on_error=False)

    def _read_years(self) -> None:
        from tui.core.queries.timeline import YearIndex

        years = YearIndex.read(self.kb)
        self.app.call_from_thread(self._mount_density, years)

    def _mount_density(self, years: YearIndex) -> None:
        if not self.is_attached or self._density is not None:
            return
        from tui.widgets.year_density import YearDensity

        self._density = YearDensity(years, id="year-density")
        self._show_density()
        self.mount(self._density, after="#list-title")
        self.call_after_refresh(self.update_density)

    def on_resize(self) -> None:
        self._show_density()

    def _show_density(self) -> None:
        """The chart is the timeline's, and only where it leaves the list room."""
        if self._density is not None:
            tall_enough = self.app.size.height >= DENSITY_MIN_HEIGHT
            self._density.display = self.pane == "timeline" and tall_enough

    def update_density(self) -> None:
        """Recount the chart when the timeline's filter changed, else move its ▲."""
        density, timeline = self._density, self.lists.get("timeline")
        if density is None or timeline is None or not density.is_mounted:
            return
        shown = timeline.shown
        position = shown[timeline.cursor] if 0 <= timeline.cursor < len(shown) else -1
        year = density.years.year_at(position)
        counted = (id(shown), len(shown))
        if counted != self._density_shown and timeline.is_complete:
            # (a slow filter's first rows are the earliest matches: counting them
            # would draw a chart of the first years; it is redrawn when all are in)
            self._density_shown = counted
            density.show(shown, year)
        else:
            density.mark(year)

    def filter_box(self) -> FilterInput:
        """The '/' box, mounted on first need."""
        box = self.mounted_filter_box()
        if box is None:
            box = FilterInput(self, placeholder="filter: every word must match", id="filter")
            box.display = False
            self.mount(box)
        return box

    def start_filter(self) -> FilterInput:
        """Open the box on the current list's filter, to be focused."""
        self._filter_origin = self.current_list.current_id
        self._filter_before = self.current_list.query_text
        box = self.filter_box()
        box.display = True
        box.set_quietly(self.current_list.query_text)
        self.current_list.ready_filter()
        return box

    def filter_edited(self, value: str) -> None:
        """Filter the list on show by ``value`` (the box's every edit)."""
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
        self.update_title()
        if self._follow_timer is not None:
            self._follow_timer.stop()
        self._follow_timer = self.set_timer(FOLLOW_PAUSE, self.follow_now)

    def follow_now(self) -> None:
        """Show the current list's record in the detail pane (typing paused or ended)."""
        if self._follow_timer is not None:
            self._follow_timer.stop()
            self._follow_timer = None
        self.detail.follow(self.current_list.current_id)

    def finish_filter(self, *, keep: bool) -> None:
        """Leave the filter box: keep the filter (Enter) or clear it (Escape)."""
        self.follow_now()
        record_list = self.current_list
        if not keep:
            record_list.apply_filter(self._filter_before)
            box = self.mounted_filter_box()
            if box is not None:
                box.set_quietly(self._filter_before)
            if self._filter_origin is not None:
                record_list.select_record(self._filter_origin)  # back where '/' was pressed
        self.hide_filter_box_if_clear()
        self.screen.set_focus(record_list)
        self.update_title()

    def show_query(self, query: str) -> None:
        """Show ``query`` in the box (a filter restored by Back)."""
        box = self.filter_box()
        box.display = True
        box.set_quietly(query)

    def hide_filter_box(self) -> None:
        """Empty and hide the box."""
        box = self.mounted_filter_box()
        if box is not None:
            box.set_quietly("")
            box.display = False

    def hide_filter_box_if_clear(self) -> None:
        """Hide the box when the list on show has no query."""
        if not self.current_list.query_text:
            self.hide_filter_box()

    # -- the title --------------------------------------------------------

    def filters(self) -> list[str]:
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

    def update_title(self) -> None:
        """Name the list on show, with its count and its filters."""
        record_list = self.current_list
        shown, total = record_list.row_count(), len(record_list.records)
        more = "" if record_list.is_complete else "+"  # the rest is being found
        text = Text.assemble(
            (record_list.title, "bold"),
            f"  {shown}{more} of {total}" if record_list.is_filtered else f"  {total}",
        )
        filters = self.filters()
        if filters:
            text.append("  ·  " + "  ·  ".join(filters), "italic")
        if self.pane == "timeline" and not filters:
            text.append("   t topic · r years", "dim")
        if self.pane == "timeline":
            self.update_density()
        if text.plain != self._title_shown:  # an unchanged Static.update still costs a layout pass
            self._title_shown = text.plain
            self.query_one("#list-title", Static).update(text, layout=False)  # one line, always
