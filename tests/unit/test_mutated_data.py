"""Property: whatever is done to a valid data directory, loading it either succeeds or
raises vnru's DataError with readable problems, never any other exception.

Hypothesis mutates the minimal fixture's files: it drops keys, gives fields values of
other types (and field names that are not text), splices, deletes and inserts bytes
(including YAML syntax, tags, aliases, NUL, BOM, CR and tab), truncates files, and
damages the articles.  Each example rewrites one file of a private copy and loads it
(a few milliseconds); example counts stay moderate so the file runs in seconds.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.core.kinds import LOAD_ORDER
from tui.core.problems import DataError
from tui.core.queries.opening import load_knowledge_base

MINIMAL_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "minimal"
YAML_FILES = [kind.file for kind in LOAD_ORDER if (MINIMAL_DIR / kind.file).exists()]
ARTICLES = ["sources/a.txt", "sources/b.txt"]

# Each property runs this many examples (about 3 ms each).
EXAMPLES = settings(
    max_examples=150, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


@pytest.fixture(scope="module")
def workspace() -> Iterator[Path]:
    """One private copy of the minimal directory, shared by the examples of this module:
    each example changes one file and puts it back."""
    with tempfile.TemporaryDirectory(prefix="vnru-mutated-") as parent:
        root = Path(parent) / "data"
        shutil.copytree(MINIMAL_DIR, root)
        yield root


def load_with(root: Path, name: str, content: bytes) -> None:
    """Load ``root`` with ``name`` replaced by ``content``; the only acceptable failure
    is a DataError whose every problem is one non-empty printable line."""
    original = (MINIMAL_DIR / name).read_bytes()
    (root / name).write_bytes(content)
    try:
        load_knowledge_base(root)
    except DataError as error:
        assert error.problems, "a DataError must name at least one problem"
        for problem in error.problems:
            line = str(problem)
            assert problem.message.strip(), line
            assert "\n" not in line and "\x1b" not in line and "\x00" not in line, line
    finally:
        (root / name).write_bytes(original)


def test_the_unmutated_fixture_loads(workspace: Path) -> None:
    """Control: the starting point is valid, so a DataError below comes from the mutation."""
    assert len(load_knowledge_base(workspace).events) == 9


# --- structural mutations: parse, change, dump ------------------------------------

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=20)
    | st.sampled_from(["", " ", "2024-02-30", "2024-13", "1950/1949", "a" * 300, "[bold]", "ev-x"])
)
VALUES = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.text(max_size=8) | st.integers(), children, max_size=3)
    ),
    max_leaves=6,
)


@st.composite
def structural_mutation(draw: st.DrawFn) -> tuple[str, bytes]:
    """A data file with one record changed: a key dropped, a value replaced by anything,
    a key added (possibly not text), or the record replaced or duplicated."""
    name = draw(st.sampled_from(YAML_FILES))
    records: list[Any] = yaml.safe_load((MINIMAL_DIR / name).read_text(encoding="utf-8"))
    index = draw(st.integers(0, len(records) - 1))
    record = dict(records[index])
    action = draw(st.sampled_from(["drop", "retype", "add", "replace", "duplicate", "deep"]))
    keys = sorted(record)
    if action == "drop":
        del record[draw(st.sampled_from(keys))]
    elif action == "retype":
        record[draw(st.sampled_from(keys))] = draw(VALUES)
    elif action == "add":
        record[draw(st.text(max_size=10) | st.integers() | st.booleans())] = draw(VALUES)
    elif action == "replace":
        record = draw(VALUES)
    elif action == "duplicate":
        records.append(dict(record))
    else:  # a citation's fields changed, one level down
        citations = [dict(c) for c in record.get("citations", [])]
        if citations:
            citation = citations[draw(st.integers(0, len(citations) - 1))]
            citation[draw(st.sampled_from(["source", "quote", "extra"]))] = draw(VALUES)
            record["citations"] = citations
    records[index] = record
    return name, yaml.safe_dump(records, allow_unicode=True, sort_keys=False).encode("utf-8")


@EXAMPLES
@given(structural_mutation())
def test_changed_records_load_or_raise_a_data_error(
    workspace: Path, mutation: tuple[str, bytes]
) -> None:
    name, content = mutation
    load_with(workspace, name, content)


# --- byte-level mutations ---------------------------------------------------------

TOKENS = st.sampled_from(
    [
        b": ",
        b"- ",
        b"\n- ",
        b"\n  ",
        b"\t",
        b"\r\n",
        b"\r",
        b"\x00",
        b"\x1b]0;x\x07",
        b"\xef\xbb\xbf",
        b"\xff\xfe",
        b"\xc3",
        b"'",
        b'"',
        b"[",
        b"]",
        b"{",
        b"&a ",
        b"*a",
        b"!!python/object/apply:os.system ['true'] ",
        b"!!binary aGk= ",
        b"? ",
        b"|\n",
        b"---\n",
        b"...\n",
        b"%YAML 1.1\n",
        b"[" * 200,
        b"x" * 5000,
    ]
)


@st.composite
def byte_mutation(draw: st.DrawFn, names: list[str]) -> tuple[str, bytes]:
    """A file with bytes inserted, deleted, overwritten, or cut off at some point."""
    name = draw(st.sampled_from(names))
    data = (MINIMAL_DIR / name).read_bytes()
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "overwrite", "truncate"]))
        if action == "truncate":
            data = data[:at]
        elif action == "delete":
            data = data[:at] + data[at + draw(st.integers(1, 40)) :]
        else:
            chunk = draw(TOKENS | st.binary(min_size=1, max_size=8))
            end = at + len(chunk) if action == "overwrite" else at
            data = data[:at] + chunk + data[end:]
    return name, data


@EXAMPLES
@given(byte_mutation(YAML_FILES))
def test_damaged_yaml_loads_or_raises_a_data_error(
    workspace: Path, mutation: tuple[str, bytes]
) -> None:
    name, content = mutation
    load_with(workspace, name, content)


@settings(max_examples=60)
@given(byte_mutation(ARTICLES))
def test_damaged_articles_load_or_raise_a_data_error(
    workspace: Path, mutation: tuple[str, bytes]
) -> None:
    name, content = mutation
    load_with(workspace, name, content)
