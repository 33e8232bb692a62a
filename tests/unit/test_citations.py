"""Finding quotes in articles, ignoring differences in whitespace only."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tui.core.files.citations import ArticleIndex, Span
from tui.core.files.sanitize import collapse_whitespace

ARTICLE = (
    "Title line\n\n"
    "The two sides adopted a joint statement on deepening the comprehensive\n"
    "strategic partnership.   Prime Minister\tPham Minh Chinh welcomed the visit.\n"
    "  Indented\u00a0line with a no-break space.\n"
)


@pytest.mark.parametrize(
    ("quote", "original"),
    [
        (
            "the comprehensive strategic partnership.",
            "the comprehensive\nstrategic partnership.",
        ),
        ("partnership. Prime Minister", "partnership.   Prime Minister"),
        ("Prime Minister Pham Minh", "Prime Minister\tPham Minh"),
        ("Indented line", "Indented\u00a0line"),
        ("  Title   line \n", "Title line"),
        ("Title\nline\n\nThe two", "Title line\n\nThe two"),
        ("welcomed the visit.", "welcomed the visit."),
    ],
    ids=[
        "newline-in-article",
        "several-spaces-in-article",
        "tab-in-article",
        "no-break-space-in-article",
        "whitespace-around-quote",
        "blank-line-in-both",
        "exact",
    ],
)
def test_find_ignores_whitespace_and_maps_back_to_the_original(quote: str, original: str) -> None:
    index = ArticleIndex(ARTICLE)
    span = index.find(quote)
    assert span is not None
    assert ARTICLE[span.start : span.end] == original
    assert span == Span(ARTICLE.index(original), ARTICLE.index(original) + len(original))


@pytest.mark.parametrize(
    "quote",
    [
        "the comprehensive strategic partnerships.",
        "Prime Minister Pham Minh Chinh welcomed the guests.",
        "comprehensivestrategic",
        "THE TWO SIDES",
        "Title line\n\nThe two sides adopted a joint statement on deepening the uncomprehensive",
    ],
    ids=["extra-letter", "changed-word", "missing-space", "different-case", "long-near-miss"],
)
def test_quote_that_is_not_in_the_article_is_not_found(quote: str) -> None:
    assert ArticleIndex(ARTICLE).find(quote) is None


@pytest.mark.parametrize("quote", ["", " ", "\n\t  \n"], ids=["empty", "space", "whitespace"])
def test_blank_quote_is_never_found(quote: str) -> None:
    """A blank quote would match everywhere; it must count as not found."""
    assert ArticleIndex(ARTICLE).find(quote) is None


def test_article_starting_with_whitespace() -> None:
    text = "\n\n   First words here."
    span = ArticleIndex(text).find("First words")
    assert span == Span(5, 16)
    assert text[span.start : span.end] == "First words"


def test_first_occurrence_is_found() -> None:
    text = "ab ab\nab"
    assert ArticleIndex(text).find("ab") == Span(0, 2)
    assert ArticleIndex(text).find("ab ab") == Span(0, 5)
    assert ArticleIndex(text).find("b ab") == Span(1, 5)


ALPHABET = "ab. \t\n\u00a0"


@given(st.text(alphabet=ALPHABET, max_size=60), st.data())
def test_every_slice_of_an_article_is_found(text: str, data: st.DataObject) -> None:
    """Any passage copied out of an article, whitespace re-flowed, is found, and its
    span starts and ends on non-whitespace and no later than the passage itself."""
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    passage = text[start:end]
    assume(passage.strip())
    stripped_start = start + len(passage) - len(passage.lstrip())
    quote = data.draw(st.sampled_from([passage, collapse_whitespace(passage), passage + "\n"]))

    span = ArticleIndex(text).find(quote)

    assert span is not None
    found = text[span.start : span.end]
    assert collapse_whitespace(found) == collapse_whitespace(passage)
    assert found == found.strip()
    assert span.start <= stripped_start


@given(st.text(alphabet=ALPHABET, max_size=40), st.text(alphabet="ab.", min_size=1))
def test_find_agrees_with_a_naive_search(text: str, word: str) -> None:
    """find() says 'absent' exactly when the collapsed article lacks the collapsed quote."""
    expected = collapse_whitespace(word) in " ".join(text.split())
    assert (ArticleIndex(text).find(word) is not None) == expected
