"""``vnru serve``: the explorer in a web browser, one vnru process per tab.

The server is an aiohttp application built from textual-serve's parts: its
browser terminal (xterm.js, in ``textual_serve/static``) and its process
protocol (``AppService``, which speaks to Textual's web driver).  vnru
supplies what textual-serve leaves out:

- access: a loopback address by default; any other needs a token, compared
  in constant time (:mod:`tui.serve.access`);
- a cap on the number of sessions, checked before any process starts;
- a page that loads nothing from outside the machine, under a content
  security policy that forbids it (:mod:`tui.serve.pages`);
- no directory listings;
- a closed tab ends its process, by force if it does not quit
  (:mod:`tui.serve.sessions`).

Every session is a separate vnru process on the same archive and the same
notebook; the notebook locks the file around each change, so two tabs
writing at once lose nothing (:mod:`tui.core.outputs.notebook`).
"""
