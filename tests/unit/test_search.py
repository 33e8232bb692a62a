"""Global search: typing on narrows the previous results, and gives what a fresh search gives."""

from __future__ import annotations

import pytest

from tui.core.paths import default_data_dir
from tui.core.queries.global_search import LIMIT_PER_KIND, Group, Hit, Results, SearchIndex
from tui.core.queries.knowledge import KnowledgeBase
from tui.core.queries.opening import load_knowledge_base


@pytest.fixture(scope="module")
def index_kb() -> KnowledgeBase:
    return load_knowledge_base(default_data_dir())


def keys(hits: list[Hit]) -> list[tuple[str, str, int | None, str]]:
    return [(hit.kind, hit.record_id, hit.offset, hit.snippet) for hit in hits]


@pytest.mark.parametrize(
    "typed",
    [
        "moscow treaty",
        "Putin visit",
        "putin Visit",
        "ho chi minh",
        "zzzz",
        "nuclear",
        "2024 scholar",
        "vietnam russia",
    ],
)
def test_typing_on_gives_what_a_fresh_search_gives(index_kb: KnowledgeBase, typed: str) -> None:
    """Regression guard for narrowing: each prefix, searched after the one before,
    finds exactly what a new index finds for it."""
    typing = SearchIndex(index_kb)
    for end in range(1, len(typed) + 1):
        prefix = typed[:end]
        assert keys(typing.search(prefix)) == keys(SearchIndex(index_kb).search(prefix)), prefix


def test_narrowing_is_not_used_after_a_result_limit(index_kb: KnowledgeBase) -> None:
    """A scan cut short at the limit cannot be narrowed from: 'a' then 'an' must
    still find records beyond the first few that matched 'a'."""
    typing = SearchIndex(index_kb)
    typing.search("a", limit_per_kind=3)
    assert keys(typing.search("an", limit_per_kind=LIMIT_PER_KIND)) == keys(
        SearchIndex(index_kb).search("an", limit_per_kind=LIMIT_PER_KIND)
    )


def test_a_search_finds_articles_and_records(index_kb: KnowledgeBase) -> None:
    hits = SearchIndex(index_kb).search("scholarships")
    kinds = {hit.kind for hit in hits}
    assert "source" in kinds
    assert kinds & {"event", "agreement", "person", "organization"}


@pytest.mark.parametrize("topic", ["energy", "diplomacy", "health", "not-a-topic"])
def test_topic_filter_keeps_exactly_the_events_on_that_topic(
    index_kb: KnowledgeBase, topic: str
) -> None:
    from tui.core.queries.matching import Query
    from tui.core.queries.search import Listing

    listing = Listing(index_kb, "events")
    kept = list(listing.filter(Query.parse(""), topic=topic))
    expected = [row for row, event in enumerate(index_kb.events) if topic in event.topics]
    assert kept == expected
    assert kept or topic in ("not-a-topic", "health")


def test_topic_masks_are_plain_ints_one_bit_a_topic() -> None:
    from tui.core.topics import TOPICS, topic_mask

    masks = [topic_mask((topic,)) for topic in TOPICS]
    assert len(set(masks)) == len(TOPICS) and all(m & (m - 1) == 0 for m in masks)
    assert topic_mask(("energy", "health")) == topic_mask(("energy",)) | topic_mask(("health",))
    assert topic_mask(()) == topic_mask(("unknown",)) == 0


