"""Several vnru processes on one notebook (``vnru serve`` runs one per browser
tab): what each one writes survives the others' writes."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

import tui.core.outputs.notebook as notebook_module
from tui.core.outputs.notebook import Notebook, NotebookError
from tui.core.paths import default_data_dir
from tui.core.queries.knowledge import KnowledgeBase
from tui.core.queries.opening import load_knowledge_base

WRITERS = 4


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base(default_data_dir())


def _write_notes(path: Path, kb: KnowledgeBase, ids: list[str], tag: str, start: object) -> None:
    notebook = Notebook.open(path)
    start.wait()  # type: ignore[attr-defined]
    for record_id in ids:
        notebook.set_note(kb, record_id, f"{tag} on {record_id}")
        notebook.toggle_bookmark(kb, record_id)


def test_processes_writing_notes_at_once_lose_none(kb: KnowledgeBase, tmp_path: Path) -> None:
    """Four processes each write a note and a bookmark on their own records, at
    the same moment, through their own Notebook (as four browser tabs do):
    every note and bookmark is in the file afterwards."""
    path = tmp_path / "vnru" / "notebook.json"
    ids = sorted(kb.by_id)[: WRITERS * 12]
    shares = {f"writer-{n}": ids[n::WRITERS] for n in range(WRITERS)}
    context = multiprocessing.get_context("fork")
    start = context.Barrier(WRITERS)
    workers = [
        context.Process(target=_write_notes, args=(path, kb, share, tag, start))
        for tag, share in shares.items()
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    merged = Notebook.open(path)
    for tag, share in shares.items():
        for record_id in share:
            assert merged.note(record_id) == f"{tag} on {record_id}"
            assert merged.is_bookmarked(record_id)
    assert len(merged.items) == len(ids)


def test_a_change_whose_save_failed_is_saved_with_the_next(
    kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file is read again before every change; a change that could not be
    saved is not dropped by that read, but written with the next change."""
    path = tmp_path / "vnru" / "notebook.json"
    notebook = Notebook.open(path)
    first, second = sorted(kb.by_id)[:2]
    real_write = notebook_module.write_atomically

    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(notebook_module, "write_atomically", full_disk)
    with pytest.raises(NotebookError):
        notebook.set_note(kb, first, "written while the disk was full")
    monkeypatch.setattr(notebook_module, "write_atomically", real_write)
    notebook.set_note(kb, second, "written after")
    assert not notebook.unsaved
    reopened = Notebook.open(path)
    assert reopened.note(first) == "written while the disk was full"
    assert reopened.note(second) == "written after"
