"""Matching as a reader types: diacritics, đ/Đ, Cyrillic and dashes from an English keyboard."""

from __future__ import annotations

import sqlite3

import pytest
from anyascii import anyascii
from hypothesis import given
from hypothesis import strategies as st

from tui.core.folding import fold, fold_with_origins
from tui.core.index.schema import TOKENIZER
from tui.core.outputs.export import select
from tui.core.paths import default_data_dir
from tui.core.queries.articles import find_phrase
from tui.core.queries.global_search import SearchIndex
from tui.core.queries.knowledge import KnowledgeBase
from tui.core.queries.matching import Query, fts_query
from tui.core.queries.opening import load_knowledge_base


@pytest.fixture(scope="module")
def bundled() -> KnowledgeBase:
    return load_knowledge_base(default_data_dir())


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Phan Anh Sơn", "Phan Anh Son"),
        ("Đỗ Hùng Việt", "Do Hung Viet"),
        ("đường", "duong"),
        ("Сергей Лавров", "Sergey Lavrov"),
        ("2024–2025", "2024-2025"),
        ("plain ASCII [bold]", "plain ASCII [bold]"),
    ],
)
def test_fold_writes_every_letter_in_plain_latin(text: str, folded: str) -> None:
    assert fold(text) == folded


TEXT_CASES = [
    # (query, text, matches)
    ("phan anh son", "Phan Anh Sơn", True),  # the issue's own example
    ("Phan Anh Son", "Phan Anh Sơn", True),  # smart case: capitals match, diacritics fold
    ("phan anh Son", "phan anh sơn", False),  # ...but a capital matches only a capital
    ("sơn", "Phan Anh Sơn", True),  # typed with its diacritic: matches itself
    ("sơn", "Phan Anh Son", False),  # ...and only itself
    ("sỏn", "Phan Anh Sơn", False),  # another diacritic is another letter
    ("Sơn", "phan anh sơn", False),  # a capital with a diacritic: case matters
    ("dang", "Đặng Minh Khôi", True),  # đ/Đ, which Unicode decomposition does not fold
    ("Dang Minh Khoi", "Đặng Minh Khôi", True),
    ("putin", "Владимир Путин", True),  # Latin finds Cyrillic
    ("Putin", "Владимир Путин", True),
    ("путин", "Vladimir Putin", False),  # Cyrillic typed finds only Cyrillic
    ("2024-2025", "from 2024–2025 on", True),  # a hyphen finds an en dash
    ("son", "Sơn", True),
    ("viet nam", "Việt Nam", True),
    ("ener", "energy security", True),  # a word's start finds the word
    ("nergy", "energy security", False),  # ...its middle does not (as in a search engine)
    ('"energy', "energy security", True),  # FTS syntax typed is text
    ("energy AND", "energy security", False),
    ("NEAR(", "energy security", False),
    ("sec*", "energy security", True),
]


@pytest.mark.parametrize(("query", "text", "expected"), TEXT_CASES)
def test_a_query_matches_as_a_reader_types(query: str, text: str, expected: bool) -> None:
    assert Query.parse(query).matches_words(text) is expected


@pytest.mark.parametrize(("query", "text", "expected"), TEXT_CASES)
def test_the_list_filter_follows_the_same_rules(query: str, text: str, expected: bool) -> None:
    """The index's answer (FTS5 over folded text, then the text itself) agrees with the rule."""
    assert index_filter([text, "unrelated"], Query.parse(query)) == ([0] if expected else [])


@pytest.mark.parametrize(
    ("query", "text", "marked"),
    [
        ("son", "Phan Anh Sơn", ["Sơn"]),
        ("lavrov", "Сергей Лавров", ["Лавров"]),
        ("shch", "Щукин", ["Щ"]),  # a match inside one letter's folding marks the letter
        ("dang minh", "Đặng Minh", ["Đặng", "Minh"]),
        ("sơn", "Sơn, son", ["Sơn"]),
        ("on", "Sơn, son", ["ơn", "on"]),
    ],
)
def test_highlights_fall_on_the_characters_as_written(
    query: str, text: str, marked: list[str]
) -> None:
    assert [text[start:end] for start, end in Query.parse(query).ranges(text)] == marked


