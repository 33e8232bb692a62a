"""Writing user files so that a crash or a full disk never leaves half a file.

A file is written to a temporary file in the same directory, flushed to disk,
then renamed over the target: readers see the old content or the new, never
a mixture.  A file that cannot be read is moved aside rather than deleted, so
whatever it held can still be recovered by hand.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, text: str, *, private: bool = False) -> None:
    """Replace ``path`` with ``text`` (UTF-8) in one step.

    The file gets the permissions a plain ``open`` would give it (the umask
    applies), or owner-only ones when ``private`` (the user's notes).

    Raises:
        OSError: when the directory cannot be created or written; ``path`` is
            then unchanged and no temporary file is left behind.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if not private and hasattr(os, "fchmod"):
            # mkstemp creates files readable by their owner only; an export is
            # meant to be shared like any file the user saves.
            os.fchmod(handle, 0o666 & ~_umask())
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_directory(path.parent)


def _umask() -> int:
    """The process umask (read by setting it and putting it back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def set_aside(path: Path, suffix: str = ".corrupt") -> Path:
    """Rename ``path`` to ``<name><suffix>`` (or ``<name><suffix>-2``, ``-3``…),
    never replacing an earlier file set aside; returns the new path.

    Raises:
        OSError: when the file cannot be renamed.
    """
    number = 1
    while True:
        target = path.with_name(path.name + suffix + (f"-{number}" if number > 1 else ""))
        try:
            # A hard link fails if the target exists, unlike a rename, which
            # would silently replace an earlier corrupt file.
            os.link(path, target)
        except FileExistsError:
            number += 1
            continue
        except OSError:  # no hard links on this file system: check, then rename
            if target.exists():
                number += 1
                continue
            os.rename(path, target)
            return target
        os.unlink(path)
        return target


def _sync_directory(directory: Path) -> None:
    """Flush the rename itself to disk (POSIX; a no-op where unsupported)."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    try:
        descriptor = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