def test_a_filter_typed_on_gives_what_a_fresh_filter_gives(index_kb: KnowledgeBase) -> None:
    """Typing on narrows the last result and checks only the words that changed;
    every step must still equal a fresh filter of the same text."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from tui.core.queries.matching import Query
    from tui.core.queries.search import Listing

    collection = "events"
    edits = st.lists(
        st.one_of(st.sampled_from(list("aeinorstuvm VRP2019")), st.just("\b")),
        min_size=1,
        max_size=25,
    )

    @settings(max_examples=150, deadline=None)
    @given(edits)
    def check(keys: list[str]) -> None:
        typed = Listing(index_kb, collection)
        text = ""
        for key in keys:
            text = text[:-1] if key == "\b" else text + key
            assert typed.filter(Query.parse(text)) == Listing(index_kb, collection).filter(
                Query.parse(text)
            ), text

    check()


FIRST_ROWS_QUERIES = ["a", "mo", "Moscow", "vi", "2", "zzz", "sơn", "[", "energy visit", "t m"]


@pytest.mark.parametrize("head", [None, 3, 10_000], ids=["no-head", "short-head", "whole-head"])
@pytest.mark.parametrize("typed", FIRST_ROWS_QUERIES)
def test_the_first_rows_lead_the_whole_filter(
    index_kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch, typed: str, head: int | None
) -> None:
    """Regression guard for a large list's quick filter: the rows Listing.begin finds
    at once are the first rows of what Listing.filter finds, in the same order (the
    list shows them while the rest is found), and all of them when it says so;
    whether the list's first rows were read ahead (read_head: some, or all) or not."""
    from tui.core.queries import search
    from tui.core.queries.matching import Query
    from tui.core.queries.search import Listing

    monkeypatch.setattr(search, "QUICK_LIST", 0)  # the bundled lists behave as large ones
    monkeypatch.setattr(search, "FIRST_ROWS", 2)
    for collection in ("events", "people"):
        listing = Listing(index_kb, collection)
        if head is not None:
            monkeypatch.setattr(search, "HEAD_ROWS", head)
            listing.read_head()
        query = Query.parse(typed)
        first, complete = listing.begin(query)
        whole = list(listing.filter(query))  # an array, or a range when every row matches
        assert list(first) == whole[: len(first)], (collection, typed)
        if complete:
            assert list(first) == whole, (collection, typed)


def test_the_quick_matcher_agrees_with_the_rule(index_kb: KnowledgeBase) -> None:
    """Query.word_matcher, which finds a large list's first rows, decides as
    Query.matches_words does on every list row's text."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from tui.core.queries.matching import Query

    texts = [
        text
        for collection in ("events", "people", "agreements")
        for (text,) in index_kb.index.db().execute(f"SELECT shown FROM {collection}_text")
    ]

    @settings(max_examples=200, deadline=None)
    @given(st.text(alphabet="aeinostmvMVP2019 -ơđ[", min_size=1, max_size=8))
    def check(typed: str) -> None:
        query = Query.parse(typed)
        matches = query.word_matcher()
        for text in texts:
            assert matches(text) == query.matches_words(text), (typed, text)

    check()


def test_the_quick_matcher_agrees_with_the_rule_on_any_text() -> None:
    """The same, with the text drawn too: words at the start, the end, after
    digits, punctuation and letters with diacritics, repeated in one text."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from tui.core.queries.matching import Query

    @settings(max_examples=500, deadline=None)
    @given(
        st.text(alphabet="anoAN2 -ơđ", min_size=1, max_size=5),
        st.text(alphabet="anoANs2 -_.ơđĐ\n", max_size=30),
    )
    def check(typed: str, text: str) -> None:
        query = Query.parse(typed)
        assert query.word_matcher()(text) == query.matches_words(text), (typed, text)

    check()


