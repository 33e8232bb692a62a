"""The ``vnru`` command line: launch the explorer, validate or export data.

Problems with the data go to stderr as one line each (file, line, record, what
to fix) with exit code 1 and no traceback; ``--debug`` shows tracebacks.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from tui import __version__
from tui.core.paths import default_data_dir
from tui.core.problems import DataError, printable

EXIT_OK = 0
EXIT_DATA = 1
EXIT_INTERNAL = 2


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, shared by ``main`` and the tests."""
    parser = argparse.ArgumentParser(
        prog="vnru",
        description=(
            "Explore Vietnam–Russia relations offline: a timeline, people and "
            "agreements, every record citing its source articles verbatim."
        ),
        epilog="Run without a command to open the explorer.",
    )
    parser.add_argument("--version", action="version", version=f"vnru {__version__}")
    parser.add_argument(
        "--data",
        metavar="DIR",
        type=Path,
        help="data directory to use (default: the bundled knowledge base)",
    )
    parser.add_argument("--debug", action="store_true", help="show full tracebacks on errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    validate = commands.add_parser(
        "validate",
        help="check a data directory and print a summary",
        description="Check a data directory: fields, dates, links, quotes, source files.",
    )
    validate.add_argument(
        "directory",
        nargs="?",
        type=Path,
        metavar="DIR",
        help="data directory (default: --data or the bundled data)",
    )
    export = commands.add_parser(
        "export",
        help="write the knowledge base to stdout",
        description="Write the whole knowledge base to stdout.",
    )
    export.add_argument(
        "--format", choices=["json"], default="json", help="output format (default: json)"
    )
    export.add_argument(
        "--data", dest="export_data", metavar="DIR", type=Path, help="data directory"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    args = build_parser().parse_args(argv)
    try:
        if args.command == "validate":
            return _validate(args.directory or args.data or default_data_dir())
        if args.command == "export":
            return _export(args.export_data or args.data or default_data_dir())
        return _explore(args.data or default_data_dir())
    except DataError as error:
        if args.debug:
            raise
        _print_problems(error)
        return EXIT_DATA
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        if args.debug:
            raise
        print(unexpected_error_message(error), file=sys.stderr)
        return EXIT_INTERNAL


def unexpected_error_message(error: BaseException) -> str:
    """One line for a bug: what happened, how to report it, where the details are."""
    what = printable(f"{type(error).__name__}: {error}")
    if len(what) > 200:
        what = what[:199] + "…"
    return (
        f"vnru: unexpected error ({what}). This is a bug in vnru, not in your data: "
        "please report it with the command you ran; run it again with --debug to "
        "see the traceback."
    )


def _print_problems(error: DataError) -> None:
    count = len(error.problems)
    print(f"vnru: {count} problem{'s' if count != 1 else ''} in the data:", file=sys.stderr)
    for problem in error.problems:
        print(f"  {problem}", file=sys.stderr)


def _validate(directory: Path) -> int:
    from tui.core.loading import load_knowledge_base

    kb = load_knowledge_base(directory)
    counts = kb.counts()
    citations = sum(len(kb.citations_of(record)) for record in kb.by_id.values())
    summary = ", ".join(_plural(number, name) for name, number in counts.items())
    print(f"OK: {directory}: {summary}, {_plural(citations, 'citations')}")
    return EXIT_OK


def _plural(number: int, plural: str) -> str:
    """'1 person', '2 people', '1 organization', '3 citations'."""
    singular = {"people": "person"}.get(plural, plural.removesuffix("s"))
    return f"{number} {singular if number == 1 else plural}"


def _export(directory: Path) -> int:
    from tui.core.export import to_json
    from tui.core.loading import load_knowledge_base

    kb = load_knowledge_base(directory)
    sys.stdout.write(to_json(kb))
    return EXIT_OK


def _explore(directory: Path) -> int:
    from tui.core.cache import open_knowledge_base
    from tui.core.loading import check_directory

    check_directory(directory)  # a missing or wrong directory is reported before any UI
    from tui.core.loading import data_file_sizes

    if sum(data_file_sizes(directory).values()) <= SYNCHRONOUS_LOAD_BYTES:
        # Small archives load (or come from the cache) before the UI starts, so
        # their problems are printed without a flash of the interface.
        kb, _cached = open_knowledge_base(directory)
        from tui.app import VnruApp

        app = VnruApp(kb)
    else:
        from tui.core.cache import cached_knowledge_base

        kb_or_none = cached_knowledge_base(directory)
        from tui.app import VnruApp

        if kb_or_none is not None:
            app = VnruApp(kb_or_none)
        else:
            app = VnruApp(
                loader=lambda progress: open_knowledge_base(directory, progress=progress)[0],
                directory=str(directory),
            )
    app.run()
    if app.unexpected_error is not None:
        raise app.unexpected_error  # the terminal is restored by now
    if app.load_error is not None:
        raise app.load_error
    return app.return_code or EXIT_OK


#: Archives whose YAML files add up to more than this load behind a progress screen.
SYNCHRONOUS_LOAD_BYTES = 4 * 1024 * 1024
