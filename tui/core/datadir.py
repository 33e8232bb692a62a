"""The shape of a data directory: which files it holds, checked without loading them.

Kept apart from :mod:`tui.core.loading` (which needs pydantic and PyYAML) so
that opening a cached archive imports neither.
"""

from __future__ import annotations

import os
from pathlib import Path

from tui.core.kinds import LOAD_ORDER
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


def data_file_sizes(root: Path, files: list[str] | None = None) -> dict[str, int]:
    """Bytes of each YAML data file of ``root`` (0 when it cannot be read);
    ``files`` is :func:`data_files` of ``root``, when already listed."""
    sizes = {}
    for name in data_files(root) if files is None else files:
        path = root / name
        sizes[name] = path.stat().st_size if path.is_file() else 0
    return sizes


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
