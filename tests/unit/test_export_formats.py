"""The export formats: the Markdown brief, CSV tables, TimelineJS, citation styles.

Data is untrusted: each format is also checked against values crafted to
break it (Markdown markup, spreadsheet formulas, HTML, LaTeX specials).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from tui.core.models import Event
from tui.core.outputs.brief import to_markdown
from tui.core.outputs.citation_styles import (
    CITATION_STYLES,
    bibtex_entry,
    csl_item,
    format_citation,
    markdown_citation,
)
from tui.core.outputs.export import select, to_json_data
from tui.core.outputs.export_files import Document, default_path, documents, target_paths
from tui.core.outputs.markdown import escape_markdown
from tui.core.outputs.tables import safe_cell, to_csv
from tui.core.outputs.timelinejs import to_timelinejs_data
from tui.core.paths import default_data_dir
from tui.core.queries.knowledge import KnowledgeBase
from tui.core.queries.matching import Query
from tui.core.queries.opening import load_knowledge_base
from tui.core.queries.search import Listing

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TODAY = dt.date(2025, 1, 2)

NASTY_TITLE = '=HYPERLINK("http://evil.example","click")'
NASTY_DESCRIPTION = (
    "*bold* _it_ [^9] [link](http://x) <script>alert(1)</script> US$5 and US$6 | pipe `code` "
    "& &amp; 100% {brace} #hash ~tilde^ back\\slash"
)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base(FIXTURES / "minimal")


@pytest.fixture(scope="module")
def bundled() -> KnowledgeBase:
    return load_knowledge_base(default_data_dir())


@pytest.fixture(scope="module")
def nasty(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    """The minimal data with a title, description and name built to break exports."""
    data = tmp_path_factory.mktemp("nasty") / "data"
    shutil.copytree(FIXTURES / "minimal", data)
    events = data / "events.yaml"
    events.write_text(
        events.read_text(encoding="utf-8")
        .replace("title: Trade reaches 3.6 billion USD", f"title: '{NASTY_TITLE}'")
        .replace(
            "description: Bilateral trade reached 3.6 billion USD.",
            "description: " + json.dumps(NASTY_DESCRIPTION),
        ),
        encoding="utf-8",
    )
    people = data / "people.yaml"
    people.write_text(
        people.read_text(encoding="utf-8").replace("name: Ho Chi Minh", "name: '@Ho -Chi +Minh'"),
        encoding="utf-8",
    )
    return load_knowledge_base(data)


# --- selection --------------------------------------------------------------


@pytest.mark.parametrize("query", ["energy", "Putin", "2024 visit", "trade", "nothing-matches"])
def test_query_selects_what_the_list_filter_shows(bundled: KnowledgeBase, query: str) -> None:
    """`--query` and the app's / filter agree, row for row."""
    selection = select(bundled, query=query)
    for name in ("events", "people", "agreements", "organizations", "sources"):
        listing = Listing(bundled, name)
        expected = [getattr(bundled, name).ids[i] for i in listing.filter(Query.parse(query))]
        assert [record.id for record in getattr(selection, name)] == expected, name


def test_topic_and_years_filter_the_timeline(bundled: KnowledgeBase) -> None:
    selection = select(bundled, topic="energy", years=(2021, 2024), collections=("events",))
    assert selection.events
    for event in selection.events:
        assert "energy" in event.topics
        assert event.span.last_year >= 2021 and event.span.first_year <= 2024
    assert not selection.people


def test_ids_select_across_kinds_in_list_order(kb: KnowledgeBase) -> None:
    selection = select(kb, ids={"putin", "ev-statement", "ev-ties", "a"})
    assert [r.id for r in selection.records()] == ["ev-ties", "ev-statement", "putin", "a"]
    assert selection.description == "bookmarks"
    assert [s.id for s in selection.cited_sources(kb)] == ["b", "a"]  # in date order


