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

from tui.core.kinds import KINDS
from tui.core.paths import bundled
from tui.core.queries.knowledge import Kind, KnowledgeBase
from tui.core.queries.search import LIMIT_PER_KIND, Hit, SearchIndex
from tui.widgets.key_bar import KeyBar
from tui.widgets.live_input import LiveInput
from tui.widgets.virtual_list import VirtualList

GROUP_LABELS: dict[Kind, str] = {
    **{kind.name: kind.plural.capitalize() for kind in KINDS},
    "source": "Article text",
}


DATED_KINDS: dict[Kind, int] = {"event": 14, "agreement": 11, "figure": 9, "source": 11}
"""Kinds whose results show a date, and the width of its column (as in their lists)."""


class HitList(VirtualList):
    """Search results grouped by kind: a heading row, then a row per hit."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "select", "Go to result", show=False)]

    def __init__(self, kb: KnowledgeBase, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.kb = kb
        self.hits: list[Hit] = []
        self.rows: list[tuple[Kind, int]] = []  # (kind, -1 for a heading | hit index)

    def show_hits(self, hits: list[Hit]) -> None:
        """Replace the results."""
        self.hits = hits
        rows: list[tuple[Kind, int]] = []
        current: Kind | None = None
        for index, hit in enumerate(hits):
            if hit.kind != current:
                current = hit.kind
                rows.append((hit.kind, -1))
            rows.append((hit.kind, index))
        self.rows = rows
        self.reset_rows(0)

    def row_count(self) -> int:
        return len(self.rows)

    def is_selectable(self, index: int) -> bool:
        return self.rows[index][1] >= 0

    def render_row(self, index: int, width: int) -> Text:
        kind, hit_index = self.rows[index]
        if hit_index < 0:
            count = sum(1 for hit in self.hits if hit.kind == kind)
            more = "+" if count >= LIMIT_PER_KIND else ""  # the search stops there
            return Text(
                f"{GROUP_LABELS[kind]} ({count}{more})",
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
            date = f"{fields[0]:>{DATED_KINDS[kind]}}  "
            if kind == "source" and fields[3]:
                label = f"{fields[3]} {label}"
        label_width = min(48, max(16, (width - len(date)) * 11 // 20))
        label = label if len(label) <= label_width else label[: label_width - 1] + "…"
        snippet = Text(hit.snippet, style=self.style_of("virtual-list--muted"))
        for start, end in hit.ranges:
            snippet.stylize(self.style_of("virtual-list--match"), start, end)
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
        if 0 <= self.cursor < len(self.rows) and self.rows[self.cursor][1] >= 0:
            return self.hits[self.rows[self.cursor][1]]
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
        hits = self.index.search(text) if text.strip() else []
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
            groups = {hit.kind for hit in hits}
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
