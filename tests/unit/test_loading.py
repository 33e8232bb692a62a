"""Loading a data directory: order, links, quote spans, sanitising and problem reports."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from tui.core.files.sanitize import collapse_whitespace
from tui.core.models import Event
from tui.core.problems import DataError, Problem
from tui.core.queries.knowledge import KnowledgeBase
from tui.core.queries.opening import load_knowledge_base

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def replace(path: Path, old: str, new: str, count: int = 1) -> None:
    """Edit a copied data file; fails loudly if the fixture no longer holds ``old``."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def problems_of(root: Path) -> list[Problem]:
    with pytest.raises(DataError) as error:
        load_knowledge_base(root)
    return error.value.problems


def line_of(path: Path, text: str, after: str | None = None) -> int:
    """1-based line of the first line containing ``text`` (after the line containing ``after``)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = 0 if after is None else next(i for i, line in enumerate(lines) if after in line)
    return next(i for i, line in enumerate(lines) if i >= start and text in line) + 1


MINIMAL_DIR = Path(__file__).parents[1] / "fixtures" / "minimal"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base(MINIMAL_DIR)


# --- order ---------------------------------------------------------------------------


def test_events_are_chronological_across_mixed_precision(kb: KnowledgeBase) -> None:
    assert [(event.id, event.date) for event in kb.events] == [
        ("ev-ties", "1950-01-30"),
        ("ev-ho-visit", "1955-07"),
        ("ev-treaty", "1994-06-16"),
        ("ev-rosatom", "2007"),
        ("ev-trade-2023", "2023"),
        ("ev-june-2024", "2024-06"),
        ("ev-state-visit", "2024-06-19/2024-06-20"),
        ("ev-statement", "2024-06-20"),
        ("ev-agreements", "2024-06-20"),
    ]


@pytest.mark.parametrize("swap", [False, True], ids=["as-written", "swapped"])
def test_events_on_the_same_date_keep_file_order(data_dir: Path, swap: bool) -> None:
    """Ties are not broken by id or title: whichever of two same-day events comes
    first in the file comes first on the timeline."""
    events = data_dir / "events.yaml"
    text = events.read_text(encoding="utf-8")
    first = text.index("- id: ev-statement")
    second = text.index("- id: ev-agreements")
    third = text.index("- id: ev-trade-2023")
    if swap:
        text = text[:first] + text[second:third] + text[first:second] + text[third:]
        events.write_text(text, encoding="utf-8")
    in_file = sorted(
        ["ev-statement", "ev-agreements"], key=lambda id_: text.index(f"- id: {id_}\n")
    )

    order = [event.id for event in load_knowledge_base(data_dir).events]
    assert [event_id for event_id in order if event_id in in_file] == in_file
    assert order.index(in_file[0]) + 1 == order.index(in_file[1])


def test_events_sharing_a_start_are_ordered_by_their_end(data_dir: Path) -> None:
    """The timeline sorts by start, then by end: a single date comes before the
    ranges that start on it, and of two ranges with one start the shorter comes
    first. The file lists them the other way round, so sorting by the start
    alone (which keeps file order for ties) would leave them reversed."""
    written = [
        ("ev-2021-11-range", "2021-11/2021-12"),
        ("ev-2021-11", "2021-11"),
        ("ev-2020-2022", "2020/2022"),
        ("ev-2020-2021", "2020/2021"),
        ("ev-2020", "2020"),
    ]
    quote = "Bilateral trade reached 3.6 billion USD in 2023, the spokesperson said."
    with (data_dir / "events.yaml").open("a", encoding="utf-8") as events:
        for event_id, date in written:
            events.write(
                f"\n- id: {event_id}\n"
                f'  date: "{date}"\n'
                f"  title: Shared start {date}\n"
                "  description: An event that shares its start with another.\n"
                "  topics: [trade-economy]\n"
                "  citations:\n"
                "    - source: a\n"
                f"      quote: {quote}\n"
            )

    order = [event.id for event in load_knowledge_base(data_dir).events]

    assert [event_id for event_id in order if event_id in dict(written)] == [
        "ev-2020",
        "ev-2020-2021",
        "ev-2020-2022",
        "ev-2021-11",
        "ev-2021-11-range",
    ]


def test_people_are_in_name_order(kb: KnowledgeBase) -> None:
    assert [person.name for person in kb.people] == [
        "Ho Chi Minh",
        "Pham Minh Chinh",
        "Vladimir Putin",
    ]


def test_name_order_ignores_case(data_dir: Path) -> None:
    replace(data_dir / "people.yaml", "name: Pham Minh Chinh", "name: pham Minh Chinh")
    names = [person.name for person in load_knowledge_base(data_dir).people]
    assert names == ["Ho Chi Minh", "pham Minh Chinh", "Vladimir Putin"]


def test_agreements_are_in_date_order_with_undated_last(kb: KnowledgeBase) -> None:
    assert [agreement.id for agreement in kb.agreements] == [
        "friendship-treaty",
        "energy-agreements",
        "joint-statement",
    ]


# --- links and lookups ---------------------------------------------------------------


def test_reverse_links_are_chronological_and_unique(kb: KnowledgeBase) -> None:
    """ev-state-visit lists putin twice; the person's events list it once."""
    assert kb.person_events["putin"] == (
        "ev-june-2024",
        "ev-state-visit",
        "ev-statement",
        "ev-agreements",
    )
    assert kb.person_events["pham-minh-chinh"] == ("ev-statement",)
    assert kb.person_events["ho-chi-minh"] == ("ev-ho-visit",)
    assert kb.agreement_events == {
        "joint-statement": ("ev-statement",),
        "energy-agreements": ("ev-agreements",),
        "friendship-treaty": ("ev-treaty",),
    }
    assert kb.organization_events == {"rosatom": ("ev-rosatom",)}
    assert kb.organization_agreements == {"rosatom": ("energy-agreements",)}


