"""Open a data directory's index as a :class:`KnowledgeBase`, building it when needed.

The explorer opens an existing index at once and checks, off the interface's
thread, that no data file or article changed since it was built
(:attr:`KnowledgeBase.verify`); if one did, it updates the index and reloads.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import time
from pathlib import Path
from typing import TYPE_CHECKING

from tui.core.files.datadir import STABLE_NS, collection_files, digest_of, file_status
from tui.core.index import schema
from tui.core.index.pages import Index
from tui.core.kinds import LOAD_ORDER
from tui.core.queries.knowledge import KnowledgeBase

if TYPE_CHECKING:
    from tui.core.index.checks import Progress

BUSY_SECONDS = 5.0
"""How long a check waits for another vnru's write to the index to end."""
CHECKED_BYTES = 512 * 1024 * 1024
"""Largest index whose every page is checked after it is opened (~2 s of reading)."""


class IndexStale(Exception):
    """A data file or an article changed since the index was built."""


class IndexDamaged(Exception):
    """The index database cannot be read (it is removed and built again)."""


def open_index(path: Path, root: Path) -> KnowledgeBase:
    """The knowledge base held by the index at ``path`` (built from ``root``)."""
    return KnowledgeBase(root.resolve(), Index(path))


def load_knowledge_base(
    root: Path, progress: Progress | None = None, *, directory: Path | None = None
) -> KnowledgeBase:
    """Validate the data directory ``root`` (updating its index) and open it: the
    whole pipeline in one call.

    Raises:
        DataError: listing every problem found, one line each.
    """
    return open_knowledge_base(root, progress=progress, directory=directory)[0]


def open_knowledge_base(
    root: Path, *, progress: Progress | None = None, directory: Path | None = None
) -> tuple[KnowledgeBase, bool]:
    """Update the index of ``root`` and open it; also says whether it was already
    up to date.

    Raises:
        DataError: listing every problem with the data.
    """
    # Imported here: the build's modules (multiprocessing among them) are not
    # needed to open an index that is current.
    from tui.core.index.build import update_index

    built = update_index(root, directory=directory, progress=progress)
    return open_index(built.path, root), built.current


def cached_knowledge_base(
    root: Path, *, directory: Path | None = None, defer_check: bool = False
) -> KnowledgeBase | None:
    """The knowledge base from an existing, current index of ``root``, or None.

    With ``defer_check`` only the data files are compared now; the knowledge
    base's ``verify`` does the rest later (raising :class:`IndexStale`).
    """
    path = schema.index_path(root, directory)
    if not path.is_file():
        return None
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as probe:
            if probe.execute("PRAGMA user_version").fetchone()[0] != schema.SCHEMA_VERSION:
                return None
    except sqlite3.DatabaseError:
        return None
    kb = open_index(path, root)
    if defer_check:
        # The data files are compared now, while the interface imports (a few
        # thousand stats): an edited, added or removed one goes straight to the
        # update, behind the progress screen, instead of showing the old data
        # first.  The articles and SQLite's check of every page are left to
        # ``verify``.
        try:
            check_current(root, path, articles=False, listing=False)
        except (IndexStale, IndexDamaged):
            return None

        def verify() -> None:
            check_current(root, path, thorough=True)

        kb.verify = verify
        return kb
    try:
        check_current(root, path)
    except (IndexStale, IndexDamaged):
        return None
    return kb