def test_json_of_a_selection_keeps_the_contract(kb: KnowledgeBase) -> None:
    data = to_json_data(kb, select(kb, ids={"ev-ties"}), notes={"ev-ties": "mine"})
    assert [e["id"] for e in data["events"]] == ["ev-ties"]
    assert data["events"][0]["user_note"] == "mine"
    assert [s["id"] for s in data["sources"]] == ["b"]  # only what the selection cites
    assert data["people"] == []


# --- Markdown brief ---------------------------------------------------------


def footnote_definitions(text: str) -> dict[int, str]:
    return {int(n): body for n, body in re.findall(r"^\[\^(\d+)\]: (.*)$", text, re.M)}


def test_brief_sections_and_footnotes(kb: KnowledgeBase) -> None:
    text = to_markdown(kb, select(kb), today=TODAY)
    assert text.startswith("# Vietnam–Russia relations\n")
    assert "exported from vnru on 2025-01-02: 9 events, 3 people, 3 agreements" in text
    for heading in ("## Timeline", "## People", "## Agreements", "## Organisations", "## Sources"):
        assert heading in text
    definitions = footnote_definitions(text)
    used = {int(n) for n in re.findall(r"\[\^(\d+)\](?!:)", text)}
    assert used == set(definitions) == set(range(1, len(definitions) + 1))
    # every statement (list item) is followed by its footnotes
    for line in text.splitlines():
        if line.startswith("- **") and "## Sources" not in line:
            assert re.search(r"\[\^\d+\]$", line), line


def test_a_footnote_carries_quote_title_outlet_and_date(kb: KnowledgeBase) -> None:
    text = to_markdown(kb, select(kb, ids={"ev-ties"}), today=TODAY)
    (body,) = footnote_definitions(text).values()
    citation = kb.by_id["ev-ties"].citations[0]  # type: ignore[union-attr]
    source = kb.source(citation.source)
    assert body.startswith("“" + escape_markdown(citation.quote) + "”")
    assert f"*{source.title}*" in body
    assert source.outlet in body
    assert "Jan 2020 (date inferred)" in body


def test_the_same_passage_keeps_one_number(kb: KnowledgeBase) -> None:
    """ev-statement and joint-statement quote the same sentence: one footnote, cited twice."""
    text = to_markdown(kb, select(kb, ids={"ev-statement", "joint-statement"}), today=TODAY)
    quote = "The two sides adopted a joint statement"
    definitions = footnote_definitions(text)
    numbers = [n for n, body in definitions.items() if quote in body]
    assert len(numbers) == 1
    assert text.count(f"[^{numbers[0]}]") == 3  # two statements and the definition


def test_brief_shows_notes_discrepancies_and_missing_bookmarks(ui_kb_path: Path) -> None:
    ui = load_knowledge_base(ui_kb_path)
    text = to_markdown(
        ui,
        select(ui, ids={"ev-energy"}),
        notes={"ev-energy": "Ask *VOV* about [11]"},
        missing=[("ev-old", "An old event", "was here")],
        today=TODAY,
    )
    assert "  - *My note:* Ask \\*VOV\\* about \\[11\\]" in text
    assert "≠ *The sources disagree on the figure:*" in text
    assert "## Bookmarks missing from the data" in text
    assert "**An old event** (ev-old): no longer in the data. *My note:* was here" in text


def test_markdown_from_the_data_is_escaped(nasty: KnowledgeBase) -> None:
    text = to_markdown(nasty, select(nasty), today=TODAY)
    line = next(line for line in text.splitlines() if "HYPERLINK" in line)
    assert "<script>" not in text and "\\<script\\>" in line
    assert "\\*bold\\*" in line and "\\_it\\_" in line
    assert "\\[^9\\]" in line  # not a footnote reference
    assert "US\\$5 and US\\$6" in line  # no maths
    assert "\\| pipe \\`code\\`" in line
    assert "\\& \\&amp;" in line
    assert "back\\\\slash" in line
    # the crafted '[^9]' did not become a reference to a definition
    assert 9 not in footnote_definitions(text) or "HYPERLINK" not in footnote_definitions(text)[9]


