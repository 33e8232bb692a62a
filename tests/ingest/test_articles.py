"""Reading the test articles, and what is suggested for them against the bundled data."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from tui.core.queries.opening import load_knowledge_base
from tui.ingest.reading import read_article
from tui.ingest.suggest import Suggestion, build_context, suggest

ARTICLES = Path(__file__).resolve().parents[1] / "fixtures" / "articles"
BUNDLED = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def context():  # type: ignore[no-untyped-def]
    return build_context(load_knowledge_base(BUNDLED))


def suggestions(name: str, context) -> tuple[str, list[Suggestion]]:  # type: ignore[no-untyped-def]
    article = read_article(ARTICLES / name)
    return article.text, suggest(article, context, "new-article")


def test_html_keeps_the_article_and_drops_navigation_and_footers() -> None:
    article = read_article(ARTICLES / "lavrov-hanoi.html")
    assert article.title == "Lavrov in Hanoi: Russia and Vietnam review trade, education ties"
    assert article.outlet == "Hanoi Courier"
    assert article.author == "Lê Thị Thu Hằng"
    assert article.published == "2024-07-06"
    assert article.url == "https://hanoicourier.example/world/lavrov-in-hanoi-20240706.html"
    assert "Sergey Lavrov held talks" in article.text
    for furniture in ("Subscribe", "Most read", "Typhoon Yagi", "All rights reserved", "Privacy"):
        assert furniture not in article.text


def test_text_takes_its_headline_byline_and_dateline() -> None:
    article = read_article(ARTICLES / "dateline-moscow.txt")
    assert article.title == "Vietnam and Russia agree to expand energy cooperation"
    assert article.author == "Nguyen Van An"
    assert article.published == "2021-11-29"


def test_a_range_without_a_year_beats_the_dateline(context) -> None:  # type: ignore[no-untyped-def]
    _text, found = suggestions("orchestra-tour.md", context)
    [tour] = [s for s in found if s.kind == "event" and "will perform" in s.quote]
    assert (tour.date, tour.date_certainty) == ("2025-03-20/2025-03-24", "inferred")


def test_markdown_loses_its_marks() -> None:
    article = read_article(ARTICLES / "orchestra-tour.md")
    assert article.title == "Moscow orchestra tours Vietnam for the 70th anniversary"
    assert article.published == "2025-03-12"
    assert "**" not in article.text and "#" not in article.text
    assert "play at the Moscow Conservatory." in article.text  # the link's text, not its address


def test_the_canonical_text_is_nfc(tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "Đặng Minh Khôi met Trần Hồng Hà on May 10.\n")
    path = tmp_path / "a.txt"
    path.write_text("Headline here\r\n\r\n" + decomposed, encoding="utf-8")
    article = read_article(path)
    assert unicodedata.is_normalized("NFC", article.text)
    assert "\r" not in article.text


@pytest.mark.parametrize("name", sorted(p.name for p in ARTICLES.iterdir()))
def test_every_quote_is_a_slice_of_the_text(name: str, context) -> None:  # type: ignore[no-untyped-def]
    text, found = suggestions(name, context)
    assert found
    for suggestion in found:
        assert text[suggestion.start : suggestion.end] == suggestion.quote
        if suggestion.name_start is not None:
            assert suggestion.start <= suggestion.name_start < suggestion.name_end <= suggestion.end  # type: ignore[operator]


def test_names_with_diacritics_and_cyrillic_find_their_records(context) -> None:  # type: ignore[no-untyped-def]
    _text, found = suggestions("lavrov-hanoi.html", context)
    matches = {s.name: s.match for s in found if s.match}
    assert matches["Đặng Minh Khôi"] == "dang-minh-khoi"
    assert matches["Константин Внуков"] == "konstantin-vnukov"
    assert matches["Phan Anh Son"] == "phan-anh-son"  # written without its accents


def test_a_figure_that_disagrees_with_the_bundled_data_is_a_conflict(context) -> None:  # type: ignore[no-untyped-def]
    _text, found = suggestions("lavrov-hanoi.html", context)
    [trade] = [s for s in found if s.kind == "figure" and s.unit == "USD"]
    assert trade.value == pytest.approx(4.9e9)
    assert (trade.measure, trade.period) == ("trade", "2020")
    assert "2020-trade-reaches-5-7-billion" in trade.conflicts
    assert any("5.7 billion" in passage.quote for passage in trade.conflict_passages)
    others = [s for s in found if s.kind == "figure" and s is not trade]
    assert all(not s.conflicts for s in others)


def test_events_carry_date_precision_and_certainty(context) -> None:  # type: ignore[no-untyped-def]
    _text, found = suggestions("dateline-moscow.txt", context)
    events = {s.date: s for s in found if s.kind == "event"}
    # "Moscow, November 29, 2021 - … met … on Tuesday": the dateline dates the
    # report; the meeting is the Tuesday before it.
    assert "2021-11-29" not in events
    assert events["2021-11-23"].date_certainty == "inferred"
    assert events["2021-11-22/2021-11-25"].date_certainty == "inferred"
    assert events["2021-11-22/2021-11-25"].date_note
    assert events["2001-03-01"].date_certainty == "stated"
    assert "2021-05" not in events  # "may resume" is a verb
    assert not any(d.startswith("195") for d in events)  # "the 1950s"


def test_a_signing_date_that_disagrees_with_an_agreement_is_a_conflict(  # type: ignore[no-untyped-def]
    tmp_path: Path, context
) -> None:
    path = tmp_path / "late.txt"
    path.write_text(
        "Anniversary report\n\nHanoi, March 3, 2021 - The Joint Declaration on the "
        "Vietnam-Russia Strategic Partnership was signed on March 2, 2001 in Hanoi.\n",
        encoding="utf-8",
    )
    found = suggest(read_article(path), context, "late")
    [event] = [s for s in found if s.kind == "event"]
    assert event.date == "2001-03-02"
    assert event.conflicts == ("joint-declaration-2001-strategic-partnership",)
    path.write_text(
        path.read_text(encoding="utf-8").replace("March 2, 2001", "March 1, 2001"),
        encoding="utf-8",
    )
    [agreeing] = [s for s in suggest(read_article(path), context, "late") if s.kind == "event"]
    assert agreeing.conflicts == ()


@pytest.mark.parametrize(
    ("sentence", "conflict"),
    [
        ("Bilateral trade reached US$4.9 billion in 2020, officials said.", True),
        ("Bilateral trade reached US$5.68 billion in 2020, officials said.", False),  # rounding
        ("Bilateral trade reached nearly US$5.8 billion in 2020, officials said.", False),
        ("The two sides aim to lift bilateral trade to US$4.9 billion in 2020.", False),  # a target
        ("Bilateral trade reached US$4.9 billion in 2021, officials said.", False),  # another year
    ],
)
def test_new_figures_are_checked_by_the_rule_the_curated_ones_are(  # type: ignore[no-untyped-def]
    tmp_path: Path, context, sentence: str, conflict: bool
) -> None:
    """vnru add compares a new article's figures with the archive by
    tui.core.figure_conflicts.in_conflict: the same measure, unit, period and
    status, values that cannot both be right."""
    path = tmp_path / "trade.txt"
    path.write_text(f"Trade report\n\nHanoi, March 3, 2021 - {sentence}\n", encoding="utf-8")
    [trade] = [s for s in suggest(read_article(path), context, "trade") if s.unit == "USD"]
    assert ("bilateral-trade-2020" in trade.conflicts) is conflict


def test_an_article_is_not_in_conflict_with_itself(context) -> None:  # type: ignore[no-untyped-def]
    article = read_article(BUNDLED / "sources" / "000_5a7b078b89461305.txt")
    found = suggest(article, context, "vov-2021-03-strategic-partnership")
    [trade] = [s for s in found if s.kind == "figure" and s.value == pytest.approx(5.7e9)]
    assert trade.conflicts == ()
