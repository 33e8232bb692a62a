"""One browser session's vnru: ``python -m tui.serve.app_process --data DIR``.

The server starts this for each websocket, with Textual's web driver chosen
by the environment textual-serve sets.  The server has validated the data
and built their index before serving, so this opens the index.  Unlike the
terminal command, it prints nothing on leaving: its standard error goes to
the server's log, and a farewell there would speak to nobody.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Sequence
from pathlib import Path


def main(argv: Sequence[str] | None = None) -> int:
    """Run the explorer for one session; returns its exit code."""
    parser = argparse.ArgumentParser(prog="python -m tui.serve.app_process")
    parser.add_argument("--data", type=Path, required=True, metavar="DIR")
    parser.add_argument("--debug", action="store_true", help="tracebacks in the server's log")
    args = parser.parse_args(argv)
    try:
        return _explore(args.data)
    except Exception as error:  # one line in the server's log, as the command line does
        if args.debug:
            raise
        from tui.cli import unexpected_error_message
        from tui.core.problems import DataError

        if isinstance(error, DataError):  # the data changed after the server checked them
            print(f"vnru: {len(error.problems)} problem(s) in the data", file=sys.stderr)
            for problem in error.problems:
                print(f"  {problem}", file=sys.stderr)
            return 1
        print(unexpected_error_message(error), file=sys.stderr)
        return 2


def _explore(data: Path) -> int:
    # As on the command line: the collector stays off while the interface
    # starts, and the app turns it back on after the first frame.
    collecting = gc.isenabled()
    gc.disable()
    try:
        from tui.core.queries.opening import cached_knowledge_base, open_knowledge_base

        # The server built the index; its check against the files runs after
        # the first frame, as in the terminal (the app reloads if it is stale).
        kb = cached_knowledge_base(data, defer_check=True) or open_knowledge_base(data)[0]
        from tui.app import VnruApp

        app = VnruApp(kb, manage_collector=collecting)
        app.run()
    finally:
        if collecting:
            gc.enable()
    if app.unexpected_error is not None:
        raise app.unexpected_error
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())
