"""The ``vnru serve`` command: its arguments, the token rule, the link it prints.

The server itself (:mod:`tui.serve.server`) is imported only when the command
runs, so building the command line's parser stays light.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import socket
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tui.cli_research import UsageError
from tui.serve.access import is_loopback, new_token, token_problem

if TYPE_CHECKING:
    from tui.serve.server import Log, ServeConfig, Server

EXIT_CANNOT_LISTEN = 1


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``serve`` command: the explorer in a web browser."""
    serve = commands.add_parser(
        "serve",
        help="serve the explorer to web browsers (one vnru process per tab)",
        description=(
            "Serve the explorer to web browsers, one vnru process per tab. It listens on "
            "127.0.0.1 unless told otherwise; any other address needs a token, which vnru "
            "makes and prints unless given."
        ),
    )
    serve.add_argument(
        "--data",
        dest="serve_data",
        metavar="DIR",
        type=Path,
        help="data directory (default: the bundled data)",
    )
    serve.add_argument("--host", metavar="H", default="127.0.0.1", help="address to listen on")
    serve.add_argument(
        "--port", metavar="P", type=int, default=8000, help="port (default: 8000; 0: any free one)"
    )
    serve.add_argument(
        "--max-sessions",
        metavar="N",
        type=int,
        default=4,
        help="most sessions (tabs) at once (default: 4)",
    )
    serve.add_argument(
        "--token",
        metavar="T",
        help="token the link must carry (required off loopback: made and printed if not given)",
    )


def run(args: argparse.Namespace, directory: Path) -> int:
    """Check the arguments, then serve ``directory`` until stopped.

    Raises:
        UsageError: for an argument out of range or an unusable token.
        DataError: when the data directory has problems.
    """
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port must be between 0 and 65535, not {args.port}")
    if args.max_sessions < 1:
        raise UsageError(f"--max-sessions must be at least 1, not {args.max_sessions}")
    token: str | None = args.token
    if token is not None and (problem := token_problem(token)) is not None:
        raise UsageError(problem)
    if token is None and not is_loopback(args.host):
        token = new_token()
    from tui.serve.server import ServeConfig

    config = ServeConfig(
        data=directory,
        host=args.host,
        port=args.port,
        max_sessions=args.max_sessions,
        token=token,
        debug=args.debug,
    )
    try:
        return start(config)
    except OSError as error:
        reason = os.strerror(error.errno) if error.errno else str(error)
        print(
            f"vnru: cannot listen on {args.host} port {args.port}: {reason} "
            "(choose another with --port or --host)",
            file=sys.stderr,
        )
        return EXIT_CANNOT_LISTEN


def start(config: ServeConfig, *, log: Log | None = None) -> int:
    """``vnru serve``: check the data, listen, print the link, serve until stopped.

    The data are validated (and their index built) once, here: a broken
    archive is reported on the command line before anyone connects, and the
    sessions open the index instead of each building it.

    Raises:
        DataError: when the data directory has problems.
        OSError: when the address cannot be listened on.
    """
    from tui.core.files.datadir import check_directory
    from tui.core.outputs.notebook import notebook_path
    from tui.core.queries.opening import open_knowledge_base
    from tui.serve.server import Server

    say = log or (lambda line: print(line, flush=True))
    data = check_directory(config.data)
    open_knowledge_base(data)
    listening = listen(config.host, config.port)
    port = listening.getsockname()[1]
    server = Server(config.model_copy(update={"data": data}), log=log, port=port)
    shown_host = config.host.strip("[]")
    if shown_host in ("0.0.0.0", "::"):
        shown_host = socket.gethostname()
    if ":" in shown_host:
        shown_host = f"[{shown_host}]"
    link = f"http://{shown_host}:{port}/" + (f"?token={config.token}" if config.token else "")
    say(f"vnru serve: open {link}")
    if config.token:
        say("  Anyone with this link can use vnru here as you: give it only to those you mean.")
    say(
        f"  Up to {config.max_sessions} session{'s' if config.max_sessions != 1 else ''} at "
        f"once, one vnru process per tab. Bookmarks and notes go to {notebook_path()}, "
        "shared by every session. Ctrl+C stops the server."
    )
    with listening:
        serve_until_stopped(server, listening)
    say("vnru serve: stopped.")
    return 0


def listen(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``:``port``.

    Raises:
        OSError: when the address cannot be used (taken, unknown, not ours).
    """
    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    return socket.create_server((host.strip("[]"), port), family=family, backlog=64)


def serve_until_stopped(server: Server, listening: socket.socket) -> None:
    """Run ``server`` until Ctrl+C or SIGTERM."""

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for number in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):
                loop.add_signal_handler(number, stop.set)
        await server.serve(listening, stop)

    asyncio.run(main())
