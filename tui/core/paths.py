"""Where the bundled data and styles live, installed or in a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def bundled(name: str) -> Path:
    """The bundled ``data`` or ``styles`` directory.

    A wheel carries them inside the package (``tui/_bundled/``); a checkout or
    an editable install has them beside the package.
    """
    for candidate in (_PACKAGE / "_bundled" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    return _PACKAGE.parent / name  # reported as missing by whoever opens it


def default_data_dir() -> Path:
    """The knowledge base that ships with vnru."""
    return bundled("data")
