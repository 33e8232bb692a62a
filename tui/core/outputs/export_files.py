"""Turning a selection into export documents and writing them to files.

Shared by ``vnru export`` and the app's export dialog, so both write the
same thing.  A CSV export of several collections is one file per table
(``brief-events.csv``, ``brief-people.csv``…).  Files are written
atomically, and an existing file is only replaced when the caller says so.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tui.core.files.atomic import write_atomically
from tui.core.outputs.export import EXTENSIONS, RECORD_COLLECTIONS, ExportFormat, Selection, to_json
from tui.core.outputs.notebook import Notebook
from tui.core.queries.knowledge import KnowledgeBase


@dataclass(frozen=True, slots=True)
class Extras:
    """What the user's notebook adds to an export."""

    notes: dict[str, str] = field(default_factory=dict)
    """Notes by record id."""
    bookmarks: set[str] = field(default_factory=set)
    """Bookmarked record ids."""
    missing: list[tuple[str, str, str]] = field(default_factory=list)
    """Bookmarks whose records left the data: (id, label, note)."""


@dataclass(frozen=True, slots=True)
class Document:
    """One file's worth of export."""

    text: str
    collection: str | None = None
    """The table a CSV document holds; None for single-document formats."""


def documents(
    kb: KnowledgeBase,
    selection: Selection,
    export_format: ExportFormat,
    *,
    extras: Extras | None = None,
    tables: Sequence[str] | None = None,
    today: _dt.date | None = None,
) -> list[Document]:
    """The documents ``export_format`` makes of ``selection``.

    CSV makes one document per table: ``tables`` when given (even empty
    ones), else one per collection that has records.  The other formats
    make one document.
    """
    extras = extras or Extras()
    if export_format == "md":
        from tui.core.outputs.brief import to_markdown

        return [
            Document(
                to_markdown(kb, selection, notes=extras.notes, missing=extras.missing, today=today)
            )
        ]
    if export_format == "timelinejs":
        from tui.core.outputs.timelinejs import to_timelinejs

        return [Document(to_timelinejs(kb, selection))]
    if export_format == "csv":
        from tui.core.outputs.tables import to_csv

        if tables:
            names: Sequence[str] = tables
        else:
            names = [name for name in RECORD_COLLECTIONS if getattr(selection, name)]
            names = names or ["events"]
        return [
            Document(
                to_csv(kb, selection, name, notes=extras.notes, bookmarks=extras.bookmarks),
                collection=name,
            )
            for name in names
        ]
    return [Document(to_json(kb, selection, extras.notes))]


def target_paths(path: Path, docs: Sequence[Document]) -> list[Path]:
    """Where each document goes: ``path`` itself, or ``<stem>-<collection><suffix>``
    beside it when a CSV export has several tables."""
    if len(docs) == 1:
        return [path]
    suffix = path.suffix or ".csv"
    return [path.with_name(f"{path.stem}-{doc.collection}{suffix}") for doc in docs]


def write_documents(paths: Sequence[Path], docs: Sequence[Document]) -> None:
    """Write each document to its path, atomically.

    Raises:
        OSError: when a file cannot be written (files already written stay).
    """
    for path, doc in zip(paths, docs, strict=True):
        write_atomically(path, doc.text)


def default_directory() -> Path:
    """Where exports go by default: the current directory when it is writable,
    else the user's documents directory."""
    here = Path.cwd()
    if os.access(here, os.W_OK):
        return here
    from platformdirs import user_documents_path

    return user_documents_path()


def default_path(
    directory: Path,
    scope: str,
    export_format: ExportFormat,
    *,
    collections: Sequence[str] = (),
    today: _dt.date | None = None,
) -> Path:
    """A file name in ``directory`` that does not exist yet:
    ``vnru-<scope>-<date>.<ext>``, then ``…-2``, ``…-3``.  ``collections``
    are the CSV tables the export will hold, whose files must be free too."""
    when = (today or _dt.date.today()).isoformat()
    suffix = ".timeline.json" if export_format == "timelinejs" else EXTENSIONS[export_format]
    number = 1
    while True:
        stem = f"vnru-{scope}-{when}" + (f"-{number}" if number > 1 else "")
        candidate = directory / f"{stem}{suffix}"
        siblings = [directory / f"{stem}-{name}{suffix}" for name in collections]
        if not candidate.exists() and not any(path.exists() for path in siblings):
            return candidate
        number += 1


def extras_from(notebook: Notebook, kb: KnowledgeBase, *, notes: bool = True) -> Extras:
    """The notebook's notes and bookmarks for an export from ``kb``
    (``notes=False`` leaves the notes out)."""
    items = notebook.items_for(kb)
    return Extras(
        notes={item.record_id: item.entry.note for item in items if item.entry.note}
        if notes
        else {},
        bookmarks={item.record_id for item in items if item.entry.bookmarked},
        missing=[
            (item.record_id, item.entry.label, item.entry.note if notes else "")
            for item in items
            if not item.present
        ],
    )


def notebook_ids(notebook: Notebook, kb: KnowledgeBase) -> set[str]:
    """Ids of the notebook's items present in ``kb`` (bookmarked or annotated)."""
    return {item.record_id for item in notebook.items_for(kb) if item.present}
