"""The web server of ``vnru serve``: the page, the sessions, the downloads.

Every request passes :meth:`Server.guard` first: a request the
:class:`~tui.serve.access.Gate` refuses gets a page saying why and never
reaches a handler, so it starts no process.  The session count is checked
and taken in one step, with no ``await`` between, so concurrent tabs cannot
overshoot ``--max-sessions``.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import socket
import sys
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

import textual_serve.app_service
from aiohttp import WSCloseCode, WSMsgType, web
from pydantic import BaseModel, ConfigDict

from tui.serve.access import Gate, Verdict, is_loopback
from tui.serve.pages import SECURITY_HEADERS, app_page, message_page
from tui.serve.sessions import SessionProcess, download_manager

STATIC = Path(textual_serve.app_service.__file__).parent / "static"
"""textual-serve's browser side: textual.js (xterm.js), its style sheet and fonts."""
HEARTBEAT = 15.0
"""Seconds between websocket pings: a tab that vanished without closing is
noticed within two of them, and its process ended."""
RELOAD_GRACE = 3.0
"""Seconds a request waits for a place at the cap before it is refused."""
SHUTDOWN_GRACE = 10.0
"""Seconds the server waits for its sessions to end when it stops."""

Log = Callable[[str], None]


class ServeConfig(BaseModel):
    """What ``vnru serve`` was asked for."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    data: Path
    """The data directory every session explores."""
    host: str = "127.0.0.1"
    """The address to listen on."""
    port: int = 8000
    """The port to listen on (0: any free port)."""
    max_sessions: int = 4
    """How many sessions (tabs, each a vnru process) may run at once."""
    token: str | None = None
    """The token every request must carry; None only on a loopback address."""
    debug: bool = False
    """Whether sessions print tracebacks (to the server's output) instead of one line."""


def session_command(data: Path, *, debug: bool = False) -> list[str]:
    """The command that runs one session's vnru."""
    command = [sys.executable, "-m", "tui.serve.app_process", "--data", str(data)]
    return [*command, "--debug"] if debug else command


class Server:
    """Serves the explorer: one vnru process per websocket, up to a cap."""

    def __init__(
        self,
        config: ServeConfig,
        *,
        command: Sequence[str] | None = None,
        log: Log | None = None,
        port: int | None = None,
        reload_grace: float = RELOAD_GRACE,
    ) -> None:
        """``command`` replaces the session command (tests); ``port`` is the
        port actually bound, when ``config.port`` is 0."""
        self.reload_grace = reload_grace
        self.config = config
        self.command = (
            list(command)
            if command is not None
            else session_command(config.data, debug=config.debug)
        )
        self.log: Log = log or (lambda line: print(line, flush=True))
        self.gate = Gate(
            token=config.token,
            loopback_only=is_loopback(config.host),
            port=port if port is not None else config.port,
        )
        self.sessions: dict[int, SessionProcess | None] = {}
        """Sessions by number; None while its process starts."""
        self.downloads = download_manager()
        self._sockets: set[web.WebSocketResponse] = set()
        self._endings: set[asyncio.Task[None]] = set()
        self._numbers = itertools.count(1)

    # -- the application ----------------------------------------------------

    def application(self) -> web.Application:
        """The aiohttp application."""
        app = web.Application(middlewares=[self.guard])
        app.add_routes(
            [
                web.get("/", self.index),
                web.get("/ws", self.websocket),
                web.get("/download/{key}", self.download),
                web.static("/static", STATIC, show_index=False, follow_symlinks=False),
            ]
        )
        app.on_shutdown.append(self._close_sockets)
        return app

    @web.middleware
    async def guard(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        """Refuse what the gate refuses; add the security headers; keep the token in a cookie."""
        verdict = self.gate.judge(
            host=request.host,
            query=request.query,
            cookies=request.cookies,
            headers=request.headers,
            websocket=request.path == "/ws",
        )
        if verdict is not Verdict.ALLOWED:
            self.log(f"refused {request.method} {request.path}: {verdict.value}")
            return self._refusal(verdict, request.host)
        response = await handler(request)
        if not response.prepared:
            response.headers.update(SECURITY_HEADERS)
            if self.gate.token is not None and "token" in request.query:
                response.set_cookie(
                    self.gate.cookie,
                    self.gate.token,
                    httponly=True,
                    samesite="Strict",
                    path="/",
                    secure=request.secure,
                )
        return response

    async def index(self, request: web.Request) -> web.StreamResponse:
        """The explorer's page, or a page saying every session is taken."""
        if not await self._place_free():
            return self._full()
        scheme = "wss" if request.secure else "ws"
        try:
            font_size = min(max(int(request.query.get("fontsize", "16")), 8), 40)
        except ValueError:
            font_size = 16
        page = app_page(f"{scheme}://{request.host}/ws", font_size)
        return web.Response(text=page, content_type="text/html")

    @property
    def full(self) -> bool:
        """Whether every session the server may run is taken."""
        return len(self.sessions) >= self.config.max_sessions

    async def _place_free(self) -> bool:
        """Whether a session may start, waiting a little for one that is ending:
        a tab reloaded at the cap closes its session just before asking for a new one."""
        deadline = asyncio.get_running_loop().time() + self.reload_grace
        while self.full and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.05)
        return not self.full

    async def websocket(self, request: web.Request) -> web.StreamResponse:
        """One session: a vnru process whose terminal is the websocket."""
        if not await self._place_free():
            self.log("refused a session: every one is in use")
            return self._full()
        number = next(self._numbers)  # no await from the check to here: the cap holds
        self.sessions[number] = None  # taken before the first await
        socket_ = web.WebSocketResponse(heartbeat=HEARTBEAT)
        service: SessionProcess | None = None
        try:
            await socket_.prepare(request)
            self._sockets.add(socket_)
            width = _size(request.query.get("width"), 80)
            height = _size(request.query.get("height"), 24)
            service = SessionProcess(
                self.command,
                write_bytes=socket_.send_bytes,
                write_str=socket_.send_str,
                close=socket_.close,
                download_manager=self.downloads,
            )
            await service.start(width, height)
            self.sessions[number] = service
            self.log(
                f"session {number} opened: process {service.pid} "
                f"({len(self.sessions)} of {self.config.max_sessions} in use)"
            )
            await self._relay(socket_, service)
        except asyncio.CancelledError:
            with contextlib.suppress(Exception):
                await socket_.close()
        except Exception as error:  # one session's failure must not stop the server
            self.log(f"session {number} failed: {type(error).__name__}: {error}")
        finally:
            # aiohttp cancels a handler whose connection closed: the ending runs
            # in its own task, so the process is ended and its place freed anyway.
            ending = asyncio.create_task(self._end(number, service, socket_))
            self._endings.add(ending)
            ending.add_done_callback(self._endings.discard)
            await asyncio.shield(ending)
        return socket_

    async def _end(
        self, number: int, service: SessionProcess | None, socket_: web.WebSocketResponse
    ) -> None:
        """End session ``number``'s process, then free its place."""
        try:
            if service is not None:
                await service.end()
        finally:
            self._sockets.discard(socket_)
            del self.sessions[number]
            self.log(f"session {number} closed ({len(self.sessions)} in use)")

    async def _relay(self, socket_: web.WebSocketResponse, service: SessionProcess) -> None:
        """Pass the browser's keys, sizes and focus to the process until the tab closes."""
        async for message in socket_:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = message.json()
            except ValueError:
                continue
            if not isinstance(envelope, list) or not envelope:
                continue
            kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
            if kind == "stdin" and isinstance(data, str):
                await service.send_bytes(data.encode("utf-8"))
            elif kind == "resize" and isinstance(data, dict):
                await service.set_terminal_size(
                    _size(str(data.get("width")), 80), _size(str(data.get("height")), 24)
                )
            elif kind == "ping":
                await socket_.send_json(["pong", data])
            elif kind == "blur":
                await service.blur()
            elif kind == "focus":
                await service.focus()

    async def download(self, request: web.Request) -> web.StreamResponse:
        """A file a session delivers (an export): streamed from its process."""
        key = request.match_info["key"]
        try:
            meta = await self.downloads.get_download_metadata(key)
        except KeyError:
            raise web.HTTPNotFound(text="This download has expired.") from None
        response = web.StreamResponse()
        response.headers.update(SECURITY_HEADERS)
        content_type = meta.mime_type + (f"; charset={meta.encoding}" if meta.encoding else "")
        response.headers["Content-Type"] = content_type
        disposition = "inline" if meta.open_method == "browser" else "attachment"
        response.headers["Content-Disposition"] = (
            f"{disposition}; filename*=UTF-8''{quote(meta.file_name, safe='')}"
        )
        await response.prepare(request)
        async for chunk in self.downloads.download(key):
            await response.write(chunk)
        await response.write_eof()
        return response

    # -- refusals -----------------------------------------------------------

    def _refusal(self, verdict: Verdict, host: str) -> web.Response:
        status, title, text = {
            Verdict.NO_TOKEN: (
                401,
                "This vnru server asks for its access token",
                "Open the whole link that `vnru serve` printed: it ends with ?token=… "
                "No session was started.",
            ),
            Verdict.WRONG_TOKEN: (
                403,
                "Wrong access token",
                "The token in this link is not this server's (a token changes each time "
                "vnru serve starts without --token). Ask whoever runs it for the link it "
                "printed. No session was started.",
            ),
            Verdict.WRONG_HOST: (
                403,
                "Wrong address",
                f"This vnru server answers only at its loopback address (127.0.0.1 or "
                f"localhost), not at {host!r}. No session was started.",
            ),
            Verdict.WRONG_ORIGIN: (
                403,
                "Refused: another site's page",
                "A page from another site tried to open a vnru session. No session was started.",
            ),
        }[verdict]
        response = web.Response(
            status=status, text=message_page(title, text), content_type="text/html"
        )
        response.headers.update(SECURITY_HEADERS)
        if status == 401:
            response.headers["WWW-Authenticate"] = 'Bearer realm="vnru"'
        return response

    def _full(self) -> web.Response:
        cap = self.config.max_sessions
        response = web.Response(
            status=503,
            text=message_page(
                f"All {cap} vnru sessions are in use"
                if cap != 1
                else "The one vnru session this server runs is in use",
                f"This vnru server runs at most {cap} session{'s' if cap != 1 else ''} at "
                "once (--max-sessions), one per browser tab, and every one is open. Close a "
                "vnru tab or press q in it, then reload this page. No session was started.",
            ),
            content_type="text/html",
        )
        response.headers.update(SECURITY_HEADERS)
        response.headers["Retry-After"] = "10"
        return response

    async def _close_sockets(self, _app: web.Application) -> None:
        for socket_ in list(self._sockets):
            with contextlib.suppress(Exception):
                await socket_.close(code=WSCloseCode.GOING_AWAY, message=b"vnru serve stopped")

    # -- running ------------------------------------------------------------

    async def serve(self, listening: socket.socket, stop: asyncio.Event) -> None:
        """Serve on ``listening`` until ``stop`` is set, then end every session."""
        runner = web.AppRunner(
            self.application(), handle_signals=False, shutdown_timeout=SHUTDOWN_GRACE
        )
        await runner.setup()
        site = web.SockSite(runner, listening)
        await site.start()
        try:
            await stop.wait()
        finally:
            await runner.cleanup()
            for service in list(self.sessions.values()):  # a handler cut short
                if service is not None:
                    await service.end()
            if self._endings:
                await asyncio.gather(*self._endings, return_exceptions=True)


def _size(value: Any, default: int) -> int:
    """A terminal dimension from the browser, within reason."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return min(max(number, 10), 1000)