def test_a_link_listed_twice_is_one_link_on_the_record(kb: KnowledgeBase) -> None:
    """Regression: a record that lists a link twice holds it once, as the reverse
    links do, so the detail pane and every export name the person once (the CSV
    export printed "Vladimir Putin; Vladimir Putin")."""
    raw = yaml.safe_load((MINIMAL_DIR / "events.yaml").read_text(encoding="utf-8"))
    [written] = [event["people"] for event in raw if event["id"] == "ev-state-visit"]
    assert written == ["putin", "putin"]  # the fixture still holds the duplicate
    visit = kb.by_id["ev-state-visit"]
    assert isinstance(visit, Event)
    assert visit.people == ("putin",)


def test_every_record_is_found_by_id(kb: KnowledgeBase) -> None:
    assert kb.counts() == {
        "sources": 2,
        "events": 9,
        "people": 3,
        "agreements": 3,
        "organizations": 1,
        "places": 0,
        "figures": 0,
    }
    assert len(kb.by_id) == sum(kb.counts().values())
    assert kb.kind_of("putin") == "person"
    assert kb.kind_of("a") == "source"
    assert kb.source("b").title == "Seventy years of diplomatic ties"


def test_root_is_absolute(monkeypatch: pytest.MonkeyPatch) -> None:
    fixtures = Path(__file__).parents[1] / "fixtures"
    monkeypatch.chdir(fixtures)
    assert load_knowledge_base(Path("minimal")).root == fixtures.resolve() / "minimal"


def test_optional_files_may_be_absent(tmp_path: Path, minimal_dir: Path) -> None:
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "b.txt").write_bytes((minimal_dir / "sources" / "b.txt").read_bytes())
    (tmp_path / "sources.yaml").write_text(
        '- id: b\n  file: sources/b.txt\n  title: T\n  outlet: unknown\n  published: "2020"\n',
        encoding="utf-8",
    )
    (tmp_path / "events.yaml").write_text("", encoding="utf-8")
    kb = load_knowledge_base(tmp_path)
    assert kb.counts() == {
        "sources": 1,
        "events": 0,
        "people": 0,
        "agreements": 0,
        "organizations": 0,
        "places": 0,
        "figures": 0,
    }


# --- quotes --------------------------------------------------------------------------


def test_every_citation_span_points_at_its_quote(kb: KnowledgeBase) -> None:
    checked = 0
    for record in kb.by_id.values():
        for citation in kb.citations_of(record):
            span = kb.span_of(citation)
            found = kb.texts[citation.source][span.start : span.end]
            assert collapse_whitespace(found) == collapse_whitespace(citation.quote)
            checked += 1
    assert checked >= 15


