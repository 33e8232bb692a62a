"""The Inbox's memory: which articles' suggestions wait for review, and what was decided.

Two JSON files in the archive: ``.vnru-inbox.json``, the suggestions of each
article added with ``vnru add`` (kept as they were offered, so a later vnru
with a better extractor does not reshuffle a half-reviewed article), and
``.vnru-inbox-reviewed.json``, per suggestion whether it was accepted (and as
which record), cited on an existing record, or dismissed. The second is small,
so each decision is saved the moment it is taken. The user's YAML files are never touched here;
only accepted records are, through :mod:`tui.ingest.appending`.

Both are written atomically; a file that cannot be parsed is set aside
(``….corrupt``) and the Inbox starts without it, saying so.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tui.core.atomic import set_aside, write_atomically
from tui.ingest.suggest import Suggestion

INBOX_FILE = ".vnru-inbox.json"
"""The suggestions of every article added, as offered."""
REVIEWED_FILE = ".vnru-inbox-reviewed.json"
"""What was decided about each suggestion."""

Action = Literal["accepted", "cited", "dismissed"]
_FileT = TypeVar("_FileT", "InboxFile", "ReviewedFile")


class Decision(BaseModel):
    """What the user did with one suggestion."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    action: Action
    record: str | None = None
    """The record created (accepted) or cited (cited)."""
    at: str
    """When (ISO 8601, UTC)."""


class Offered(BaseModel):
    """An added article and the suggestions offered for it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str
    added: str
    suggestions: tuple[Suggestion, ...] = ()


class InboxFile(BaseModel):
    """The suggestions file, written by ``vnru add``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    format: Literal["vnru-inbox"] = "vnru-inbox"
    version: Literal[1] = 1
    articles: dict[str, Offered] = Field(default_factory=dict)
    """By source id, in the order added."""


class ReviewedFile(BaseModel):
    """The decisions file, written by the Inbox: small, so a decision is saved at once."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    format: Literal["vnru-inbox-reviewed"] = "vnru-inbox-reviewed"
    version: Literal[1] = 1
    decisions: dict[str, dict[str, Decision]] = Field(default_factory=dict)
    """By source id, then suggestion id."""


@dataclass(frozen=True, slots=True)
class Pending:
    """An article's suggestions and the decisions taken on them."""

    title: str
    added: str
    suggestions: tuple[Suggestion, ...]
    decisions: dict[str, Decision]

    @property
    def open(self) -> list[Suggestion]:
        """Suggestions not yet decided."""
        return [s for s in self.suggestions if s.id not in self.decisions]


def now() -> str:
    """The time now, ISO 8601 in UTC, to the second."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


class Inbox:
    """The Inbox of one archive; every decision is saved at once."""

    def __init__(self, root: Path) -> None:
        self.path = root / INBOX_FILE
        self.reviewed_path = root / REVIEWED_FILE
        self.warning: str | None = None
        self._data = self._load(self.path, InboxFile)
        self._reviewed = self._load(self.reviewed_path, ReviewedFile)

    def _load(self, path: Path, model: type[_FileT]) -> _FileT:
        try:
            raw = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return model()
        except (OSError, UnicodeDecodeError) as error:
            self.warning = f"The Inbox file {path} could not be read ({error})."
            return model()
        try:
            return model.model_validate(json.loads(raw))
        except (ValueError, ValidationError):
            try:
                moved = set_aside(path)
                self.warning = f"The Inbox file could not be read and was moved to {moved.name}."
            except OSError:
                self.warning = f"The Inbox file {path} could not be read."
            return model()

    def save(self) -> None:
        """Write the suggestions atomically (after :meth:`add`)."""
        write_atomically(self.path, self._data.model_dump_json() + "\n")

    def add(self, source_id: str, title: str, suggestions: list[Suggestion]) -> None:
        """Put an article's suggestions in the Inbox (not saved: call :meth:`save`)."""
        articles = dict(self._data.articles)
        articles[source_id] = Offered(title=title, added=now(), suggestions=tuple(suggestions))
        self._data = self._data.model_copy(update={"articles": articles})

    def pending(self, source_id: str) -> Pending | None:
        """The article ``source_id``'s suggestions and decisions, if it has any."""
        offered = self._data.articles.get(source_id)
        if offered is None:
            return None
        decisions = self._reviewed.decisions.get(source_id, {})
        return Pending(offered.title, offered.added, offered.suggestions, dict(decisions))

    def articles(self) -> Iterator[tuple[str, Pending]]:
        """Articles with suggestions still open, in the order added."""
        for source_id in self._data.articles:
            pending = self.pending(source_id)
            if pending is not None and pending.open:
                yield source_id, pending

    def decide(self, source_id: str, suggestion_id: str, decision: Decision | None) -> None:
        """Record (or, with ``None``, forget) a decision, and save it."""
        everything = {key: dict(value) for key, value in self._reviewed.decisions.items()}
        decisions = everything.setdefault(source_id, {})
        if decision is None:
            decisions.pop(suggestion_id, None)
        else:
            decisions[suggestion_id] = decision
        self._reviewed = self._reviewed.model_copy(update={"decisions": everything})
        write_atomically(self.reviewed_path, self._reviewed.model_dump_json(indent=1) + "\n")

    def counts(self) -> tuple[int, int]:
        """(offered, accepted or cited) over every article: the precision's terms."""
        offered = sum(len(article.suggestions) for article in self._data.articles.values())
        accepted = sum(
            decision.action != "dismissed"
            for decisions in self._reviewed.decisions.values()
            for decision in decisions.values()
        )
        return offered, accepted
