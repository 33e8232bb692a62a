"""One vnru process per browser session, on textual-serve's ``AppService``.

``AppService`` speaks the protocol of Textual's web driver (keys and sizes
in, frames and downloads out) but starts its process through a shell and
keeps it private.  The overrides here are the only uses of textual-serve's
private API and undocumented settings (checked against :data:`CHECKED_VERSION`
by a test): the process is started directly, so its id is the app's own; a
process that does not quit when asked is ended by force; and a download waits
:data:`DOWNLOAD_WAIT` for each piece of it.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from asyncio.subprocess import Process
from collections.abc import Sequence
from importlib.metadata import version
from typing import Any

import textual_serve.download_manager
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

CHECKED_VERSION = "1.1.3"
"""The textual-serve release whose private ``_open_app_process`` and ``_process``,
and whose ``download_manager.DOWNLOAD_TIMEOUT``, this module was written against."""

QUIT_GRACE = 5.0
"""Seconds a session's process has to quit when its tab closes before it is ended."""


DOWNLOAD_WAIT = 30
"""Seconds a session's process has to send each piece of a download (an export
saved through the browser). textual-serve's own 4 s cancelled the download when
the machine was busy."""


def download_manager() -> DownloadManager:
    """The server's download manager, waiting :data:`DOWNLOAD_WAIT` for each piece."""
    textual_serve.download_manager.DOWNLOAD_TIMEOUT = DOWNLOAD_WAIT  # read at each wait
    return DownloadManager()


def textual_serve_version() -> str:
    """The installed textual-serve release."""
    return version("textual-serve")


class SessionProcess(AppService):
    """The vnru process behind one browser tab."""

    def __init__(self, argv: Sequence[str], **kwargs: Any) -> None:
        super().__init__(" ".join(argv), **kwargs)
        self.argv = list(argv)
        """The command, run without a shell."""

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Process:
        environment = self._build_environment(width=width, height=height)
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=environment,
            start_new_session=True,  # a Ctrl+C meant for the server does not reach it
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    @property
    def pid(self) -> int | None:
        """The process id, once started."""
        return self._process.pid if self._process is not None else None

    async def end(self) -> None:
        """Ask the process to quit; end it if it has not within :data:`QUIT_GRACE` seconds."""
        quitting = True
        try:
            await asyncio.wait_for(self.stop(), QUIT_GRACE)
        except (TimeoutError, ConnectionError, OSError):
            quitting = False
        process = self._process
        if process is None:
            return
        if quitting:  # its output has closed: the exit follows
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(process.wait(), QUIT_GRACE)
        for how in (signal.SIGTERM, signal.SIGKILL):
            if process.returncode is not None:
                return
            with contextlib.suppress(ProcessLookupError):
                os.kill(process.pid, how)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(process.wait(), QUIT_GRACE)