def test_results_make_a_hit_only_when_it_is_asked_for(
    index_kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A search finds which rows match; the snippets of the hundreds found are
    cut only for the hits a list draws."""
    index = SearchIndex(index_kb)
    made: list[int] = []
    real = SearchIndex.hit
    monkeypatch.setattr(
        SearchIndex,
        "hit",
        lambda self, query, group, row: made.append(row) or real(self, query, group, row),
    )
    results = index.search("russia")
    assert len(results) == sum(len(group.rows) for group in results.groups) > 10
    assert made == []
    third = results[2]
    assert len(made) == 1 and results[2] is third and len(made) == 1
    assert [hit.kind for hit in results] == [
        group.kind for group in results.groups for _row in group.rows
    ]


def test_an_article_is_one_result_counting_its_occurrences(index_kb: KnowledgeBase) -> None:
    results = SearchIndex(index_kb).search("scholarships")
    text = [hit for group, hit in zip(_groups_of(results), results, strict=True) if group.text]
    assert text and len({hit.record_id for hit in text}) == len(text)
    for hit in text:
        article = index_kb.texts[hit.record_id]
        assert hit.word == "scholarships"
        assert hit.occurrences == article.lower().count("scholarships")
        assert hit.offset is not None
        assert article[hit.offset : hit.offset + len(hit.word)].lower() == hit.word


def _groups_of(results: Results) -> list[Group]:
    """Each hit's group, in the results' order."""
    return [group for group in results.groups for _row in group.rows]


@pytest.mark.parametrize("size", [0, 1, 5, 6_000, 40_000])
def test_positions_are_sorted_as_the_plain_rule_sorts_them(size: int) -> None:
    """_numbers reads SQLite's group_concat and _in_order orders record numbers by
    display position, both a piece at a time: the same as the one-line definitions,
    for lists shorter and longer than a piece (PIECE), and for few matches (sorted
    pieces merged) and many (marked)."""
    import random
    from array import array

    from tui.core.queries.search import PIECE, _in_order, _numbers

    chance = random.Random(size)
    positions = array("q", chance.sample(range(50_000), 50_000))
    rids = sorted(chance.sample(range(50_000), min(size, 50_000)))
    text = ",".join(map(str, rids))
    assert list(_numbers(text)) == rids
    assert list(_in_order(array("q", rids), positions)) == sorted(positions[r] for r in rids)
    assert size <= PIECE or len(rids) > PIECE  # the long case takes the marking path


def test_a_stop_ends_the_ordering_between_pieces() -> None:
    """A filter cancelled while it orders its rows stops at the next piece."""
    import sqlite3
    from array import array

    from tui.core.queries.search import PIECE, _in_order, _numbers

    asked: list[int] = []

    def stop() -> bool:
        asked.append(1)
        return len(asked) > 1  # go on for one piece, then stop

    many = array("q", range(3 * PIECE))
    with pytest.raises(sqlite3.OperationalError, match="interrupted"):
        _in_order(many, many, stop)  # marked
    asked.clear()
    with pytest.raises(sqlite3.OperationalError, match="interrupted"):
        _in_order(many, array("q", range(8 * len(many))), stop)  # sorted pieces
    asked.clear()
    with pytest.raises(sqlite3.OperationalError, match="interrupted"):
        _numbers(",".join(map(str, many)), stop)


def test_a_cancelled_filter_interrupts_its_query(index_kb: KnowledgeBase) -> None:
    """Cancel interrupts the connection of the thread that filters (sqlite3's
    interrupt, from the cancelling thread), and a filter cancelled before it
    starts gives None, not a partial list."""
    import threading

    from tui.core.queries.matching import Query
    from tui.core.queries.search import Cancel, Listing

    interrupted: list[str] = []

    class Watched:
        def interrupt(self) -> None:
            interrupted.append(threading.current_thread().name)

    cancel = Cancel()
    cancel.watch(Watched())  # type: ignore[arg-type]
    cancel.set()
    assert cancel.is_set() and interrupted == [threading.current_thread().name]
    cancel.watch(Watched())  # type: ignore[arg-type]  # watched after: interrupted at once
    assert len(interrupted) == 2
    listing = Listing(index_kb, "events")
    assert listing.filter_until(Query.parse("e"), cancel) is None
    assert list(listing.filter_until(Query.parse("e"), Cancel()) or []) == list(
        listing.filter(Query.parse("e"))
    )


def test_a_word_every_row_has_is_every_position(index_kb: KnowledgeBase) -> None:
    """A filter every row matches ("talks" in a generated archive) is the whole list
    as a range: its matches are counted, not read or put in order. A filter some
    rows match is an array of their positions."""
    from array import array

    from tui.core.queries.matching import Query
    from tui.core.queries.search import Listing

    listing = Listing(index_kb, "events")
    texts = [text for (text,) in index_kb.index.db().execute("SELECT shown FROM events_text")]
    every_row = Query.parse("a").word_matcher()
    assert all(every_row(text) for text in texts)  # each event has a word beginning "a"
    assert listing.filter(Query.parse("a")) == range(len(listing))
    some = listing.filter(Query.parse("moscow"))
    assert isinstance(some, array) and 0 < len(some) < len(listing)
