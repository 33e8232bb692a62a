"""TimelineJS (Knight Lab, version 3) JSON, to publish the timeline on the web.

Follows the documented format (https://timeline.knightlab.com/docs/json-format.html):
a ``title`` slide and ``events``, each with ``start_date`` (and ``end_date``
for a range) as date objects holding only the parts the data knows —
``{"year": 1923}``, ``{"year": 1955, "month": 7}`` or a full date — plus a
``text`` object (``headline``, ``text``), and a ``media`` object whose
``url`` is a ``<blockquote>`` of the first supporting passage (a documented
media type) with the source article as its ``credit``.

TimelineJS reads ``headline``, ``text``, ``caption`` and ``credit`` as HTML,
so every value from the data is HTML-escaped, and ``autolink`` is off.
"""

from __future__ import annotations

from collections.abc import Iterator
from html import escape
from typing import Any

from tui.core.dates import PartialDate
from tui.core.models import TOPIC_LABELS, Event
from tui.core.outputs.export import Selection, json_object, json_pieces, source_date
from tui.core.queries.knowledge import KnowledgeBase


def date_object(date: PartialDate) -> dict[str, int]:
    """A TimelineJS date object with exactly the precision of ``date``."""
    result = {"year": date.year}
    if date.month is not None:
        result["month"] = date.month
    if date.day is not None:
        result["day"] = date.day
    return result


def _html(text: str) -> str:
    return escape(" ".join(text.split()), quote=True)


def event_slide(kb: KnowledgeBase, event: Event) -> dict[str, Any]:
    """One event as a TimelineJS slide."""
    span = event.span
    display = span.human()
    if event.date_certainty != "stated":
        display += f" ({event.date_certainty})"
    paragraphs = [f"<p>{_html(event.description)}</p>"]
    if event.planned:
        paragraphs.append("<p><em>Planned or targeted when reported.</em></p>")
    if event.date_certainty != "stated" and event.date_note:
        paragraphs.append(
            f"<p><em>Date {_html(event.date_certainty)}:</em> {_html(event.date_note)}</p>"
        )
    for item in event.discrepancies:
        paragraphs.append(
            f"<p><strong>The sources disagree on the {_html(item.about)}:</strong> "
            f"{_html(item.note)}</p>"
        )
    sources = [kb.source(source_id) for source_id in kb.supporting_sources(event)]
    listed = "; ".join(
        f"<cite>{_html(s.title)}</cite>, {_html(s.outlet)}, {_html(source_date(s))}"
        for s in sources
    )
    paragraphs.append(f"<p>Sources: {listed}.</p>")
    slide: dict[str, Any] = {
        "unique_id": event.id,
        "start_date": date_object(span.start),
        "display_date": display,
        "text": {"headline": _html(event.title), "text": "".join(paragraphs)},
        "group": TOPIC_LABELS[event.topics[0]],
        "autolink": False,
    }
    if span.end is not None:
        slide["end_date"] = date_object(span.end)
    first = event.citations[0]
    source = kb.source(first.source)
    slide["media"] = {
        "url": f"<blockquote>{_html(first.quote)}</blockquote>",
        "credit": f"{_html(source.title)} — {_html(source.outlet)}, {_html(source_date(source))}",
    }
    return slide


def to_timelinejs_data(
    kb: KnowledgeBase, selection: Selection, *, title: str = "Vietnam–Russia relations"
) -> dict[str, Any]:
    """The selected events as a TimelineJS document (other kinds have no date to place)."""
    return json_object(_timelinejs_items(kb, selection, title))


def _timelinejs_items(
    kb: KnowledgeBase, selection: Selection, title: str
) -> Iterator[tuple[str, Any]]:
    """The document's (key, value) pairs, the events made as they are read."""
    articles = len(selection.cited_sources(kb))
    yield (
        "title",
        {
            "text": {
                "headline": _html(title),
                "text": (
                    f"<p>{len(selection.events)} events from {articles} news "
                    f"article{'s' * (articles != 1)} ({_html(selection.description)}), "
                    "each quoting its source. Exported from vnru.</p>"
                ),
            }
        },
    )
    yield "events", (event_slide(kb, event) for event in selection.events)


def to_timelinejs(
    kb: KnowledgeBase, selection: Selection, *, title: str = "Vietnam–Russia relations"
) -> str:
    """TimelineJS JSON text (made an event at a time: the text of
    ``json.dumps(to_timelinejs_data(...), indent=2)`` without the whole
    document as Python objects)."""
    return "".join(json_pieces(_timelinejs_items(kb, selection, title)))
