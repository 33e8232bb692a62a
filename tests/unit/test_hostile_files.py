"""Files built to hurt: huge, deep, dense, unreadable, or laced with terminal escapes.

Each case ends in a DataError that says what to fix, in bounded time and memory;
none hangs, crashes the interpreter or prints a control character.  Large files
are written at test time (sparse where possible); the tests assert on messages,
never on time.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tui.cli import main
from tui.core import yamlfile
from tui.core.index.reader import load_knowledge_base
from tui.core.loading import MAX_DATA_FILE_BYTES, MAX_PROBLEMS
from tui.core.problems import DataError, Problem, printable
from tui.core.yamlfile import MAX_NESTING, YamlProblem, iter_records, read_records


def problems_of(root: Path) -> list[str]:
    with pytest.raises(DataError) as error:
        load_knowledge_base(root)
    return [str(problem) for problem in error.value.problems]


# --- size ---------------------------------------------------------------------------


def test_a_100_mb_single_line_record_is_refused_unparsed(data_dir: Path) -> None:
    """A 100 MB events.yaml that is one record on one line: refused by its size before
    YAML builds anything (a parse would hold several copies of it)."""
    with (data_dir / "events.yaml").open("w", encoding="utf-8") as file:
        file.write("- id: ev-huge\n  description: ")
        line = "x" * 2**20
        for _ in range(100):
            file.write(line)
        file.write("\n")
    assert problems_of(data_dir) == [
        "events.yaml:1: this record is 100.0 MiB long; a record may be at most 256 KiB "
        "(an article's text belongs in its own file under sources/)"
    ]


def test_a_100_mb_file_of_nul_bytes_is_refused_at_its_first_byte(data_dir: Path) -> None:
    """A sparse 100 MB file (all NUL, as a crashed download leaves) is named for what it is."""
    with (data_dir / "people.yaml").open("wb") as file:
        file.truncate(100 * 2**20)
    [problem] = [line for line in problems_of(data_dir) if line.startswith("people.yaml")]
    assert problem.startswith("people.yaml:1: character U+0000 (NUL) at column 1")
    assert "binary file, or text saved as UTF-16" in problem


def test_a_file_over_the_size_limit_is_not_read(data_dir: Path) -> None:
    with (data_dir / "events.yaml").open("wb") as file:
        file.truncate(MAX_DATA_FILE_BYTES + 2**20)
    limit = MAX_DATA_FILE_BYTES // 2**20
    assert problems_of(data_dir) == [
        f"events.yaml: file is {limit + 1} MiB; the limit is {limit} MiB"
    ]


def test_ordinary_records_pass_every_limit() -> None:
    """Control for the limits: a large file of ordinary records, read in batches, is
    read whole; the limits refuse malformed files, not large ones."""
    record = (
        "- id: ev-{n}\n  date: '2024-06-20'\n  title: Energy agreements signed\n"
        "  topics: [energy, diplomacy]\n  people: [putin]\n  citations:\n"
        "    - source: a\n      quote: Russia and Vietnam signed a group of agreements.\n"
    )
    text = "# A comment first.\n" + "".join(record.format(n=n) for n in range(3_000))
    records = list(iter_records(text, chunk_bytes=64 * 1024))
    assert len(records) == 3_000
    assert records[-1][1].line == text.count("\n") - 7


def test_a_40_mb_file_of_broken_records_stops_at_the_problem_limit(data_dir: Path) -> None:
    """A 40 MB file of bare strings would have made 400,000 problems (minutes, and
    gigabytes with shorter lines); the load stops after MAX_PROBLEMS and says so."""
    line = "- " + "x" * 98 + "\n"
    with (data_dir / "events.yaml").open("w", encoding="utf-8") as file:
        for _ in range(40):
            file.write(line * (2**20 // len(line)))
    problems = problems_of(data_dir)
    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[0] == "events.yaml:1: record #1: each record must be a mapping of field: value"
    assert problems[-1].endswith(
        f"more problems not listed: vnru stops at {MAX_PROBLEMS}; fix these and run it again"
    )


def test_one_record_with_thousands_of_bad_values_stops_at_the_problem_limit(data_dir: Path) -> None:
    """pydantic reports every bad item of a list; the problems listed stay bounded."""
    topics = ", ".join(["sport"] * 20_000)
    text = (data_dir / "events.yaml").read_text(encoding="utf-8")
    (data_dir / "events.yaml").write_text(
        text.replace("topics: [diplomacy]", f"topics: [{topics}]", 1), encoding="utf-8"
    )
    assert len(problems_of(data_dir)) == MAX_PROBLEMS + 1


def test_a_large_file_that_cannot_be_batched_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """Flow style (JSON) must be parsed whole; a large one with many values is refused
    before PyYAML builds a node tree of gigabytes (the limits are scaled down here)."""
    monkeypatch.setattr(yamlfile, "MAX_VALUES_AT_ONCE", 1_000)
    text = "[" + "1," * 2_000 + "1]\n"
    with pytest.raises(YamlProblem, match="must be a block-style list"):
        list(iter_records(text, chunk_bytes=1024))


def test_a_large_flow_style_file_with_few_values_is_read_whole() -> None:
    """A flow-style file over the batch size but with few values is still read."""
    text = "[" + ", ".join(["{id: " + "a" * 1000 + "}"] * 25) + "]\n"
    assert len(list(iter_records(text, chunk_bytes=1024))) == 25


def test_a_syntax_error_in_a_late_batch_has_its_line_in_the_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A large file whose batches cannot be re-read whole reports the batch's error at
    the line it has in the whole file (the limits are scaled down here)."""
    monkeypatch.setattr(yamlfile, "MAX_VALUES_AT_ONCE", 1_000)
    text = "- id: a\n  title: x\n" * 3_000 + "- id: b\n  title: Visit: Hanoi\n"
    with pytest.raises(YamlProblem, match="mapping values are not allowed") as error:
        list(iter_records(text, chunk_bytes=4096))
    assert error.value.line == 6_002


