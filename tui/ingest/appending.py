"""Writing records into the user's YAML files as text, never by re-dumping them.

A new record is rendered on its own and appended to its collection's file (or
to the last file of the collection's folder); a citation for an existing record
is inserted as lines at the end of that record's ``citations`` list. Either way
the user's comments, order and formatting stay exactly as they were.

Every change is checked before it is written: the changed file must parse, the
new record (or the changed one) must be valid for its model and read back equal
to what was meant, and only then is the file replaced atomically
(:func:`tui.core.atomic.write_atomically`). A change that fails a check writes
nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from tui.core import models as _models
from tui.core.atomic import write_atomically
from tui.core.datadir import collection_files
from tui.core.models import Agreement, Citation, Event, Organization, Person, Source
from tui.core.yamlfile import YamlProblem, read_records

#: The collection each kind of record is appended to, and its model.
COLLECTIONS: dict[str, tuple[str, type[BaseModel]]] = {
    "source": ("sources.yaml", Source),
    "event": ("events.yaml", Event),
    "person": ("people.yaml", Person),
    "agreement": ("agreements.yaml", Agreement),
    "organization": ("organizations.yaml", Organization),
}
for _kind, _file, _model_name in (
    ("place", "places.yaml", "Place"),
    ("figure", "figures.yaml", "Figure"),
):
    # Kinds another part of vnru is adding: cited on, once the models have them.
    _model = getattr(_models, _model_name, None)
    if isinstance(_model, type) and issubclass(_model, BaseModel):
        COLLECTIONS[_kind] = (_file, _model)


class WriteError(Exception):
    """A change that was not written; the message says why, in one line."""


@dataclass(frozen=True, slots=True)
class Change:
    """A file as it was before a change and as the change left it: enough to undo it."""

    path: Path
    before: str | None
    """The file's text before (``None``: the change created it)."""
    after: str


def render(record: dict[str, Any]) -> str:
    """One record as a YAML list item, keys in the order given, long text folded."""
    text = yaml.dump(
        [record],
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=88,
        default_flow_style=False,
    )
    return text