# --- CSV ----------------------------------------------------------------------


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_one_table_per_collection(kb: KnowledgeBase) -> None:
    """The events table carries dates, links and citations; ev-state-visit lists
    putin twice in its file, and the table names him once (as the record does)."""
    docs = documents(kb, select(kb), "csv")
    assert [doc.collection for doc in docs] == [
        "events",
        "people",
        "agreements",
        "organizations",
        "sources",
    ]
    events = read_csv(docs[0].text)
    assert len(events) == len(kb.events)
    visit = next(row for row in events if row["id"] == "ev-state-visit")
    assert (visit["date"], visit["end_date"], visit["date_precision"]) == (
        "2024-06-19",
        "2024-06-20",
        "day",
    )
    assert visit["people"] == "Vladimir Putin"
    citations = visit["citations"].split("\n")
    assert len(citations) == len(kb.citations_of(kb.by_id["ev-state-visit"]))
    assert citations[0].startswith("“") and "VOV.VN" in citations[0]
    assert visit["supporting_articles"] == "1"


_CITED = [
    "supporting_articles",
    "sources",
    "citations",
    "discrepancies",
    "bookmarked",
    "user_note",
]
CSV_HEADERS: dict[str, list[str]] = {
    "events": [
        "id",
        "date",
        "end_date",
        "date_precision",
        "date_certainty",
        "date_note",
        "title",
        "description",
        "topics",
        "planned",
        "people",
        "agreements",
        "organizations",
        "places",
        *_CITED,
    ],
    "people": ["id", "name", "aliases", "country", "description", "roles", "events", *_CITED],
    "agreements": [
        "id",
        "name",
        "aliases",
        "kind",
        "parties",
        "signed",
        "in_force",
        "date_certainty",
        "date_note",
        "summary",
        "organizations",
        "events",
        *_CITED,
    ],
    "organizations": [
        "id",
        "name",
        "aliases",
        "kind",
        "country",
        "description",
        "events",
        "agreements",
        "figures",
        *_CITED,
    ],
    "places": [
        "id",
        "name",
        "aliases",
        "kind",
        "country",
        "description",
        "events",
        "figures",
        *_CITED,
    ],
    "figures": [
        "id",
        "measure",
        "value",
        "unit",
        "label",
        "date",
        "date_certainty",
        "date_note",
        "status",
        "qualifier",
        "note",
        "events",
        "agreements",
        "organizations",
        "places",
        *_CITED,
    ],
    "sources": [
        "id",
        "title",
        "outlet",
        "published",
        "date_certainty",
        "date_note",
        "byline",
        "url",
        "accessed",
        "number",
        "file",
        "note",
        "cited_by",
        "bookmarked",
        "user_note",
    ],
}
"""Every column of every CSV table, in order: the export's contract with spreadsheets."""


def test_every_csv_table_has_its_full_header_in_order(kb: KnowledgeBase) -> None:
    """Regression: each table's header row names every column, in order (dropping
    the events' ``topics`` column once went unnoticed), and an export holds one
    table per collection, no more."""
    headers = {
        doc.collection: next(csv.reader(io.StringIO(doc.text)))
        for doc in documents(kb, select(kb), "csv")
    }
    assert headers == {name: CSV_HEADERS[name] for name in headers}
    assert set(headers) == {name for name in CSV_HEADERS if len(kb.store(name))}


@pytest.mark.parametrize("collection", list(CSV_HEADERS))
def test_an_empty_csv_table_has_the_same_header(kb: KnowledgeBase, collection: str) -> None:
    """Regression: a table with no rows (its header made without a record of the
    selection) has the same columns as a full one."""
    if not len(kb.store(collection)):
        pytest.skip(f"this fixture has no {collection}: its header comes from a record")
    text = to_csv(kb, select(kb, ids=["no-such-record"]), collection)
    assert text.splitlines() == [",".join(CSV_HEADERS[collection])]


