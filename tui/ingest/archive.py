"""The user's own archive, and registering new articles in it.

``vnru add`` writes to a data directory of the user's: by default
``<user data dir>/archive`` (``~/.local/share/vnru/archive`` on Linux), created
empty but valid on first use. The bundled knowledge base is never written.

Registering an article writes its canonical text to ``sources/NNN_<hash>.txt``
(a new file) and appends its record to the sources' YAML file; the directory is
then loaded again in full, and if that fails both writes are undone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui.core.atomic import write_atomically
from tui.core.folding import fold
from tui.ingest.appending import Change, WriteError, append_record, check_inside, undo
from tui.ingest.reading import Article, text_digest

ARCHIVE_README = """\
# Your vnru archive

`vnru add ARTICLE.html` adds articles here; `vnru --data {root}` opens this
archive in the explorer, where `i` shows the Inbox of suggestions to review.
Records are YAML lists, one file a collection (see the README's "Data format").
"""

_EMPTY_COLLECTION = "# {what}: a YAML list; `vnru add` appends to it, and so may you.\n"


def default_archive() -> Path:
    """``archive`` in the user data directory (``XDG_DATA_HOME`` honoured)."""
    from platformdirs import user_data_path

    return user_data_path("vnru", appauthor=False) / "archive"


def is_bundled(root: Path) -> bool:
    """True when ``root`` is the knowledge base that ships with vnru."""
    from tui.core.paths import default_data_dir

    try:
        return root.resolve() == default_data_dir().resolve()
    except OSError:
        return False


def ensure_archive(root: Path) -> bool:
    """Create an empty, valid archive at ``root`` unless it has one; True if created.

    Raises:
        WriteError: when ``root`` exists and is not a directory, or cannot be written.
    """
    if root.exists() and not root.is_dir():
        raise WriteError(f"{root}: is a file; a data directory was expected")
    if (root / "sources.yaml").exists() or (root / "sources").is_dir():
        return False
    try:
        if root.exists() and any(root.iterdir()):
            raise WriteError(
                f"{root}: is not empty and has no sources.yaml; give an empty or a vnru data directory"
            )
        (root / "sources").mkdir(parents=True, exist_ok=True)
        write_atomically(root / "sources.yaml", _EMPTY_COLLECTION.format(what="Source articles"))
        write_atomically(root / "events.yaml", _EMPTY_COLLECTION.format(what="Timeline events"))
        write_atomically(root / "README.md", ARCHIVE_README.format(root=root))
    except OSError as error:
        raise WriteError(f"{root}: cannot create the archive ({error.strerror or error})") from None
    return True


def existing_digests(kb: Any) -> dict[str, str]:
    """Text digest to source id for every article of a loaded knowledge base."""
    found: dict[str, str] = {}
    for source in getattr(kb, "sources", ()):
        try:
            text = kb.texts[source.id]
        except (KeyError, OSError):
            continue
        found.setdefault(text_digest(text), source.id)
    return found


def slug(text: str, words: int = 6) -> str:
    """Lower-case ASCII words joined by hyphens, at most ``words`` of them."""
    parts = re.findall(r"[a-z0-9]+", fold(text).lower())
    return "-".join(parts[:words])


def source_id(article: Article, taken: Iterable[str]) -> str:
    """An id like the bundled ones: outlet, year and month, headline words."""
    outlet = slug(article.outlet, 2) or "unknown"
    when = (article.published or "")[:7] or "undated"
    base = f"{outlet}-{when}-{slug(article.title, 5)}".strip("-")[:100].rstrip("-")
    return unique_id(base, taken)


def unique_id(base: str, taken: Iterable[str]) -> str:
    """``base``, or ``base-2``, ``base-3``… whichever is not taken."""
    used = set(taken)
    if base not in used:
        return base
    number = 2
    while f"{base}-{number}" in used:
        number += 1
    return f"{base}-{number}"


def next_number(root: Path, reserved: Sequence[str] = ()) -> int:
    """The next free article number in ``sources/`` (the files' leading digits)."""
    highest = -1
    folder = root / "sources"
    names = [entry.name for entry in folder.iterdir()] if folder.is_dir() else []
    for name in [*names, *reserved]:
        digits = re.match(r"\d+", Path(name).name)
        if digits:
            highest = max(highest, int(digits.group()))
    return highest + 1


@dataclass(frozen=True, slots=True)
class Registered:
    """An article written into the archive."""

    source_id: str
    file: str
    """The text file, relative to the archive."""
    changes: tuple[Change, ...]


def source_record(article: Article, record_id: str, file: str, accessed: str) -> dict[str, Any]:
    """The ``sources.yaml`` record of ``article``, keys in the bundled files' order."""
    record: dict[str, Any] = {
        "id": record_id,
        "file": file,
        "title": article.title,
        "outlet": article.outlet,
    }
    if article.url:
        record["url"] = article.url
    record["published"] = article.published or accessed[:4]
    if not article.published:
        record["date_certainty"] = "inferred"
        record["date_note"] = (
            f"The page gives no publication date; {accessed[:4]}, the year it was added "
            "to the archive, stands in for it until a curator dates it."
        )
    elif article.date_certainty != "stated" and article.date_note:
        record["date_certainty"] = article.date_certainty
        record["date_note"] = article.date_note
    if article.author:
        record["byline"] = article.author
    record["accessed"] = accessed
    record["note"] = f"Added with vnru add from {article.path.name}."
    return record


def register(
    root: Path, article: Article, record_id: str, number: int, accessed: str
) -> Registered:
    """Write ``article``'s text and append its source record.

    Raises:
        WriteError: when either write fails or a path would leave ``root``;
            whatever was written is removed again.
    """
    file = f"sources/{number:03d}_{article.digest[:16]}.txt"
    path = root / file
    check_inside(root, path.parent)
    if path.exists():
        raise WriteError(f"{file}: already exists; nothing was written")
    try:
        write_atomically(path, article.text)
    except OSError as error:
        raise WriteError(f"{file}: cannot be written ({error.strerror or error})") from None
    text_change = Change(path, None, article.text)
    try:
        change = append_record(root, "source", source_record(article, record_id, file, accessed))
    except WriteError:
        path.unlink(missing_ok=True)
        raise
    return Registered(record_id, file, (text_change, change))


def roll_back(changes: Sequence[Change]) -> None:
    """Undo ``changes`` newest first, as far as the files allow."""
    for change in reversed(changes):
        try:
            undo(change)
        except (WriteError, OSError):
            continue
