"""Filtering one list and searching everything, with match positions for highlighting.

Queries are split into words; every word must match (AND), as a substring.
Matching follows how a reader of this material types:

- Smart case: a query with no capital letters ignores case; one with a capital
  letter matches case exactly (as in fzf, less and vim).
- A word typed in plain ASCII matches the text folded to plain Latin
  (:mod:`tui.core.folding`): "son" finds Sơn, "dang" finds Đặng, "putin" finds
  Путин, "-" finds "–". A word typed with a diacritic or in another script
  matches only itself: "sơn" does not find "son".

Every text is kept folded and lower-cased, so each word is first looked for
there (a fast byte scan); a word that needs more — a capital, a diacritic — is
then checked against the text itself, for those candidates only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, Any

from tui.core.folding import fold, fold_with_origins, spans_in_original
from tui.core.knowledge import Kind, KnowledgeBase, kind_of
from tui.core.store import RecordStore
from tui.core.topics import TOPICS

if TYPE_CHECKING:
    from tui.core.knowledge import AnyRecord


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: its words and whether case matters."""

    terms: tuple[str, ...]
    case_sensitive: bool

    @classmethod
    def parse(cls, text: str) -> Query:
        """Split ``text`` into words; smart case decides case sensitivity."""
        words = tuple(dict.fromkeys(text.split()))
        sensitive = any(char.isupper() for char in text)
        return cls(words, sensitive)

    @property
    def empty(self) -> bool:
        """True when there is nothing to match: every item matches."""
        return not self.terms

    def needles(self) -> tuple[str, ...]:
        """The terms as the query compares them: lower-cased unless case matters."""
        return self.terms if self.case_sensitive else tuple(t.lower() for t in self.terms)

    def keys(self) -> tuple[bytes, ...]:
        """Each term as it must occur in folded, lower-cased UTF-8 text (a match
        needs that, and for a lower-case ASCII term it is all a match needs)."""
        return tuple(fold(term).lower().encode() for term in self.terms)

    def exact(self) -> tuple[str, ...]:
        """The needles a folded match does not settle: any with a letter when case
        matters, any with a character outside ASCII. Each is checked in the text."""
        return tuple(
            needle
            for needle in self.needles()
            if not needle.isascii() or (self.case_sensitive and needle.lower() != needle.upper())
        )

    def matches_text(self, text: str, needles: Iterable[str] | None = None) -> bool:
        """True when every term (or every one of ``needles``, taken from
        :meth:`needles`) occurs in ``text`` by the rules above."""
        folded: str | None = None
        lowered: str | None = None
        for needle in self.needles() if needles is None else needles:
            if needle.isascii():
                if folded is None:
                    folded = fold(text) if self.case_sensitive else fold(text).lower()
                if needle not in folded:
                    return False
            else:
                if lowered is None:
                    lowered = text if self.case_sensitive else text.lower()
                if needle not in lowered:
                    return False
        return True

    def ranges(self, text: str) -> list[tuple[int, int]]:
        """Every ``[start, end)`` where a term occurs in ``text``, merged and sorted."""
        if self.empty:
            return []  # every unfiltered row drawn asks: no folding for nothing
        found: list[tuple[int, int]] = []
        folding = fold_with_origins(text)  # once for every term
        for needle in self.needles():
            found += self.term_ranges(text, needle, folding)
        return _merge(found)

    def term_ranges(
        self,
        text: str,
        needle: str,
        folding: tuple[str, list[int] | None] | None = None,
    ) -> list[tuple[int, int]]:
        """Where one of :meth:`needles` occurs in ``text``, in ``text``'s positions
        (``folding``: :func:`fold_with_origins` of ``text``, when already made)."""
        if not needle:
            return []
        if not needle.isascii():
            target = text if self.case_sensitive else text.lower()
            return [(m.start(), m.end()) for m in re.finditer(re.escape(needle), target)]
        folded, origins = folding if folding is not None else fold_with_origins(text)
        target = folded if self.case_sensitive else folded.lower()
        spans = [(m.start(), m.end()) for m in re.finditer(re.escape(needle), target)]
        return spans_in_original(spans, origins)


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def record_label(record: AnyRecord) -> str:
    """The name a record goes by in lists, links and search results."""
    from tui.core.models import Event, Source

    if isinstance(record, Event):
        return record.title
    if isinstance(record, Source):
        return record.title
    return record.name