def test_csv_notes_and_bookmarks_columns(kb: KnowledgeBase) -> None:
    text = to_csv(kb, select(kb), "events", notes={"ev-ties": "n"}, bookmarks={"ev-ties"})
    row = next(r for r in read_csv(text) if r["id"] == "ev-ties")
    assert (row["bookmarked"], row["user_note"]) == ("yes", "n")


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("plain", "plain"),
        ("1950-01-30", "1950-01-30"),
    ],
)
def test_safe_cell_defuses_formulas(value: str, cell: str) -> None:
    assert safe_cell(value) == cell


def test_csv_is_safe_against_formula_injection(nasty: KnowledgeBase) -> None:
    events = read_csv(to_csv(nasty, select(nasty), "events"))
    row = next(r for r in events if r["id"] == "ev-trade-2023")
    assert row["title"] == "'" + NASTY_TITLE
    people = read_csv(to_csv(nasty, select(nasty), "people"))
    assert next(r for r in people if r["id"] == "ho-chi-minh")["name"] == "'@Ho -Chi +Minh"
    for table in (events, people):
        for row in table:
            for value in row.values():
                assert not value.startswith(("=", "+", "-", "@")), value


# --- TimelineJS -----------------------------------------------------------------
# The documented fields (https://timeline.knightlab.com/docs/json-format.html,
# TimelineJS3 website/templates/docs/json-format.html and media-types.html).

TOP_FIELDS = {"events", "title", "eras", "scale"}
SLIDE_FIELDS = {
    "start_date",
    "end_date",
    "text",
    "media",
    "group",
    "display_date",
    "background",
    "autolink",
    "unique_id",
}
DATE_FIELDS = {"year", "month", "day", "hour", "minute", "second", "millisecond", "display_date"}
TEXT_FIELDS = {"headline", "text"}
MEDIA_FIELDS = {"url", "caption", "credit", "thumbnail", "alt", "title", "link", "link_target"}


def check_date(date: Any) -> None:
    assert isinstance(date, dict) and set(date) <= DATE_FIELDS
    assert isinstance(date["year"], int), "year: 'A number'"
    if "month" in date:
        assert isinstance(date["month"], int) and 1 <= date["month"] <= 12
    if "day" in date:
        assert "month" in date and isinstance(date["day"], int) and 1 <= date["day"] <= 31


def check_timelinejs(document: dict[str, Any]) -> None:
    """Validate ``document`` against the documented TimelineJS JSON format."""
    assert set(document) <= TOP_FIELDS and isinstance(document["events"], list)
    title = document["title"]
    assert set(title) <= SLIDE_FIELDS and set(title["text"]) <= TEXT_FIELDS
    ids: set[str] = set()
    for slide in document["events"]:
        assert set(slide) <= SLIDE_FIELDS, set(slide) - SLIDE_FIELDS
        check_date(slide["start_date"])  # required, except for the title slide
        if "end_date" in slide:
            check_date(slide["end_date"])
        assert set(slide["text"]) <= TEXT_FIELDS
        assert isinstance(slide["text"]["headline"], str) and slide["text"]["headline"]
        assert isinstance(slide["text"]["text"], str)
        media = slide["media"]
        assert set(media) <= MEDIA_FIELDS and isinstance(media["url"], str)  # url is required
        assert media["url"].startswith("<blockquote>") and media["url"].endswith("</blockquote>")
        assert isinstance(media["credit"], str) and media["credit"]
        assert isinstance(slide["autolink"], bool)
        assert slide["unique_id"] not in ids  # 'unique among all slides'
        ids.add(slide["unique_id"])


def test_timelinejs_follows_the_documented_format(bundled: KnowledgeBase) -> None:
    document = to_timelinejs_data(bundled, select(bundled, collections=("events",)))
    check_timelinejs(document)
    assert len(document["events"]) == len(bundled.events)


