"""The ``vnru`` command line: launch the explorer, validate or export data.

Problems with the data go to stderr as one line each (file, line, record, what
to fix) with exit code 1 and no traceback; ``--debug`` shows tracebacks.
"""

from __future__ import annotations

import argparse
import gc
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from tui import __version__
from tui.cli_research import UsageError
from tui.core.paths import default_data_dir
from tui.core.problems import DataError, printable

if TYPE_CHECKING:
    from tui.core.queries.knowledge import KnowledgeBase

T = TypeVar("T")

EXIT_OK = 0
EXIT_DATA = 1
EXIT_INTERNAL = 2
EXIT_USAGE = 2


COMMANDS = ("validate", "index", "export", "discrepancies", "serve", "add")
"""The commands :func:`build_parser` declares (the explorer is run without one)."""


def build_parser(*, commands: bool = True) -> argparse.ArgumentParser:
    """The argument parser, shared by ``main`` and the tests; ``commands=False``
    leaves the commands out, and raises on a mistake rather than reporting it (see
    :func:`parse_arguments`)."""
    parser = argparse.ArgumentParser(
        exit_on_error=commands,
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
    if commands:
        _add_commands(parser.add_subparsers(dest="command", metavar="COMMAND"))
    return parser


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    """``argv`` parsed. A command line without a command (``vnru``, ``vnru --data
    DIR``) opens the explorer, and is parsed without declaring the commands, whose
    modules and many options cost the explorer's start-up ~10 ms; anything the
    short parser cannot settle (a command, ``--help``, a mistake) goes to the whole."""
    words = list(sys.argv[1:] if argv is None else argv)
    if not any(word in COMMANDS or word.startswith("-h") or word == "--help" for word in words):
        try:
            args, rest = build_parser(commands=False).parse_known_args(words)
        except argparse.ArgumentError:
            rest = words
        if not rest:
            args.command = None
            return args
    return build_parser().parse_args(words)


def _add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Every command's parser."""
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
    validate.add_argument(
        "--audit",
        action="store_true",
        help="also list what the next curation pass should look at (exit 0 when valid)",
    )
    index = commands.add_parser(
        "index",
        help="build or update the data directory's search index and print where it is",
        description=(
            "Build the SQLite index of a data directory, or update it: only the files "
            "changed since the last build are read again. Prints the database's path; "
            "its tables are documented in the README (open it with sqlite3 or Datasette)."
        ),
    )
    index.add_argument(
        "directory",
        nargs="?",
        type=Path,
        metavar="DIR",
        help="data directory (default: --data or the bundled data)",
    )
    index.add_argument(
        "--data", dest="index_data", metavar="DIR", type=Path, help="data directory (as DIR)"
    )
    from tui.cli_research import add_parsers as add_research_parsers  # export, discrepancies

    add_research_parsers(commands)
    from tui.serve.command import add_parser as add_serve_parser  # vnru serve (tui/serve/)

    add_serve_parser(commands)
    from tui.cli_add import add_parser  # vnru add (tui/cli_add.py)

    add_parser(commands)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    args = parse_arguments(argv)
    try:
        if args.command == "validate":
            return _validate(args.directory or args.data or default_data_dir(), audit=args.audit)
        if args.command == "index":
            return _index(args.directory or args.index_data or args.data or default_data_dir())
        if args.command == "export":
            from tui.cli_research import export

            return export(args, args.export_data or args.data or default_data_dir())
        if args.command == "add":
            from tui.cli_add import run as add

            return add(args, args.data)
        if args.command == "discrepancies":
            from tui.cli_research import discrepancies

            return discrepancies(args, args.command_data or args.data or default_data_dir())
        if args.command == "serve":
            from tui.serve.command import run as serve

            return serve(args, args.serve_data or args.data or default_data_dir())
        return _explore(args.data or default_data_dir())
    except UsageError as error:
        print(f"vnru: {error}", file=sys.stderr)
        return EXIT_USAGE
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


def _validate(directory: Path, *, audit: bool = False) -> int:
    from tui.core.queries.knowledge import count_of
    from tui.core.queries.opening import load_knowledge_base

    kb = load_knowledge_base(directory)
    counts = kb.counts()
    citations = sum(len(kb.citations_of(record)) for record in kb.by_id.values())
    summary = ", ".join(count_of(name, number) for name, number in counts.items())
    print(f"OK: {directory}: {summary}, {citations} citation{'' if citations == 1 else 's'}")
    if audit:
        from tui.cli_research import audit as audit_report

        print()
        print(audit_report(kb), end="")
    return EXIT_OK


def _index(directory: Path) -> int:
    """``vnru index``: build or update, with a progress bar on a terminal."""
    from tui.core.index.build import update_index
    from tui.core.index.schema import IndexUnavailable

    try:
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

            with Progress(
                TextColumn("{task.description}", markup=False),
                BarColumn(),
                TextColumn("{task.percentage:>3.0f}%"),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            ) as bar:
                task = bar.add_task("Indexing", total=1.0)
                built = update_index(
                    directory,
                    progress=lambda stage, done: bar.update(
                        task, description=stage, completed=done
                    ),
                )
        else:
            built = update_index(directory)
    except IndexUnavailable as error:
        print(f"vnru: {error}", file=sys.stderr)
        return EXIT_DATA
    what = (
        "up to date"
        if built.current
        else f"{built.files_read} data file{'s' if built.files_read != 1 else ''} and "
        f"{built.articles_read} article{'s' if built.articles_read != 1 else ''} read "
        f"in {built.seconds:.1f} s"
    )
    print(f"vnru: index {what}", file=sys.stderr)
    print(built.path)
    return EXIT_OK


def _explore(directory: Path) -> int:
    # The cyclic garbage collector stays off until the first frame is out:
    # importing the interface creates a few hundred thousand objects, and the
    # collections they trigger cost ~30 ms of start-up (one full pass alone
    # ~15 ms).  The app turns it back on (see VnruApp's ``manage_collector``).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _run_explorer(directory, manage_collector=collecting)
    finally:
        if collecting:
            gc.enable()


def _run_explorer(directory: Path, *, manage_collector: bool) -> int:
    # Only light modules here: a current index opens without pydantic or PyYAML.
    from tui.core.files.datadir import check_directory
    from tui.core.queries.opening import open_knowledge_base

    check_directory(directory)  # a missing or wrong directory is reported before any UI
    # The archive is opened in a thread while the interface's modules import:
    # its file reads and stats release the interpreter, so the two overlap on a
    # second core.
    opening = _Background(lambda: _open_before_interface(directory))
    from tui.app import VnruApp, main_screen_type

    if not opening.finished or opening.result() is not None:
        # The main screen's modules import while the index is checked; an archive
        # that must load first shows its progress screen without them.
        main_screen_type()
    kb = opening.result()
    if kb is not None:
        app = VnruApp(kb, manage_collector=manage_collector)
    else:
        app = VnruApp(
            loader=lambda progress: open_knowledge_base(directory, progress=progress)[0],
            directory=str(directory),
            manage_collector=manage_collector,
        )
    app.run()
    if app.unexpected_error is not None:
        raise app.unexpected_error  # the terminal is restored by now
    if app.load_error is not None:
        raise app.load_error
    if app.farewell is not None:
        print(printable(app.farewell), file=sys.stderr)
    return app.return_code or EXIT_OK


def _open_before_interface(directory: Path) -> KnowledgeBase | None:
    """What the explorer can show at once: the knowledge base of a current index,
    or of a small archive (loaded now, so that its problems are printed without a
    flash of the interface); None when a large one must load behind a progress
    screen."""
    from tui.core.files.datadir import yaml_bytes_exceed
    from tui.core.queries.opening import cached_knowledge_base, open_knowledge_base

    if yaml_bytes_exceed(directory, SYNCHRONOUS_LOAD_BYTES):
        kb = cached_knowledge_base(directory, defer_check=True)
    else:
        kb = cached_knowledge_base(directory) or open_knowledge_base(directory)[0]
    if kb is not None:
        # The banner's counts read each collection's display order (8 MB for the
        # timeline of 1,000,000 events): read here, SQLite leaves the interpreter
        # to the imports meanwhile.
        kb.counts()
    return kb


class _Background(Generic[T]):
    """A call running in a thread; :meth:`result` waits for it and re-raises its error."""

    def __init__(self, call: Callable[[], T]) -> None:
        self._call = call
        self._value: T | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="vnru-open", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._value = self._call()
        except BaseException as error:  # handed to the main thread as it is
            self._error = error

    @property
    def finished(self) -> bool:
        """True once the call has returned (or raised)."""
        return not self._thread.is_alive()

    def result(self) -> T | None:
        """The call's value once it has finished."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value


#: Archives whose YAML files add up to more than this load behind a progress screen.
SYNCHRONOUS_LOAD_BYTES = 4 * 1024 * 1024
