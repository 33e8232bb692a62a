"""What one data file gives the index: its records as rows, their links and
citations, and its problems; made in a worker process when a build is large."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui.core.index.checks import Progress
from tui.core.index.ordering import sort_blob
from tui.core.kinds import BY_COLLECTION, SOURCES, citations_of, model_of
from tui.core.problems import Problem


def collection_of(name: str) -> str:
    """The collection a data file belongs to: ``events/2024.yaml`` → ``events``."""
    return name.split("/", 1)[0].removesuffix(".yaml")


@dataclass(frozen=True, slots=True)
class Parsed:
    """What one data file gives the index: its rows, and what was wrong with it.
    Plain tuples, so that a worker process sends them back cheaply."""

    name: str
    records: list[tuple[Any, ...]]
    links: list[tuple[Any, ...]]
    citations: list[tuple[Any, ...]]
    articles: list[tuple[Any, ...]]
    problems: list[Problem]
    invalid: set[str]


def parse_for_index(root: Path, name: str, report: Progress | None = None) -> Parsed:
    """Parse and validate the data file ``name`` of ``root`` into the index's rows
    (runs in a worker process for a large build)."""
    from tui.core.files import loading

    kind = BY_COLLECTION[collection_of(name)]
    problems: list[Problem] = []
    invalid: set[str] = set()
    parsed = Parsed(name, [], [], [], [], problems, invalid)
    records = loading.parse_file(
        root, name, model_of(kind), problems, invalid, report or (lambda _stage, _done: None)
    )
    for seq, (record, position) in enumerate(records):
        parsed.records.append(
            (
                record.id,
                *kind.row(record),
                name,
                seq,
                position.line,
                sort_blob(kind.order(record)),
                record.model_dump_json(exclude_defaults=True),
            )
        )
        for field in kind.links:
            line = position.line_of(field)
            parsed.links.extend(
                (record.id, kind.name, field, target, name, line)
                for target in dict.fromkeys(getattr(record, field, ()))
            )
        parsed.citations.extend(
            (record.id, kind.name, citation.source, citation.quote, name, position.line_of(key))
            for key, citation in citations_of(record)
        )
        if kind is SOURCES:
            parsed.articles.append((record.id, record.file, position.line_of("file")))
    return parsed


@contextlib.contextmanager
def real_stderr() -> Iterator[None]:
    """``sys.stderr`` as a real file while worker processes start: the explorer's
    stands in for it with one whose ``fileno()`` is -1, which multiprocessing's
    helper processes are handed and refuse ("bad value(s) in fds_to_keep")."""
    try:
        usable = sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = False
    if usable:
        yield
        return
    saved = sys.stderr
    with open(os.devnull, "w") as devnull:
        sys.stderr = sys.__stderr__ if sys.__stderr__ is not None else devnull
        try:
            yield
        finally:
            sys.stderr = saved
