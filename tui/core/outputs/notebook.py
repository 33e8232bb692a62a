"""The researcher's notebook: bookmarks, notes and the preferred citation style.

One JSON file, ``notebook.json`` in the user data directory
(``$XDG_DATA_HOME/vnru`` on Linux, usually ``~/.local/share/vnru``).  Items
are keyed by record id only, so they survive data updates and a moved data
directory; each item also remembers the record's kind and label and the data
directory it was made in, so an item whose record left the data can still be
shown ("missing from the data") and bookmarks made in another archive stay
out of the way.

Safety rules, because this file holds the user's own writing:

- every change is written atomically (temporary file, fsync, rename);
- a change is applied to the file as read again under a lock (``flock``), so
  two windows, or two tabs of ``vnru serve``, never undo each other's work;
- a file that cannot be parsed is renamed ``notebook.json.corrupt`` (never
  over an earlier one) and reported in a warning, never silently dropped;
- a file written by a newer vnru, or one that cannot be read at all, is left
  untouched: the notebook opens read-only and says so.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from tui.core.files.atomic import set_aside, write_atomically
from tui.core.files.file_lock import locked
from tui.core.kinds import KINDS, record_label
from tui.core.models import Event
from tui.core.outputs import notebook_format
from tui.core.outputs.citation_styles import CitationStyle
from tui.core.outputs.notebook_format import VERSION, Entry, NotebookFile, Settings
from tui.core.queries.knowledge import KnowledgeBase, kind_of

NOTE_LIMIT = notebook_format.NOTE_LIMIT
"""Longest note kept, in characters: a note, not a manuscript."""
BUNDLED = "bundled"
"""The ``data`` value of items made in the bundled knowledge base (whose path
changes with every installation)."""
BOOKMARK_MARK = "★"
NOTE_MARK = "✎"


class NotebookError(Exception):
    """A change could not be saved; the message says why, for the user."""


@dataclass(frozen=True, slots=True)
class Item:
    """A notebook item as a view shows it."""

    record_id: str
    entry: Entry
    present: bool
    """False when the record is missing from the data on show."""


def notebook_path() -> Path:
    """``notebook.json`` in the user data directory (``XDG_DATA_HOME`` honoured)."""
    from platformdirs import user_data_path

    return user_data_path("vnru", appauthor=False) / "notebook.json"


def data_key(root: Path) -> str:
    """How items record the data directory: ``bundled`` or the resolved path."""
    from tui.core.paths import default_data_dir

    resolved = root.resolve()
    if resolved == default_data_dir().resolve():
        return BUNDLED
    return str(resolved)


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


class Notebook:
    """Bookmarks, notes and settings, loaded from and saved to one file.

    Reading never raises: problems become :attr:`warnings` (the app shows
    them).  Changing raises :class:`NotebookError` when the change cannot be
    saved; the change is still applied in memory for this session.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.items: dict[str, Entry] = {}
        self.settings = Settings()
        self.read_only: str | None = None
        """Why changes cannot be saved, or None when they can."""
        self.unsaved = False
        """True while a change of this session is in memory only (its save failed);
        quitting would lose it."""
        self._warnings: list[str] = []
        self._pending: list[Callable[[dict[str, Entry]], None]] = []  # changes not yet saved

    @classmethod
    def open(cls, path: Path | None = None) -> Notebook:
        """Load the notebook at ``path`` (default :func:`notebook_path`)."""
        notebook = cls(path if path is not None else notebook_path())
        notebook._load()
        return notebook

    # -- reading ----------------------------------------------------------

    def take_warnings(self) -> list[str]:
        """Warnings not yet shown, oldest first; the list is emptied."""
        warnings, self._warnings = self._warnings, []
        return warnings

    def entry(self, record_id: str) -> Entry | None:
        """The item saved for ``record_id``, if any."""
        return self.items.get(record_id)

    def is_bookmarked(self, record_id: str) -> bool:
        """Whether ``record_id`` is bookmarked."""
        entry = self.items.get(record_id)
        return entry is not None and entry.bookmarked

    def note(self, record_id: str) -> str:
        """The note on ``record_id`` ('' when none)."""
        entry = self.items.get(record_id)
        return entry.note if entry is not None else ""

    def mark(self, record_id: str) -> str:
        """'★' for a bookmark, '✎' for a note, '★✎' for both, '' otherwise
        (list rows, which keep two columns for it)."""
        entry = self.items.get(record_id)
        if entry is None:
            return ""
        return (BOOKMARK_MARK if entry.bookmarked else "") + (NOTE_MARK if entry.note else "")

    @property
    def citation_style(self) -> CitationStyle:
        """The style ``y`` copies citations in."""
        return self.settings.citation_style

    def items_for(self, kb: KnowledgeBase) -> list[Item]:
        """The items to show with ``kb``: records in it, and records made in
        its directory that have since left it.  Events come first in
        timeline order, then the other kinds in the registry's order, each by
        name, then the missing ones."""
        here = data_key(kb.root)
        order = {kind.name: number for number, kind in enumerate(KINDS)}
        shown: list[tuple[tuple[object, ...], Item]] = []
        for record_id, entry in self.items.items():
            record = kb.by_id.get(record_id)
            if record is None:
                if entry.data == here:
                    shown.append(
                        (
                            (len(KINDS), entry.label.casefold(), record_id),
                            Item(record_id, entry, False),
                        )
                    )
                continue
            kind = kind_of(record)
            when: tuple[int, ...] = record.span.sort_key if isinstance(record, Event) else ()
            key = (order[kind], when, record_label(record).casefold(), record_id)
            shown.append((key, Item(record_id, entry, True)))
        shown.sort(key=lambda pair: pair[0])
        return [item for _key, item in shown]

    def hidden_count(self, kb: KnowledgeBase) -> int:
        """Items made in other data directories whose records are not in ``kb``."""
        here = data_key(kb.root)
        return sum(
            1
            for record_id, entry in self.items.items()
            if record_id not in kb.by_id and entry.data != here
        )

    # -- changing ---------------------------------------------------------

    def toggle_bookmark(self, kb: KnowledgeBase, record_id: str) -> bool:
        """Bookmark ``record_id`` or remove its bookmark; returns the new state."""
        state = not self.is_bookmarked(record_id)
        self.set_bookmark(kb, record_id, state)
        return state

    def set_bookmark(self, kb: KnowledgeBase, record_id: str, bookmarked: bool) -> None:
        """Bookmark ``record_id`` (or remove the bookmark; a note stays)."""
        kind, label, data = self._describe(kb, record_id)

        def change(items: dict[str, Entry]) -> None:
            _update(items, record_id, kind, label, data, bookmarked=bookmarked)

        self._change(change)

    def set_note(self, kb: KnowledgeBase, record_id: str, note: str) -> None:
        """Attach ``note`` to ``record_id`` (an empty note removes it).

        Raises:
            NotebookError: when the note is too long or cannot be saved.
        """
        note = note.strip()
        if len(note) > NOTE_LIMIT:
            raise NotebookError(
                f"The note is {len(note):,} characters long; notes hold at most {NOTE_LIMIT:,}."
            )
        kind, label, data = self._describe(kb, record_id)

        def change(items: dict[str, Entry]) -> None:
            _update(items, record_id, kind, label, data, note=note)

        self._change(change)

    def set_citation_style(self, style: CitationStyle) -> None:
        """Remember the style ``y`` copies citations in."""

        def change(items: dict[str, Entry]) -> None:
            self.settings = Settings(citation_style=style)

        self._change(change)

    # -- internals --------------------------------------------------------

    def _describe(self, kb: KnowledgeBase, record_id: str) -> tuple[str, str, str]:
        record = kb.by_id.get(record_id)
        if record is None:  # a missing item: keep what was saved
            entry = self.items.get(record_id)
            if entry is None:
                raise KeyError(record_id)
            return entry.kind, entry.label, entry.data
        return kind_of(record), " ".join(record_label(record).split()), data_key(kb.root)

    def _change(self, apply: Callable[[dict[str, Entry]], None]) -> None:
        """Apply a change to the file's current content and save it.

        A change whose save failed stays pending and is applied again, with
        the next one, to what is then on disk: a later save keeps it.
        """
        self._pending.append(apply)
        with locked(self.path) if self.read_only is None else contextlib.nullcontext():
            if self.read_only is None:  # read again, under the lock: a file's stat can
                self._load()  # repeat after another's write (inodes reused, coarse times)
            self._replay()
            if self.read_only is None:
                self._write()
                return
        self.unsaved = True
        raise NotebookError(f"Not saved: {self.read_only}")

    def _replay(self) -> None:
        """Apply the changes not yet saved to the items in memory."""
        items = dict(self.items)
        for change in self._pending:
            change(items)
        self.items = items

    def _write(self) -> None:
        document = NotebookFile(items=dict(sorted(self.items.items())), settings=self.settings)
        text = json.dumps(document.model_dump(mode="json"), ensure_ascii=False, indent=2)
        try:
            write_atomically(self.path, text + "\n", private=True)
        except OSError as error:
            self.unsaved = True
            raise NotebookError(
                f"Could not save the notebook {self.path}: {error.strerror or error}; "
                "the change is kept for this session only."
            ) from None
        self._pending.clear()
        self.unsaved = False  # the file now holds every change made in memory

    def _load(self) -> None:
        """Read the file; on trouble, set it aside or go read-only, with a warning."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            self.items, self.settings = {}, Settings()
            return
        except OSError as error:
            self.read_only = (
                f"the notebook {self.path} could not be read ({error.strerror or error})"
            )
            self._warnings.append(
                f"Your notebook {self.path} could not be read ({error.strerror or error}); "
                "bookmarks and notes will not be saved this session."
            )
            return
        problem: str | None = None
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            problem = f"not valid JSON: {error}"
        else:
            version = data.get("version") if isinstance(data, dict) else None
            if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
                self.read_only = f"the notebook {self.path} was written by a newer vnru"
                self._warnings.append(
                    f"Your notebook {self.path} was written by a newer vnru (format "
                    f"{version}); it is shown but not changed. Update vnru to edit it."
                )
                self._read_leniently(data)
                return
            try:
                document = NotebookFile.model_validate(data)
            except ValidationError as error:
                first = error.errors()[0]
                where = ".".join(str(part) for part in first["loc"])
                problem = f"{where or 'file'}: {first['msg']}"
            else:
                self.items, self.settings = dict(document.items), document.settings
                return
        self._set_aside(problem)

    def _read_leniently(self, data: dict[str, object]) -> None:
        """Show what a newer file holds, as far as this version understands it."""
        items = data.get("items")
        if not isinstance(items, dict):
            return
        for record_id, value in items.items():
            if not isinstance(value, dict):
                continue
            known = {key: value[key] for key in Entry.model_fields if key in value}
            with contextlib.suppress(ValidationError):
                self.items[str(record_id)] = Entry.model_validate(known)

    def _set_aside(self, problem: str) -> None:
        try:
            aside = set_aside(self.path)
        except OSError as error:
            self.read_only = f"the notebook {self.path} is damaged and could not be moved aside"
            self._warnings.append(
                f"Your notebook {self.path} is damaged ({problem}) and could not be moved "
                f"aside ({error.strerror or error}); nothing will be saved this session."
            )
            return
        self.items, self.settings = {}, Settings()
        self._warnings.append(
            f"Your notebook {self.path} could not be read ({problem}). It was kept as "
            f"{aside.name} beside it and a new notebook was started."
        )


def _update(
    items: dict[str, Entry],
    record_id: str,
    kind: str,
    label: str,
    data: str,
    *,
    bookmarked: bool | None = None,
    note: str | None = None,
) -> None:
    """Change one item; an item with neither bookmark nor note is removed."""
    now = _now()
    old = items.get(record_id)
    entry = Entry(
        kind=kind,
        label=label,
        data=data,
        bookmarked=old.bookmarked if bookmarked is None and old is not None else bool(bookmarked),
        note=old.note if note is None and old is not None else (note or ""),
        created=old.created if old is not None else now,
        updated=now,
    )
    if not entry.bookmarked and not entry.note:
        items.pop(record_id, None)
    else:
        items[record_id] = entry
