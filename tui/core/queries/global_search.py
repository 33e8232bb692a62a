"""Search everything: every record's text and the full text of every article.

A search finds which records and articles match, kind by kind
(:mod:`tui.core.queries.finding`); each result's snippet is cut when it is
first asked for, since a list shows a screenful of the hundreds found.  How a
query matches is :mod:`tui.core.queries.matching`'s.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import overload

from tui.core.folding import fold
from tui.core.kinds import BY_NAME, KINDS
from tui.core.queries.finding import Budget, matching_rows
from tui.core.queries.knowledge import Kind, KnowledgeBase
from tui.core.queries.matching import Query


@dataclass(frozen=True, slots=True)
class Hit:
    """One global search result."""

    kind: Kind
    """What was found: a record kind, or ``source`` for article text."""
    record_id: str
    """The record (or source, for article text hits) to jump to."""
    label: str
    """The record's name or the article's title."""
    snippet: str
    """The matching text, trimmed around the first match."""
    ranges: tuple[tuple[int, int], ...]
    """Match positions inside ``snippet``."""
    offset: int | None = None
    """For article text hits: where the first match starts in the article."""
    word: str = ""
    """For article text hits: the query's word the snippet shows (the reader
    opens searching for it)."""
    spans: tuple[tuple[int, int], ...] = ()
    """For article text hits: every ``[start, end)`` where the article has ``word``,
    as the search matches it (the start of a word, the query's case rule): the
    reader steps through these, not through its own search's matches."""

    @property
    def occurrences(self) -> int:
        """For article text hits: how many times the article has ``word``."""
        return len(self.spans)


@dataclass(frozen=True, slots=True)
class Group:
    """One kind's results."""

    kind: Kind
    """The kind of record, or ``source`` for article text."""
    rows: tuple[int, ...]
    """Rows of the kind's table (``rid``; for articles, the article index's
    ``rowid``), best first."""
    more: bool
    """True when the search stopped at its limit: there may be more."""
    text: bool = False
    """True for matches in the articles' text (kind ``source``), not in records."""


LIMIT_PER_KIND = 100
"""Results kept per kind: enough to scan, few enough to stay instant."""

KIND_ORDER: tuple[Kind, ...] = tuple(kind.name for kind in KINDS)
"""The order of the groups (the articles' text last, after the sources)."""

RECORD_WEIGHTS = ", 10.0, 4.0, 1.0"
"""bm25's weights for a record's columns (label, shown, extra): a name or title most."""


class Results(Sequence[Hit]):
    """A search's results, grouped by kind in :data:`KIND_ORDER`; each :class:`Hit`
    is made when first asked for."""

    def __init__(self, index: SearchIndex, query: Query, groups: list[Group]) -> None:
        self._index = index
        self._query = query
        self.groups = groups
        """The non-empty groups, in :data:`KIND_ORDER`."""
        self._ends = list(accumulate(len(group.rows) for group in groups))
        self._made: dict[int, Hit] = {}

    def __len__(self) -> int:
        return self._ends[-1] if self._ends else 0

    @overload
    def __getitem__(self, position: int) -> Hit: ...

    @overload
    def __getitem__(self, position: slice) -> list[Hit]: ...

    def __getitem__(self, position: int | slice) -> Hit | list[Hit]:
        if isinstance(position, slice):
            return [self[i] for i in range(*position.indices(len(self)))]
        if position < 0:
            position += len(self)
        if not 0 <= position < len(self):
            raise IndexError(position)
        hit = self._made.get(position)
        if hit is None:
            number = bisect.bisect_right(self._ends, position)
            group = self.groups[number]
            row = group.rows[position - (self._ends[number] - len(group.rows))]
            hit = self._made[position] = self._index.hit(self._query, group, row)
        return hit

    def __iter__(self) -> Iterator[Hit]:
        return (self[i] for i in range(len(self)))


class SearchIndex:
    """Search across every record's text and the full text of every article,
    ranked by FTS5's bm25 where ranking is quick (a match in a name or title
    weighs most)."""

    __slots__ = ("_kb",)

    def __init__(self, kb: KnowledgeBase) -> None:
        self._kb = kb

    def search(self, text: str, *, limit_per_kind: int = LIMIT_PER_KIND) -> Results:
        """Results for ``text``, grouped by kind in :data:`KIND_ORDER`, best first.

        A record matches when every word occurs somewhere in its text (title,
        names, aliases, description, quotes); an article matches when every
        word occurs in its text, and its snippet is the first occurrence of the
        first word.
        """
        query = Query.parse(text)
        if query.empty:
            return Results(self, query, [])
        budget = Budget()
        groups = [
            self._records(query, kind.name, kind.collection, limit_per_kind, budget)
            for kind in KINDS
        ]
        groups.append(self._articles(query, limit_per_kind, budget))
        return Results(self, query, [group for group in groups if group.rows])

    def _records(self, query: Query, kind: Kind, table: str, limit: int, budget: Budget) -> Group:
        db = self._kb.index.db()
        exact = query.unsettled()
        wanted = limit * 4 if exact else limit  # some may not match as typed
        columns = ("label", "extra")
        found = matching_rows(
            db, query, f"fts_{table}", columns, wanted, budget, weights=RECORD_WEIGHTS
        )
        rows = [rid for (rid,) in found]
        if exact:  # the text as written settles a capital or a diacritic
            marks = ",".join("?" * len(rows))
            select = (
                f"SELECT rid, label || char(10) || extra FROM {table}_text WHERE rid IN ({marks})"
            )
            texts = dict(db.execute(select, rows))
            rows = [rid for rid in rows if query.matches_text(texts[rid], exact)]
        return Group(kind, tuple(rows[:limit]), len(rows) >= limit)

    def _articles(self, query: Query, limit: int, budget: Budget) -> Group:
        kb = self._kb
        exact = query.unsettled()
        wanted = limit * 4 if exact else limit
        # An article is long to test: only a word most articles have is read for.
        found = matching_rows(
            kb.index.db(), query, "fts_articles", ("text",), wanted, budget, sample=8, common=2
        )
        rows = [rid for (rid,) in found]
        if exact:
            rows = [rid for rid in rows if query.matches_text(kb.texts[self._source(rid)], exact)]
        return Group("source", tuple(rows[:limit]), len(rows) >= limit, text=True)

    def _source(self, rowid: int) -> str:
        kb = self._kb
        return kb.store("sources").ids[kb.index.positions("sources")[rowid]]

    def hit(self, query: Query, group: Group, row: int) -> Hit:
        """The result for ``row`` of ``group``."""
        needle = query.needles()[0]
        kind = group.kind
        if group.text:
            source_id = self._source(row)
            article = self._kb.texts[source_id]
            found = list(_occurrences(article, query, needle))
            position, paragraph = (found[0][0], found[0][2]) if found else (None, article[:200])
            snippet, ranges = _snippet(paragraph, query)
            label = self._kb.label_of(source_id)
            spans = tuple((start, end) for start, end, _paragraph in found)
            return Hit(kind, source_id, label, snippet, ranges, position, needle, spans)
        table = BY_NAME[kind].collection
        record_id, label, extra = (
            self._kb.index.db()
            .execute(f"SELECT id, label, extra FROM {table}_text WHERE rid = ?", (row,))
            .fetchone()
        )
        # The text as written: label, then the kind's fields, linked names, quotes.
        fields = [label, *extra.split("\n")] if extra else [label]
        best = (
            _best_field(fields[1:], query, needle)
            or _best_field(fields[:1], query, needle)
            or fields[min(1, len(fields) - 1)]
        )
        snippet, ranges = _snippet(best, query)
        return Hit(kind, record_id, label, snippet, ranges)


def _snippet(text: str, query: Query, width: int = 90) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A window of ``text`` around its first match, with the match positions in it."""
    flat = " ".join(text.split())
    ranges = query.ranges(flat)
    if not ranges:
        return flat[:width], ()
    first = ranges[0][0]
    start = max(0, first - width // 3)
    end = min(len(flat), start + width)
    start = max(0, min(start, end - width))
    if start > 0:  # begin at a word, not inside one
        space = flat.find(" ", start, first)
        start = space + 1 if space >= 0 else start
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(flat) else ""
    window = prefix + flat[start:end] + suffix
    shift = len(prefix) - start
    inside = tuple(
        (max(s + shift, len(prefix)), min(e + shift, len(prefix) + end - start))
        for s, e in ranges
        if e > start and s < end
    )
    return window, inside


def _best_field(fields: list[str], query: Query, needle: str) -> str | None:
    """The first field containing ``needle`` (one of the query's): the snippet is cut from it."""
    for text in fields:
        if query.matches_text(text, (needle,)):
            return text
    return None


def _occurrences(text: str, query: Query, needle: str) -> Iterator[tuple[int, int, str]]:
    """Where ``needle`` (one of the query's) occurs in ``text`` (start, end), each
    with the paragraph around it: paragraph by paragraph, so that a long article
    is folded with its characters' origins only where the needle is."""
    key = fold(needle) if query.case_sensitive else fold(needle).lower()
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        paragraph = text[start:end]
        folded = fold(paragraph)
        if key in (folded if query.case_sensitive else folded.lower()) or not needle.isascii():
            for position, end_ in query.term_ranges(paragraph, needle):
                yield start + position, start + end_, paragraph
        start = end + 1