def quote_position(text: str, quote: str) -> tuple[int, int]:
    """Where ``quote`` first stands in ``text``, any run of whitespace matching any
    other: found by a regular expression, independently of the ArticleIndex."""
    pattern = r"\s+".join(re.escape(word) for word in quote.split())
    match = re.search(pattern, text)
    assert match is not None, f"{quote!r} is not in the article"
    return match.start(), match.end()


@pytest.mark.parametrize("fixture", ["minimal", "ui", "strange"])
def test_the_reader_s_passages_are_the_quotes_exact_offsets(fixture: str) -> None:
    """Regression: every passage the source reader highlights (``passages``)
    starts on the quote's first character and ends after its last, in the
    article's own text; a highlight one character off once went unnoticed."""
    kb = load_knowledge_base(Path(__file__).parents[1] / "fixtures" / fixture)
    checked = 0
    for source in kb.sources:
        text = kb.texts[source.id]
        for span, citation in kb.passages(source.id).items():
            assert (span.start, span.end) == quote_position(text, citation.quote), citation
            checked += 1
    assert checked >= 5


def test_span_covers_the_original_line_break(kb: KnowledgeBase) -> None:
    [citation] = kb.by_id["ev-statement"].citations  # type: ignore[union-attr]
    span = kb.span_of(citation)
    assert kb.texts["a"][span.start : span.end] == (
        "The two sides adopted a joint statement on deepening the comprehensive\n"
        "strategic partnership."
    )


def test_citations_of_includes_roles_without_duplicates(kb: KnowledgeBase) -> None:
    quotes = [citation.quote for citation in kb.citations_of(kb.by_id["pham-minh-chinh"])]
    assert quotes == ["Prime Minister Pham Minh Chinh welcomed the visit."]
    assert kb.supporting_sources(kb.by_id["putin"]) == ("a",)


def test_role_quote_not_found_points_at_the_roles_key(data_dir: Path) -> None:
    people = data_dir / "people.yaml"
    replace(people, "President Vladimir Putin.\n", "President V. Putin.\n")
    [problem] = problems_of(data_dir)
    assert (problem.file, problem.record) == ("people.yaml", "putin")
    assert problem.line == line_of(people, "roles:", after="id: putin")
    assert "quote not found in source 'a'" in problem.message


# --- sanitising ----------------------------------------------------------------------


def strings_of(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in strings_of(item)]
    if isinstance(value, (list, tuple)):
        return [s for item in value for s in strings_of(item)]
    return []


def test_control_characters_are_stripped_from_records_and_articles(data_dir: Path) -> None:
    """Security: terminal escapes in data (title change, colours, C1 CSI) must never
    reach the screen; tabs and newlines survive."""
    article = data_dir / "sources" / "a.txt"
    article.write_text(
        "\x1b]0;pwned\x07"
        + article.read_text(encoding="utf-8").replace(
            "Russia and Vietnam sign", "Russia\x1b[31m and\x9b2J Vietnam\x00 sign", 1
        ),
        encoding="utf-8",
    )
    replace(
        data_dir / "events.yaml",
        "title: Joint statement adopted",
        'title: "\\e[31mJoint\\e[0m statement\\a"',
    )
    replace(
        data_dir / "people.yaml", "name: Vladimir Putin", 'name: "Vladimir\\x9b Putin\\e]0;x\\a"'
    )
    replace(
        data_dir / "events.yaml",
        "description: The two sides adopted a joint statement on the partnership.",
        'description: "The two sides\\tadopted a joint statement.\\nOn the partnership."',
    )

    kb = load_knowledge_base(data_dir)

    text = kb.texts["a"]
    assert not CONTROL.search(text)
    assert text.startswith("]0;pwned")
    assert "Russia[31m and2J Vietnam sign" in text
    statement = kb.by_id["ev-statement"]
    assert statement.title == "[31mJoint[0m statement"  # type: ignore[union-attr]
    assert statement.description == "The two sides\tadopted a joint statement.\nOn the partnership."  # type: ignore[union-attr]
    assert kb.by_id["putin"].name == "Vladimir Putin]0;x"  # type: ignore[union-attr]
    for record in kb.by_id.values():
        for value in strings_of(record.model_dump()):
            assert not CONTROL.search(value), (record.id, value)


