"""The small ones of issue 12: people by family name, one role a title, a single
year written once, both notebook marks, a note's line breaks in the brief."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tui.core.dates import describe_years, parse_year_range
from tui.core.kinds import roles_by_title
from tui.core.models import Person
from tui.core.names import family_first, initial, sort_key
from tui.core.outputs.brief import to_markdown
from tui.core.outputs.export import select
from tui.core.outputs.markdown import markdown_note
from tui.core.outputs.notebook import Notebook
from tui.core.paths import default_data_dir
from tui.core.queries.opening import load_knowledge_base

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

# --- people by family name ----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "country", "expected"),
    [
        ("Nguyễn Xuân Phúc", "Vietnam", "Nguyễn Xuân Phúc"),
        ("Huong Giang", "Vietnam (presumed; not stated)", "Huong Giang"),
        ("Alexei Kosygin", "Soviet Union", "Kosygin Alexei"),
        ("Vladimir Putin", "Russia", "Putin Vladimir"),
        ("Madonna", "United States", "Madonna"),
    ],
)
def test_family_name_first(name: str, country: str, expected: str) -> None:
    assert family_first(name, country) == expected


def test_sort_keys_ignore_case_and_diacritics() -> None:
    assert sort_key("Nguyễn Xuân Phúc") == sort_key("nguyen xuan phuc")
    assert sort_key("Đặng Minh Khôi") == "dang minh khoi"
    assert initial("Đặng Minh Khôi") == "D"
    assert initial("Ésaü") == "E"
    assert initial("1st") == "#"


def test_the_curator_can_override_the_sort_name() -> None:
    citation = {"source": "s", "quote": "Q."}
    person = Person.model_validate(
        {"id": "p", "name": "Ho Chi Minh", "country": "Vietnam", "citations": [citation]}
    )
    assert person.sorted_as == "Ho Chi Minh"
    override = person.model_copy(update={"sort_name": "Minh Ho Chi"})
    assert override.sorted_as == "Minh Ho Chi"


def test_bundled_people_are_sorted_by_family_name() -> None:
    """Regression: they were sorted by given name ('Alexei Kosygin' first)."""
    kb = load_knowledge_base(default_data_dir())
    names = [kb.rows["people"][i][1] for i in range(len(kb.people))]
    assert names[0] == "Gennady Bezdetko"
    assert names.index("Alexei Kosygin") > names.index("Vyacheslav Kharinov")
    assert names.index("Nguyen Xuan Phuc") < names.index("Dmitry Peskov")  # N before P
    groups = [kb.rows["people"][i][-1] for i in range(len(kb.people))]
    assert groups == sorted(groups)
    assert groups[0] == "B"


def test_a_sort_name_in_the_data_moves_the_person(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "minimal", data)
    people = data / "people.yaml"
    text = people.read_text()
    before = load_knowledge_base(data)
    order = [before.rows["people"][i][1] for i in range(len(before.people))]
    assert order == ["Ho Chi Minh", "Pham Minh Chinh", "Vladimir Putin"]
    people.write_text(
        text.replace("  name: Vladimir Putin\n", "  name: Vladimir Putin\n  sort_name: Aaa\n")
    )
    after = load_knowledge_base(data)
    assert after.rows["people"][0][1] == "Vladimir Putin"
    assert after.rows["people"][0][-1] == "A"


# --- one role a title -----------------------------------------------------------------


def test_a_role_is_listed_once_with_every_date() -> None:
    """Regression: Bezdetko's detail listed 'Russian Ambassador to Vietnam'
    twice (May and June 2024)."""
    kb = load_knowledge_base(default_data_dir())
    for person in kb.people:
        titles = [title.casefold() for title, _dates in roles_by_title(person)]
        assert len(titles) == len(set(titles)), person.id
    citation = {"source": "s", "quote": "Q."}
    role = {"title": "Party General Secretary", "citations": [citation]}
    twice = Person.model_validate(
        {
            "id": "p",
            "name": "Nguyen Phu Trong",
            "country": "Vietnam",
            "roles": [
                {**role, "as_of": "2021-11"},
                {**role, "as_of": "2024-03"},
                {**role, "title": "General Secretary", "as_of": "2024-06"},
            ],
            "citations": [citation],
        }
    )
    assert roles_by_title(twice) == [
        ("Party General Secretary", ["2021-11", "2024-03"]),
        ("General Secretary", ["2024-06"]),
    ]


def test_bezdetko_holds_one_role_attested_by_two_articles() -> None:
    """Article 004's 'recent briefing' is article 002's May 2024 conference: the
    data gave the role twice, as of May and as of June."""
    kb = load_knowledge_base(default_data_dir())
    bezdetko = kb.by_id["gennady-bezdetko"]
    assert isinstance(bezdetko, Person)
    assert {c.source for c in bezdetko.roles[0].citations} == {
        "wvr-vna-2024-05-press-conference",
        "unknown-2024-06-putin-state-visit-background",
    }


# --- a year range --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("years", "shown", "typed"),
    [
        ((2024, 2024), "2024", "2024"),
        ((1950, 1975), "1950–1975", "1950-1975"),
        ((2001, None), "2001–…", "2001-"),
        ((None, 1991), "…–1991", "-1991"),
        ((None, None), "", ""),
    ],
)
def test_a_year_range_is_written_as_read(
    years: tuple[int | None, int | None], shown: str, typed: str
) -> None:
    """Regression: a single year read '2024–2024'."""
    assert describe_years(years) == shown
    assert describe_years(years, dash="-") == typed
    assert parse_year_range(typed) == years


def test_export_descriptions_write_a_single_year_once() -> None:
    kb = load_knowledge_base(FIXTURES / "ui")
    assert select(kb, years=(2024, 2024)).description == "years 2024"


# --- notebook marks ----------------------------------------------------------------


def test_a_bookmark_with_a_note_shows_both_marks(tmp_path: Path) -> None:
    """Regression: a bookmarked and annotated record showed ★ alone."""
    kb = load_knowledge_base(FIXTURES / "ui")
    notebook = Notebook.open(tmp_path / "notebook.json")
    notebook.toggle_bookmark(kb, "ev-ties")
    assert notebook.mark("ev-ties") == "★"
    notebook.set_note(kb, "ev-ties", "check")
    assert notebook.mark("ev-ties") == "★✎"
    notebook.toggle_bookmark(kb, "ev-ties")
    assert notebook.mark("ev-ties") == "✎"


# --- a note's line breaks ------------------------------------------------------------


def test_a_notes_line_breaks_survive_the_brief() -> None:
    """Regression: the brief joined a note's lines into one."""
    kb = load_knowledge_base(FIXTURES / "ui")
    note = "First point.\nSecond point.\n\nA new paragraph.\n- not a list\n1. not one either"
    text = to_markdown(kb, select(kb, ids={"ev-energy"}), notes={"ev-energy": note})
    assert (
        "  - *My note:* First point.\\\n"
        "    Second point.\n"
        "\n"
        "    A new paragraph.\\\n"
        "    \\- not a list\\\n"
        "    1\\. not one either\n"
    ) in text


def test_markdown_note_escapes_each_line() -> None:
    assert markdown_note("*a*\n# b\n+ c", "  ") == "\\*a\\*\\\n  \\# b\\\n  \\+ c"
