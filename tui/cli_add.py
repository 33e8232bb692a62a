"""``vnru add``: saved articles into the user's archive, with suggestions to review.

Registered from :mod:`tui.cli` (:func:`add_parser`), run by :func:`run`. Bad
input gets one line per article and exit code 1, and nothing is written.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

EXIT_OK = 0
EXIT_BAD = 1


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Declare the ``add`` command and its options."""
    add = commands.add_parser(
        "add",
        help="add saved articles (HTML, text, Markdown) to your archive, with suggested records",
        description=(
            "Add saved articles to your own archive (default: the 'archive' folder in your "
            "user data directory; the bundled data is never written). Each article's text "
            "is stored under sources/ and registered in sources.yaml; the events, names and "
            "figures found in it wait in the explorer's Inbox (press i) until you accept, "
            "edit or dismiss them."
        ),
        epilog="Open the archive afterwards with: vnru --data DIR (the command prints it).",
    )
    add.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="article files")
    add.add_argument("--data", dest="add_data", metavar="DIR", type=Path, help="archive to add to")
    add.add_argument("--outlet", metavar="NAME", help="the publisher, when the page does not say")
    add.add_argument(
        "--dry-run",
        action="store_true",
        help="print what would be added and suggested; write nothing",
    )
    add.add_argument(
        "--format",
        dest="add_format",
        choices=["text", "json"],
        default="text",
        help="output format",
    )
    add.add_argument(
        "--no-review",
        action="store_true",
        help="register the articles only; their suggestions wait in the Inbox",
    )


def run(args: argparse.Namespace, data: Path | None) -> int:
    """Run ``vnru add``; ``data`` is ``--data`` given before or after the command."""
    from tui.ingest.adding import AddError, commit, prepare
    from tui.ingest.appending import WriteError
    from tui.ingest.archive import default_archive, ensure_archive, is_bundled

    root = (args.add_data or data or default_archive()).expanduser()
    if is_bundled(root) and not args.dry_run:
        print(
            f"vnru: {root} is the bundled knowledge base, which is never written; "
            "add to your own archive (leave out --data) or to a copy",
            file=sys.stderr,
        )
        return EXIT_BAD
    try:
        bar = _ProgressBar(sys.stderr) if len(args.paths) > 1 and sys.stderr.isatty() else None
        try:
            batch = prepare(root, args.paths, outlet=args.outlet, progress=bar)
        finally:
            if bar:
                bar.close()
        if args.dry_run:
            return _quietly_closed(lambda: _print_dry_run(batch.items, args.add_format))
        # Created only once every article has been read: bad input writes nothing.
        if ensure_archive(root) and args.add_format == "text":
            print(f"Created your archive: {root}", file=sys.stderr)
        added = commit(batch)
    except AddError as error:
        for line in error.lines:
            print(f"vnru: {_printable(line)}", file=sys.stderr)
        return EXIT_BAD
    except WriteError as error:
        print(f"vnru: {_printable(str(error))}", file=sys.stderr)
        return EXIT_BAD
    _print_added(batch.items, root, args.add_format)
    if (
        args.no_review
        or args.add_format == "json"
        or not (sys.stdin.isatty() and sys.stdout.isatty())
    ):
        if args.add_format == "text":
            print(f"Review the suggestions: vnru --data {root}  (then press i for the Inbox)")
        return EXIT_OK
    return _review(root, added)


def _quietly_closed(write: Callable[[], None]) -> int:
    """Run ``write``; a reader that stops early (``| head``) is not an error."""
    try:
        write()
        sys.stdout.flush()
    except BrokenPipeError:
        # Python would complain again when it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return EXIT_OK


def _printable(text: str) -> str:
    from tui.core.problems import printable

    return printable(text)


def _print_dry_run(items: list[Any], format_: str) -> None:
    if format_ == "json":
        payload: Any = items[0].public() if len(items) == 1 else [item.public() for item in items]
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return
    for item in items:
        _describe(item, "Would add")
        for suggestion in item.suggestions:
            print("  " + _printable(_suggestion_line(suggestion)))


def _print_added(items: list[Any], root: Path, format_: str) -> None:
    if format_ == "json":
        json.dump(
            {"archive": str(root), "added": [item.public() for item in items]},
            sys.stdout,
            ensure_ascii=False,
            indent=1,
        )
        print()
        return
    for item in items:
        _describe(item, "Added")
    print(f"Archive: {root}")


def _describe(item: Any, verb: str) -> None:
    counts: dict[str, int] = {}
    conflicts = 0
    for suggestion in item.suggestions:
        counts[suggestion.kind] = counts.get(suggestion.kind, 0) + 1
        conflicts += bool(suggestion.conflicts)
    summary = ", ".join(f"{number} {kind}" for kind, number in counts.items()) or "nothing"
    line = f"{verb} {item.source_id}: {item.article.title} ({item.article.published or 'undated'}); suggestions: {summary}"
    if conflicts:
        line += f"; {conflicts} disagree with the archive"
    print(_printable(line))


def _suggestion_line(suggestion: Any) -> str:
    parts = [f"{suggestion.kind:<12}"]
    if suggestion.date:
        parts.append(f"{suggestion.date} ({suggestion.date_certainty})")
    if suggestion.name and suggestion.kind != "event":
        parts.append(suggestion.name)
    if suggestion.match:
        parts.append(f"= {suggestion.match}")
    if suggestion.ambiguous:
        parts.append("ambiguous: " + " / ".join(suggestion.ambiguous))
    if suggestion.conflicts:
        parts.append("disagrees with " + ", ".join(suggestion.conflicts))
    quote = suggestion.quote if len(suggestion.quote) <= 90 else suggestion.quote[:89] + "…"
    parts.append(f"“{quote}”")
    return "  ".join(parts)


def _review(root: Path, added: list[str]) -> int:
    """Open the explorer on the archive with the Inbox showing."""
    from tui.app import VnruApp
    from tui.core.index.reader import load_knowledge_base

    app = VnruApp(load_knowledge_base(root))
    app.call_after_first_frame(lambda: app.run_action("inbox"))
    app.run()
    if app.unexpected_error is not None:
        raise app.unexpected_error
    print(f"Your archive: {root}  (open it with: vnru --data {root})")
    return app.return_code or EXIT_OK


class _ProgressBar:
    """A one-line progress bar on a terminal: ``[#####-----] 37/100 name``."""

    WIDTH = 30

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def __call__(self, done: int, total: int, name: str) -> None:
        filled = self.WIDTH * done // max(total, 1)
        shown = _printable(name)[:40]
        self._stream.write(
            f"\r[{'#' * filled}{'-' * (self.WIDTH - filled)}] {done}/{total} {shown:<40}"
        )
        self._stream.flush()

    def close(self) -> None:
        self._stream.write("\r" + " " * (self.WIDTH + 60) + "\r")
        self._stream.flush()
