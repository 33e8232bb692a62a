"""An exclusive lock beside a file, for a read-change-write by several processes.

``vnru serve`` runs one vnru per browser tab, and a user may run several in
terminals: each change to the notebook reads the file, changes it and
writes it under this lock, so no process writes over another's change.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``<path>.lock`` (POSIX ``flock``; best effort:
    where the lock file cannot be made, or on Windows, the atomic rename still
    keeps the file whole)."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path.with_name(path.name + ".lock"), os.O_CREAT | os.O_RDWR, 0o600)
    except OSError:
        yield
        return
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)  # released when the descriptor closes
        yield
    finally:
        os.close(descriptor)
