"""Reading YAML record lists safely, with the line of every record and key."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from tui.core.files.yamlfile import RecordPosition, YamlProblem, read_records

RECORDS = """\
# A comment line.
- id: first
  title: First

  citations:
    - source: a
      quote: Text.
- id: second
  title: >-
    Folded
    title
  topics: [diplomacy]
"""


def test_records_come_with_their_lines() -> None:
    items = read_records(RECORDS)
    assert [record["id"] for record, _ in items] == ["first", "second"]
    first, second = (position for _, position in items)
    assert first == RecordPosition(2, {"id": 2, "title": 3, "citations": 5})
    assert second == RecordPosition(8, {"id": 8, "title": 9, "topics": 12})


def test_line_of_falls_back_to_the_record_line() -> None:
    _, position = read_records(RECORDS)[0]
    assert position.line_of("citations") == 5
    assert position.line_of("missing") == 2
    assert position.line_of(None) == 2
    assert position.line_of(0) == 2


def test_values_are_plain_python() -> None:
    record, _ = read_records(RECORDS)[1]
    assert record == {"id": "second", "title": "Folded title", "topics": ["diplomacy"]}


@pytest.mark.parametrize(
    "text",
    ["", "\n\n", "# only a comment\n", "---\n", "[]\n"],
    ids=["empty", "blank", "comment", "marker", "empty-list"],
)
def test_empty_document_is_an_empty_list(text: str) -> None:
    """A data file with no records yet (even one holding only ``---``) loads as empty."""
    assert read_records(text) == []


def test_non_mapping_items_are_returned_for_the_loader_to_report() -> None:
    items = read_records("- just text\n- 3\n")
    assert items == [("just text", RecordPosition(1)), (3, RecordPosition(2))]


@pytest.mark.parametrize(
    ("text", "line"),
    [("id: a\ntitle: b\n", 1), ("\n\njust a string\n", 3), ("# c\n42\n", 2)],
    ids=["mapping", "string", "number"],
)
def test_document_that_is_not_a_list_is_refused_with_its_line(text: str, line: int) -> None:
    with pytest.raises(YamlProblem, match="must be a YAML list") as error:
        read_records(text)
    assert error.value.line == line


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("- id: a\n  title: State visit: Hanoi\n", 2),
        ("- id: a\n  title: b\n - id: c\n", 3),
        ("- id: a\n\n\n  title: 'unclosed\n", 4),  # where the quote opens, not the file's end
        ("- id: a\n  title: b\n---\n- id: c\n", 3),
        ("- id: a\n\ttitle: b\n", 2),
    ],
    ids=["colon-in-value", "bad-indent", "unclosed-quote", "two-documents", "tab-indent"],
)
def test_syntax_error_reports_its_line(text: str, line: int) -> None:
    with pytest.raises(YamlProblem, match="YAML error") as error:
        read_records(text)
    assert error.value.line == line


# --- hostile input -------------------------------------------------------------------

PYTHON_TAGS = [
    pytest.param('- !!python/object/apply:os.system ["touch {sentinel}"]\n', id="object-apply"),
    pytest.param(
        '- title: !!python/object/apply:os.system ["touch {sentinel}"]\n',
        id="object-apply-in-value",
    ),
    pytest.param(
        "- !!python/object/apply:subprocess.check_call [[touch, {sentinel}]]\n",
        id="subprocess",
    ),
    pytest.param(
        '- !!python/object/new:os.system ["touch {sentinel}"]\n',
        id="object-new",
    ),
]


@pytest.mark.parametrize("payload", PYTHON_TAGS)
def test_python_tags_are_refused_and_never_run(payload: str, tmp_path: Path) -> None:
    """Security: a data file must not run code. The payload would create the sentinel
    file if it were constructed (proved by the next test)."""
    sentinel = tmp_path / "sentinel"
    with pytest.raises(
        YamlProblem, match=r"the tag '!!python/[a-z/]+:[a-z_.]+' is refused"
    ) as error:
        read_records(payload.format(sentinel=sentinel))
    assert error.value.line == 1
    assert "data files hold only plain values" in error.value.message
    assert not sentinel.exists()


def test_the_python_tag_payload_is_live(tmp_path: Path) -> None:
    """Control for the test above: an unsafe loader does run the payload, so the
    sentinel's absence there proves something."""
    sentinel = tmp_path / "sentinel"
    yaml.unsafe_load(str(PYTHON_TAGS[0].values[0]).format(sentinel=sentinel))
    assert sentinel.exists()


