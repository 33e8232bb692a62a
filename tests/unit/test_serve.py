"""``vnru serve`` without a browser: the gate, the cap, the page and the
command line, on the aiohttp test client.  Sessions run a stand-in process
that speaks just enough of Textual's web driver (its prelude), so these
tests need neither a browser nor a vnru per session."""

from __future__ import annotations

import asyncio
import hmac
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from aiohttp import WSServerHandshakeError
from aiohttp.test_utils import TestClient, TestServer

from tui import cli
from tui.core.paths import default_data_dir
from tui.serve import access
from tui.serve.access import Gate, Verdict, is_loopback, tokens_match
from tui.serve.pages import app_page
from tui.serve.server import ServeConfig, Server
from tui.serve.sessions import CHECKED_VERSION, download_manager, textual_serve_version

# Says it is a Textual app, then waits for anything on its input (the quit
# request) and leaves.
STAND_IN = [
    sys.executable,
    "-c",
    "import sys; print('__GANGLION__', flush=True); sys.stdin.buffer.read(1)",
]
TOKEN = "a-token-long-enough-1234"


def make_server(**settings: Any) -> Server:
    config = ServeConfig(data=default_data_dir(), **settings)
    return Server(config, command=STAND_IN, log=lambda line: None, port=8000, reload_grace=0.5)


async def client_for(server: Server) -> TestClient[Any, Any]:
    client: TestClient[Any, Any] = TestClient(TestServer(server.application()))
    await client.start_server()
    return client


async def wait_for(condition: Any, timeout: float = 10.0) -> None:
    """Poll until ``condition()`` holds; fail after ``timeout`` seconds (against forever)."""
    for _ in range(int(timeout / 0.02)):
        if condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the condition never held")


def test_textual_serve_is_the_release_the_private_overrides_were_checked_against() -> None:
    """tui/serve/sessions.py overrides textual-serve's private _open_app_process:
    a new release must be checked, then CHECKED_VERSION moved."""
    assert textual_serve_version() == CHECKED_VERSION


