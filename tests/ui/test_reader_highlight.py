"""The source reader highlights exactly the quoted characters, asserted as offsets.

A highlight shifted by one character was caught only by a snapshot, which a
blind ``--snapshot-update`` would have accepted. These tests read the styled
ranges of the reader's paragraphs and map them back to offsets in the article.
"""

from __future__ import annotations

import re

import pytest
from rich.style import Style
from rich.text import Text

from tests.ui.helpers import SIZE, AppFactory
from tui.core.queries.knowledge import KnowledgeBase
from tui.screens.source_reader import ArticleView, SourceReader
from tui.widgets.contrast import highlight_style


def quote_offsets(text: str, quote: str) -> set[int]:
    """The offsets of the characters of ``quote``'s first occurrence in ``text``
    (any run of whitespace matching any other), found without the ArticleIndex."""
    pattern = r"\s+".join(re.escape(word) for word in quote.split())
    match = re.search(pattern, text)
    assert match is not None, f"{quote!r} is not in the article"
    return set(range(match.start(), match.end()))


def styled_offsets(reader: SourceReader, style: Style) -> set[int]:
    """Article offsets of the characters the reader's paragraphs draw in ``style``."""
    found: set[int] = set()
    for paragraph, widget in zip(reader.paragraphs, reader._widgets, strict=True):
        content = widget.content
        assert isinstance(content, Text)
        for span in content.spans:
            if span.style == style:
                found.update(range(paragraph.start + span.start, paragraph.start + span.end))
    return found


def in_paragraphs(reader: SourceReader, offsets: set[int]) -> set[int]:
    """``offsets`` less those between paragraphs (line breaks, which draw nothing)."""
    return {
        offset for offset in offsets if any(p.start <= offset < p.end for p in reader.paragraphs)
    }


@pytest.mark.parametrize("source_id", ["alpha", "beta", "gamma"])
async def test_each_passage_is_highlighted_at_the_quote_s_exact_offsets(
    make_app: AppFactory, ui_kb: KnowledgeBase, source_id: str
) -> None:
    """Regression: n puts the current-passage style on exactly the quote's
    characters (its first to its last, nothing before or after), and the other
    cited passages keep the cited style on exactly theirs (passages may overlap:
    beta cites one sentence alone and again with the next)."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reader = SourceReader(ui_kb, source_id)
        await app.push_screen(reader)
        await pilot.pause()
        view = reader.query_one(ArticleView)
        # The styles as the reader draws them: blended and legible (widgets/contrast.py).
        current = highlight_style(view, "article-view--current")
        cited = highlight_style(view, "article-view--cited")
        assert current != cited
        text = ui_kb.texts[source_id]
        quotes = [
            in_paragraphs(reader, quote_offsets(text, citation.quote))
            for citation in reader.quotes.values()
        ]
        assert quotes, f"{source_id} has no cited passage"

        for number, quote in enumerate(quotes):
            await pilot.press("n")
            assert reader.current == number
            others = set().union(*(q for i, q in enumerate(quotes) if i != number))
            assert styled_offsets(reader, current) == quote
            assert styled_offsets(reader, cited) == others
