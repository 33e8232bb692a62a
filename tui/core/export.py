"""Export the knowledge base for other tools.

The JSON shape is a contract: a top-level object with ``sources``, ``events``,
``people``, ``agreements`` and ``organizations``; every event, person, agreement and
organisation has ``id`` and ``citations`` (a list of ``{source, quote}``);
sources, the things cited, have ``id``, ``title``, ``outlet``, ``published``
and ``file``.  Fields may be added, never
renamed or removed.
"""

from __future__ import annotations

import json
from typing import Any

from tui.core.knowledge import KnowledgeBase
from tui.core.models import Citation

FORMAT_VERSION = 1


def to_json_data(kb: KnowledgeBase) -> dict[str, Any]:
    """The knowledge base as plain JSON-ready data."""

    def dump(record: Any) -> dict[str, Any]:
        data: dict[str, Any] = record.model_dump(mode="json")
        data["supporting_sources"] = list(kb.supporting_sources(record))
        return data

    events = []
    for event in kb.events:
        data = dump(event)
        span = event.span
        data["date"] = span.start.iso()  # the start of a range, as documented
        data["end_date"] = span.end.iso() if span.end else None
        data["date_range"] = event.date
        data["date_precision"] = span.start.precision
        events.append(data)
    people = []
    for person in kb.people:
        data = dump(person)
        data["events"] = list(kb.person_events.get(person.id, ()))
        people.append(data)
    agreements = []
    for agreement in kb.agreements:
        data = dump(agreement)
        data["events"] = list(kb.agreement_events.get(agreement.id, ()))
        agreements.append(data)
    organizations = []
    for organization in kb.organizations:
        data = dump(organization)
        data["events"] = list(kb.organization_events.get(organization.id, ()))
        data["agreements"] = list(kb.organization_agreements.get(organization.id, ()))
        organizations.append(data)
    sources = [source.model_dump(mode="json") for source in kb.sources]
    return {
        "format_version": FORMAT_VERSION,
        "sources": sources,
        "events": events,
        "people": people,
        "agreements": agreements,
        "organizations": organizations,
    }


def to_json(kb: KnowledgeBase) -> str:
    """The knowledge base as indented JSON text (UTF-8, not ASCII-escaped)."""
    return json.dumps(to_json_data(kb), ensure_ascii=False, indent=2) + "\n"


def plain_citation(kb: KnowledgeBase, citation: Citation) -> str:
    """A citation as plain text: the quote, then title, outlet and date."""
    source = kb.source(citation.source)
    quote = " ".join(citation.quote.split())
    date = source.published_span.human()
    return f"“{quote}” — {source.title}, {source.outlet}, {date}."
