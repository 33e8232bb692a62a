"""The Inbox's memory: which articles' suggestions wait for review, and what was decided.

One JSON file in the archive, ``.vnru-inbox.json``: the suggestions of each
article added with ``vnru add`` (kept as they were offered, so a later vnru
with a better extractor does not reshuffle a half-reviewed article) and, per
suggestion, whether it was accepted (and as which record), cited on an
existing record, or dismissed. The user's YAML files are never touched here;
only accepted records are, through :mod:`tui.ingest.appending`.

The file is written atomically; a file that cannot be parsed is set aside as
``.vnru-inbox.json.corrupt`` and the Inbox starts empty, saying so.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tui.core.atomic import set_aside, write_atomically
from tui.ingest.suggest import Suggestion

INBOX_FILE = ".vnru-inbox.json"

Action = Literal["accepted", "cited", "dismissed"]


class Decision(BaseModel):
    """What the user did with one suggestion."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    action: Action
    record: str | None = None
    """The record created (accepted) or cited (cited)."""
    at: str
    """When (ISO 8601, UTC)."""


class Pending(BaseModel):
    """An added article and its suggestions."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str
    added: str
    suggestions: tuple[Suggestion, ...] = ()
    decisions: dict[str, Decision] = Field(default_factory=dict)

    @property
    def open(self) -> list[Suggestion]:
        """Suggestions not yet decided."""
        return [s for s in self.suggestions if s.id not in self.decisions]


class InboxFile(BaseModel):
    """The whole file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    format: Literal["vnru-inbox"] = "vnru-inbox"
    version: Literal[1] = 1
    articles: dict[str, Pending] = Field(default_factory=dict)
    """By source id, in the order added."""


def now() -> str:
    """The time now, ISO 8601 in UTC, to the second."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


class Inbox:
    """The Inbox of one archive; every change is saved at once."""

    def __init__(self, root: Path) -> None:
        self.path = root / INBOX_FILE
        self.warning: str | None = None
        self._data = self._load()

    def _load(self) -> InboxFile:
        try:
            raw = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return InboxFile()
        try:
            return InboxFile.model_validate(json.loads(raw))
        except (ValueError, ValidationError):
            try:
                moved = set_aside(self.path)
                self.warning = f"The Inbox file could not be read and was moved to {moved.name}."
            except OSError:
                self.warning = f"The Inbox file {self.path} could not be read."
            return InboxFile()

    def save(self) -> None:
        """Write the Inbox atomically."""
        write_atomically(self.path, self._data.model_dump_json(indent=1) + "\n")

    def add(self, source_id: str, title: str, suggestions: list[Suggestion]) -> None:
        """Put an article's suggestions in the Inbox (not saved: call :meth:`save`)."""
        articles = dict(self._data.articles)
        articles[source_id] = Pending(title=title, added=now(), suggestions=tuple(suggestions))
        self._data = self._data.model_copy(update={"articles": articles})

    def articles(self) -> Iterator[tuple[str, Pending]]:
        """Articles with suggestions still open, in the order added."""
        for source_id, pending in self._data.articles.items():
            if pending.open:
                yield source_id, pending

    def pending(self, source_id: str) -> Pending | None:
        """The article ``source_id``'s entry, if it has one."""
        return self._data.articles.get(source_id)

    def decide(self, source_id: str, suggestion_id: str, decision: Decision | None) -> None:
        """Record (or, with ``None``, forget) a decision, and save."""
        pending = self._data.articles[source_id]
        decisions = dict(pending.decisions)
        if decision is None:
            decisions.pop(suggestion_id, None)
        else:
            decisions[suggestion_id] = decision
        articles = dict(self._data.articles)
        articles[source_id] = pending.model_copy(update={"decisions": decisions})
        self._data = self._data.model_copy(update={"articles": articles})
        self.save()

    def counts(self) -> tuple[int, int]:
        """(offered, accepted or cited) over every article: the precision's terms."""
        offered = accepted = 0
        for pending in self._data.articles.values():
            offered += len(pending.suggestions)
            accepted += sum(d.action != "dismissed" for d in pending.decisions.values())
        return offered, accepted
