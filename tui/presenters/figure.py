"""Figures: rows by measure and date, and a figure's detail with its measure's chart.

The chart is one bar per figure of the same measure and unit, in date order:
actual values drawn solid (█), targets hatched (░) and estimates shaded (▒),
so the three stay apart without colour.  Textual's Sparkline does not fit
these series: it draws its lowest value as a bar (a year without a figure would
look like a small one), and a measure has a handful of values, not a stream.
Each bar is a link to its figure, and the figure's own quotes follow the chart:
a chart never stands without its citations.
"""

from __future__ import annotations

from typing import Any

from rich.style import Style
from rich.text import Text

from tui.core.figures import STATUS_MARKS, measure_label, value_of
from tui.core.kinds import kind_of_record
from tui.core.queries.knowledge import KnowledgeBase
from tui.presenters.rows import RowStyle, flag
from tui.widgets.detail_blocks import (
    BOLD,
    COLUMN_CONTEXT,
    MUTED,
    Block,
    date_blocks,
    excerpt_block,
    field_block,
    human_date,
    link_blocks,
)

BAR_WIDTH = 16
"""Cells of the longest bar in a figure's chart."""
BAR_GLYPHS = {"actual": "█", "target": "░", "estimate": "▒"}
"""How each status fills its bar: told apart without colour."""
_EIGHTHS = " ▏▎▍▌▋▊▉"


VALUE_WIDTH = 20
"""Columns of a row's value in a narrow list (a longer one is cut); 26 in a wide one."""


def row(fields: tuple[str, ...], style: RowStyle) -> Text:
    """Year(s), status mark, discrepancy mark, value, label: the value leads, since
    it is what a reader scans a list of figures for."""
    years, status, disputed, value, label, _measure = fields
    width = 26 if style.wide else VALUE_WIDTH
    if len(value) > width:
        value = value[: width - 1] + "…"
    return Text.assemble(
        (f"{years:>9}", style.accent),
        " ",
        (STATUS_MARKS.get(status, " "), style.accent if status == "actual" else style.warning),
        flag(disputed, style),
        " ",
        (f"{value:<{width}}", Style(bold=True)),
        "  ",
        (label, style.muted),
    )


def bar(value: float, largest: float, status: str, width: int = BAR_WIDTH) -> str:
    """A bar of ``width`` cells at most for ``value``; actual values end in eighths."""
    if largest <= 0 or value <= 0:
        return ""
    cells = value / largest * width
    whole = int(cells)
    glyph = BAR_GLYPHS.get(status, "█")
    if glyph != "█":
        return glyph * max(1, round(cells))
    part = _EIGHTHS[int((cells - whole) * 8)] if whole < width else ""
    text = glyph * whole + part.strip()
    return text or "▏"


def series_of(kb: KnowledgeBase, record: Any) -> list[Any]:
    """The figures of ``record``'s measure and unit, in their list order (by date)."""
    store = kb.store("figures")
    return [
        figure
        for figure in (store[p] for p in store.positions_where("measure", record.measure))
        if figure.unit == record.unit
    ]


def conflict_blocks(kb: KnowledgeBase, record: Any, series: list[Any]) -> list[Block]:
    """The figures of other articles that give another value for the same period
    (:mod:`tui.core.figure_conflicts`), each with both passages side by side."""
    from tui.core.figure_conflicts import figure_conflicts  # (a figure's detail only)

    found = [c for c in figure_conflicts(series) if record.id in (c.first.id, c.second.id)]
    if not found:
        return []
    blocks = [Block("heading", Text(f"≠ Another article gives another value ({len(found)})"))]
    for number, conflict in enumerate(found):
        other = conflict.second if conflict.first.id == record.id else conflict.first
        link = Text.assemble(("→ ", MUTED), (value_of(other), BOLD), "  ", (other.label, MUTED))
        blocks.append(Block("link", link, link=other.id))
        for column, figure in enumerate((record, other)):
            blocks += [
                excerpt_block(kb, citation, context=COLUMN_CONTEXT, group=number, column=column)
                for citation in figure.citations
            ]
    return blocks


def chart_blocks(kb: KnowledgeBase, record: Any, series: list[Any]) -> list[Block]:
    """The measure's chart: one bar per figure of this measure and unit, each a link."""
    largest = max((float(figure.value) for figure in series), default=0.0)
    first, last = human_date(series[0].date), human_date(series[-1].date)
    span = first if first == last else f"{first} – {last}"
    heading = Text.assemble(
        f"{measure_label(record.measure)} ({record.unit}) · {len(series)} "
        f"figure{'s' * (len(series) != 1)}, {span}"
    )
    statuses = sorted({figure.status for figure in series}, key=list(BAR_GLYPHS).index)
    legend = Text("   ".join(f"{BAR_GLYPHS[s]} {s}" for s in statuses), MUTED)
    blocks = [Block("heading", heading), Block("text", legend)]
    date_width = max(len(human_date(figure.date)) for figure in series)
    for figure in series:
        here = figure.id == record.id
        line = Text.assemble(
            ("▸ " if here else "  ", BOLD),
            (f"{human_date(figure.date):>{date_width}} ", MUTED),
            (
                f"{bar(float(figure.value), largest, figure.status):<{BAR_WIDTH}}",
                _bar_style(figure),
            ),
            " ",
            (value_of(figure), BOLD if here else Style()),
            (f"  {figure.status}" if figure.status != "actual" else "", MUTED),
        )
        blocks.append(Block("link", line, link=figure.id))
    return blocks


def _bar_style(figure: Any) -> Style:
    return Style(bold=True) if figure.status == "actual" else Style(dim=True)


def citing_figures(kb: KnowledgeBase, record: Any) -> list[Block]:
    """Links to the figures that cite ``record`` (an event, agreement, organisation
    or place), under a "Figures" heading."""
    field = kind_of_record(record).collection
    return link_blocks(kb, "Figures", kb.links_to("figure", field).get(record.id, ()))


def blocks(kb: KnowledgeBase, record: Any) -> list[Block]:
    """Value, date, status, note, the measure's chart, then the records it ties to."""
    value = Text(value_of(record), BOLD)
    raw = f"{record.value:,} {record.unit}"
    if raw not in value.plain:  # "US$5.7 billion": the number in base units too
        value.append(f"   ({raw})", MUTED)
    found = [field_block("Value", value)]
    found += date_blocks("Date", record.date, record.date_certainty, record.date_note)
    found.append(field_block("Status", f"{STATUS_MARKS[record.status]} {record.status}"))
    if record.note:
        found.append(Block("text", Text(record.note)))
    series = series_of(kb, record)
    found += chart_blocks(kb, record, series)
    found += conflict_blocks(kb, record, series)
    found += link_blocks(kb, "Events", list(record.events))
    found += link_blocks(kb, "Agreements", list(record.agreements))
    found += link_blocks(kb, "Organisations", list(record.organizations))
    found += link_blocks(kb, "Places", list(record.places))
    return found
