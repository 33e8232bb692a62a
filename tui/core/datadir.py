"""The shape of a data directory: which files it holds, checked without loading them.

Kept apart from :mod:`tui.core.loading` (which needs pydantic and PyYAML) so
that opening a cached archive imports neither.
"""

from __future__ import annotations

import os
from pathlib import Path

from tui.core.problems import DataError, Problem

#: The YAML data files, in load order, and whether a directory must have them.
DATA_FILE_NAMES: tuple[tuple[str, bool], ...] = (
    ("sources.yaml", True),
    ("events.yaml", True),
    ("people.yaml", False),
    ("agreements.yaml", False),
    ("organizations.yaml", False),
)


def data_file_sizes(root: Path) -> dict[str, int]:
    """Bytes of each data file of ``root`` (0 when absent)."""
    sizes = {}
    for name, _required in DATA_FILE_NAMES:
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
