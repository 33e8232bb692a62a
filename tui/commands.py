"""Command palette provider: find any event, person, agreement, organisation or source."""

from __future__ import annotations

from functools import partial
from itertools import islice

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from tui.core.folding import fold
from tui.core.kinds import KINDS
from tui.core.queries.knowledge import KIND_LABELS, KnowledgeBase
from tui.core.queries.matching import Query
from tui.core.queries.search import Listing
from tui.screens.session import GoToRecord, RunMainAction, session_of

#: Up to this many records, every record (and its aliases) is fuzzy-scored.
FUZZY_LIMIT = 5_000
#: Above it, the records holding every typed word are found by the lists'
#: filter, and the first ones of each collection are scored...
CANDIDATES_PER_COLLECTION = 250
#: ...of which the best are offered: the palette builds a widget per hit, and a
#: query every record matches ("t") would otherwise offer 135,000 (seconds of
#: work and ~200 MB at 100,000 events).
HIT_LIMIT = 100
_ORDER = tuple(kind.collection for kind in KINDS)
_WITH_ALIASES = frozenset({"person", "agreement", "organization", "place"})


def palette_text(kb: KnowledgeBase, record_id: str) -> str:
    """'Event · 30 Jan 1950 · Title' and the like (from the list rows: no record is built)."""
    kind = kb.kind_of(record_id)
    if kind == "event":
        return f"{KIND_LABELS[kind]} · {kb.row_of(record_id)[0]} · {kb.label_of(record_id)}"
    return f"{KIND_LABELS[kind]} · {kb.label_of(record_id)}"


class RecordCommands(Provider):
    """Jump to any record by name (Ctrl+P)."""

    _entries: list[tuple[str, str]] | None = None
    _listings: dict[str, Listing] | None = None

    def _kb(self) -> KnowledgeBase | None:
        session = session_of(self.app)
        return session.loaded_knowledge_base() if session is not None else None

    def _records(self) -> list[tuple[str, str]]:
        """(record id, palette text) of every record, computed once per palette
        (for a small archive: a large one is searched through its filter text)."""
        if self._entries is None:
            kb = self._kb()
            self._entries = (
                []
                if kb is None
                else [
                    (record_id, palette_text(kb, record_id))
                    for name in _ORDER
                    for record_id in getattr(kb, name).ids
                ]
            )
        return self._entries

    def _candidates(self, kb: KnowledgeBase, words: Query) -> list[tuple[str, str]]:
        """(record id, palette text) of the first records of each collection that
        hold every typed word, found as the lists' filter finds them."""
        if self._listings is None:  # one per palette: typing on narrows the last result
            self._listings = {name: Listing(kb, name) for name in _ORDER}
        found: list[tuple[str, str]] = []
        for name in _ORDER:
            ids = getattr(kb, name).ids
            positions = self._listings[name].filter(words)
            found += [
                (ids[position], palette_text(kb, ids[position]))
                for position in positions[:CANDIDATES_PER_COLLECTION]
            ]
        return found

    def _jump(self, record_id: str) -> None:
        self.app.post_message(GoToRecord(record_id))

    async def discover(self) -> Hits:
        kb = self._kb()
        if kb is None:
            return
        first = (record_id for name in _ORDER for record_id in getattr(kb, name).ids)
        for record_id in islice(first, 50):
            text = palette_text(kb, record_id)
            yield DiscoveryHit(Content(text), partial(self._jump, record_id))

    async def search(self, query: str) -> Hits:
        kb = self._kb()
        if kb is None:
            return
        matcher = self.matcher(query)
        words = Query.parse(query)
        small = len(kb.by_id) <= FUZZY_LIMIT
        records = self._records() if small else self._candidates(kb, words)
        scored: list[tuple[float, str, str, str]] = []
        for record_id, text in records:
            # Names typed without their diacritics, or in Latin for Cyrillic, match too.
            score = max(matcher.match(text), matcher.match(fold(text)))
            aliases = ""
            if small or (score <= 0 and kb.kind_of(record_id) in _WITH_ALIASES):
                # (a large archive's records are built only when the name alone
                # does not match: the filter text they were found by holds aliases)
                aliases = "; ".join(getattr(kb.by_id[record_id], "aliases", ()))
                if aliases:
                    score = max(score, matcher.match(aliases), matcher.match(fold(aliases)))
            if score > 0:
                scored.append((score, record_id, text, aliases))
        if not small:
            scored = sorted(scored, key=lambda hit: -hit[0])[:HIT_LIMIT]
        for score, record_id, text, aliases in scored:
            display = Content(text)  # never markup: names come from data files
            for start, end in words.ranges(text):
                display = display.stylize("bold underline", start, end)
            if aliases:  # inside the prompt Content: Hit.help would be parsed as markup
                display = Content.assemble(display, ("\nalso: " + aliases, "dim"))
            yield Hit(score, display, partial(self._jump, record_id), text=text)


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
        "Inbox",
        "Review what vnru add suggested: accept, cite or dismiss  ·  i",
        "app.inbox",
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
        # The views open over the main screen: the app closes what is above it.
        self.app.post_message(RunMainAction(action))

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
