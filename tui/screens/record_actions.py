"""What a researcher does to a record, from any screen that shows one:
bookmark it, annotate it, copy a citation in their style, export.

The main screen, the Bookmarks view and the Discrepancies view all call these,
so a key does the same thing wherever it is pressed.  Changes to the notebook
are announced to every screen on the stack (``notebook_changed``) so marks and
notes update everywhere at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from textual.screen import Screen

from tui.core.models import Citation
from tui.core.outputs.clipboard import browser_copy_notice, in_tmux, load_tmux_buffer
from tui.core.queries.knowledge import KnowledgeBase
from tui.screens.session import notebook_of

if TYPE_CHECKING:
    from tui.core.outputs.citation_styles import CitationStyle
    from tui.screens.export_dialog import ListScope


@runtime_checkable
class ShowsNotebook(Protocol):
    """A screen that shows bookmarks or notes and must redraw when they change."""

    def notebook_changed(self) -> None:
        """Redraw marks and notes."""


def announce_change(screen: Screen[Any]) -> None:
    """Tell every screen on the stack that the notebook changed."""
    for each in screen.app.screen_stack:
        if isinstance(each, ShowsNotebook):
            each.notebook_changed()


def _saved(screen: Screen[Any], change: Any) -> bool:
    """Run ``change()``; report a failed save (the change stays for the session)."""
    from tui.core.outputs.notebook import NotebookError

    try:
        change()
    except NotebookError as error:
        screen.notify(str(error), title="Notebook", severity="error", timeout=15, markup=False)
        return False
    finally:
        announce_change(screen)
    return True


def toggle_bookmark(screen: Screen[Any], kb: KnowledgeBase, record_id: str | None) -> None:
    """Bookmark ``record_id``, or remove its bookmark (``b``)."""
    if record_id is None:
        screen.notify("Nothing to bookmark here.", severity="warning")
        return
    notebook = notebook_of(screen)
    state: list[bool] = []
    if _saved(screen, lambda: state.append(notebook.toggle_bookmark(kb, record_id))):
        if state and state[0]:
            screen.notify("Bookmarked. B lists your bookmarks; m adds a note.")
        elif notebook.note(record_id):
            screen.notify("Bookmark removed; the note is kept.")
        else:
            screen.notify("Bookmark removed.")


def edit_note(screen: Screen[Any], kb: KnowledgeBase, record_id: str | None) -> None:
    """Open the note editor on ``record_id`` (``m``)."""
    from tui.core.kinds import record_label
    from tui.screens.note_editor import NoteEditor

    if record_id is None:
        screen.notify("Nothing to annotate here.", severity="warning")
        return
    notebook = notebook_of(screen)
    record = kb.by_id.get(record_id)
    entry = notebook.entry(record_id)
    label = record_label(record) if record is not None else (entry.label if entry else record_id)

    def done(text: str | None) -> None:
        if text is None or text.strip() == notebook.note(record_id):
            return
        if _saved(screen, lambda: notebook.set_note(kb, record_id, text)):
            screen.notify("Note saved." if text.strip() else "Note removed.")

    screen.app.push_screen(NoteEditor(label, notebook.note(record_id)), done)


def copy_citation(
    screen: Screen[Any],
    kb: KnowledgeBase,
    citation: Citation | None,
    style: CitationStyle | None = None,
) -> None:
    """Copy ``citation`` in ``style`` (default: the style last chosen with ``Y``)."""
    from tui.core.outputs.citation_styles import STYLE_NAMES, format_citation

    if citation is None:
        screen.notify("This item has no citation to copy.", severity="warning")
        return
    if style is None:
        style = notebook_of(screen).citation_style
    text = format_citation(kb, citation, style)
    screen.app.copy_to_clipboard(text)  # OSC 52: the terminal may or may not act on it
    name = STYLE_NAMES[style]
    if screen.app.is_web:  # vnru serve: the page passes it to the browser's clipboard
        screen.notify(browser_copy_notice(name), markup=False)
        return
    if not in_tmux():
        screen.notify(
            f"Citation ({name}) sent to the terminal's clipboard (OSC 52), which some "
            "terminals ignore. Y can add it to a file instead.",
            markup=False,
        )
        return
    failed = load_tmux_buffer(text)
    if failed is None:
        screen.notify(
            f"Citation ({name}) is in the tmux buffer: prefix ] pastes it "
            "(also sent to the terminal's clipboard, OSC 52).",
            markup=False,
        )
    else:
        screen.notify(
            f"Citation ({name}) sent to the terminal's clipboard (OSC 52), which tmux may "
            f"not pass on; the tmux buffer failed: {failed}. Y can add it to a file instead.",
            severity="warning",
            timeout=10,
            markup=False,
        )


def add_citation_to_file(
    screen: Screen[Any], kb: KnowledgeBase, citation: Citation, style: CitationStyle, path: Path
) -> None:
    """Add ``citation`` in ``style`` to the file at ``path`` (created if needed)."""
    from tui.core.files.atomic import write_atomically
    from tui.core.outputs.citation_styles import STYLE_NAMES, add_to_file, format_citation

    if screen.app.is_web:  # vnru serve: the server's files are not the reader's
        import io

        entry = add_to_file(None, format_citation(kb, citation, style), style)
        screen.app.deliver_text(io.StringIO(entry), save_filename=path.name)
        screen.notify(
            f"Citation ({STYLE_NAMES[style]}) sent to your browser as {path.name}: "
            "add it to your own file from there.",
            markup=False,
        )
        return
    try:
        existing = path.read_text(encoding="utf-8") if path.exists() else None
        text = add_to_file(existing, format_citation(kb, citation, style), style)
        if text != existing:
            write_atomically(path, text)
    except (OSError, UnicodeDecodeError, ValueError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        screen.notify(
            f"Could not add the citation to {path}: {reason}.",
            severity="error",
            timeout=15,
            markup=False,
        )
        return
    verb = "was already in" if text == existing else "added to"
    screen.notify(f"Citation ({STYLE_NAMES[style]}) {verb} {path}.", markup=False)


def choose_citation_style(
    screen: Screen[Any], kb: KnowledgeBase, citation: Citation | None
) -> None:
    """Pick a citation style (``Y``), copy the citation in it and remember it."""
    from tui.core.outputs.export_files import default_directory
    from tui.screens.citation_picker import CitationChoice, CitationStylePicker

    if citation is None:
        screen.notify("This item has no citation to copy.", severity="warning")
        return
    notebook = notebook_of(screen)

    def chosen(choice: CitationChoice | None) -> None:
        if choice is None:
            return
        style = choice.style
        if choice.path is not None:
            add_citation_to_file(screen, kb, citation, style, choice.path)
            return
        if style != notebook.citation_style:
            _saved(screen, lambda: notebook.set_citation_style(style))
        copy_citation(screen, kb, citation, style)

    picker = CitationStylePicker(kb, citation, notebook.citation_style, default_directory())
    screen.app.push_screen(picker, chosen)


def open_export(
    screen: Screen[Any],
    kb: KnowledgeBase,
    *,
    current: ListScope | None = None,
    scope: str = "list",
) -> None:
    """Open the export dialog (``ctrl+e``) on the current list or the bookmarks."""
    from tui.screens.export_dialog import ExportDialog

    screen.app.push_screen(ExportDialog(kb, notebook_of(screen), current, scope))
