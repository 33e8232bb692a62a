"""Reviewing an archive's Inbox: accept, cite, dismiss, undo (what the Inbox screen calls).

Every write goes through :mod:`tui.ingest.appending` (checked, atomic) and is
followed by a full load of the archive; if that load fails, the write is undone
and the problem reported, so the archive is never left invalid. The undo stack
lives for the session: ``undo`` takes back the last step, a write included
(provided nobody changed the file since).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui.core.models import Citation
from tui.core.problems import DataError
from tui.ingest.appending import (
    COLLECTIONS,
    Change,
    WriteError,
    add_citation,
    append_record,
    replace_record,
    undo,
)
from tui.ingest.inbox import Decision, Inbox, now
from tui.ingest.kinds import record_kind, source_of
from tui.ingest.records import WRITTEN_AS, record_from
from tui.ingest.suggest import Suggestion

SOURCE_FIELDS = (
    "title",
    "outlet",
    "published",
    "date_certainty",
    "date_note",
    "byline",
    "url",
    "accessed",
)
"""The article details the Inbox lets the user correct."""
_SOURCE_ORDER = (
    "id",
    "file",
    "title",
    "outlet",
    "url",
    "published",
    "date_certainty",
    "date_note",
    "byline",
    "accessed",
    "note",
)
_COLLECTION_KIND = {
    "sources": "source",
    "events": "event",
    "people": "person",
    "agreements": "agreement",
    "organizations": "organization",
    "places": "place",
    "figures": "figure",
}


@dataclass(frozen=True, slots=True)
class Step:
    """One decision, with the file change it made (if any), for undo."""

    source_id: str
    suggestion: Suggestion | None
    """None for an edit of the article's own details."""
    change: Change | None


class Review:
    """The Inbox of the archive ``kb`` was loaded from, and the changes made to it."""

    def __init__(self, kb: Any) -> None:
        self.kb = kb
        self.root: Path = kb.root
        self.inbox = Inbox(self.root)
        self.steps: list[Step] = []
        self.changed = False
        """True once a record was written (the explorer must show the new data)."""

    def accept(self, source_id: str, suggestion: Suggestion, fields: dict[str, str]) -> str:
        """Write the record ``fields`` describe; returns its id.

        Raises:
            WriteError: when the record is invalid or cannot be written (nothing is).
        """
        kind = WRITTEN_AS.get(suggestion.kind)
        if kind is None:
            raise WriteError(f"{suggestion.kind}s cannot be written to this archive yet")
        record = record_from(suggestion.kind, fields, source_id)
        record_id = str(record.get("id", ""))
        if record_id in self.kb.by_id:
            raise WriteError(f"the id '{record_id}' is taken; choose another")
        change = append_record(self.root, kind, record)
        self._validate(change)
        self._decide(
            source_id, suggestion, Decision(action="accepted", record=record_id, at=now()), change
        )
        return record_id

    def cite(self, source_id: str, suggestion: Suggestion, fields: dict[str, str]) -> str:
        """Add the sentence as a citation to an existing record; returns its id.

        Raises:
            WriteError: when the record is unknown or the citation cannot be written.
        """
        record_id = fields.get("record", "").strip()
        if record_id not in self.kb.by_id:
            raise WriteError(f"no record has the id '{record_id}'")
        kind = record_kind(self.kb, record_id) or ""
        if kind == "source" or kind not in COLLECTIONS:
            raise WriteError(f"'{record_id}' is a {kind}; only records that cite sources can")
        try:
            citation = Citation(source=source_id, quote=fields.get("quote", ""))
        except ValueError:
            raise WriteError("the quote is empty") from None
        change = add_citation(self.root, kind, record_id, citation, self._file_of(record_id, kind))
        self._validate(change)
        self._decide(
            source_id, suggestion, Decision(action="cited", record=record_id, at=now()), change
        )
        return record_id

    def edit_source(self, source_id: str, fields: dict[str, str]) -> None:
        """Change the article's own details (title, outlet, date…) in its source record.

        Raises:
            WriteError: when the details are invalid or cannot be written.
        """
        current = source_of(self.kb, source_id)
        if current is None:
            raise WriteError(f"no source has the id '{source_id}'")
        record = current.model_dump(exclude_defaults=True)
        for key in SOURCE_FIELDS:
            value = fields.get(key, "").strip()
            if value:
                record[key] = value
            else:
                record.pop(key, None)
        if record.get("date_certainty") == "stated":
            record.pop("date_certainty")
        ordered = {key: record[key] for key in _SOURCE_ORDER if key in record}
        change = replace_record(self.root, "source", ordered, self._file_of(source_id, "source"))
        self._validate(change)
        self.steps.append(Step(source_id, None, change))

    def dismiss(self, source_id: str, suggestion: Suggestion) -> None:
        """Set the suggestion aside: it leaves the Inbox, nothing is written."""
        self._decide(source_id, suggestion, Decision(action="dismissed", at=now()), None)

    def undo(self) -> Step | None:
        """Take back the last step; returns it (``None`` when there is none).

        Raises:
            WriteError: when its file changed since; the step is kept then.
        """
        if not self.steps:
            return None
        step = self.steps[-1]
        if step.change is not None:
            undo(step.change)
            self._reload()
        self.steps.pop()
        if step.suggestion is not None:
            self.inbox.decide(step.source_id, step.suggestion.id, None)
        return step

    def _decide(
        self, source_id: str, suggestion: Suggestion, decision: Decision, change: Change | None
    ) -> None:
        self.inbox.decide(source_id, suggestion.id, decision)
        self.steps.append(Step(source_id, suggestion, change))

    def _validate(self, change: Change) -> None:
        """Load the whole archive with ``change`` made; undo it when that fails."""
        try:
            self._reload()
        except DataError as error:
            undo(change)
            self._reload()
            first = error.problems[0] if error.problems else "the archive does not load"
            raise WriteError(f"not written: {first}") from None

    def _reload(self) -> None:
        from tui.core.index.reader import load_knowledge_base

        self.kb = load_knowledge_base(self.root)
        self.changed = True

    def _file_of(self, record_id: str, kind: str) -> str:
        """The data file (relative to the archive) that holds ``record_id``."""
        from tui.core.datadir import collection_files
        from tui.core.yamlfile import read_records

        collection = {v: k for k, v in _COLLECTION_KIND.items()}[kind] + ".yaml"
        for name in collection_files(self.root, collection):
            text = (self.root / name).read_text(encoding="utf-8")
            if record_id not in text:
                continue
            for raw, _position in read_records(text):
                if isinstance(raw, dict) and raw.get("id") == record_id:
                    return name
        raise WriteError(f"'{record_id}' was not found in the {collection} files")
