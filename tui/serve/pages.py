"""The pages the server sends: the explorer's page and the one-line refusals.

The explorer's page is textual-serve's own, less what reaches outside the
machine: its template asks Google Fonts for Roboto Mono, which textual-serve
also ships, so the font comes from ``/static`` here.  The content security
policy sent with every page makes the browser refuse anything from another
origin, should a page ever ask (textual.js fetches a ``?ping=`` address
given in the page's own link, for one).
"""

from __future__ import annotations

import html

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; form-action 'none'"
)
"""Same origin only.  Inline script and style are the page's own (below)."""

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}
"""Sent with every response."""

_STYLE = """
      @font-face {
        font-family: "Roboto Mono";
        src: url("/static/fonts/RobotoMono-VariableFont_wght.ttf") format("truetype");
        font-weight: 100 700;
        font-style: normal;
      }
      @font-face {
        font-family: "Roboto Mono";
        src: url("/static/fonts/RobotoMono-Italic-VariableFont_wght.ttf") format("truetype");
        font-weight: 100 700;
        font-style: italic;
      }
      html, body { margin: 0; height: 100%; background: #0c181f; }
      body { font-family: "Roboto Mono", menlo, monospace; color: rgba(255, 255, 255, 0.95); }
      .dialog-container {
        position: absolute; width: 100vw; height: 100vh; display: flex;
        align-items: center; justify-content: center; z-index: 10;
      }
      .intro {
        max-width: 640px; padding: 32px; font-size: 16px; line-height: 1.5;
        text-align: center; background-color: #12232d; z-index: 20; margin: 32px;
      }
      .intro h1 { font-size: 20px; margin: 0 0 12px 0; }
      .textual-terminal { position: absolute; inset: 0; }
"""

_APP_PAGE = """<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>vnru — Vietnam–Russia relations</title>
    <link rel="icon" href="data:," />
    <link rel="preload" href="/static/fonts/RobotoMono-VariableFont_wght.ttf" as="font"
      type="font/ttf" crossorigin />
    <link rel="stylesheet" href="/static/css/xterm.css" />
    <script src="/static/js/textual.js"></script>
    <style>
__STYLE__
      body .intro-dialog { transition: opacity 0.3s ease-out; }
      body.-first-byte .intro-dialog { opacity: 0; display: none; }
      body .textual-terminal { opacity: 0; transition: opacity 0.3s ease-out; }
      body.-first-byte .textual-terminal { opacity: 1; }
      .closed-dialog { display: none; }
      body.-closed .closed-dialog { display: flex; }
      button {
        padding: 12px 28px; margin: 16px auto 0 auto; display: block; border: none;
        background-color: #5e0ba7; color: rgba(255, 255, 255, 0.95);
        font-family: "Roboto Mono", menlo, monospace; cursor: pointer;
      }
      button:hover { background: #ac5af4; }
      #start { display: none; }
    </style>
  </head>
  <body>
    <div class="dialog-container intro-dialog">
      <div class="intro">vnru — starting a session…</div>
    </div>
    <div class="dialog-container closed-dialog">
      <div class="intro">
        <h1>This vnru session has ended.</h1>
        vnru was closed (q), the server stopped, or it was already serving as many
        sessions as it may; closing another tab frees one.
        <button type="button" onclick="window.location.reload()">Start a new session</button>
      </div>
    </div>
    <button type="button" id="start">Start</button>
    <div id="terminal" class="textual-terminal"
      data-session-websocket-url="__WEBSOCKET_URL__"
      data-font-size="__FONT_SIZE__"></div>
  </body>
</html>
"""

_MESSAGE_PAGE = """<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>vnru — __TITLE__</title>
    <link rel="icon" href="data:," />
    <style>
__STYLE__
    </style>
  </head>
  <body>
    <div class="dialog-container">
      <div class="intro"><h1>__TITLE__</h1>__TEXT__</div>
    </div>
  </body>
</html>
"""


def app_page(websocket_url: str, font_size: int) -> str:
    """The explorer's page, connecting to ``websocket_url``."""
    return (
        _APP_PAGE.replace("__STYLE__", _STYLE)
        .replace("__WEBSOCKET_URL__", html.escape(websocket_url, quote=True))
        .replace("__FONT_SIZE__", str(int(font_size)))
    )


def message_page(title: str, text: str) -> str:
    """A page that says one thing: why there is no session (plain text, escaped)."""
    return (
        _MESSAGE_PAGE.replace("__STYLE__", _STYLE)
        .replace("__TITLE__", html.escape(title))
        .replace("__TEXT__", html.escape(text))
    )
