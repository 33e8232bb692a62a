"""What ``vnru add`` needs to know of loaded records: their kind, a source, their
citations, through the registry of kinds (:mod:`tui.core.kinds`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tui.core.kinds import citations_of, kind_of_record
from tui.core.models import Citation, Source


def kind_of(record: object) -> str:
    """The record's kind (``event``, ``place``…), or the lower-cased class name of a
    model the registry does not declare yet (``figure``)."""
    try:
        return kind_of_record(record).name
    except KeyError:
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
    for _field, citation in citations_of(record):
        yield citation