def test_timelinejs_dates_keep_their_precision(bundled: KnowledgeBase) -> None:
    document = to_timelinejs_data(bundled, select(bundled, collections=("events",)))
    slides = {slide["unique_id"]: slide for slide in document["events"]}
    for event in bundled.events:
        assert isinstance(event, Event)
        slide = slides[event.id]
        keys = {"year": {"year"}, "month": {"year", "month"}, "day": {"year", "month", "day"}}
        assert set(slide["start_date"]) == keys[event.span.start.precision], event.id
        if event.span.end is None:
            assert "end_date" not in slide
        else:
            assert set(slide["end_date"]) == keys[event.span.end.precision]
    assert slides["1923-ho-chi-minh-in-soviet-russia"]["start_date"] == {"year": 1923}
    assert slides["1950-01-30-diplomatic-relations"]["start_date"] == {
        "year": 1950,
        "month": 1,
        "day": 30,
    }


def test_timelinejs_credits_the_source(bundled: KnowledgeBase) -> None:
    event = bundled.by_id["1950-01-30-diplomatic-relations"]
    assert isinstance(event, Event)
    document = to_timelinejs_data(bundled, select(bundled, ids={event.id}))
    (slide,) = document["events"]
    source = bundled.source(event.citations[0].source)
    assert source.title in slide["media"]["credit"]
    assert source.outlet in slide["media"]["credit"]
    assert slide["text"]["headline"] == event.title


def test_timelinejs_escapes_html(nasty: KnowledgeBase) -> None:
    document = to_timelinejs_data(nasty, select(nasty, collections=("events",)))
    check_timelinejs(document)
    slide = next(s for s in document["events"] if s["unique_id"] == "ev-trade-2023")
    assert "<script>" not in slide["text"]["text"]
    assert "&lt;script&gt;" in slide["text"]["text"]
    assert slide["text"]["headline"] == NASTY_TITLE.replace('"', "&quot;")
    assert slide["autolink"] is False


# --- files ------------------------------------------------------------------------


def test_several_csv_tables_go_to_sibling_files(tmp_path: Path) -> None:
    docs = [Document("x", "events"), Document("y", "people")]
    assert target_paths(tmp_path / "brief.csv", docs) == [
        tmp_path / "brief-events.csv",
        tmp_path / "brief-people.csv",
    ]
    assert target_paths(tmp_path / "brief.csv", docs[:1]) == [tmp_path / "brief.csv"]


def test_default_names_never_take_an_existing_file(tmp_path: Path) -> None:
    first = default_path(tmp_path, "timeline", "md", today=TODAY)
    assert first.name == "vnru-timeline-2025-01-02.md"
    first.write_text("x")
    assert default_path(tmp_path, "timeline", "md", today=TODAY).name == (
        "vnru-timeline-2025-01-02-2.md"
    )
    assert default_path(tmp_path, "all", "timelinejs", today=TODAY).suffixes == [
        ".timeline",
        ".json",
    ]
    (tmp_path / "vnru-all-2025-01-02-events.csv").write_text("x")
    assert default_path(tmp_path, "all", "csv", collections=["events"], today=TODAY).name == (
        "vnru-all-2025-01-02-2.csv"
    )


# --- citation styles ------------------------------------------------------------------


def test_every_style_formats_a_citation(kb: KnowledgeBase) -> None:
    citation = kb.by_id["ev-ties"].citations[0]  # type: ignore[union-attr]
    for style in CITATION_STYLES:
        assert format_citation(kb, citation, style).strip()


def test_plain_and_markdown_citations(kb: KnowledgeBase) -> None:
    citation = kb.by_id["ev-ties"].citations[0]  # type: ignore[union-attr]
    plain = format_citation(kb, citation, "plain")
    assert plain.startswith("“The Soviet Union")
    assert plain.endswith("— Seventy years of diplomatic ties, unknown, Jan 2020 (date inferred).")
    markdown = markdown_citation(kb, citation)
    assert markdown.startswith("> The Soviet Union")
    assert "> — *Seventy years of diplomatic ties*, unknown, Jan 2020 (date inferred)" in markdown