def test_a_syntax_error_in_a_small_file_read_in_batches_is_reported_as_a_whole() -> None:
    """When the whole file is affordable, a batch's error is re-read from the whole
    file, so the report is exactly what a single parse says."""
    text = "- id: a\n  title: x\n" * 300 + "- id: b\n  title: 'unclosed\n"
    with pytest.raises(YamlProblem, match="never closed") as error:
        list(iter_records(text, chunk_bytes=1024))
    assert error.value.line == 602


# --- depth --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "- " + "[" * 100_000 + "]" * 100_000 + "\n",
        "- " + "{a: " * 100_000 + "1" + "}" * 100_000 + "\n",
        "- " + "- " * 100_000 + "x\n",
        "".join("  " * level + "- \n" for level in range(2_000)),
        "- k0:\n" + "".join(" " * (2 + level) + f"k{level}:\n" for level in range(1, 2_000)),
        '- [ "]", ' * 1 + '[ "]", ' * 50_000 + "]" * 50_001 + "\n",
    ],
    ids=[
        "flow-lists",
        "flow-mappings",
        "compact-lists",
        "indented-lists",
        "indented-maps",
        "quoted-brackets",
    ],
)
def test_deep_nesting_is_refused_before_the_parser_recurses(text: str) -> None:
    """Security: PyYAML's C composer recurses once per level and overflowed the C stack
    (SIGSEGV, no exception) at 100,000 levels; 2,000 levels hit Python's recursion
    limit in the loader.  Every style of nesting is refused with a line."""
    with pytest.raises(YamlProblem, match=f"nested more than {MAX_NESTING} levels deep") as error:
        read_records(text)
    assert error.value.line is not None


@pytest.mark.parametrize("opener", ["[", "{a: ", "- "], ids=["flow-lists", "flow-maps", "block"])
def test_deep_nesting_names_the_line_where_the_limit_is_passed(opener: str) -> None:
    """Regression (PyYAML 6.0.4): libyaml refuses 1,000 levels with its own words,
    scanning ahead of the events; vnru's message and the line where the 101st level
    opens are kept whatever the PyYAML version."""
    indent = opener == "- "
    closer = {"[": "]", "{a: ": "}"}.get(opener, "")
    lines = ["- id: deep", "  x:"] + [
        ("  " * (level + 2) if indent else "    ") + opener for level in range(5_000)
    ]
    lines.append("  " * 5_002 + "1" if indent else "    1" + closer * 5_000)
    with pytest.raises(YamlProblem) as error:
        read_records("\n".join(lines) + "\n")
    assert error.value.message == (
        f"lists and mappings are nested more than {MAX_NESTING} levels deep; "
        "records need only a few levels"
    )
    # Line 1 opens two levels (the top-level list and the record); line 3 the third.
    assert error.value.line == MAX_NESTING - 1 + 2


def test_nesting_up_to_the_limit_is_read() -> None:
    depth = MAX_NESTING - 1  # the top-level list is one level
    [(record, _)] = read_records("- " + "[" * depth + "]" * depth + "\n")
    for _ in range(depth - 1):
        [record] = record
    assert record == []


def test_many_shallow_brackets_do_not_count_as_depth() -> None:
    """A record with hundreds of short lists is not deep; it is read."""
    text = "- " + "{" + ", ".join(f"k{n}: [a, b]" for n in range(500)) + "}\n"
    [(record, _)] = read_records(text)
    assert len(record) == 500


