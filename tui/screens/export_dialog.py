"""The export dialog (``ctrl+e``): the current list, the bookmarks or everything,
as a Markdown brief, CSV tables, JSON or TimelineJS, to a file.

The file name starts as a free name in the current directory (or the user's
documents directory when that is not writable).  An existing file is never
replaced silently: the dialog says so and waits for a second Enter.  Writing
happens in a worker thread, so a large archive does not freeze the screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, RadioButton, RadioSet, Static

from tui.core.kinds import KINDS
from tui.core.outputs.export import (
    EXPORT_FORMATS,
    FORMAT_LABELS,
    RECORD_COLLECTIONS,
    ExportFormat,
    Selection,
    select,
)
from tui.core.outputs.export_files import (
    default_directory,
    default_path,
    documents,
    extras_from,
    notebook_ids,
    target_paths,
    write_documents,
)
from tui.core.outputs.notebook import Notebook
from tui.core.paths import bundled
from tui.core.queries.knowledge import KnowledgeBase

SCOPES: tuple[str, ...] = ("list", "bookmarks", "everything")
HELP = "Tab: next field · ←/→: choose · Enter or Ctrl+S: write · Esc: cancel"


@dataclass(frozen=True, slots=True)
class ListScope:
    """The list on show when the dialog was opened, as filtered."""

    collection: str
    """``events``, ``people``… the list's collection."""
    title: str
    """The list's name (``Timeline``)."""
    positions: Sequence[int]
    """The rows shown, as positions in the collection."""
    total: int
    """Rows in the unfiltered list."""
    filters: str = ""
    """The filters applied, in words ('' when none)."""