def test_a_download_waits_longer_than_textual_serves_own_four_seconds_for_a_piece() -> None:
    """A busy session process answered a piece of an export after textual-serve's
    4 s, and the browser's download was cancelled."""

    class SlowProcess:
        """Sends a download's one piece 4.3 s after it is asked for, then its end."""

        def __init__(self) -> None:
            self.manager = download_manager()
            self.pieces = [b"# Vietnam", b""]

        async def send_meta(self, meta: dict[str, Any]) -> bool:
            async def later() -> None:
                await asyncio.sleep(4.3 if self.pieces[0] else 0)
                await self.manager.chunk_received(meta["key"], self.pieces.pop(0))

            self.task = asyncio.get_running_loop().create_task(later())
            return True

    async def scenario() -> list[bytes]:
        process = SlowProcess()
        await process.manager.create_download(
            app_service=process,  # type: ignore[arg-type]
            delivery_key="k",
            file_name="export.md",
            open_method="download",
            mime_type="text/markdown",
        )
        return [chunk async for chunk in process.manager.download("k")]

    assert asyncio.run(scenario()) == [b"# Vietnam"]


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("192.168.1.5", False),
        ("example.org", False),
        ("localhost.example.org", False),
    ],
)
def test_loopback_addresses(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_tokens_are_compared_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(access.hmac, "compare_digest", spy)
    assert tokens_match(TOKEN, TOKEN)
    assert not tokens_match("x" + TOKEN[1:], TOKEN)
    assert len(calls) == 2


def test_the_gate_judges_host_origin_and_token() -> None:
    gate = Gate(token=TOKEN, loopback_only=True, port=8000)
    plain: dict[str, str] = {}

    def judge(host: str = "127.0.0.1:8000", **kwargs: Any) -> Verdict:
        return gate.judge(
            host=host,
            query=kwargs.get("query", plain),
            cookies=kwargs.get("cookies", plain),
            headers=kwargs.get("headers", plain),
            websocket=kwargs.get("websocket", False),
        )

    assert judge() is Verdict.NO_TOKEN
    assert judge(query={"token": "wrong"}) is Verdict.WRONG_TOKEN
    assert judge(query={"token": TOKEN}) is Verdict.ALLOWED
    assert judge(cookies={"vnru-token-8000": TOKEN}) is Verdict.ALLOWED
    assert judge(cookies={"vnru-token-9000": TOKEN}) is Verdict.NO_TOKEN
    assert judge(headers={"Authorization": f"Bearer {TOKEN}"}) is Verdict.ALLOWED
    assert judge("rebound.example:8000", query={"token": TOKEN}) is Verdict.WRONG_HOST
    foreign = {"Origin": "http://evil.example", "Authorization": f"Bearer {TOKEN}"}
    assert judge(headers=foreign, websocket=True) is Verdict.WRONG_ORIGIN
    own = {"Origin": "http://127.0.0.1:8000", "Authorization": f"Bearer {TOKEN}"}
    assert judge(headers=own, websocket=True) is Verdict.ALLOWED


def test_the_page_asks_nothing_of_another_origin() -> None:
    """Every address in the page is on the server itself (textual-serve's own
    template asks Google Fonts for its font)."""
    page = app_page("ws://127.0.0.1:8000/ws", 16)
    addresses = re.findall(r"""(?:src|href)\s*=\s*["']([^"']*)["']|url\(\s*["']?([^"')]*)""", page)
    found = [a or b for a, b in addresses]
    assert found, "the page's addresses were not found: the pattern is wrong"
    for address in found:
        assert address.startswith("/") or address.startswith("data:"), address
    assert "googleapis" not in page and "http://" not in page and "https://" not in page


async def test_the_page_comes_with_a_same_origin_policy() -> None:
    client = await client_for(make_server())
    try:
        response = await client.get("/")
        assert response.status == 200
        policy = response.headers["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "connect-src 'self'" in policy
        assert 'data-session-websocket-url="ws://127.0.0.1:' in await response.text()
    finally:
        await client.close()


@pytest.mark.parametrize("path", ["/static", "/static/", "/static/js/", "/static/fonts/"])
async def test_no_directory_is_listed(path: str) -> None:
    client = await client_for(make_server())
    try:
        response = await client.get(path)
        assert response.status in (403, 404)
        assert "textual.js" not in await response.text()
        assert (await client.get("/static/js/textual.js")).status == 200
    finally:
        await client.close()


async def test_without_the_token_no_page_and_no_process() -> None:
    server = make_server(token=TOKEN)
    client = await client_for(server)
    try:
        missing = await client.get("/")
        assert missing.status == 401
        assert "asks for its access token" in await missing.text()
        wrong = await client.get("/", params={"token": "not-" + TOKEN})
        assert wrong.status == 403
        assert "Wrong access token" in await wrong.text()
        for headers in ({}, {"Cookie": "vnru-token-8000=wrong"}):
            with pytest.raises(WSServerHandshakeError) as refused:
                await client.ws_connect("/ws", headers=headers)
            assert refused.value.status in (401, 403)
        assert server.sessions == {}
        right = await client.get("/", params={"token": TOKEN})
        assert right.status == 200
        assert "vnru-token-8000" in right.cookies
        cookie = right.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    finally:
        await client.close()


async def test_another_site_cannot_open_a_session() -> None:
    server = make_server()
    client = await client_for(server)
    try:
        with pytest.raises(WSServerHandshakeError) as refused:
            await client.ws_connect("/ws", headers={"Origin": "http://evil.example"})
        assert refused.value.status == 403
        assert server.sessions == {}
    finally:
        await client.close()


async def test_the_cap_holds_and_a_closed_socket_ends_its_process() -> None:
    server = make_server(max_sessions=1)
    client = await client_for(server)
    try:
        first = await client.ws_connect("/ws")
        await wait_for(lambda: any(server.sessions.values()))
        [service] = [s for s in server.sessions.values() if s is not None]
        pid = service.pid
        assert pid is not None and Path(f"/proc/{pid}").exists()
        with pytest.raises(WSServerHandshakeError) as refused:
            await client.ws_connect("/ws")
        assert refused.value.status == 503
        page = await client.get("/")
        assert page.status == 503
        assert "The one vnru session this server runs is in use" in await page.text()
        assert len(server.sessions) == 1
        await first.close()
        await wait_for(lambda: not server.sessions)
        await wait_for(lambda: not Path(f"/proc/{pid}").exists())
        second = await client.ws_connect("/ws")  # the freed place can be taken again
        await wait_for(lambda: any(server.sessions.values()))
        await second.close()
        await wait_for(lambda: not server.sessions)
    finally:
        await client.close()


async def test_a_tab_reloaded_at_the_cap_gets_its_session_back() -> None:
    """The old session is still ending when the reloaded page asks for a new one."""
    server = make_server(max_sessions=1)
    client = await client_for(server)
    try:
        first = await client.ws_connect("/ws")
        await wait_for(lambda: any(server.sessions.values()))
        await first.close()
        page = await client.get("/")  # at once, while the first process ends
        assert page.status == 200
        second = await client.ws_connect("/ws")
        await wait_for(lambda: any(server.sessions.values()))
        await second.close()
        await wait_for(lambda: not server.sessions)
    finally:
        await client.close()


def test_serve_off_loopback_makes_a_token(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[ServeConfig] = []
    monkeypatch.setattr("tui.serve.command.start", lambda config: seen.append(config) or 0)
    assert cli.main(["serve", "--host", "0.0.0.0", "--port", "0"]) == 0
    assert seen[0].token is not None and len(seen[0].token) >= access.MIN_TOKEN_LENGTH
    assert cli.main(["serve", "--port", "0"]) == 0
    assert seen[1].token is None and seen[1].host == "127.0.0.1" and seen[1].max_sessions == 4


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--token", "short"], "at least 16 characters"),
        (["--token", "spaces are not allowed here"], "only letters"),
        (["--max-sessions", "0"], "at least 1"),
        (["--port", "70000"], "between 0 and 65535"),
    ],
)
def test_serve_refuses_bad_arguments_in_one_line(
    arguments: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["serve", *arguments]) == cli.EXIT_USAGE
    error = capsys.readouterr().err
    assert message in error and error.count("\n") == 1


def test_serve_says_when_the_port_is_taken(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import socket

    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        assert cli.main(["serve", "--port", str(port)]) == 1
    error = capsys.readouterr().err
    assert f"cannot listen on 127.0.0.1 port {port}" in error and "Address already in use" in error


def test_a_session_reports_broken_data_in_lines_not_a_traceback(tmp_path: Path) -> None:
    """What a session prints goes to the server's log: problems, one a line."""
    import os
    import subprocess

    broken = Path(__file__).resolve().parents[1] / "broken" / "bad-id"
    environment = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "tui.serve.app_process", "--data", str(broken)],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "1 problem(s) in the data" in done.stderr and "Ev_Visit" in done.stderr
