"""The notebook file's format: what ``notebook.json`` holds, validated on reading."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from tui.core.outputs.citation_styles import CitationStyle

FORMAT: Literal["vnru-notebook"] = "vnru-notebook"
VERSION: Literal[1] = 1
"""The notebook file's format version; a newer file is never modified."""
NOTE_LIMIT = 10_000
"""Longest note kept, in characters: a note, not a manuscript."""


class Entry(BaseModel):
    """One bookmarked or annotated record."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: str
    """The record's kind when it was saved (``event``, ``person``…)."""
    label: str
    """The record's title or name when it was saved, shown if it leaves the data."""
    data: str
    """The data directory it was saved from: ``bundled`` or an absolute path."""
    bookmarked: bool = False
    """Whether the record is bookmarked."""
    note: str = Field(default="", max_length=NOTE_LIMIT)
    """The user's note (may be empty)."""
    created: str
    """When the item was first saved (ISO 8601, UTC)."""
    updated: str
    """When the item last changed (ISO 8601, UTC)."""


class Settings(BaseModel):
    """Preferences kept with the notebook."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    citation_style: CitationStyle = "plain"
    """The style ``y`` copies citations in (chosen with ``Y``)."""


class NotebookFile(BaseModel):
    """The whole file, as written."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    format: Literal["vnru-notebook"] = FORMAT
    """Identifies the file."""
    version: Literal[1] = VERSION
    """Format version."""
    items: dict[str, Entry] = Field(default_factory=dict)
    """Items by record id."""
    settings: Settings = Field(default_factory=Settings)
    """Preferences."""
