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

from tui.core.yamlerrors import YamlProblem as YamlProblem  # callers catch it from here
from tui.core.yamlerrors import explain, explain_character

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


@dataclass(frozen=True, slots=True)
class RecordPosition:
    """Where a record and each of its top-level keys start in the file (1-based)."""

    line: int
    keys: dict[str, int] = field(default_factory=dict)
    duplicates: tuple[tuple[str, int], ...] = ()
    """Keys written more than once in the record, with the line of the repeat."""

    def line_of(self, key: object) -> int:
        """Line of ``key`` when the record has it, else the record's own line."""
        if isinstance(key, str | int):  # YAML reads a key such as 2024 as a number
            return self.keys.get(str(key), self.line)
        return self.line


# A line starting with '- ' starts an item of a block-style top-level list.
_TOP_LEVEL_ITEM = re.compile(r"^- ", re.M)

# An anchor (&name) or alias (*name) starts a node: it follows the start of a line,
# whitespace or a flow indicator, and a name character follows it.  'R&D' and
# 'Trade & economy' do not match, so ordinary text skips the event pass below.
_MAYBE_ANCHOR = re.compile(r"(?:^|[\s\[\]{},:])[&*][^\s\[\]{},]", re.M)


def _refuse_aliases(text: str) -> None:
    """Raise on the first anchor or alias, before anything is constructed."""
    if ("&" not in text and "*" not in text) or not _MAYBE_ANCHOR.search(text):
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


#: Deepest nesting of lists and mappings accepted.  Records need about six levels;
#: PyYAML's C composer recurses once per level and crashes the process (a C stack
#: overflow, not an exception) somewhere past 20,000.
MAX_NESTING = 100

# Every list or mapping needs at least one of these characters of its own: a flow
# bracket, a block sequence's '-', a key's ':' or '?'.
_NESTING_CHARS = "[{-:?"


def _refuse_deep_nesting(text: str) -> None:
    """Raise when lists and mappings nest deeper than :data:`MAX_NESTING`.

    Counting the characters that can open a collection bounds the depth of each
    top-level item from above, at C speed; only an item with more than
    :data:`MAX_NESTING` of them is walked event by event (the event parser does
    not recurse), so ordinary files pay almost nothing.
    """
    # An item's depth is at most one (the top-level list) plus its count of these.
    if sum(text.count(char) for char in _NESTING_CHARS) < MAX_NESTING:
        return
    starts = [match.start() for match in _TOP_LEVEL_ITEM.finditer(text)]
    bounds = zip([0, *starts], [*starts, len(text)], strict=True)
    for begin, end in bounds:
        if end - begin >= MAX_NESTING and (
            sum(text.count(char, begin, end) for char in _NESTING_CHARS) >= MAX_NESTING
        ):
            _walk_depth(text)  # exact, over the whole text: a split item may not parse alone
            return


def _walk_depth(text: str) -> None:
    depth = 0
    line: int | None = None  # where the deepest collection so far opens
    try:
        for event in yaml.parse(text, Loader=_Parser):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                line = event.start_mark.line + 1 if event.start_mark else line
                if depth > MAX_NESTING:
                    raise _too_deep(line)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as error:
        if _is_too_deep(error):
            # libyaml (PyYAML 6.0.4 on) refuses a depth of its own, scanning ahead of
            # the events: the same problem, at the deepest line the events reached.
            raise _too_deep(line if line is not None else _line_of(error)) from None
        return  # a syntax error is reported by the parse proper, with its message
    except yaml.YAMLError:
        return


def _too_deep(line: int | None) -> YamlProblem:
    return YamlProblem(
        f"lists and mappings are nested more than {MAX_NESTING} levels deep; "
        "records need only a few levels",
        line,
    )


def _is_too_deep(error: yaml.MarkedYAMLError) -> bool:
    """PyYAML's own refusal of deep nesting ('exceeded maximum nesting depth')."""
    return "nesting depth" in (error.problem or "")


def _line_of(error: yaml.MarkedYAMLError) -> int | None:
    mark = error.problem_mark or error.context_mark
    return mark.line + 1 if mark is not None else None


def read_records(text: str) -> list[tuple[Any, RecordPosition]]:
    """Parse ``text`` as a YAML list and return each item with its position.

    An empty document is an empty list.

    Raises:
        YamlProblem: for syntax errors, refused tags, aliases, nesting deeper
            than :data:`MAX_NESTING`, or a document that is not a list.
    """
    try:
        _refuse_aliases(text)
        _refuse_deep_nesting(text)
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
        if _is_too_deep(error):
            raise _too_deep(_line_of(error)) from None
        raise explain(error) from None
    except yaml.reader.ReaderError as error:
        raise explain_character(text, error) from None
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