def index_filter(texts: list[str], query: Query) -> list[int]:
    """The rows an FTS5 index of ``texts`` (folded, as vnru's index holds them)
    gives for ``query``, checked as :class:`Listing` checks them."""
    with sqlite3.connect(":memory:") as db:
        db.execute(f"CREATE VIRTUAL TABLE t USING fts5(shown, tokenize='{TOKENIZER}')")
        db.executemany(
            "INSERT INTO t (rowid, shown) VALUES (?, ?)",
            [(i, fold(text)) for i, text in enumerate(texts)],
        )
        expression = fts_query(query, "shown")
        if expression is None:
            rows = range(len(texts))
        else:
            rows = sorted(
                r for (r,) in db.execute("SELECT rowid FROM t WHERE t MATCH ?", (expression,))
            )
        return [i for i in rows if query.matches_text(texts[i], query.unsettled())]


LETTERS = st.sampled_from(list("aosdnPSODĐđơôóÓСсПпуУ–- ")) | st.characters(codec="utf-8")


@given(
    texts=st.lists(st.text(LETTERS, max_size=12), min_size=1, max_size=8),
    typed=st.text(LETTERS, min_size=1, max_size=6),
)
def test_the_filter_equals_the_rule_for_any_text(texts: list[str], typed: str) -> None:
    """Whatever the text and the query, the index keeps exactly the rows the rule
    (Query.matches_words) accepts: FTS syntax typed by a user is text, and the
    words the index cannot settle are checked."""
    query = Query.parse(typed)
    expected = [i for i, text in enumerate(texts) if query.matches_words(text)]
    assert index_filter(texts, query) == expected


@given(st.text(LETTERS, max_size=40))
def test_folding_keeps_where_each_character_came_from(text: str) -> None:
    folded, origins = fold_with_origins(text)
    assert folded == fold(text) == anyascii(text)
    if origins is None:
        assert text.isascii()
        return
    assert len(origins) == len(folded)
    assert origins == sorted(origins)
    rebuilt = "".join(
        anyascii(text[i]) if not text[i].isascii() else text[i] for i in range(len(text))
    )
    assert rebuilt == folded


def test_people_are_found_without_their_diacritics(bundled: KnowledgeBase) -> None:
    """The issue's report: `vnru export --collection people --query "phan anh son"`
    found nobody; only "Sơn" found Phan Anh Sơn."""
    for typed in ("phan anh son", "Phan Anh Son", "Sơn"):
        chosen = select(bundled, query=typed, collections=("people",))
        assert [person.name for person in chosen.people] == ["Phan Anh Sơn"], typed


def test_global_search_finds_a_name_typed_without_diacritics(bundled: KnowledgeBase) -> None:
    hits = SearchIndex(bundled).search("phan anh son")
    people = [hit for hit in hits if hit.kind == "person"]
    assert [hit.label for hit in people] == ["Phan Anh Sơn"]
    articles = [hit for hit in hits if hit.kind == "source"]
    assert articles, "the articles name him too"
    for hit in articles:
        marked = [hit.snippet[start:end] for start, end in hit.ranges]
        assert "Sơn" in marked, marked
        assert bundled.texts[hit.record_id][hit.offset : hit.offset + 4] == "Phan"


@pytest.mark.parametrize(
    ("phrase", "found"),
    [
        ("phan anh son", ["Phan Anh Sơn"]),
        ("anh son", ["Anh Sơn", "Anh\nSon"]),
        ("Anh Sơn", ["Anh Sơn"]),
        ("lavrov", ["Лавров"]),
    ],
)
def test_the_readers_search_folds_as_the_filter_does(phrase: str, found: list[str]) -> None:
    text = "Phan Anh Sơn met Лавров; later Anh\nSon spoke."
    assert [text[span.start : span.end] for span in find_phrase(text, phrase)] == found