@pytest.mark.parametrize(
    "text", ['- {"a":&x [1], "b":*x}\n', "- [&x 1,*x]\n", "- !!str &x a\n- *x\n"]
)
def test_anchors_right_after_a_flow_indicator_are_found(text: str) -> None:
    """Security: the quick pre-check for anchors must not miss one written without a
    space (an alias bomb would then expand)."""
    with pytest.raises(YamlProblem, match="anchors and aliases"):
        read_records(text)


# --- files that are not plain files ---------------------------------------------------


def test_unreadable_data_file(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As the chmod-000 cases in tests/broken, but also when the tests run as root."""
    real_read_bytes = Path.read_bytes

    def read_bytes(path: Path) -> bytes:
        if path.name == "events.yaml":
            raise PermissionError(13, "Permission denied", str(path))
        return real_read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    assert problems_of(data_dir) == ["events.yaml: cannot be read: Permission denied"]


def test_unreadable_article(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_read_bytes = Path.read_bytes

    def read_bytes(path: Path) -> bytes:
        if path.name == "a.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return real_read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    assert problems_of(data_dir) == [
        "sources.yaml:3: a: file 'sources/a.txt' cannot be read: Permission denied"
    ]


def test_article_behind_a_folder_that_cannot_be_entered(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Path.exists() raises PermissionError (it does not return False) for a file in a
    folder without the x bit; that was an unexpected error."""
    real_exists = Path.exists

    def exists(path: Path) -> bool:
        if path.name == "a.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return real_exists(path)

    monkeypatch.setattr(Path, "exists", exists)
    assert problems_of(data_dir) == [
        "sources.yaml:3: a: file 'sources/a.txt' cannot be read: Permission denied"
    ]


def test_unreadable_data_directory(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "access", lambda _path, _mode: False)
    assert problems_of(data_dir) == [f"{data_dir}: cannot be read: permission denied"]


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_as_a_data_file_is_not_read(data_dir: Path) -> None:
    """/dev/zero never ends; reading it would fill memory."""
    (data_dir / "people.yaml").unlink()
    (data_dir / "people.yaml").symlink_to("/dev/zero")
    assert "people.yaml: is not a regular file (a pipe or a device?)" in problems_of(data_dir)


# --- text ---------------------------------------------------------------------------


def test_byte_order_marks_and_crlf_are_invisible(data_dir: Path) -> None:
    """Files saved by Windows editors (BOM, CRLF) load, and no BOM reaches the screen."""
    for path in [*data_dir.glob("*.yaml"), *data_dir.glob("sources/*.txt")]:
        text = path.read_text(encoding="utf-8")
        path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    kb = load_knowledge_base(data_dir)
    assert len(kb.events) == 9
    for source in kb.sources:
        assert "\ufeff" not in kb.texts[source.id]
        assert "\r" not in kb.texts[source.id]


def test_problem_lines_show_control_characters_as_escapes() -> None:
    """Ids, field names and paths in a problem come from the data; printed raw, an ESC
    could retitle the terminal and a right-to-left override could disguise the line."""
    problem = Problem("events.yaml", "unknown field '\x1b[31mred'", 3, "ev-\x1b]0;x\x07\u202e")
    assert str(problem) == "events.yaml:3: ev-\\x1b]0;x\\x07\\u202e: unknown field '\\x1b[31mred'"
    assert printable("Đổi mới 🇻🇳 שלום\tok") == "Đổi mới 🇻🇳 שלום\\tok"


def test_validate_prints_no_escape_from_the_data(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (data_dir / "events.yaml").read_text(encoding="utf-8")
    (data_dir / "events.yaml").write_text(
        text.replace("id: ev-statement", 'id: "ev-\\e]0;pwned\\a"', 1), encoding="utf-8"
    )
    assert main(["validate", str(data_dir)]) == 1
    error = capsys.readouterr().err
    assert "ev-\\x1b]0;pwned\\x07" in error
    assert "\x1b" not in error and "\x07" not in error


def test_a_long_invalid_id_is_not_also_reported_as_a_dangling_link(data_dir: Path) -> None:
    """Regression: cutting long ids short for messages must not break the bookkeeping
    that keeps a link to an invalid record from being reported a second time."""
    long_id = "putin-" + "v" * 70
    for name in ("people.yaml", "events.yaml"):
        text = (data_dir / name).read_text(encoding="utf-8")
        (data_dir / name).write_text(text.replace("putin", long_id), encoding="utf-8")
    text = (data_dir / "people.yaml").read_text(encoding="utf-8")
    (data_dir / "people.yaml").write_text(
        text.replace(f"id: {long_id}\n", f"id: {long_id}\n  shoe_size: 44\n", 1),
        encoding="utf-8",
    )
    problems = problems_of(data_dir)
    assert len(problems) == 1, problems
    assert f"{long_id[:59]}…: unknown field 'shoe_size'" in problems[0]
