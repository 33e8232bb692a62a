"""Search everything: titles, names, aliases, descriptions, quotes and article text."""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Input, Static

from tui.core.dates import fit_human
from tui.core.kinds import KINDS
from tui.core.paths import bundled
from tui.core.queries.global_search import Group, Hit, Results, SearchIndex
from tui.core.queries.knowledge import Kind, KnowledgeBase
from tui.widgets.key_bar import KeyBar
from tui.widgets.live_input import LiveInput
from tui.widgets.virtual_list import VirtualList

GROUP_LABELS: dict[Kind, str] = {kind.name: kind.plural.capitalize() for kind in KINDS}
TEXT_LABEL = "Article text"


DATED_KINDS: dict[Kind, int] = {"event": 14, "agreement": 11, "figure": 9, "source": 11}
"""Kinds whose results show a date, and the width of its column (as in their lists)."""


class HitList(VirtualList):
    """Search results grouped by kind: a heading row, then a row per hit."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "select", "Go to result", show=False)]

    def __init__(self, kb: KnowledgeBase, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.kb = kb
        self.hits: Results | None = None
        self.rows: list[tuple[Group, int]] = []  # (group, -1 for its heading | hit index)

    def show_hits(self, hits: Results | None) -> None:
        """Replace the results (None: none)."""
        self.hits = hits
        rows: list[tuple[Group, int]] = []
        start = 0
        for group in hits.groups if hits is not None else []:
            rows.append((group, -1))
            rows += ((group, start + at) for at in range(len(group.rows)))
            start += len(group.rows)
        self.rows = rows
        self.reset_rows(0)

    def row_count(self) -> int:
        return len(self.rows)

    def is_selectable(self, index: int) -> bool:
        return self.rows[index][1] >= 0

    def render_row(self, index: int, width: int) -> Text:
        group, hit_index = self.rows[index]
        kind = group.kind
        if hit_index < 0 or self.hits is None:
            more = "+" if group.more else ""  # the search stops there
            return Text(
                f"{TEXT_LABEL if group.text else GROUP_LABELS[kind]} ({len(group.rows)}{more})",
                style=self.style_of("virtual-list--heading"),
            )
        hit = self.hits[hit_index]
        # The date (events, agreements, figures, articles) and the article's number tell
        # results apart where titles begin alike; the title gets a little over
        # half of what is left, the snippet the rest.
        date = ""
        label = hit.label
        if kind in DATED_KINDS:
            fields = self.kb.row_of(hit.record_id)
            column = DATED_KINDS[kind]
            date = f"{fit_human(fields[0], column):>{column}}  "
            if kind == "source" and fields[3]:
                label = f"{fields[3]} {label}"
        label_width = min(48, max(16, (width - len(date)) * 11 // 20))
        label = label if len(label) <= label_width else label[: label_width - 1] + "…"
        snippet = Text(hit.snippet, style=self.style_of("virtual-list--muted"))
        for start, end in hit.ranges:
            snippet.stylize(self.style_of("virtual-list--match"), start, end)
        # How often the article has it (n steps through them in the reader).
        count = f"{hit.occurrences}× " if hit.occurrences > 1 else ""
        # What the snippet has of the row (a column less for the scrollbar).
        room = width - 4 - len(date) - label_width - len(count)
        if hit.ranges and hit.ranges[0][1] > room > 12:  # a narrow row: begin near the match
            cut = min(hit.ranges[0][0] - 4, hit.ranges[0][1] - room + 3)
            if cut > 1:
                snippet = Text("…").append_text(snippet[cut + 1 :])
        if count:
            snippet = Text.assemble((count, self.style_of("virtual-list--accent")), snippet)
        return Text.assemble(
            " ",
            (date, self.style_of("virtual-list--accent")),
            (f"{label:<{label_width}}", Style(bold=True)),
            "  ",
            snippet,
        )

    @property
    def current_hit(self) -> Hit | None:
        """The highlighted result."""
        if self.hits is not None and 0 <= self.cursor < len(self.rows):
            hit_index = self.rows[self.cursor][1]
            return self.hits[hit_index] if hit_index >= 0 else None
        return None

    def action_select(self) -> None:
        """Go to the highlighted result."""
        screen = self.screen
        if isinstance(screen, SearchScreen):
            screen.choose()


class SearchScreen(Screen[Hit | None]):
    """Type to search; results update as you type; Enter jumps to one."""

    CSS_PATH = str(bundled("styles") / "search.tcss")  # parsed when first opened

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "cancel", "Back"),  # q in the results: the box takes the letter
        Binding("down,tab", "to_results", "Results", show=False),
    ]

    def __init__(self, index: SearchIndex, kb: KnowledgeBase, query: str = "") -> None:
        super().__init__()
        self.index = index
        self.kb = kb
        self.initial = query

    def compose(self) -> ComposeResult:
        yield Static(
            "Search names, titles, descriptions, quotes and the articles",
            id="search-title",
            markup=False,
        )
        box = LiveInput(
            value=self.initial,
            placeholder="search everything",
            id="search-box",
        )
        box.on_edit = self._run
        yield box
        yield Static(id="search-status", markup=False)
        yield HitList(self.kb, id="hits")
        yield KeyBar()

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#search-box", Input))
        self._run(self.initial)

    @on(Input.Submitted, "#search-box")
    def _submitted(self, message: Input.Submitted) -> None:
        hits = self.query_one(HitList)
        if hits.current_hit is not None:
            self.choose()

    def _run(self, text: str) -> None:
        hits = self.index.search(text) if text.strip() else None
        self.query_one(HitList).show_hits(hits)
        status = self.query_one("#search-status", Static)
        # One line, always: no layout pass needed (it would cost a frame's worth).
        if not text.strip():
            status.update(
                Text(
                    "Every word must match; a capital letter makes it case-sensitive.",
                    style="italic",
                ),
                layout=False,
            )
        elif not hits:
            status.update(Text("No matches.", style="italic"), layout=False)
        else:
            groups = hits.groups
            status.update(
                f"{len(hits)} result{'s' * (len(hits) != 1)} in {len(groups)} group{'s' * (len(groups) != 1)} — ↓ to browse, Enter to open",
                layout=False,
            )

    def choose(self) -> None:
        """Close the search and go to the highlighted result."""
        hit = self.query_one(HitList).current_hit
        if hit is not None:
            self.dismiss(hit)

    def action_cancel(self) -> None:
        """Close the search without going anywhere."""
        self.dismiss(None)

    def action_to_results(self) -> None:
        """Move from the search box into the results."""
        self.set_focus(self.query_one(HitList))