class _Dumper(yaml.SafeDumper):
    """Indents lists inside mappings, as the bundled files do."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _string(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    if len(value) > 70 or "\n" in value:
        style = "|" if "\n" in value else ">"
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _string)


def target_file(root: Path, kind: str) -> Path:
    """The file a new record of ``kind`` goes to: the collection's single file,
    else the last file of its folder, else a new single file."""
    name, _model = COLLECTIONS[kind]
    files = collection_files(root, name)
    return root / (files[-1] if files else name)


def check_inside(root: Path, path: Path) -> None:
    """Raise :class:`WriteError` when ``path`` (through links) leaves ``root``."""
    resolved_root = root.resolve()
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError) as error:
        raise WriteError(f"{path}: cannot be resolved ({error})") from None
    if not resolved.is_relative_to(resolved_root):
        raise WriteError(
            f"{path.relative_to(root) if path.is_relative_to(root) else path}: points outside "
            f"the data directory {root}; nothing was written"
        )


def append_record(root: Path, kind: str, record: dict[str, Any]) -> Change:
    """Append ``record`` (a new record of ``kind``) to its file, checked, atomically.

    Raises:
        WriteError: when the record is invalid, the file cannot be parsed
            after the append or cannot be written; nothing is written then.
    """
    _name, model = COLLECTIONS[kind]
    try:
        expected = model.model_validate(record)
    except ValidationError as error:
        raise WriteError(f"the new {kind} is not valid: {_first_error(error)}") from None
    path = target_file(root, kind)
    check_inside(root, path)
    before = _read(path)
    after = _joined(before or "", render(record))
    try:
        items = read_records(after)
    except YamlProblem as problem:
        raise WriteError(
            f"{path.name}: appending would not parse ({problem.message}); "
            "is the file a block-style list? Nothing was written"
        ) from None
    if not items or model.model_validate(items[-1][0]) != expected:
        raise WriteError(f"{path.name}: the appended record did not read back as written")
    _write(path, after)
    return Change(path, before, after)


def add_citation(root: Path, kind: str, record_id: str, citation: Citation, file: str) -> Change:
    """Insert ``citation`` at the end of the ``citations`` of record ``record_id``
    in ``file`` (relative to ``root``).

    Raises:
        WriteError: when the record is not found as a block-style mapping with a
            block-style ``citations`` list, or the result does not validate.
    """
    _name, model = COLLECTIONS[kind]
    path = root / file
    check_inside(root, path)
    before = _read(path)
    if before is None:
        raise WriteError(f"{file}: does not exist")
    try:
        items = read_records(before)
    except YamlProblem as problem:
        raise WriteError(f"{file}: cannot be parsed ({problem.message})") from None
    lines = before.splitlines(keepends=True)
    number = next(
        (
            at
            for at, (raw, _) in enumerate(items)
            if isinstance(raw, dict) and raw.get("id") == record_id
        ),
        None,
    )
    if number is None:
        raise WriteError(f"{file}: no record with id '{record_id}'")
    raw, position = items[number]
    record_end = items[number + 1][1].line - 1 if number + 1 < len(items) else len(lines)
    key_line = position.keys.get("citations")
    if key_line is None:
        raise WriteError(f"{file}: record '{record_id}' has no citations list to add to")
    key_text = lines[key_line - 1]
    key_indent = len(key_text) - len(key_text.lstrip())
    if not re.match(r"\s*citations:\s*(#.*)?$", key_text):
        raise WriteError(
            f"{file}:{key_line}: the citations of '{record_id}' are not a block-style list"
        )
    last = key_line  # the last line (1-based) belonging to the citations list
    item_indent: int | None = None
    for index in range(key_line, record_end):
        line = lines[index]
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(line.lstrip())
        if indent <= key_indent and not (indent == key_indent and stripped.startswith("- ")):
            break
        if stripped.startswith("- ") and item_indent is None:
            item_indent = indent
        last = index + 1
    item_indent = key_indent + 2 if item_indent is None else item_indent
    block = render({"source": citation.source, "quote": citation.quote})
    pad = " " * item_indent
    inserted = "".join(pad + line if line.strip() else line for line in block.splitlines(True))
    after_lines = [*lines[:last], inserted, *lines[last:]]
    if last and not after_lines[last - 1].endswith("\n"):
        after_lines[last - 1] += "\n"
    after = "".join(after_lines)
    try:
        changed = read_records(after)
    except YamlProblem as problem:
        raise WriteError(
            f"{file}: adding the citation would not parse ({problem.message})"
        ) from None
    try:
        updated = model.model_validate(changed[number][0])
        original = model.model_validate(raw)
    except (ValidationError, IndexError) as error:
        raise WriteError(f"{file}: '{record_id}' would not be valid ({error})") from None
    if tuple(getattr(updated, "citations", ())) != (*getattr(original, "citations", ()), citation):
        raise WriteError(f"{file}: the citation did not read back as written")
    _write(path, after)
    return Change(path, before, after)


def replace_record(root: Path, kind: str, record: dict[str, Any], file: str) -> Change:
    """Replace the record with ``record``'s id in ``file`` by ``record``, rendered anew.

    Only that record's lines change: the comment and blank lines after it, and
    every other record, stay as they were. Meant for records vnru itself wrote
    (a source ``vnru add`` registered), whose layout is its own.

    Raises:
        WriteError: when the record is not found, is invalid, or the file would
            not read back with it.
    """
    _name, model = COLLECTIONS[kind]
    try:
        expected = model.model_validate(record)
    except ValidationError as error:
        raise WriteError(f"not valid: {_first_error(error)}") from None
    path = root / file
    check_inside(root, path)
    before = _read(path)
    if before is None:
        raise WriteError(f"{file}: does not exist")
    try:
        items = read_records(before)
    except YamlProblem as problem:
        raise WriteError(f"{file}: cannot be parsed ({problem.message})") from None
    number = next(
        (
            at
            for at, (raw, _) in enumerate(items)
            if isinstance(raw, dict) and raw.get("id") == record["id"]
        ),
        None,
    )
    if number is None:
        raise WriteError(f"{file}: no record with id '{record['id']}'")
    lines = before.splitlines(keepends=True)
    first = items[number][1].line - 1
    last = items[number + 1][1].line - 1 if number + 1 < len(items) else len(lines)
    while last > first + 1 and (
        not lines[last - 1].strip() or lines[last - 1].lstrip().startswith("#")
    ):
        last -= 1  # what follows the record (blank lines, comments) is not its own
    after = "".join([*lines[:first], render(record), *lines[last:]])
    try:
        changed = read_records(after)
    except YamlProblem as problem:
        raise WriteError(f"{file}: the change would not parse ({problem.message})") from None
    if len(changed) != len(items) or model.model_validate(changed[number][0]) != expected:
        raise WriteError(f"{file}: the record did not read back as written")
    _write(path, after)
    return Change(path, before, after)


def undo(change: Change) -> None:
    """Put a file back as it was before ``change``, if nobody changed it since.

    Raises:
        WriteError: when the file changed after ``change`` was written.
    """
    current = _read(change.path)
    if current != change.after:
        raise WriteError(f"{change.path.name}: changed since; undo it by hand")
    if change.before is None:
        change.path.unlink()
    else:
        _write(change.path, change.before)


def _first_error(error: ValidationError) -> str:
    detail = error.errors()[0]
    where = ".".join(str(part) for part in detail["loc"])
    return f"{where}: {detail['msg']}" if where else str(detail["msg"])


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise WriteError(f"{path.name}: cannot be read ({error})") from None


def _joined(before: str, addition: str) -> str:
    if not before.strip():
        return before + addition
    if not before.endswith("\n"):
        before += "\n"
    if not before.endswith("\n\n"):
        before += "\n"
    return before + addition


def _write(path: Path, text: str) -> None:
    try:
        write_atomically(path, text)
    except OSError as error:
        raise WriteError(f"{path.name}: cannot be written ({error.strerror or error})") from None
