"""Read a YAML list of records safely, keeping the line of every record and key.

Only the safe loader is used (libyaml's ``CSafeLoader`` when present), so tags
such as ``!!python/object/apply`` are refused, never constructed.  Anchors and
aliases are refused before construction: data files have no use for them, and
nested aliases ('billion laughs') would otherwise expand without bound.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when the wheel has it


class _Loader(_Base):  # type: ignore[misc]
    """The safe loader, with two changes for data files.

    Timestamps stay text: dates are validated by vnru (so '2024-02-30' gets a
    proper message instead of a crash inside PyYAML), and ``!!binary`` is
    refused: bytes would slip past the control-character cleaning.
    """


def _timestamp_as_text(loader: Any, node: yaml.Node) -> str:
    return str(loader.construct_scalar(node))


def _refuse_binary(loader: Any, node: yaml.Node) -> Any:
    raise yaml.constructor.ConstructorError(
        None, None, "binary values (!!binary) are not allowed in data files", node.start_mark
    )


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)
_Loader.add_constructor("tag:yaml.org,2002:binary", _refuse_binary)
_Parser: Any = _Base


class YamlProblem(Exception):
    """A file that is not a YAML list of records; ``line`` is 1-based when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True, slots=True)
class RecordPosition:
    """Where a record and each of its top-level keys start in the file (1-based)."""

    line: int
    keys: dict[str, int] = field(default_factory=dict)
    duplicates: tuple[tuple[str, int], ...] = ()
    """Keys written more than once in the record, with the line of the repeat."""

    def line_of(self, key: object) -> int:
        """Line of ``key`` when the record has it, else the record's own line."""
        return self.keys.get(key, self.line) if isinstance(key, str) else self.line


def _refuse_aliases(text: str) -> None:
    """Raise on the first anchor or alias, before anything is constructed."""
    if "&" not in text and "*" not in text:
        return  # cheap path: no anchor or alias can be present
    for event in yaml.parse(text, Loader=_Parser):
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            line = event.start_mark.line + 1 if event.start_mark else None
            raise YamlProblem(
                f"anchors and aliases (&{anchor} / *{anchor}) are not allowed in data files; "
                "write the value out in full",
                line,
            )


def read_records(text: str) -> list[tuple[Any, RecordPosition]]:
    """Parse ``text`` as a YAML list and return each item with its position.

    An empty document is an empty list.

    Raises:
        YamlProblem: for syntax errors, refused tags, aliases, or a document
            that is not a list.
    """
    try:
        _refuse_aliases(text)
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is None or (isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")):
                return []
            if not isinstance(node, yaml.SequenceNode):
                raise YamlProblem(
                    "the file must be a YAML list of records (each item starting with '- ')",
                    node.start_mark.line + 1,
                )
            data = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = error.problem or "invalid YAML"
        if isinstance(error, yaml.constructor.ConstructorError) and "tag" in problem:
            problem = f"{problem}; data files may only use plain YAML values"
        raise YamlProblem(f"YAML error: {problem}", line) from None
    except yaml.YAMLError as error:
        raise YamlProblem(f"YAML error: {error}") from None
    positions = [_position(item) for item in node.value]
    return list(zip(data, positions, strict=True))


def _position(node: yaml.Node) -> RecordPosition:
    keys: dict[str, int] = {}
    duplicates: list[tuple[str, int]] = []
    if isinstance(node, yaml.MappingNode):
        for key, _value in node.value:
            if isinstance(key, yaml.ScalarNode):
                name, line = str(key.value), key.start_mark.line + 1
                if name in keys:
                    duplicates.append((name, line))
                else:
                    keys[name] = line
    return RecordPosition(node.start_mark.line + 1, keys, tuple(duplicates))


_TOP_LEVEL_ITEM = re.compile(r"^- ", re.M)

#: Files larger than this are parsed a batch of records at a time.
CHUNK_BYTES = 2 * 1024 * 1024


def iter_records(
    text: str, *, chunk_bytes: int = CHUNK_BYTES, progress: Callable[[float], None] | None = None
) -> Iterator[tuple[Any, RecordPosition]]:
    """Like :func:`read_records`, but a large block-style list is parsed in batches.

    Parsing 40 MB in one go builds a node tree of several hundred megabytes;
    batches of records (split where a line starts with ``- ``, which in a
    block-style top-level list always starts a new item) keep memory flat.
    Line numbers stay those of the whole file.  Anything unusual (flow style,
    a syntax error inside a batch) falls back to parsing the file whole, so
    errors are reported exactly as :func:`read_records` reports them.
    """
    if len(text) <= chunk_bytes or not text.lstrip().startswith("- ") or "&" in text:
        yield from read_records(text)
        if progress:
            progress(1.0)
        return
    starts = [match.start() for match in _TOP_LEVEL_ITEM.finditer(text)]
    batches: list[tuple[int, int]] = []
    begin = 0
    for start in starts[1:]:
        if start - begin >= chunk_bytes:
            batches.append((begin, start))
            begin = start
    batches.append((begin, len(text)))
    line_offset = 0
    done = 0
    yielded = 0
    for begin, end in batches:
        chunk = text[begin:end]
        try:
            items = read_records(chunk)
        except YamlProblem:
            # Exact, whole-file error reporting; records already given are not repeated.
            for number, item in enumerate(read_records(text)):
                if number >= yielded:
                    yield item
            return
        for raw, position in items:
            yield raw, _shift(position, line_offset)
            yielded += 1
        line_offset += chunk.count("\n")
        done += len(chunk)
        if progress:
            progress(done / len(text))


def _shift(position: RecordPosition, lines: int) -> RecordPosition:
    if not lines:
        return position
    return RecordPosition(
        position.line + lines,
        {key: line + lines for key, line in position.keys.items()},
        tuple((key, line + lines) for key, line in position.duplicates),
    )