class ExportDialog(ModalScreen[Path | None]):
    """Choose format, scope and file; dismisses with the (first) file written, or None."""

    CSS_PATH = str(bundled("styles") / "dialogs.tcss")  # parsed when first opened

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "write", "Write the file"),
    ]

    def __init__(
        self,
        kb: KnowledgeBase,
        notebook: Notebook,
        current: ListScope | None,
        scope: str = "list",
    ) -> None:
        super().__init__()
        self.kb = kb
        self.notebook = notebook
        self.current = current
        self.scope = scope if scope in SCOPES and (scope != "list" or current) else "everything"
        self.export_format: ExportFormat = "md"
        self.bookmark_ids = notebook_ids(notebook, kb)
        self.directory = default_directory()
        self._suggested = ""  # the last name the dialog proposed
        self._confirmed: str | None = None  # a path whose replacement was confirmed
        self._writing = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="export-dialog"):
            yield Static("Export", classes="dialog-title", markup=False)
            with Horizontal(classes="export-row"):
                yield Static("Format", classes="export-label", markup=False)
                with RadioSet(id="export-format"):
                    for export_format in EXPORT_FORMATS:
                        yield RadioButton(
                            FORMAT_LABELS[export_format],
                            value=export_format == self.export_format,
                            name=export_format,
                        )
            with Horizontal(classes="export-row"):
                yield Static("What", classes="export-label", markup=False)
                with RadioSet(id="export-scope"):
                    for name in SCOPES:
                        if name == "list" and self.current is None:
                            continue
                        yield RadioButton(
                            self._scope_label(name), value=name == self.scope, name=name
                        )
            with Horizontal(classes="export-row"):
                yield Static("File", classes="export-label", markup=False)
                yield Input(id="export-path")
            yield Static(HELP, id="export-status", markup=False)

    def on_mount(self) -> None:
        self._suggest()
        self.set_focus(self.query_one("#export-path", Input))

    # -- events -----------------------------------------------------------

    @on(RadioSet.Changed, "#export-format")
    def _format_changed(self, message: RadioSet.Changed) -> None:
        name = message.pressed.name or "md"
        self.export_format = next(f for f in EXPORT_FORMATS if f == name)
        self._suggest()

    @on(RadioSet.Changed, "#export-scope")
    def _scope_changed(self, message: RadioSet.Changed) -> None:
        self.scope = message.pressed.name or "everything"
        self._suggest()

    @on(Input.Changed, "#export-path")
    def _path_changed(self, message: Input.Changed) -> None:
        if message.value != self._confirmed:
            self._confirmed = None
            self._status(HELP)

    @on(Input.Submitted, "#export-path")
    def _submitted(self, message: Input.Submitted) -> None:
        self.action_write()

    # -- actions ----------------------------------------------------------

    def action_cancel(self) -> None:
        """Close without writing."""
        if not self._writing:
            self.dismiss(None)

    def action_write(self) -> None:
        """Write the export (after confirmation when a file would be replaced)."""
        if self._writing:
            return
        value = self.query_one("#export-path", Input).value.strip()
        if not value:
            self._status("Give a file name.", error=True)
            return
        if self.app.is_web:  # vnru serve: the file goes to the reader's browser
            self._writing = True
            self._status("Preparing the download…")
            self._deliver(Path(value).name or self._suggested)
            return
        path = Path(value).expanduser()
        if not path.is_absolute():
            path = self.directory / path
        if path.is_dir():
            self._status(f"{path} is a directory: add a file name.", error=True)
            return
        names = self._tables()
        paths = (
            [path.with_name(f"{path.stem}-{name}{path.suffix or '.csv'}") for name in names]
            if len(names) > 1
            else [path]
        )
        existing = [p for p in paths if p.exists()]
        if existing and self._confirmed != value:
            self._confirmed = value
            shown = ", ".join(p.name for p in existing)
            self._status(
                f"{shown} already exists. Enter again replaces it, or change the name.",
                error=True,
            )
            return
        self._writing = True
        self._status("Writing…")
        self._write(path)

    # -- internals --------------------------------------------------------

    @work(thread=True, exclusive=True, group="export")
    def _write(self, path: Path) -> None:
        try:
            selection = self._selection()
            extras = extras_from(self.notebook, self.kb)
            if self.scope != "bookmarks":
                extras = replace(extras, missing=[])
            docs = documents(
                self.kb, selection, self.export_format, extras=extras, tables=self._tables()
            )
            paths = target_paths(path, docs)
            write_documents(paths, docs)
        except OSError as error:
            reason = error.strerror or str(error)
            self.app.call_from_thread(
                self._failed, f"Could not write {error.filename or path}: {reason}"
            )
            return
        self.app.call_from_thread(self._written, paths, selection)

    @work(thread=True, exclusive=True, group="export")
    def _deliver(self, name: str) -> None:
        """Build the export and hand it to the browser: one file, or a zip of the
        CSV tables (a page may start only one download per key press)."""
        import io
        import zipfile

        selection = self._selection()
        extras = extras_from(self.notebook, self.kb)
        if self.scope != "bookmarks":
            extras = replace(extras, missing=[])
        docs = documents(
            self.kb, selection, self.export_format, extras=extras, tables=self._tables()
        )
        paths = target_paths(Path(name), docs)
        if len(docs) == 1:
            payload: str | bytes = docs[0].text
            name = paths[0].name
        else:
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                for path, doc in zip(paths, docs, strict=True):
                    archive.writestr(path.name, doc.text)
            payload, name = buffer.getvalue(), f"{Path(name).stem}.zip"
        self.app.call_from_thread(self._delivered, payload, name, selection)

    def _delivered(self, payload: str | bytes, name: str, selection: Selection) -> None:
        import io

        self._writing = False
        if isinstance(payload, str):
            self.app.deliver_text(io.StringIO(payload), save_filename=name, encoding="utf-8")
        else:
            self.app.deliver_binary(io.BytesIO(payload), save_filename=name)
        self.app.notify(
            f"Exported {_count(len(selection))} ({FORMAT_LABELS[self.export_format]}): "
            f"your browser downloads it as {name}",
            title="Export",
            timeout=12,
            markup=False,
        )
        self.dismiss(None)

    def _failed(self, message: str) -> None:
        self._writing = False
        self._status(message, error=True)

    def _written(self, paths: list[Path], selection: Selection) -> None:
        self._writing = False
        where = ", ".join(str(p) for p in paths)
        self.app.notify(
            f"Exported {_count(len(selection))} ({FORMAT_LABELS[self.export_format]}) to {where}",
            title="Export",
            timeout=12,
            markup=False,
        )
        self.dismiss(paths[0])

    def _selection(self) -> Selection:
        if self.scope == "list" and self.current is not None:
            current = self.current
            description = f"the {current.title} list" + (
                f", filtered by {current.filters}" if current.filters else ""
            )
            store = getattr(self.kb, current.collection)
            records = [store[i] for i in current.positions]
            return Selection.of({current.collection: records}, description)
        if self.scope == "bookmarks":
            return select(self.kb, ids=self.bookmark_ids, description="bookmarks and notes")
        if self.export_format == "timelinejs":
            return select(self.kb, collections=("events",))
        if self.export_format == "md":  # the brief lists the articles it cites anyway
            return select(
                self.kb, collections=tuple(name for name in RECORD_COLLECTIONS if name != "sources")
            )
        return select(self.kb)

    def _tables(self) -> list[str]:
        """The CSV tables the export will hold (none for other formats)."""
        if self.export_format != "csv":
            return []
        if self.scope == "list" and self.current is not None:
            return [self.current.collection]
        if self.scope == "bookmarks":
            kinds = {self.kb.kind_of(i) for i in self.bookmark_ids}
            return [kind.collection for kind in KINDS if kind.name in kinds] or ["events"]
        return [name for name in RECORD_COLLECTIONS if len(self.kb.store(name))] or ["events"]

    def _scope_label(self, name: str) -> str:
        if name == "list" and self.current is not None:
            shown, total = len(self.current.positions), self.current.total
            count = f"{shown} of {total}" if shown != total else f"{total}"
            return f"{self.current.title} ({count})"
        if name == "bookmarks":
            return f"Bookmarks ({len(self.bookmark_ids)})"
        return "Everything"

    def _suggest(self) -> None:
        """Propose a free file name, unless the user has typed their own."""
        box = self.query_one("#export-path", Input)
        if box.value and box.value != self._suggested:
            return  # the user's own name: keep it
        scope = self.current.title.lower() if self.scope == "list" and self.current else self.scope
        path = default_path(self.directory, scope, self.export_format, collections=self._tables())
        self._suggested = path.name if self.app.is_web else str(path)  # web: a download's name
        with box.prevent(Input.Changed):
            box.value = self._suggested
        box.cursor_position = len(box.value)
        self._confirmed = None
        self._status(HELP)

    def _status(self, message: str, *, error: bool = False) -> None:
        self.query_one("#export-status", Static).update(
            Text(message, style="bold" if error else "")
        )


def _count(number: int) -> str:
    return f"{number} record{'s' * (number != 1)}"
