"""Who may open a session: the address the server listens on and its token.

A server on a loopback address serves this machine's user; the ``Host``
header must then name a loopback address too, so a web page that rebinds
its own domain name to 127.0.0.1 gets nothing.  A server on any other
address requires a token: given with ``--token`` or generated, and carried
by the link the server prints (``?token=…``), then by a cookie the page sets,
so the websocket and downloads need no token in their addresses.

A websocket must come from the server's own page (its ``Origin``): browsers
let any site open a websocket to any address, cookies included.
"""

from __future__ import annotations

import enum
import hmac
import ipaddress
import re
import secrets
from collections.abc import Mapping
from urllib.parse import urlsplit

MIN_TOKEN_LENGTH = 16
"""Shortest token accepted from ``--token``: a token is a password."""
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9._~-]+")
"""Characters a token may hold: those a URL and a cookie carry unchanged."""


class Verdict(enum.Enum):
    """What a request may do, and if not, why."""

    ALLOWED = "allowed"
    NO_TOKEN = "no token"
    WRONG_TOKEN = "wrong token"
    WRONG_HOST = "wrong host"
    WRONG_ORIGIN = "wrong origin"


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and the loopback addresses (127.0.0.0/8, ::1)."""
    name = host.strip().strip("[]").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def new_token() -> str:
    """A fresh random token (192 bits, URL-safe)."""
    return secrets.token_urlsafe(24)


def token_problem(token: str) -> str | None:
    """Why ``token`` cannot be used, or None when it can."""
    if len(token) < MIN_TOKEN_LENGTH:
        return (
            f"--token must be at least {MIN_TOKEN_LENGTH} characters long "
            "(leave it out and vnru makes one)"
        )
    if not TOKEN_PATTERN.fullmatch(token):
        return "--token may hold only letters, digits and . _ ~ -"
    return None


def tokens_match(given: str, expected: str) -> bool:
    """Compare in constant time, so the time taken tells nothing of the token."""
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def host_name(host_header: str) -> str:
    """The name part of a ``Host`` header (``[::1]:8000`` → ``::1``)."""
    return urlsplit(f"//{host_header}").hostname or ""


class Gate:
    """Judges requests against the server's token and address."""

    def __init__(self, *, token: str | None, loopback_only: bool, port: int) -> None:
        self.token = token
        """The token every request must carry, or None (loopback, no token)."""
        self.loopback_only = loopback_only
        """Whether the server listens on a loopback address only."""
        self.cookie = f"vnru-token-{port}"
        """The cookie that carries the token (one per port: cookies ignore ports)."""

    def judge(
        self,
        *,
        host: str,
        query: Mapping[str, str],
        cookies: Mapping[str, str],
        headers: Mapping[str, str],
        websocket: bool = False,
    ) -> Verdict:
        """The verdict on one request, from its ``Host``, query, cookies and headers."""
        if self.loopback_only and not is_loopback(host_name(host)):
            return Verdict.WRONG_HOST
        if websocket:
            origin = headers.get("Origin")
            if origin is not None and urlsplit(origin).netloc.lower() != host.lower():
                return Verdict.WRONG_ORIGIN
        if self.token is None:
            return Verdict.ALLOWED
        given = self.presented(query=query, cookies=cookies, headers=headers)
        if given is None:
            return Verdict.NO_TOKEN
        return Verdict.ALLOWED if tokens_match(given, self.token) else Verdict.WRONG_TOKEN

    def presented(
        self, *, query: Mapping[str, str], cookies: Mapping[str, str], headers: Mapping[str, str]
    ) -> str | None:
        """The token a request carries: in its query, its cookie or an
        ``Authorization: Bearer`` header (scripts), in that order."""
        if "token" in query:
            return query["token"]
        if self.cookie in cookies:
            return cookies[self.cookie]
        authorization = headers.get("Authorization", "")
        scheme, _, value = authorization.partition(" ")
        if scheme.lower() == "bearer" and value:
            return value.strip()
        return None
