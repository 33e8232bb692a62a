"""Sources a reader can cite: the number the notes use, the address where the
page names one (and only there), date order, and citations that carry both."""

from __future__ import annotations

import json

import pydantic
import pytest

from tui.core.citation_styles import csl_item, format_citation, markdown_citation
from tui.core.index.reader import load_knowledge_base
from tui.core.models import Source
from tui.core.paths import default_data_dir

BASE = {"id": "a", "file": "sources/002_fa64.txt", "title": "T", "outlet": "O", "published": "2024"}


def test_a_source_is_numbered_as_the_notes_call_it() -> None:
    assert Source.model_validate(BASE).number == "002"
    assert Source.model_validate({**BASE, "file": "articles/story.txt"}).number is None


@pytest.mark.parametrize(
    "url",
    ["vov.vn", "ftp://vov.vn", "https://a b", "https://x/}", 'https://x/"', "https://x/<y>"],
)
def test_a_url_is_a_web_address_that_cannot_break_a_citation(url: str) -> None:
    with pytest.raises(pydantic.ValidationError):
        Source.model_validate({**BASE, "url": url})


def test_bundled_urls_only_where_the_page_names_its_site() -> None:
    """VOV.VN signs its pages; the other three pages name no site."""
    kb = load_knowledge_base(default_data_dir())
    urls = {source.id: source.url for source in kb.sources}
    assert urls == {
        "vov-2021-03-strategic-partnership": "https://vov.vn",
        "unknown-2021-11-leading-strategic-partner": None,
        "wvr-vna-2024-05-press-conference": None,
        "unknown-2024-06-putin-state-visit-background": None,
        "vov-2025-01-kremlin-praises-growth": "https://vov.vn",
    }
    for source in kb.sources:
        if source.url:
            site = source.url.removeprefix("https://").upper()
            assert site in kb.texts[source.id], source.id


def test_bundled_sources_are_in_date_order_with_their_numbers() -> None:
    """Regression: the Sources list was in file order (004 of June 2024 after
    003 of January 2025)."""
    kb = load_knowledge_base(default_data_dir())
    keys = [source.published_span.sort_key for source in kb.sources]
    assert keys == sorted(keys)
    numbers = [kb.rows["sources"][i][3] for i in range(len(kb.sources))]
    assert numbers == ["000", "001", "002", "004", "003"]


def test_citations_carry_the_address() -> None:
    kb = load_knowledge_base(default_data_dir())
    source = kb.source("vov-2025-01-kremlin-praises-growth")
    citation = next(
        c for record in kb.by_id.values() for c in kb.citations_of(record) if c.source == source.id
    )
    assert format_citation(kb, citation, "plain").endswith(" https://vov.vn")
    assert markdown_citation(kb, citation).rstrip().endswith(", <https://vov.vn>")
    item = csl_item(source.model_copy(update={"accessed": "2025-02-03"}))
    assert item["URL"] == "https://vov.vn"
    assert item["accessed"] == {"date-parts": [[2025, 2, 3]]}
    assert "URL" not in json.dumps(csl_item(kb.source("wvr-vna-2024-05-press-conference")))