@pytest.mark.parametrize(
    "tag",
    ["!!python/name:os.system", "!!python/module:os", "!custom value"],
    ids=["python-name", "python-module", "local-tag"],
)
def test_non_plain_tags_are_refused(tag: str) -> None:
    with pytest.raises(YamlProblem, match="tag"):
        read_records(f"- id: a\n  title: {tag}\n")


def test_anchor_and_alias_are_refused_with_the_line() -> None:
    text = "- id: a\n  title: &t State visit\n- id: b\n  title: *t\n"
    with pytest.raises(YamlProblem, match=r"anchors and aliases \(&t / \*t\)") as error:
        read_records(text)
    assert error.value.line == 2


def test_billion_laughs_is_refused_quickly() -> None:
    """Security: nested aliases would expand to 9**9 strings in anything that walks
    the data (the loader's control-character cleaning does); refuse before that."""
    lines = [
        "- id: bomb",
        '  l0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
    ]
    for level in range(1, 10):
        refs = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"  l{level}: &a{level} [{refs}]")
    started = time.perf_counter()
    with pytest.raises(YamlProblem, match="anchors and aliases") as error:
        read_records("\n".join(lines) + "\n")
    assert time.perf_counter() - started < 1.0
    assert error.value.line == 2


@pytest.mark.parametrize(
    "value",
    ['"Trade & economy"', "Trade & economy", "'*emphasis*'", '"R&D * 2"', "a&b"],
    ids=["double-quoted-ampersand", "plain-ampersand", "quoted-asterisks", "both", "inside-word"],
)
def test_ampersands_and_asterisks_in_text_are_not_aliases(value: str) -> None:
    """Regression: the alias check must look at YAML structure, not at characters."""
    [(record, _)] = read_records(f"- id: a\n  title: {value}\n")
    assert "&" in record["title"] or "*" in record["title"]


@pytest.mark.parametrize(
    "text",
    ["- id: a\n  date: 2024-02-30\n", "- id: a\n\n  date: 2024-13-01\n"],
    ids=["30-february", "month-13"],
)
def test_unquoted_impossible_date_stays_text(text: str) -> None:
    """Regression: YAML reads an unquoted 2024-02-30 as a timestamp and PyYAML raised a
    bare ValueError; timestamps now stay text so the date validator can say what is wrong."""
    [(record, _)] = read_records(text)
    assert isinstance(record["date"], str)


def test_unquoted_valid_dates_and_years_are_read() -> None:
    """Timestamps are read as their text (vnru validates dates itself); years stay ints."""
    [(record, _)] = read_records("- date: 2024-06-19\n  year: 1923\n")
    assert record == {"date": "2024-06-19", "year": 1923}


def test_binary_values_are_refused() -> None:
    """Regression: !!binary produced bytes that slipped past control-character cleaning."""
    with pytest.raises(YamlProblem, match="binary"):
        read_records("- title: !!binary G10wO3B3bmVkBw==\n")


def test_repeated_key_is_recorded() -> None:
    """A key written twice in one record is reported, not silently overwritten."""
    [(_, position)] = read_records("- id: a\n  title: x\n  title: y\n")
    assert position.duplicates == (("title", 3),)


def test_raw_control_character_is_a_yaml_problem_with_its_line() -> None:
    """Regression: PyYAML's reader error had no line and named '<unicode string>'."""
    with pytest.raises(YamlProblem, match=r"U\+001B \(ESC\) at column 15 is not allowed") as error:
        read_records("- id: a\n  title: State\x1b[31m visit\n")
    assert error.value.line == 2


def test_escaped_control_characters_reach_the_loader_as_text() -> None:
    """YAML escapes can carry ESC and BEL; the loader (not this module) strips them."""
    [(record, _)] = read_records('- title: "\\e]0;pwned\\a"\n')
    assert record["title"] == "\x1b]0;pwned\x07"