def record_haystack(record: AnyRecord, kb: KnowledgeBase | None = None) -> str:
    """The text a list filter looks in: what the row shows plus names behind it."""
    from tui.core.models import Agreement, Event, Organization, Person, Source

    parts: list[str] = [record_label(record)]
    if isinstance(record, Event):
        parts += [record.date, record.span.human(), record.description, *record.topics]
        if kb is not None:
            parts += [kb.label_of(i) for i in record.people if i in kb.by_id]
            parts += [kb.label_of(i) for i in record.agreements if i in kb.by_id]
    elif isinstance(record, Person):
        parts += [*record.aliases, record.country, *(role.title for role in record.roles)]
    elif isinstance(record, Agreement):
        parts += [*record.aliases, record.kind, *record.parties, record.signed or ""]
    elif isinstance(record, Organization):
        parts += [*record.aliases, record.kind, record.country or ""]
    elif isinstance(record, Source):
        parts += [record.outlet, record.published, record.byline or ""]
    return "\n".join(parts)


COLLECTIONS: tuple[str, ...] = ("events", "people", "agreements", "organizations", "sources")
"""The knowledge base's collections, in search-result order."""


@dataclass(frozen=True, slots=True)
class CollectionText:
    """What the filter of one list looks in, one entry per record, in list order.

    Text is kept as UTF-8 bytes: substring tests on UTF-8 give the same
    answers as on ``str``, and bytes take one byte per character where a
    string holding a single en dash takes two.  At 100,000 records that is the
    difference between fitting in the memory budget and not.
    """

    haystacks: list[bytes]
    """The text as shown, for the words a folded match does not settle."""
    lowered: list[bytes]
    """The same text folded to plain Latin and lower-cased: every word is looked
    for here first."""
    years: list[tuple[int, int]] | None = None
    """First and last year of each event (timeline only)."""
    topics: list[int] | None = None
    """Topics of each event as a bit mask (:func:`topic_mask`; timeline only).
    Plain ints: 100,000 frozensets were objects every full garbage-collector
    pass walked, ~40 ms each in the middle of a keystroke."""


@dataclass(frozen=True, slots=True)
class SearchData:
    """Precomputed text for filtering and global search (cached with the knowledge base)."""

    collections: dict[str, CollectionText]
    corpus: dict[str, list[bytes]]
    """Per collection, every record's searchable fields joined, folded and lower-cased, as UTF-8."""
    articles: list[tuple[str, bytes]]
    """(source id, article text folded and lower-cased as UTF-8) for every source; a
    query with a capital or a diacritic is checked against the article itself, read
    when it matches."""


def topic_mask(topics: Iterable[str]) -> int:
    """The bits of ``topics``, one per entry of :data:`TOPICS` (0 for none or an
    unknown topic, which then matches nothing)."""
    mask = 0
    for topic in topics:
        if topic in _TOPIC_BITS:
            mask |= _TOPIC_BITS[topic]
    return mask


_TOPIC_BITS = {topic: 1 << number for number, topic in enumerate(TOPICS)}


def _folded(text: str) -> bytes:
    return fold(text).lower().encode()


SEARCH_CHUNK = 4096
"""Records per chunk of :func:`search_chunks`."""