def test_binary_tagged_values_cannot_smuggle_control_characters(data_dir: Path) -> None:
    """Security regression: ``!!binary`` yields bytes, which pydantic turns into str
    after the loader's control-character cleaning has run; the escape must not survive."""
    # base64 of "\x1b]0;pwned\x07State visit"
    replace(
        data_dir / "events.yaml",
        "title: Joint statement adopted",
        "title: !!binary G10wO3B3bmVkB1N0YXRlIHZpc2l0",
    )
    try:
        kb = load_knowledge_base(data_dir)
    except DataError:
        return  # refusing the tag is as good as cleaning it
    title = kb.by_id["ev-statement"].title  # type: ignore[union-attr]
    assert not CONTROL.search(title), repr(title)


def test_crlf_articles_are_normalised_and_quotes_still_match(data_dir: Path) -> None:
    article = data_dir / "sources" / "a.txt"
    article.write_bytes(article.read_bytes().replace(b"\n", b"\r\n"))
    kb = load_knowledge_base(data_dir)
    assert "\r" not in kb.texts["a"]


# --- YAML scalars --------------------------------------------------------------------


def test_unquoted_yaml_dates_and_years_load_as_partial_iso_text(data_dir: Path) -> None:
    """Regression: curators write ``date: 2024-06-20`` and ``date: 2007`` unquoted; YAML
    hands the model a date and an int, which must load as the text written."""
    events = data_dir / "events.yaml"
    replace(events, 'date: "2024-06-20"', "date: 2024-06-20", count=2)
    replace(events, 'date: "2007"', "date: 2007")
    replace(data_dir / "sources.yaml", 'published: "2024-06-20"', "published: 2024-06-20")
    kb = load_knowledge_base(data_dir)
    assert kb.by_id["ev-statement"].date == "2024-06-20"  # type: ignore[union-attr]
    assert kb.by_id["ev-rosatom"].date == "2007"  # type: ignore[union-attr]
    assert kb.source("a").published == "2024-06-20"


# --- files ---------------------------------------------------------------------------


def test_symlink_to_an_article_inside_the_directory_is_allowed(data_dir: Path) -> None:
    archive = data_dir / "archive"
    archive.mkdir()
    (data_dir / "sources" / "a.txt").rename(archive / "a.txt")
    (data_dir / "sources" / "a.txt").symlink_to(Path("..") / "archive" / "a.txt")
    assert "HANOI" in load_knowledge_base(data_dir).texts["a"]


def test_symlinked_data_directory_is_allowed(data_dir: Path, tmp_path: Path) -> None:
    """Articles inside a data directory reached through a symlink are not 'outside' it."""
    link = tmp_path / "link"
    link.symlink_to(data_dir)
    assert load_knowledge_base(link).counts()["events"] == 9


def test_nonexistent_directory_is_a_data_error(tmp_path: Path) -> None:
    [problem] = problems_of(tmp_path / "nowhere")
    assert problem.message == "data directory does not exist"


# --- problem reports -----------------------------------------------------------------


def test_all_problems_are_reported_together(data_dir: Path) -> None:
    """One run lists every mistake across files, not just the first."""
    replace(data_dir / "events.yaml", 'date: "1994-06-16"', 'date: "1994-02-30"')
    replace(
        data_dir / "events.yaml",
        "people: [putin]\n  citations",
        "people: [putin, nobody]\n  citations",
    )
    replace(
        data_dir / "people.yaml", "quote: President Ho Chi Minh", "quote: President Ho Chi Mihn"
    )
    replace(data_dir / "agreements.yaml", "on June 20, 2024", "on 20 June 2024")
    replace(data_dir / "organizations.yaml", "was founded in 2007", "was founded in 2008")
    with (data_dir / "sources.yaml").open("a", encoding="utf-8") as sources:
        sources.write(
            '\n- id: c\n  file: sources/c.txt\n  title: T\n  outlet: X\n  published: "2024"\n'
        )

    problems = problems_of(data_dir)

    where = {(problem.file, problem.record) for problem in problems}
    assert where >= {
        ("events.yaml", "ev-treaty"),
        ("events.yaml", "ev-june-2024"),
        ("people.yaml", "ho-chi-minh"),
        ("agreements.yaml", "energy-agreements"),
        ("organizations.yaml", "rosatom"),
        ("sources.yaml", "c"),
    }
    assert len(problems) == 6