#: Files larger than this are parsed a batch of records at a time.
CHUNK_BYTES = 2 * 1024 * 1024

#: Largest single record of a batched file.  Records hold a few kilobytes (article
#: text lives in the sources' files); the bound keeps every batch small.
MAX_RECORD_BYTES = 256 * 1024

#: Most values parsed in one go.  PyYAML's node tree costs about 350 bytes and
#: 4 µs per value, so a large file that cannot be batched is refused beyond this.
MAX_VALUES_AT_ONCE = 1_000_000

# Characters at least one of which separates any two values, in any YAML style.
_SEPARATORS = ",\n:-?[{"

# A block-style list: blank and comment lines (and a "---"), then an item at the start of a line.
_BLOCK_LIST = re.compile(r"(?:[ \t]*(?:#[^\n]*)?\n|---[ \t]*\n)*- ")


def _refuse_large_records(text: str, begin: int, end: int) -> None:
    """Raise if a top-level item in ``text[begin:end]`` exceeds :data:`MAX_RECORD_BYTES`."""
    if end - begin <= MAX_RECORD_BYTES:
        return
    starts = [match.start() for match in _TOP_LEVEL_ITEM.finditer(text, begin, end)]
    for start, stop in zip(starts, [*starts[1:], end], strict=True):
        if stop - start > MAX_RECORD_BYTES:
            raise YamlProblem(
                f"this record is {_size(stop - start)} long; a record may be at most "
                f"{_size(MAX_RECORD_BYTES)} (an article's text belongs in its own file "
                "under sources/)",
                text.count("\n", 0, start) + 1,
            )


def _values_at_most(text: str) -> int:
    """An upper bound on the number of values in ``text``, counted at C speed."""
    return sum(text.count(char) for char in _SEPARATORS) + 1


def _size(length: int) -> str:
    return f"{length / 2**20:.1f} MiB" if length >= 2**20 else f"{length // 1024} KiB"


def iter_records(
    text: str, *, chunk_bytes: int = CHUNK_BYTES, progress: Callable[[float], None] | None = None
) -> Iterator[tuple[Any, RecordPosition]]:
    """Like :func:`read_records`, but a large block-style list is parsed in batches.

    Parsing 40 MB in one go builds a node tree of several hundred megabytes;
    batches of records (split where a line starts with ``- ``, which in a
    block-style top-level list always starts a new item) keep memory flat.
    Line numbers stay those of the whole file.  A syntax error inside a batch is
    reported as a parse of the whole file would report it, when that parse is
    affordable.  A large file that cannot be batched (flow style, JSON, not a
    list) or a record over :data:`MAX_RECORD_BYTES` is refused: time and memory
    stay bounded whatever the file holds.

    Raises:
        YamlProblem: as :func:`read_records`, and for the limits above.
    """
    if len(text) <= chunk_bytes:
        yield from read_records(text)
        if progress:
            progress(1.0)
        return
    if not _BLOCK_LIST.match(text):
        if _values_at_most(text) > MAX_VALUES_AT_ONCE:
            raise YamlProblem(
                f"a file this large ({_size(len(text))}) must be a block-style list, each "
                "record starting with '- ' at the beginning of a line, so that it can be "
                "read a batch at a time; this one is not (flow style or JSON, indented, "
                "or not a list)"
            )
        yield from read_records(text)
        if progress:
            progress(1.0)
        return
    line_offset = 0
    yielded = 0
    begin = 0
    while begin < len(text):
        # Each batch ends where a line starting '- ' follows its first chunk_bytes.
        cut = text.find("\n- ", begin + chunk_bytes - 1)
        end = len(text) if cut < 0 else cut + 1
        _refuse_large_records(text, begin, end)
        chunk = text[begin:end]
        try:
            items = read_records(chunk)
        except YamlProblem as problem:
            if _values_at_most(text) > MAX_VALUES_AT_ONCE:
                # Too large to parse whole: the batch's own error, at its line in the file.
                line = problem.line + line_offset if problem.line is not None else None
                raise YamlProblem(problem.message, line) from None
            # Exact, whole-file error reporting; records already given are not repeated.
            for number, item in enumerate(read_records(text)):
                if number >= yielded:
                    yield item
            return
        for raw, position in items:
            yield raw, _shift(position, line_offset)
            yielded += 1
        line_offset += chunk.count("\n")
        begin = end
        if progress:
            progress(end / len(text))


def _shift(position: RecordPosition, lines: int) -> RecordPosition:
    if not lines:
        return position
    return RecordPosition(
        position.line + lines,
        {key: line + lines for key, line in position.keys.items()},
        tuple((key, line + lines) for key, line in position.duplicates),
    )