def check_current(
    root: Path,
    path: Path,
    *,
    thorough: bool = False,
    articles: bool = True,
    listing: bool = True,
) -> None:
    """Raise :class:`IndexStale` when a file of ``root`` differs from what the index
    at ``path`` was built from, :class:`IndexDamaged` when it cannot be read (the
    damaged file is then removed, so the next build starts afresh).  ``thorough``
    then runs SQLite's own ``PRAGMA quick_check`` over every page of an index up to
    :data:`CHECKED_BYTES` (a larger one is checked by SQLite as its pages are read:
    a page that cannot be read makes the app rebuild it).  ``articles=False``
    compares the data files only; ``listing=False`` lists them again only when
    ``root`` or a collection's folder has changed since the index was written,
    else takes those the index was built from (adding a file to a folder changes
    the folder's time; listing the sources' folder, which holds the articles too,
    takes long)."""
    root = root.resolve()
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_SECONDS) as db:
            known = {
                name: ((size, mtime, ctime, inode), digest)
                for name, size, mtime, ctime, inode, digest in db.execute(
                    "SELECT path, size, mtime_ns, ctime_ns, inode, digest FROM files"
                )
            }
            indexed = (
                db.execute("SELECT path, size, mtime_ns FROM articles").fetchall()
                if articles
                else []
            )
    except sqlite3.DatabaseError as error:
        raise _unreadable(path, error) from None
    listed = (
        [name for kind in LOAD_ORDER for name in collection_files(root, kind.file)]
        if listing or _folders_changed_since(root, path)
        else list(known)
    )
    if set(listed) != set(known):
        raise IndexStale("the data files are not those indexed")
    base = str(root)
    still_since = time.time_ns() - STABLE_NS  # a file unchanged since then is trusted
    settled: list[tuple[str, tuple[int, int, int, int]]] = []
    for name in listed:
        recorded, digest = known[name]
        status = _status(f"{base}/{name}")
        if status == recorded:
            continue
        if recorded[1] != -1 or digest_of(root / name) != digest:  # -1: too recent to trust
            raise IndexStale(f"{name} changed")
        if status is not None and status[2] < still_since:
            settled.append((name, status))  # unchanged, and still long enough to trust now
    if settled:
        _trust(path, settled)
    for relative, size, mtime in indexed:
        status = file_status(root / relative)
        if status is None or status[:2] != (size, mtime):
            raise IndexStale(f"{relative} changed")
    # Last: a changed file is found in a second, a check of every page can take many.
    if thorough and path.stat().st_size <= CHECKED_BYTES:
        try:
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_SECONDS) as db:
                if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                    raise sqlite3.DatabaseError("PRAGMA quick_check found damage")
        except sqlite3.DatabaseError as error:
            raise _unreadable(path, error) from None


def _unreadable(path: Path, error: sqlite3.DatabaseError) -> IndexStale | IndexDamaged:
    """What a failed read of the index at ``path`` means. Locked: another vnru is
    writing it, and it is not current (:class:`IndexStale`: it is updated, not
    thrown away). Anything else: it is damaged, and removed so that the next build
    starts afresh (:class:`IndexDamaged`)."""
    if isinstance(error, sqlite3.OperationalError) and "locked" in str(error):
        return IndexStale(f"{path} is being written by another vnru ({error})")
    path.unlink(missing_ok=True)
    return IndexDamaged(f"{path}: {error}")


def _trust(path: Path, settled: list[tuple[str, tuple[int, int, int, int]]]) -> None:
    """Record the status of data files whose times were too recent to trust when the
    index was built, now that their content was found unchanged and they have been
    still long enough: later starts compare their times instead of reading them
    whole (a 42 MB events.yaml indexed right after it was written was hashed before
    every first frame, ~100 ms). Only the rows still marked untrusted change; an
    index that cannot be written now (read-only, or a build holds it) stays as it is."""
    with contextlib.suppress(sqlite3.Error):
        db = sqlite3.connect(path, timeout=0)
        try:
            with db:
                db.executemany(
                    "UPDATE files SET size = ?, mtime_ns = ?, ctime_ns = ?, inode = ? "
                    "WHERE path = ? AND mtime_ns = -1",
                    [(*status, name) for name, status in settled],
                )
        finally:
            db.close()


def _folders_changed_since(root: Path, index: Path) -> bool:
    """True when ``root`` or the folder of a collection has been modified since the
    ``index`` was written: a data file may have been added or removed there."""
    try:
        written = index.stat().st_mtime_ns
    except OSError:
        return True
    for folder in (root, *(root / kind.file.removesuffix(".yaml") for kind in LOAD_ORDER)):
        try:
            if folder.stat().st_mtime_ns >= written:
                return True
        except OSError:  # no such folder: the collection is one file, or none
            continue
    return False


def _status(path: str) -> tuple[int, int, int, int] | None:
    """:func:`~tui.core.files.datadir.file_status` of a path given as text: the data
    files are checked before the first frame, and a ``Path`` each cost more than
    the ``stat``."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISREG(status.st_mode):
        return None
    return (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)
