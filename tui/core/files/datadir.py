"""The shape of a data directory: which files it holds, checked without loading them.

Kept apart from :mod:`tui.core.files.loading` (which needs pydantic and PyYAML) so
that opening a cached archive imports neither.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from tui.core.kinds import LOAD_ORDER, SOURCES
from tui.core.problems import DataError, Problem

#: The YAML data files, in load order, and whether a directory must have them.
DATA_FILE_NAMES: tuple[tuple[str, bool], ...] = tuple(
    (kind.file, kind.required) for kind in LOAD_ORDER
)


def collection_files(root: Path, name: str) -> list[str]:
    """The files of the collection ``name`` ('events.yaml'), relative to ``root``, in
    load order: the file itself, then the ``.yaml`` files of the folder of the same
    stem ('events/'), by name. A collection may be one file, many, or both."""
    found = [name] if (root / name).exists() or (root / name).is_symlink() else []
    folder = root / name.removesuffix(".yaml")
    try:
        with os.scandir(folder) as entries:
            names = [
                entry.name
                for entry in entries
                if entry.name.endswith(".yaml") and not entry.name.startswith(".")
            ]
    except OSError:  # no such folder (or not a folder): the collection is the file alone
        return found
    return found + [f"{folder.name}/{entry}" for entry in sorted(names)]


def data_files(root: Path) -> list[str]:
    """Every YAML data file of ``root``, relative to it, in load order."""
    return [path for name, _required in DATA_FILE_NAMES for path in collection_files(root, name)]


def yaml_bytes_exceed(root: Path, limit: int) -> bool:
    """True when the YAML data files of ``root`` hold more than ``limit`` bytes.

    Counting stops as soon as they do, and the sources' folder comes last: it
    holds the articles too, so a large archive's takes long to list.
    """
    total = 0
    for name, _required in sorted(DATA_FILE_NAMES, key=lambda entry: entry[0] == SOURCES.file):
        for relative in collection_files(root, name):
            status = file_status(root / relative)
            total += status[0] if status is not None else 0
            if total > limit:
                return True
    return False


STABLE_NS = 2_000_000_000
"""A file's recorded status is trusted only if it had been still this long when
recorded (git's "racily clean" rule: an edit in the same clock tick as the
recording would otherwise go unseen); until then its content is compared."""


def file_status(path: Path) -> tuple[int, int, int, int] | None:
    """(size, mtime_ns, ctime_ns, inode) of a regular file, else None."""
    try:
        status = path.stat()
    except OSError:
        return None
    if not stat.S_ISREG(status.st_mode):
        return None
    return (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)


def digest_of(path: Path) -> str | None:
    """The SHA-256 of a file's content (None: unreadable)."""
    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


def check_directory(root: Path) -> Path:
    """``root`` resolved, or a DataError when it is missing or not a directory."""
    label = str(root)
    if not root.exists():
        if root.is_symlink():
            message = "is a symbolic link to a directory that does not exist (or links loop)"
            raise DataError([Problem(label, message)])
        raise DataError([Problem(label, "data directory does not exist")])
    if not root.is_dir():
        raise DataError([Problem(label, "is a file; a data directory was expected")])
    if not os.access(root, os.R_OK | os.X_OK):
        raise DataError([Problem(label, "cannot be read: permission denied")])
    return root.resolve()
