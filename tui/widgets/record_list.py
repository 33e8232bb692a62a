"""The Timeline, People, Agreements, Organisations and Sources lists."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from rich.text import Text
from textual import on
from textual.message import Message

from tui.core.index.pages import RowColumns, Store
from tui.core.queries.knowledge import COLLECTION_KINDS, KnowledgeBase
from tui.core.queries.matching import Query
from tui.core.queries.search import Cancel, Listing
from tui.presenters.registry import PRESENTERS
from tui.presenters.rows import RowStyle
from tui.widgets.virtual_list import VirtualList

if TYPE_CHECKING:
    from tui.core.outputs.notebook import Notebook

MARK_WIDTH = 2
"""Columns for the notebook's marks: '★', '✎' or both."""


class Follower(Protocol):
    """Something that shows the record under a list's cursor."""

    def follow(self, record_id: str | None) -> None:
        """Show ``record_id`` (None: the list is empty)."""

    def prepare(self, record_id: str | None) -> None:
        """Get ready to show ``record_id``, the record the cursor is likely to go to next."""

    def counted(self) -> None:
        """The rest of a slow filter's rows were found: the list's count changed
        (called before that frame is drawn, so what shows the count changes with it)."""


class RecordList(VirtualList):
    """A filterable list of one kind of record; the detail pane follows its cursor."""

    class Highlighted(Message):
        """The cursor rests on a record."""

        def __init__(self, record_list: RecordList, record_id: str | None) -> None:
            super().__init__()
            self.record_list = record_list
            self.record_id = record_id
            """The record under the cursor; None when the list is empty."""

    class Selected(Message):
        """Enter was pressed on a record."""

        def __init__(self, record_list: RecordList, record_id: str) -> None:
            super().__init__()
            self.record_list = record_list
            self.record_id = record_id

    class _RestFound(Message, bubble=False):
        """A filter's every row, found in the background (see :meth:`apply_filter`)."""

        def __init__(self, generation: int, positions: Sequence[int]) -> None:
            super().__init__()
            self.generation = generation
            self.positions = positions

    def __init__(
        self,
        kb: KnowledgeBase,
        collection: str,
        *,
        title: str,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.kb = kb
        self.collection = collection
        self.records: Store = kb.store(collection)
        self.rows: RowColumns = kb.rows[collection]
        self.title = title
        self._listing: Listing | None = None
        self._kind = COLLECTION_KINDS[collection]
        self.filter_query = Query.parse("")
        self.query_text = ""
        """The filter text as typed."""
        self.topic: str | None = None
        self.years: tuple[int | None, int | None] = (None, None)
        self.shown: Sequence[int] = range(len(self.records))
        self._date_width: int | None = None  # sources: the widest date, when first drawn
        self.follower: Follower | None = None
        """A pane that shows the highlighted record (set by the screen)."""
        self.notebook: Notebook | None = None
        """Bookmarks and notes: their marks (★, ✎) lead the rows once attached."""
        self._moved_from = 0  # the row the cursor was on last: the way it goes
        self._generation = 0  # of the filter on show: a later one makes older results stale
        self._stop_finding: Cancel | None = None  # set: the background search ends
        self._waiting: tuple[int | None, int] | None = None  # (row kept, cursor) until found

    # -- VirtualList ------------------------------------------------------

    def row_count(self) -> int:
        return len(self.shown)

    def prepare_rows(self, start: int, end: int) -> None:
        self.rows.load(self.shown[index] for index in range(start, end))

    def render_row(self, index: int, width: int) -> Text:
        position = self.shown[index]
        mark = self.notebook.mark(self.records.ids[position]) if self.notebook else ""
        text = Text.assemble(
            (f"{mark:<{MARK_WIDTH}}", self.style_of("virtual-list--accent")),
            self._row_text(self.rows[position], width - MARK_WIDTH, self._group_above(index)),
        )
        for start, end in self.filter_query.ranges(text.plain):
            text.stylize(self.style_of("virtual-list--match"), start, end)
        return text

    def _group_above(self, index: int) -> str:
        """The initial group of the row above ``index`` ('' for the first row or
        a list without groups)."""
        if self._kind != "person" or index == 0:
            return ""
        return self.rows[self.shown[index - 1]][-1]

    def on_unmount(self) -> None:
        self._stop_background()

    @on(_RestFound)
    def _rest_found(self, message: _RestFound) -> None:
        if message.generation != self._generation or self._waiting is None:
            return
        keep, cursor = self._waiting
        self._waiting = None
        self._stop_finding = None
        first, self.shown = self.shown, message.positions
        if list(self.shown[: len(first)]) != list(first):  # (the rows found first lead)
            self._strips.clear()
        # Where the filter kept the cursor, unless it was moved meanwhile.
        row = keep if self.cursor == cursor else first[self.cursor] if first else None
        position = self._position_of_row(row) if row is not None else None
        self._update_virtual_size()
        if position is not None and position != self.cursor:
            self.cursor = position
        elif not first:
            self.reset_rows()
        self.refresh()
        if self.follower is not None:
            self.follower.counted()
        self.post_message(self.Highlighted(self, self.current_id))

    def cursor_moved(self, index: int) -> None:
        if self.follower is not None and self.display:
            # Synchronously, so the list and the detail change in the same frame
            # (a message would reach the screen a frame later: ~17 ms more).
            self.follower.follow(self.current_id)
            # Once that frame is out, the next record the same way is made ready:
            # stepping through the list then only swaps the detail.
            step = 1 if index >= self._moved_from else -1
            self.call_after_refresh(self._prepare_next, index, step)
        self._moved_from = index
        self.post_message(self.Highlighted(self, self.current_id))

    def prepare_next(self) -> None:
        """Once the next frame is out, get the record below the cursor ready: at
        start-up, so that the first move, like every later one, is a swap."""
        self.call_after_refresh(self._prepare_next, self.cursor, 1)

    def _prepare_next(self, index: int, step: int) -> None:
        if self.cursor != index or self.follower is None or not self.display:
            return  # moved on meanwhile
        following = self._nearest_selectable(index + step, step)
        if following is not None:
            self.follower.prepare(self.records.ids[self.shown[following]])

    def action_select(self) -> None:
        """Open the highlighted record's detail (Enter)."""
        if self.current_id is not None:
            self.post_message(self.Selected(self, self.current_id))

    # -- public -----------------------------------------------------------

    @property
    def listing(self) -> Listing:
        """The filter index, built on first use (it is not needed to draw the list)."""
        if self._listing is None:
            self._listing = Listing(self.kb, self.collection)
        return self._listing

    @property
    def current_id(self) -> str | None:
        """Id of the highlighted record, or None when the list is empty."""
        if 0 <= self.cursor < len(self.shown):
            return self.records.ids[self.shown[self.cursor]]
        return None

    @property
    def is_complete(self) -> bool:
        """False while a filter's rows after the first are still being found."""
        return self._waiting is None

    @property
    def is_filtered(self) -> bool:
        """True when a query, topic or year range hides some rows."""
        return not self.filter_query.empty or self.topic is not None or self.years != (None, None)

    def apply_filter(
        self,
        query: str | None = None,
        *,
        topic: str | bool | None = False,
        years: tuple[int | None, int | None] | None = None,
    ) -> None:
        """Change the filter; ``False``/``None`` arguments keep the current value
        (``topic=None`` clears the topic).  Keeps the cursor on the same record
        when it is still visible.

        A filter that is slow to finish (a letter or two at 1,000,000 events)
        shows its first rows at once, and the others join them from a worker
        thread: the first rows lead the whole result, so those on screen stay
        where they are.  A later filter makes the worker stop.
        """
        before = (self.filter_query, self.topic, self.years)
        if query is not None:
            self.query_text = query
            self.filter_query = Query.parse(query)
        if topic is not False:
            self.topic = topic if isinstance(topic, str) else None
        if years is not None:
            self.years = years
        if (self.filter_query, self.topic, self.years) == before and self._generation:
            return  # a space typed after a word: the same filter, already shown or coming
        if self._waiting is not None and self._waiting[1] == self.cursor:
            keep = self._waiting[0]  # the rows kept from before the first rows were shown
        else:
            keep = self.shown[self.cursor] if 0 <= self.cursor < len(self.shown) else None
        self._stop_background()
        self._generation += 1
        self.shown, complete = self.listing.begin(
            self.filter_query, topic=self.topic, years=self.years
        )
        position = self._position_of_row(keep) if keep is not None else None
        self.reset_rows(position if position is not None else 0)
        if not complete:
            self._waiting = (keep, self.cursor)
            # Once the first rows are on screen: the worker's share of the
            # interpreter would otherwise slow the frame that shows them.
            self.call_after_refresh(self._find_the_rest, self._generation)

    def _find_the_rest(self, generation: int) -> None:
        """Find the current filter's every row in a worker thread."""
        if generation != self._generation or self._waiting is None:
            return  # another filter (or none) meanwhile
        stop = self._stop_finding = Cancel()
        query, topic, years = self.filter_query, self.topic, self.years

        def find() -> None:
            found = self.listing.filter_until(query, stop, topic=topic, years=years)
            if found is not None and not stop.is_set():
                self.post_message(self._RestFound(generation, found))

        self.run_worker(find, name="filter", group="filter", exclusive=True, thread=True)

    def ready_filter(self) -> None:
        """The filter box opened: read what a large list's first keystroke needs."""
        self.run_worker(self.listing.read_head, name="filter head", thread=True)

    def finish_filter(self) -> None:
        """Find the rest of a filter's rows now, on this thread (an export of the
        list, or a jump to a record the worker has not reached, needs them all)."""
        if self._waiting is None:
            return
        if self._stop_finding is not None:
            self._stop_finding.set()
            self._stop_finding = None
        found = self.listing.filter(self.filter_query, topic=self.topic, years=self.years)
        self._rest_found(self._RestFound(self._generation, found))

    def _stop_background(self) -> None:
        if self._stop_finding is not None:
            self._stop_finding.set()
            self._stop_finding = None
        self._waiting = None

    def clear_filter(self) -> None:
        """Show every row again, keeping the cursor on the same record."""
        self.apply_filter("", topic=None, years=(None, None))

    def position_of(self, record_id: str) -> int | None:
        """Row of ``record_id`` among the visible rows, or None when hidden."""
        row = self._row_of(record_id)
        return None if row is None else self._position_of_row(row)

    def _row_of(self, record_id: str) -> int | None:
        """Position of ``record_id`` in the whole collection, or None."""
        return self.records.position_of(record_id)

    def _position_of_row(self, row: int) -> int | None:
        position = bisect_left(self.shown, row)  # shown is in collection order
        if position < len(self.shown) and self.shown[position] == row:
            return position
        return None

    def select_record(self, record_id: str) -> bool:
        """Put the cursor on ``record_id``, clearing the filter if it hides it."""
        position = self.position_of(record_id)
        if position is None and not self.is_complete:
            self.finish_filter()
            position = self.position_of(record_id)
        if (
            position is None
            and record_id in self.kb.by_id
            and self.kb.kind_of(record_id) == self._kind
        ):
            self.clear_filter()
            position = self.position_of(record_id)
        if position is None:
            return False
        self.cursor = position
        return True

    def next_match(self, step: int) -> None:
        """Move to the next (1) or previous (-1) matching row, wrapping round."""
        if self.row_count():
            self.cursor = (self.cursor + step) % self.row_count()

    # -- rows -------------------------------------------------------------

    def _source_date_width(self) -> int:
        """The widest publication date of the Sources list (an inferred range such
        as "15 May – 19 Jun 2024" is 20), so outlets and titles keep their columns.
        Sources are few beside events: reading every row once is cheap."""
        if self._date_width is None:
            self._date_width = max(
                (len(self.rows[row][0]) for row in range(len(self.rows))), default=0
            )
        return self._date_width

    def _row_text(self, fields: tuple[str, ...], width: int, previous: str = "") -> Text:
        """A row from its list columns (:attr:`tui.core.kinds.KindSpec.row`), drawn by
        its kind's presenter; ``previous`` is the group of the row above."""
        style = RowStyle(
            muted=self.style_of("virtual-list--muted"),
            accent=self.style_of("virtual-list--accent"),
            warning=self.style_of("virtual-list--warning"),
            heading=self.style_of("virtual-list--heading"),
            width=width,
            previous=previous,
            date_width=self._source_date_width() if self._kind == "source" else 11,
        )
        return PRESENTERS[self._kind].row(fields, style)
