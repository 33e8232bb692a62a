"""``vnru add`` without the command line: read articles, suggest, register.

:func:`prepare` reads every article and works out its suggestions without
writing anything; :func:`commit` then writes them all into the archive, or
nothing: a batch with one bad article is refused whole, so a user fixes the
input and runs the same command again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui.core.problems import DataError
from tui.ingest.appending import Change, WriteError, check_inside, target_file
from tui.ingest.archive import (
    existing_digests,
    next_number,
    register,
    roll_back,
    source_id,
)
from tui.ingest.inbox import Inbox
from tui.ingest.reading import Article, ArticleError, read_article
from tui.ingest.suggest import Context, Suggestion, build_context, suggest

Progress = Callable[[int, int, str], None]
"""Called with the number of articles done, the total and the current file's name."""


class AddError(Exception):
    """Articles that cannot be added: one line per problem, nothing was written."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


@dataclass(frozen=True, slots=True)
class Prepared:
    """An article read and its suggestions, ready to be registered."""

    article: Article
    source_id: str
    suggestions: list[Suggestion]

    def public(self) -> dict[str, Any]:
        """The article and its suggestions as ``--format json`` prints them."""
        article = self.article
        return {
            "source": {
                "id": self.source_id,
                "title": article.title,
                "outlet": article.outlet,
                "author": article.author,
                "published": article.published,
                "url": article.url,
                "text": article.text,
            },
            "suggestions": [suggestion.public() for suggestion in self.suggestions],
        }


@dataclass(slots=True)
class Batch:
    """Articles prepared against one archive."""

    root: Path
    kb: Any
    context: Context
    items: list[Prepared] = field(default_factory=list)


def load_archive(root: Path) -> Any:
    """The archive's knowledge base (an empty stand-in when ``root`` has no archive yet)."""
    from tui.core.index.reader import load_knowledge_base

    if not (root / "sources.yaml").exists():
        return None
    return load_knowledge_base(root)


def prepare(
    root: Path,
    paths: Sequence[Path],
    *,
    outlet: str | None = None,
    progress: Progress | None = None,
    kb: Any = None,
) -> Batch:
    """Read ``paths`` and suggest records for each, writing nothing.

    Raises:
        AddError: listing every article that cannot be read or is already in
            the archive (or given twice).
        DataError: when the archive itself does not load.
    """
    kb = kb if kb is not None else load_archive(root)
    context = build_context(kb) if kb is not None else build_context(object())
    digests = existing_digests(kb) if kb is not None else {}
    taken = set(getattr(kb, "by_id", {}) or ()) if kb is not None else set()
    problems: list[str] = []
    batch = Batch(root, kb, context)
    seen: dict[str, Path] = {}
    for done, path in enumerate(paths):
        if progress:
            progress(done, len(paths), path.name)
        try:
            article = read_article(path, outlet=outlet)
        except ArticleError as error:
            problems.append(str(error))
            continue
        digest = article.digest
        if digest in digests:
            problems.append(
                f"{path}: already in the archive as source '{digests[digest]}'; nothing to add"
            )
            continue
        if digest in seen:
            problems.append(f"{path}: the same article as {seen[digest]}; give it once")
            continue
        seen[digest] = path
        record_id = source_id(article, taken)
        taken.add(record_id)
        batch.items.append(Prepared(article, record_id, suggest(article, context, record_id)))
    if progress:
        progress(len(paths), len(paths), "")
    if problems:
        raise AddError(problems)
    return batch


def commit(batch: Batch, *, today: dt.date | None = None) -> list[str]:
    """Register every article of ``batch`` and put its suggestions in the Inbox;
    returns the new source ids.

    The whole directory is loaded again once the articles are written; if it
    does not load, every write of this batch is undone.

    Raises:
        WriteError: when a write fails (earlier writes of the batch are undone).
        DataError: when the archive does not load with the new articles (undone too).
    """
    from tui.core.index.reader import load_knowledge_base

    root = batch.root
    check_inside(root, root / "sources")
    check_inside(root, target_file(root, "source"))
    accessed = (today or dt.date.today()).isoformat()
    changes: list[Change] = []
    reserved: list[str] = []
    try:
        for item in batch.items:
            number = next_number(root, reserved)
            registered = register(root, item.article, item.source_id, number, accessed)
            reserved.append(Path(registered.file).name)
            changes.extend(registered.changes)
        load_knowledge_base(root)
    except (WriteError, DataError, OSError):
        roll_back(changes)
        raise
    inbox = Inbox(root)
    for item in batch.items:
        inbox.add(item.source_id, item.article.title, item.suggestions)
    try:
        inbox.save()
    except OSError as error:
        roll_back(changes)
        raise WriteError(
            f"{inbox.path.name}: cannot be written ({error.strerror or error})"
        ) from None
    return [item.source_id for item in batch.items]