def test_data_error_message_lists_one_problem_per_line(data_dir: Path) -> None:
    events = data_dir / "events.yaml"
    replace(events, "title: Rosatom founded", "headline: Rosatom founded")
    (data_dir / "sources" / "b.txt").unlink()
    with pytest.raises(DataError) as error:
        load_knowledge_base(data_dir)
    lines = str(error.value).splitlines()
    assert lines[0] == "3 problems:"
    record = line_of(events, "- id: ev-rosatom")
    headline = line_of(events, "headline:")
    file_key = line_of(data_dir / "sources.yaml", "file: sources/b.txt")
    assert sorted(lines[1:]) == sorted(
        [
            f"events.yaml:{record}: ev-rosatom: missing required field 'title'",
            f"events.yaml:{headline}: ev-rosatom: unknown field 'headline' (allowed: "
            "date_certainty, date_note, id, date, title, description, topics, people, "
            "agreements, organizations, places, planned, discrepancies, citations)",
            f"sources.yaml:{file_key}: b: file 'sources/b.txt' does not exist",
        ]
    )


def test_an_invalid_source_is_reported_once(data_dir: Path) -> None:
    """A source that fails validation is still defined: citing it must not add a
    'sources.yaml does not define' problem for every citation."""
    replace(data_dir / "sources.yaml", 'published: "2020-01"', 'published: "2020-13"')
    problems = problems_of(data_dir)
    assert [(p.file, p.record) for p in problems] == [("sources.yaml", "b")]


def test_duplicate_ids_across_files_are_reported(data_dir: Path) -> None:
    events = data_dir / "events.yaml"
    replace(events, "- id: ev-rosatom", "- id: rosatom")
    problems = problems_of(data_dir)
    duplicate = Problem(
        "organizations.yaml",
        f"duplicate id; already used at events.yaml:{line_of(events, '- id: rosatom')}",
        1,
        "rosatom",
    )
    assert duplicate in problems


@pytest.mark.parametrize(
    ("field", "target", "what"),
    [
        ("people", "ev-ties", "an event, not a person"),
        ("organizations", "putin", "a person, not an organization"),
        ("agreements", "rosatom", "an organization, not an agreement"),
        ("people", "friendship-treaty", "an agreement, not a person"),
    ],
    ids=[
        "event-as-person",
        "person-as-organization",
        "organization-as-agreement",
        "agreement-as-person",
    ],
)
def test_link_to_the_wrong_kind_names_both_kinds(
    data_dir: Path, field: str, target: str, what: str
) -> None:
    """The message reads as English: 'an event, not a person', 'not an organization'."""
    events = data_dir / "events.yaml"
    replace(
        events,
        "  topics: [energy]\n  organizations: [rosatom]",
        f"  topics: [energy]\n  {field}: [{target}]",
    )
    [problem] = problems_of(data_dir)
    assert problem.record == "ev-rosatom"
    assert problem.line == line_of(events, f"  {field}: [{target}]")
    assert problem.message == f"{field} links to '{target}', but that id is {what}"


def test_a_broken_citation_is_reported_once_not_also_as_an_empty_list(tmp_path: Path) -> None:
    """Regression: a misspelt 'quote' key also produced 'citations: Tuple should
    have at least 1 item', a message that points away from the real mistake."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(Path(__file__).resolve().parents[1] / "fixtures" / "minimal", data)
    events = data / "events.yaml"
    events.write_text(
        events.read_text(encoding="utf-8").replace("quote:", "quot3:", 1), encoding="utf-8"
    )
    with pytest.raises(DataError) as error:
        load_knowledge_base(data)
    messages = [problem.message for problem in error.value.problems]
    assert any("unknown field 'citations.0.quot3'" in m for m in messages)
    assert not any("at least 1 item" in m for m in messages)