def test_bibtex_entry(kb: KnowledgeBase) -> None:
    """A news site is no journal: @misc with howpublished when the page names no
    address, @online with organization, url and urldate when it does."""
    entry = bibtex_entry(kb.source("a"))
    assert entry.splitlines()[0] == "@misc{a,"
    assert "  title = {{Russia and Vietnam sign energy agreements}}," in entry
    assert "  howpublished = {VOV.VN}," in entry
    assert "journal" not in entry and "url" not in entry
    assert "  year = 2024," in entry and "  month = jun," in entry
    assert "  date = {2024-06-20}," in entry
    unknown = bibtex_entry(kb.source("b"))
    assert unknown.startswith("@misc{b,")
    assert "howpublished" not in unknown  # the outlet is unknown
    assert "note = {Publication date inferred" in unknown
    online = bibtex_entry(
        kb.source("a").model_copy(update={"url": "https://vov.vn/a_b%20c", "accessed": "2024-07"})
    )
    assert online.splitlines()[0] == "@online{a,"
    assert "  organization = {VOV.VN}," in online
    assert "  url = {https://vov.vn/a_b%20c}," in online  # verbatim, not TeX-escaped
    assert "  urldate = {2024-07}," in online
    without_date = bibtex_entry(kb.source("a").model_copy(update={"url": "https://vov.vn"}))
    assert "urldate" not in without_date


def test_bibtex_escapes_latex_specials(nasty: KnowledgeBase) -> None:
    source = nasty.source("a").model_copy(update={"title": "100% {x} & $y_1$ #2 ~ ^ \\"})
    entry = bibtex_entry(source)
    assert r"title = {{100\% \{x\} \& \$y\_1\$ \#2 \~{} \^{} \textbackslash{}}}" in entry


def test_csl_json_item_keeps_the_date_precision(kb: KnowledgeBase) -> None:
    item = csl_item(kb.source("b"))
    assert item["type"] == "article-newspaper"
    assert item["issued"]["date-parts"] == [[2020, 1]]
    assert item["issued"]["circa"] is True
    assert "container-title" not in item  # outlet unknown
    full = csl_item(kb.source("a"))
    assert full["issued"] == {"date-parts": [[2024, 6, 20]]}
    assert full["container-title"] == "VOV.VN"
    copied = json.loads(format_citation(kb, kb.by_id["ev-ties"].citations[0], "csl-json"))  # type: ignore[union-attr]
    assert isinstance(copied, list) and copied[0]["id"] == "b"


@pytest.fixture
def ui_kb_path() -> Path:
    return FIXTURES / "ui"


@pytest.mark.parametrize(
    "chosen",
    [
        {},
        {"ids": {"ev-ties"}},
        {"query": "zzzz-nothing"},
        {"collections": ("people",)},
        {"topic": "energy", "collections": ("events",)},
    ],
    ids=["everything", "one bookmark", "nothing", "people only", "energy events"],
)
def test_json_made_a_record_at_a_time_is_the_documented_json(
    bundled: KnowledgeBase, chosen: dict[str, Any]
) -> None:
    """to_json streams its text; it must be exactly json.dumps of the data."""
    import json

    from tui.core.outputs.export import to_json

    selection = select(bundled, **chosen)
    notes = {"ev-ties": 'a note with "quotes", a tab\\t and ü'}
    streamed = to_json(bundled, selection, notes)
    expected = json.dumps(to_json_data(bundled, selection, notes), ensure_ascii=False, indent=2)
    assert streamed == expected + "\n"
    assert json.loads(streamed) == to_json_data(bundled, selection, notes)


@pytest.mark.parametrize("query", ["", "energy", "zzzz-nothing"])
def test_timelinejs_made_an_event_at_a_time_is_the_same_json(
    bundled: KnowledgeBase, query: str
) -> None:
    import json

    from tui.core.outputs.timelinejs import to_timelinejs, to_timelinejs_data

    selection = select(bundled, query=query, collections=("events",))
    expected = json.dumps(to_timelinejs_data(bundled, selection), ensure_ascii=False, indent=2)
    assert to_timelinejs(bundled, selection) == expected + "\n"