def search_chunks(
    kb: KnowledgeBase, article_texts: Mapping[str, str] | None = None
) -> Iterator[tuple[str, Any]]:
    """The search text of ``kb`` as (key, chunk) pairs, a few thousand records at a
    time, so it can be written out (the cache does) without ever being whole in
    memory; :func:`assemble_search` puts it together.  The first pair describes
    the rest.  Articles are read through ``kb.texts`` unless given.
    """
    from tui.core.models import Event

    articles_by_id = article_texts if article_texts is not None else kb.texts
    counts = {name: len(getattr(kb, name)) for name in COLLECTIONS}
    yield "meta", (counts, list(kb.sources.ids))
    for name in COLLECTIONS:
        store = getattr(kb, name)
        # Each record is built, read and dropped: the store does not keep it.
        records: Iterator[AnyRecord] = (
            store.stream() if isinstance(store, RecordStore) else iter(store)
        )
        while chunk := list(islice(records, SEARCH_CHUNK)):
            haystacks = [record_haystack(record, kb) for record in chunk]
            yield f"{name}/haystacks", [text.encode() for text in haystacks]
            yield f"{name}/lowered", [_folded(text) for text in haystacks]
            yield (
                f"{name}/corpus",
                [_folded("\n".join(_record_fields(kb, record))) for record in chunk],
            )
            if name == "events":
                events = [record for record in chunk if isinstance(record, Event)]
                yield f"{name}/years", [(e.span.first_year, e.span.last_year) for e in events]
                yield f"{name}/topics", [topic_mask(e.topics) for e in events]
    source_ids = list(kb.sources.ids)
    for start in range(0, len(source_ids), SEARCH_CHUNK // 8):
        batch = source_ids[start : start + SEARCH_CHUNK // 8]
        yield "articles", [_folded(articles_by_id[source_id]) for source_id in batch]


def assemble_search(chunks: Iterator[tuple[str, Any]]) -> SearchData:
    """The :class:`SearchData` that :func:`search_chunks` described.

    Raises:
        ValueError: when the chunks do not add up (a damaged cache file).
    """
    key, meta = next(chunks, ("", None))
    if key != "meta" or not isinstance(meta, tuple) or len(meta) != 2:
        raise ValueError("search text without its description")
    counts, article_ids = meta
    parts: dict[str, list[Any]] = {}
    for key, chunk in chunks:
        if not isinstance(chunk, list):
            raise ValueError(f"search text chunk {key!r} is not a list")
        parts.setdefault(key, []).extend(chunk)
    collections: dict[str, CollectionText] = {}
    corpus: dict[str, list[bytes]] = {}
    for name in COLLECTIONS:
        count = counts[name]
        timeline = name == "events"
        columns = ["haystacks", "lowered", "corpus", *(("years", "topics") if timeline else ())]
        if any(len(parts.get(f"{name}/{column}", [])) != count for column in columns):
            raise ValueError(f"search text of {name} is incomplete")
        collections[name] = CollectionText(
            parts[f"{name}/haystacks"] if count else [],
            parts[f"{name}/lowered"] if count else [],
            parts.get(f"{name}/years", []) if timeline else None,
            parts.get(f"{name}/topics", []) if timeline else None,
        )
        corpus[name] = parts[f"{name}/corpus"] if count else []
    articles = parts.get("articles", [])
    if len(articles) != len(article_ids):
        raise ValueError("search text of the articles is incomplete")
    return SearchData(collections, corpus, list(zip(article_ids, articles, strict=True)))


def build_search_data(
    kb: KnowledgeBase, article_texts: Mapping[str, str] | None = None
) -> SearchData:
    """Compute :class:`SearchData` from the records (reads every record once).

    ``article_texts`` are given when the caller already holds them; otherwise
    they are read through ``kb.texts``.
    """
    return assemble_search(search_chunks(kb, article_texts))


class Listing:
    """One collection prepared for fast filtering.

    Filtering scans precomputed strings with ``in``; when the new query only
    adds to the last one (typing a word), only the last result is rescanned.
    """

    __slots__ = ("_haystacks", "_last", "_lowered", "_topics", "_years")

    def __init__(self, text: CollectionText) -> None:
        self._haystacks = text.haystacks
        self._lowered = text.lowered
        self._years = text.years
        self._topics = text.topics
        self._last: tuple[tuple[str, ...], bool, str | None, object, list[int]] | None = None

    def __len__(self) -> int:
        return len(self._haystacks)

    def filter(
        self,
        query: Query,
        *,
        topic: str | None = None,
        years: tuple[int | None, int | None] | None = None,
    ) -> list[int]:
        """Positions of the rows that match ``query``, a topic and a year range."""
        needles = query.needles()
        last = self._last
        unchecked = needles
        if (
            last is not None
            and last[1] == query.case_sensitive
            and last[2] == topic
            and last[3] == years
            and _narrows(last[0], needles)
        ):
            candidates: list[int] | range = last[4]  # typing on: only earlier matches can match
            # ...and they all hold the words that did not change ("talks m" ->
            # "talks mo" checks "mo" alone): each word is a scan of megabytes.
            unchanged = set(last[0])
            unchecked = tuple(needle for needle in needles if needle not in unchanged)
        else:
            candidates = self._by_topic_and_years(topic, years)
        pool = self._lowered
        encoded = [fold(needle).lower().encode() for needle in unchecked]
        result: list[int]
        if not encoded:
            result = list(candidates)
        elif len(candidates) == len(pool):
            # Every row (a first keystroke, or one every row matched): enumerate
            # beats indexing 100,000 times.
            first = encoded[0]
            result = [i for i, haystack in enumerate(pool) if first in haystack]
            encoded = encoded[1:]
        else:
            result = list(candidates)
        for key in encoded:
            result = [i for i in result if key in pool[i]]
        for needle in query.exact():
            if needle in unchecked:
                result = self._check_exactly(result, needle, query.case_sensitive)
        self._last = (needles, query.case_sensitive, topic, years, result)
        return result

    def _check_exactly(self, rows: list[int], needle: str, case_sensitive: bool) -> list[int]:
        """The ``rows`` (already matching the needle folded) whose shown text holds it
        by the rules of :class:`Query`; ASCII rows are settled on their bytes."""
        shown = self._haystacks
        raw = needle.encode()
        if needle.isascii():  # a word with a capital: as shown, or in the folded text
            return [
                i
                for i in rows
                if raw in shown[i] or (not shown[i].isascii() and needle in fold(shown[i].decode()))
            ]
        if case_sensitive:
            return [i for i in rows if raw in shown[i]]
        return [i for i in rows if needle in shown[i].decode().lower()]

    def _by_topic_and_years(
        self, topic: str | None, years: tuple[int | None, int | None] | None
    ) -> list[int] | range:
        candidates: list[int] | range = range(len(self._haystacks))
        if topic is not None and self._topics is not None:
            topics = self._topics
            bit = topic_mask((topic,))
            candidates = [i for i in candidates if topics[i] & bit]
        if years is not None and self._years is not None and years != (None, None):
            low = years[0] if years[0] is not None else -(10**9)
            high = years[1] if years[1] is not None else 10**9
            spans = self._years
            candidates = [i for i in candidates if spans[i][1] >= low and spans[i][0] <= high]
        return candidates


def _narrows(before: tuple[str, ...], after: tuple[str, ...]) -> bool:
    """True when every match of ``after`` must also match ``before``."""
    return bool(before) and all(any(old in new for new in after) for old in before)


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
    """For article text hits: where the match starts in the article."""


LIMIT_PER_KIND = 100
"""Results kept per kind: enough to scan, few enough to stay instant at 100,000 records."""

KIND_ORDER: tuple[Kind, ...] = ("event", "person", "agreement", "organization", "source")


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


def _record_fields(kb: KnowledgeBase, record: AnyRecord) -> list[str]:
    """The searchable texts of a record: its label first, then what explains it."""
    from tui.core.models import Agreement, Event, Organization, Person, Source

    fields = [record_label(record)]
    if isinstance(record, Event):
        fields += [record.description, record.span.human(), record.date]
        fields += [kb.label_of(i) for i in (*record.people, *record.agreements) if i in kb.by_id]
    elif isinstance(record, Person):
        fields += [
            *record.aliases,
            record.description or "",
            *(role.title for role in record.roles),
        ]
    elif isinstance(record, Agreement):
        fields += [*record.aliases, record.summary, record.kind]
    elif isinstance(record, Organization):
        fields += [*record.aliases, record.description, record.kind]
    elif isinstance(record, Source):
        fields += [record.outlet, record.byline or "", record.note or ""]
    fields += [citation.quote for citation in kb.citations_of(record)]
    return [field for field in fields if field]


class SearchIndex:
    """Search across every record's text and the full text of every article.

    Only folded, lower-cased UTF-8 copies are held; a query with capitals or
    diacritics is matched against them first and then checked, case and all,
    against the record or article itself (only for the candidates, and only
    until the result limit).
    Typing on narrows: when a scan of a collection ran to its end, the next
    query that only adds to this one looks only at what this one matched.
    """

    __slots__ = ("_articles", "_corpus", "_kb", "_last")

    def __init__(self, kb: KnowledgeBase) -> None:
        self._kb = kb
        data = kb.search
        self._corpus = [(getattr(kb, name), data.corpus[name]) for name in COLLECTIONS]
        self._articles = data.articles
        # lowered needles of the last query, and per scan (collections, then the
        # articles) the positions that matched them, when that scan was complete
        self._last: tuple[tuple[str, ...], list[list[int] | None]] | None = None

    def search(
        self, text: str, *, limit_per_kind: int = LIMIT_PER_KIND, per_article: int = 20
    ) -> list[Hit]:
        """Hits for ``text``, grouped by kind in :data:`KIND_ORDER`.

        A record matches when every word occurs somewhere in its text (title,
        names, aliases, description, quotes); an article matches when every
        word occurs in its text, with one hit per occurrence of the first word.
        """
        query = Query.parse(text)
        if query.empty:
            return []
        needles = query.needles()
        words = tuple(term.lower() for term in query.terms)
        keys = query.keys()
        exact = query.exact()
        last = self._last
        narrowing = last[1] if last is not None and _narrows(last[0], words) else None
        complete: list[list[int] | None] = []
        grouped: dict[Kind, list[Hit]] = {kind: [] for kind in KIND_ORDER}
        kb = self._kb
        for scan, (records, texts) in enumerate(self._corpus):
            earlier = narrowing[scan] if narrowing is not None else None
            matched: list[int] | None = []
            for index in earlier if earlier is not None else range(len(texts)):
                if not all(key in texts[index] for key in keys):
                    continue
                record = records[index]
                fields = _record_fields(kb, record)
                if exact and not query.matches_text("\n".join(fields), exact):
                    continue
                kind = kind_of(record)
                best = _best_field(fields[1:], query, needles[0]) or fields[min(1, len(fields) - 1)]
                snippet, ranges = _snippet(best, query)
                grouped[kind].append(Hit(kind, record.id, record_label(record), snippet, ranges))
                if matched is not None:
                    matched.append(index)
                if len(grouped[kind]) >= limit_per_kind:
                    matched = None  # cut short: the next query cannot narrow from it
                    break
            complete.append(matched if not query.case_sensitive else None)
        earlier = narrowing[-1] if narrowing is not None else None
        matched_articles: list[int] | None = []
        for position_in_list in earlier if earlier is not None else range(len(self._articles)):
            source_id, article_folded = self._articles[position_in_list]
            if not all(key in article_folded for key in keys):
                continue
            article = kb.texts[source_id]
            if exact and not query.matches_text(article, exact):
                continue
            if matched_articles is not None:
                matched_articles.append(position_in_list)
            title = kb.label_of(source_id)
            for position, _end in query.term_ranges(article, needles[0])[:per_article]:
                paragraph = _paragraph_at(article, position)
                snippet, ranges = _snippet(paragraph, query)
                grouped["source"].append(
                    Hit("source", source_id, title, snippet, ranges, offset=position)
                )
            if len(grouped["source"]) >= limit_per_kind:
                matched_articles = None
                break
        complete.append(matched_articles if not query.case_sensitive else None)
        self._last = (words, complete)
        return [hit for kind in KIND_ORDER for hit in grouped[kind]]


def _best_field(fields: list[str], query: Query, needle: str) -> str | None:
    """The first field containing ``needle`` (one of the query's): the snippet is cut from it."""
    for text in fields:
        if query.matches_text(text, (needle,)):
            return text
    return None


def parse_year_range(text: str) -> tuple[int | None, int | None]:
    """Parse '1950-1975', '1950–1975', '1950-', '-1975' or '2024' into bounds.

    Raises:
        ValueError: with a message to show the user.
    """
    cleaned = text.strip().replace("–", "-").replace("—", "-").replace(" ", "")
    if not cleaned:
        return (None, None)
    head, dash, tail = cleaned.partition("-")
    try:
        low = int(head) if head else None
        high = int(tail) if tail else None
    except ValueError:
        raise ValueError(
            f"{text!r} is not a year range: write 1950-1975, 1950-, -1975 or 2024"
        ) from None
    if not dash:
        high = low
    if low is not None and high is not None and high < low:
        raise ValueError(f"{text!r} ends before it starts")
    return (low, high)


def describe_years(years: tuple[int | None, int | None], dash: str = "–") -> str:
    """A year range as a reader writes it: '2024' for a single year,
    '1950–1975', '2001–…', '…–1991'; '' for no bound at all. With ``dash="-"``
    it reads back through :func:`parse_year_range` ('2001-', '-1991')."""
    low, high = years
    if low is None and high is None:
        return ""
    if low == high:
        return str(low)
    gap = "" if dash == "-" else "…"
    return f"{low if low is not None else gap}{dash}{high if high is not None else gap}"


def _paragraph_at(text: str, position: int) -> str:
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return text[start : end if end >= 0 else len(text)]
