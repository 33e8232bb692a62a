"""What ``vnru add`` needs to know of loaded records, through the models alone.

The data layer is being rewritten; this package reads only the models and the
knowledge base's collections, ``by_id`` and ``texts``, so the kind of a record
and its citations are worked out here from the models themselves.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tui.core.models import Agreement, Citation, Event, Organization, Person, Source

_KINDS: tuple[tuple[type[Any], str], ...] = (
    (Event, "event"),
    (Person, "person"),
    (Agreement, "agreement"),
    (Organization, "organization"),
    (Source, "source"),
)


def kind_of(record: object) -> str:
    """``event``, ``person``, ``agreement``, ``organization``, ``source`` (or the
    lower-cased class name of a kind added later: ``figure``, ``place``)."""
    for model, kind in _KINDS:
        if isinstance(record, model):
            return kind
    return type(record).__name__.lower()


def record_kind(kb: Any, record_id: str) -> str | None:
    """The kind of the record ``record_id`` in ``kb``, or None when it has none."""
    record = kb.by_id.get(record_id) if kb is not None else None
    return None if record is None else kind_of(record)


def source_of(kb: Any, source_id: str) -> Source | None:
    """The source ``source_id`` of ``kb``, if it is one."""
    record = kb.by_id.get(source_id)
    return record if isinstance(record, Source) else None


def citations(record: object) -> Iterator[Citation]:
    """Every citation of a record: its own, its roles' and its discrepancies'."""
    yield from getattr(record, "citations", ())
    for role in getattr(record, "roles", ()):
        yield from role.citations
    for discrepancy in getattr(record, "discrepancies", ()):
        yield from discrepancy.citations
