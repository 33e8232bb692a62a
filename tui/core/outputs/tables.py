"""CSV tables, one per collection, with citations flattened into cells.

Spreadsheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a
formula, and the data is untrusted, so such cells are prefixed with ``'``
(the OWASP advice for CSV injection; tab and carriage return too).  Lists
inside a cell are joined with ``; ``; citations, one per line of the cell,
read ``“quote” — title, outlet, date``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Mapping, Sequence
from itertools import chain
from typing import Any

from tui.core.kinds import KINDS, kind_of_record, record_label, roles_by_title
from tui.core.models import Agreement, Event, Person, Source
from tui.core.outputs.export import Selection, plain_citation
from tui.core.queries.knowledge import AnyRecord, KnowledgeBase

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Row = dict[str, str]


def safe_cell(value: object) -> str:
    """``value`` as cell text that no spreadsheet will evaluate."""
    text = "" if value is None else str(value)
    if isinstance(value, bool):
        text = "yes" if value else "no"
    if text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def _names(kb: KnowledgeBase, ids: Sequence[str]) -> str:
    return "; ".join(record_label(kb.by_id[i]) if i in kb.by_id else i for i in ids)


def _common(
    kb: KnowledgeBase, record: AnyRecord, notes: Mapping[str, str], bookmarks: set[str]
) -> Row:
    citations = kb.citations_of(record)
    discrepancies = getattr(record, "discrepancies", ())
    return {
        "supporting_articles": str(len(kb.supporting_sources(record))),
        "sources": "; ".join(kb.supporting_sources(record)),
        "citations": "\n".join(plain_citation(kb, citation) for citation in citations),
        "discrepancies": "\n".join(
            f"{item.about}: {' '.join(item.note.split())}" for item in discrepancies
        ),
        "bookmarked": "yes" if record.id in bookmarks else "",
        "user_note": notes.get(record.id, ""),
    }


def _event_row(kb: KnowledgeBase, event: Event) -> Row:
    span = event.span
    return {
        "id": event.id,
        "date": span.start.iso(),
        "end_date": span.end.iso() if span.end else "",
        "date_precision": span.start.precision,
        "date_certainty": event.date_certainty,
        "date_note": event.date_note or "",
        "title": event.title,
        "description": event.description,
        "topics": "; ".join(event.topics),
        "planned": "yes" if event.planned else "",
        "people": _names(kb, event.people),
        "agreements": _names(kb, event.agreements),
        "organizations": _names(kb, event.organizations),
        "places": _names(kb, event.places),
    }


def _person_row(kb: KnowledgeBase, person: Person) -> Row:
    roles = [
        f"{title} ({', '.join(dates)})" if dates else title
        for title, dates in roles_by_title(person)
    ]
    return {
        "id": person.id,
        "name": person.name,
        "aliases": "; ".join(person.aliases),
        "country": person.country,
        "description": person.description or "",
        "roles": "; ".join(roles),
        "events": _names(kb, kb.person_events.get(person.id, ())),
    }


def _agreement_row(kb: KnowledgeBase, agreement: Agreement) -> Row:
    return {
        "id": agreement.id,
        "name": agreement.name,
        "aliases": "; ".join(agreement.aliases),
        "kind": agreement.kind,
        "parties": "; ".join(agreement.parties),
        "signed": agreement.signed or "",
        "in_force": agreement.in_force or "",
        "date_certainty": agreement.date_certainty,
        "date_note": agreement.date_note or "",
        "summary": agreement.summary,
        "organizations": _names(kb, agreement.organizations),
        "events": _names(kb, kb.agreement_events.get(agreement.id, ())),
    }


_OWN_COLUMNS_LEFT_OUT = frozenset({"citations", "discrepancies", "roles"})
"""Fields whose text goes in the common columns (citations, discrepancies) instead."""


def _record_row(kb: KnowledgeBase, record: Any) -> Row:
    """Any kind's row, from its registry entry: each field as text (linked ids as
    names), then one column per kind that links to it (``events``, ``figures``…),
    naming the records that do.  Kinds with columns worked out beyond their fields
    (an event's date precision, a person's roles) have their own row."""
    kind = kind_of_record(record)
    row: Row = {"id": record.id}
    for name, value in record:
        if name in _OWN_COLUMNS_LEFT_OUT:
            continue
        if name in kind.links:
            row[name] = _names(kb, value)
        elif isinstance(value, tuple):
            row[name] = "; ".join(str(item) for item in value)
        else:
            row[name] = "" if value is None else str(value)
        if name == "date":  # the certainty (declared first, by the mixin) beside its date
            row["date_certainty"] = row.pop("date_certainty", "")
            row["date_note"] = row.pop("date_note", "")
    for other in KINDS:
        if kind.collection in other.links:
            linked = kb.links_to(other.name, kind.collection).get(record.id, ())
            row[other.collection] = _names(kb, linked)
    return row


def _source_row(kb: KnowledgeBase, source: Source) -> Row:
    return {
        "id": source.id,
        "title": source.title,
        "outlet": source.outlet,
        "published": source.published,
        "date_certainty": source.date_certainty,
        "date_note": source.date_note or "",
        "byline": source.byline or "",
        "url": source.url or "",
        "accessed": source.accessed or "",
        "number": source.number or "",
        "file": source.file,
        "note": source.note or "",
        "cited_by": str(len(kb.source_records.get(source.id, ()))),
    }


_ROWS: dict[str, Callable[[KnowledgeBase, Any], Row]] = {
    "events": _event_row,
    "people": _person_row,
    "agreements": _agreement_row,
    "sources": _source_row,
}
"""The kinds whose rows are more than their fields (others: :func:`_record_row`)."""


def to_csv(
    kb: KnowledgeBase,
    selection: Selection,
    collection: str,
    *,
    notes: Mapping[str, str] | None = None,
    bookmarks: set[str] | None = None,
) -> str:
    """One collection of ``selection`` as CSV text (a header row, then a row per record).

    ``notes`` and ``bookmarks`` fill the ``user_note`` and ``bookmarked`` columns.
    """
    notes = notes or {}
    bookmarks = bookmarks or set()
    build = _ROWS.get(collection, _record_row)
    records: Sequence[Any] = getattr(selection, collection)

    def rows() -> Iterator[Row]:  # made as they are written: 100,000 rows are never held
        for record in records:
            row = build(kb, record)
            if isinstance(record, Source):
                row["bookmarked"] = "yes" if record.id in bookmarks else ""
                row["user_note"] = notes.get(record.id, "")
            else:
                row.update(_common(kb, record, notes, bookmarks))
            yield row

    made = rows()
    first = next(made, None)
    header = list(first) if first is not None else _header(kb, collection)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180 line ends
    writer.writerow(header)
    for row in chain([first] if first is not None else [], made):
        writer.writerow([safe_cell(row[name]) for name in header])
    return buffer.getvalue()


def _header(kb: KnowledgeBase, collection: str) -> list[str]:
    """The column names of an empty table (taken from the first record of the kind)."""
    store: Sequence[Any] = getattr(kb, collection)
    if not store:
        return ["id"]
    row = _ROWS.get(collection, _record_row)(kb, store[0])
    if collection == "sources":
        return [*row, "bookmarked", "user_note"]
    return [*row, *_common(kb, store[0], {}, set())]
