"""Command palette provider: find any event, person, agreement, organisation or source."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from tui.core.knowledge import AnyRecord
from tui.core.models import Event
from tui.core.search import Query, record_label
from tui.widgets.detail_view import KIND_LABELS

#: Above this many records, only those containing the typed words are fuzzy-scored.
FUZZY_LIMIT = 5_000


def palette_text(record: AnyRecord) -> str:
    """'Event · 30 Jan 1950 · Title' and the like."""
    kind = KIND_LABELS[type(record).__name__.lower()]
    if isinstance(record, Event):
        return f"{kind} · {record.span.human()} · {record.title}"
    return f"{kind} · {record_label(record)}"


class RecordCommands(Provider):
    """Jump to any record by name (Ctrl+P)."""

    def _records(self) -> list[AnyRecord]:
        from tui.app import VnruApp

        app = self.app
        if not isinstance(app, VnruApp) or not app.is_loaded:
            return []
        kb = app.kb
        return [*kb.events, *kb.people, *kb.agreements, *kb.organizations, *kb.sources]

    def _jump(self, record_id: str) -> None:
        from tui.app import VnruApp

        app = self.app
        assert isinstance(app, VnruApp)
        app.go_to(record_id)

    async def discover(self) -> Hits:
        for record in self._records()[:50]:
            yield DiscoveryHit(Content(palette_text(record)), partial(self._jump, record.id))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        records = self._records()
        words = Query.parse(query)
        if len(records) > FUZZY_LIMIT:
            needles = words.needles()
            records = [
                record
                for record in records
                if all(
                    n
                    in (
                        palette_text(record)
                        if words.case_sensitive
                        else palette_text(record).lower()
                    )
                    for n in needles
                )
            ]
        for record in records:
            text = palette_text(record)
            aliases = "; ".join(getattr(record, "aliases", ()))
            score = max(matcher.match(text), matcher.match(aliases) if aliases else 0)
            if score <= 0:
                continue
            display = Content(text)  # never markup: names come from data files
            for start, end in words.ranges(text):
                display = display.stylize("bold underline", start, end)
            if aliases:  # inside the prompt Content: Hit.help would be parsed as markup
                display = Content.assemble(display, ("\nalso: " + aliases, "dim"))
            yield Hit(score, display, partial(self._jump, record.id), text=text)


RESEARCH_COMMANDS: tuple[tuple[str, str, str], ...] = (
    (
        "Bookmarks and notes",
        "Every item you bookmarked (b) or annotated (m)  ·  B",
        "show_bookmarks",
    ),
    (
        "Discrepancies",
        "Where the sources disagree, the passages side by side  ·  d",
        "show_discrepancies",
    ),
    (
        "Export…",
        "The list as filtered, the bookmarks or everything, to a file  ·  Ctrl+E",
        "export",
    ),
    (
        "Citation style…",
        "Copy the citation as plain text, Markdown, BibTeX or CSL-JSON  ·  Y",
        "pick_citation_style",
    ),
)
"""(name, what it does, main-screen action) for the research commands."""


class ResearchCommands(Provider):
    """The Bookmarks and Discrepancies views, export and citation style (Ctrl+P)."""

    def _run(self, action: str) -> None:
        from tui.app import VnruApp

        app = self.app
        if not isinstance(app, VnruApp) or not app.is_loaded:
            return
        main = app.main_screen
        while app.screen is not main:  # the views open over the main screen
            app.pop_screen()
        app.call_later(main.run_action, action)

    def _hit_text(self, name: str, help_text: str) -> Content:
        return Content.assemble(name, ("\n" + help_text, "dim"))

    async def discover(self) -> Hits:
        for name, help_text, action in RESEARCH_COMMANDS:
            yield DiscoveryHit(self._hit_text(name, help_text), partial(self._run, action))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, action in RESEARCH_COMMANDS:
            score = max(matcher.match(name), matcher.match(help_text) * 0.5)
            if score > 0:
                display = matcher.highlight(name)
                yield Hit(
                    score,
                    Content.assemble(display, ("\n" + help_text, "dim")),
                    partial(self._run, action),
                    text=name,
                )
