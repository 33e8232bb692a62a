"""The research commands: ``vnru export``, ``vnru discrepancies`` and ``vnru validate --audit``.

Kept apart from :mod:`tui.cli` (which parses the arguments and reports
problems) so that each command reads on its own, its options declared here
(:func:`add_parsers`) as ``vnru add``'s and ``vnru serve``'s are in theirs.
Documents go to stdout unless ``-o`` names a file; messages go to stderr.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the command line imports this module before it knows the command
    from tui.core.outputs.notebook import Notebook
    from tui.core.queries.knowledge import KnowledgeBase

EXIT_OK = 0


class UsageError(Exception):
    """The command line asks for something that cannot be done; the message says why."""


def years_argument(text: str) -> tuple[int | None, int | None]:
    """argparse type for ``--years``: '1950-1975', '2001-', '-1991', '2024'."""
    from tui.core.dates import parse_year_range

    try:
        return parse_year_range(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def topic_argument(text: str) -> str:
    """argparse type for ``--topic``: one of the timeline topics."""
    from tui.core.models import TOPICS

    if text not in TOPICS:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a topic; choose from {', '.join(TOPICS)}"
        )
    return text


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Declare the ``export`` and ``discrepancies`` commands and their options."""
    from tui.core.kinds import KINDS

    export = commands.add_parser(
        "export",
        help="write the knowledge base, a filtered part or the bookmarks (md, csv, json, timelinejs)",
        description=(
            "Write the knowledge base, or part of it, to stdout or a file. "
            "md: a readable brief with footnoted quotes; csv: one table per collection; "
            "json: every record (a stable contract); timelinejs: the timeline for TimelineJS."
        ),
    )
    export.add_argument(
        "--format",
        choices=["md", "csv", "json", "timelinejs"],
        default="json",
        help="output format (default: json)",
    )
    export.add_argument(
        "--bookmarks", action="store_true", help="only the items bookmarked or annotated in the app"
    )
    export.add_argument(
        "--query",
        metavar="Q",
        help="only records matching Q, as the app's / filter matches "
        "(every word; a capital makes it case-sensitive; plain letters find accented ones)",
    )
    export.add_argument(
        "--topic",
        metavar="TOPIC",
        type=topic_argument,
        help="only timeline events on TOPIC (diplomacy, trade-economy, energy, …)",
    )
    export.add_argument(
        "--years",
        metavar="RANGE",
        type=years_argument,
        help="only timeline events within RANGE (1950-1975, 2001-, -1991, 2024)",
    )
    export.add_argument(
        "--collection",
        choices=[kind.collection for kind in KINDS],
        help="only this collection (csv: the one table to write)",
    )
    export.add_argument(
        "--no-notes", action="store_true", help="leave your notes out of the export"
    )
    export.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        type=Path,
        help="write to FILE instead of stdout (csv: FILE-events.csv… per table)",
    )
    export.add_argument("--force", action="store_true", help="replace FILE if it exists")
    export.add_argument(
        "--data", dest="export_data", metavar="DIR", type=Path, help="data directory"
    )
    discrepancies = commands.add_parser(
        "discrepancies",
        help="list every point on which the articles disagree",
        description="List every recorded discrepancy with the conflicting passages, side by side.",
    )
    discrepancies.add_argument(
        "--format", choices=["text", "json"], default="text", help="output format (default: text)"
    )
    discrepancies.add_argument(
        "--data", dest="command_data", metavar="DIR", type=Path, help="data directory"
    )


def _load(directory: Path) -> KnowledgeBase:
    """The knowledge base of ``directory``, its index brought up to date first (only
    the files changed since the last build are read again)."""
    from tui.core.queries.opening import open_knowledge_base

    return open_knowledge_base(directory)[0]


def _open_notebook() -> Notebook:
    from tui.core.outputs.notebook import Notebook

    notebook = Notebook.open()
    for warning in notebook.take_warnings():
        print(f"vnru: {warning}", file=sys.stderr)
    return notebook


def export(args: argparse.Namespace, directory: Path) -> int:
    """``vnru export``: write the knowledge base, a filtered part of it or the
    bookmarks in one of four formats."""
    from tui.core.outputs.export import RECORD_COLLECTIONS, select
    from tui.core.outputs.export_files import (
        documents,
        extras_from,
        notebook_ids,
        target_paths,
        write_documents,
    )

    kb = _load(directory)
    notebook = _open_notebook()
    extras = extras_from(notebook, kb, notes=not args.no_notes)
    if not args.bookmarks:
        extras = replace(extras, missing=[])
    collections: tuple[str, ...]
    if args.collection:
        collections = (args.collection,)
    elif args.format == "timelinejs" or args.topic or args.years:
        collections = ("events",)  # only events have dates and topics
    else:
        collections = RECORD_COLLECTIONS
    if args.collection is None and args.format == "md" and not args.bookmarks:
        # The brief lists the articles its records cite; on their own they
        # are only wanted when asked for.
        collections = tuple(name for name in collections if name != "sources")
    ids = notebook_ids(notebook, kb) if args.bookmarks else None
    if args.bookmarks and not ids and not extras.missing:
        print(
            "vnru: no bookmarks for this data yet (press b on an item in the explorer); "
            "the export is empty.",
            file=sys.stderr,
        )
    selection = select(
        kb,
        ids=ids,
        query=args.query or "",
        topic=args.topic,
        years=args.years,
        collections=collections,
    )
    tables = [args.collection] if args.collection else None
    docs = documents(kb, selection, args.format, extras=extras, tables=tables)
    if args.output is None:
        if len(docs) > 1:
            names = ", ".join(doc.collection or "" for doc in docs)
            raise UsageError(
                f"csv writes one table per collection and this export has {len(docs)} "
                f"({names}): add --collection NAME for one table on stdout, or -o FILE "
                "for one file per table"
            )
        sys.stdout.write(docs[0].text)
        return EXIT_OK
    paths = target_paths(args.output, docs)
    existing = [path for path in paths if path.exists()]
    if existing and not args.force:
        names = ", ".join(str(path) for path in existing)
        raise UsageError(f"{names} already exists; add --force to replace it")
    try:
        write_documents(paths, docs)
    except OSError as error:
        raise UsageError(
            f"could not write {error.filename or args.output}: {error.strerror}"
        ) from None
    print(
        f"vnru: wrote {len(selection)} records ({selection.description}) to "
        + ", ".join(str(path) for path in paths),
        file=sys.stderr,
    )
    return EXIT_OK


def discrepancies(args: argparse.Namespace, directory: Path) -> int:
    """``vnru discrepancies``: every point on which the articles disagree."""
    from tui.core.queries.discrepancies import all_disagreements, report, to_json

    kb = _load(directory)
    items = all_disagreements(kb)
    sys.stdout.write(to_json(kb, items) if args.format == "json" else report(kb, items))
    return EXIT_OK


def audit(kb: KnowledgeBase) -> str:
    """The curator's audit of ``kb`` as text (``vnru validate --audit``)."""
    from tui.core.outputs.audit import audit as run_audit
    from tui.core.outputs.audit import report

    return report(kb, run_audit(kb))
