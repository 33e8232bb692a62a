"""Read a data directory's files: YAML records validated against their models,
and articles as text, every problem described in one line for a person.

This is the first stage of the pipeline (files → index → queries → screens):
:mod:`tui.core.index.build` calls it for each file that changed and keeps what it
gives.
"""

from __future__ import annotations

import difflib
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from tui.core.files.datadir import check_directory
from tui.core.files.sanitize import clean_text
from tui.core.files.yamlfile import RecordPosition, YamlProblem, iter_records
from tui.core.models import RECORD_ID_PATTERN
from tui.core.problems import Problem

ModelT = TypeVar("ModelT", bound=BaseModel)
Progress = Callable[[str, float], None]
"""Called with a stage name and the fraction of it done."""

__all__ = ["check_directory", "parse_file"]

#: Largest data file read; a bigger one is refused rather than risk a hang.
MAX_DATA_FILE_BYTES = 200 * 1024 * 1024

#: Problems listed at most: a file of a million broken records must not fill
#: memory (or the terminal) with messages; the first ones say what to fix.
MAX_PROBLEMS = 200


def at_most(problems: list[Problem]) -> list[Problem]:
    """The first :data:`MAX_PROBLEMS` problems, and a last line saying there are more."""
    if len(problems) <= MAX_PROBLEMS:
        return problems
    more = Problem(
        "…",
        f"more problems not listed: vnru stops at {MAX_PROBLEMS}; fix these and run it again",
    )
    return [*problems[:MAX_PROBLEMS], more]


def parse_file(
    root: Path,
    name: str,
    model: type[ModelT],
    problems: list[Problem],
    invalid: set[str],
    report: Progress,
) -> Iterator[tuple[Any, RecordPosition]]:
    """The valid records of data file ``name`` (relative to ``root``) with where
    each starts; every problem is added to ``problems``, and the label of each
    record that failed validation to ``invalid``."""
    path = root / name
    if not path.exists():
        if path.is_symlink():
            problems.append(
                Problem(name, "is a symbolic link to a file that does not exist (or links loop)")
            )
        return
    text = _read_text(path, name, problems, limit=MAX_DATA_FILE_BYTES)
    if text is None:
        return
    items = iter_records(text, progress=lambda done: report(f"Reading {name}", done))
    del text  # the generator holds it while parsing; each raw record is dropped once validated
    index = -1
    while True:
        if len(problems) > MAX_PROBLEMS:
            return  # enough to fix for one run; the rest of this file is not read
        try:
            raw, position = next(items)
        except StopIteration:
            break
        except YamlProblem as error:
            problems.append(Problem(name, error.message, error.line))
            return
        index += 1
        label = _label(raw, index)
        if not isinstance(raw, dict):
            problems.append(
                Problem(name, "each record must be a mapping of field: value", position.line, label)
            )
            continue
        for key, line in position.duplicates:
            problems.append(Problem(name, f"field '{key}' is written twice; keep one", line, label))
        try:
            record = model.model_validate(_clean(raw))
        except ValidationError as error:
            details = error.errors()
            # An item that failed on its own makes its list "too short" too; say it once.
            nested = {d["loc"][0] for d in details if len(d["loc"]) > 1}
            for detail in details[: MAX_PROBLEMS + 1]:
                loc = detail["loc"]
                if detail["type"] == "too_short" and len(loc) == 1 and loc[0] in nested:
                    continue
                problems.append(
                    Problem(
                        name,
                        _describe(detail, model),
                        position.line_of(loc[0] if loc else None),
                        label,
                    )
                )
            invalid.add(label)
            continue
        yield record, position


def _label(raw: object, index: int) -> str:
    if isinstance(raw, dict) and isinstance(raw.get("id"), str) and raw["id"].strip():
        return str(raw["id"]).strip()
    return f"record #{index + 1}"


def _clean(value: Any) -> Any:
    """Strip control characters from every string of a raw record."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_clean(item) for item in value]
    return value


# pydantic's messages for common mistakes, in the words of the data format.
_PLAIN_WORDS = {
    "string_type": "must be text",
    "bool_parsing": "must be true or false",
    "bool_type": "must be true or false",
    "tuple_type": "must be a list ([a, b], or one '- ' line per item)",
    "list_type": "must be a list ([a, b], or one '- ' line per item)",
    "dict_type": "must be a mapping of field: value",
    "model_type": "must be a mapping of field: value",
    "model_attributes_type": "must be a mapping of field: value",
    "invalid_key": "field names must be text",
}


def _describe(detail: Any, model: type[BaseModel]) -> str:
    loc = ".".join(str(part) for part in detail["loc"])
    kind = detail["type"]
    if kind == "missing":
        return f"missing required field '{loc}'"
    if kind == "extra_forbidden":
        allowed = list(model.model_fields)
        if "." not in loc:
            close = difflib.get_close_matches(loc, allowed, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            return f"unknown field '{loc}' ({hint}allowed: {', '.join(allowed)})"
        return f"unknown field '{loc}'"
    value = detail.get("input")
    shown = excerpt(str(value), 40) if isinstance(value, str) else repr(value)
    ctx = detail.get("ctx") or {}
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == RECORD_ID_PATTERN:
        message = (
            f"{shown} is not a valid id: use lower-case letters, digits and hyphens, "
            "like 'ev-state-visit'"
        )
    elif kind == "string_too_long" and isinstance(value, str):
        limit = ctx.get("max_length")
        message = f"is {len(value)} characters long; at most {limit} are allowed"
    elif kind == "literal_error":
        message = f"{shown} is not one of {ctx.get('expected', 'the allowed values')}"
    elif kind in _PLAIN_WORDS:
        message = _PLAIN_WORDS[kind]
        if isinstance(value, str | int | float | bool) or value is None:
            message += f" (it is {shown})"
    else:
        message = str(detail["msg"]).removeprefix("Value error, ")
    return f"{loc}: {message}" if loc else message


def _read_text(path: Path, label: str, problems: list[Problem], limit: int) -> str | None:
    try:
        status = path.stat()
        if stat.S_ISDIR(status.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(status.st_mode):
            # A FIFO or a device would block the read, or never end.
            problems.append(Problem(label, "is not a regular file (a pipe or a device?)"))
            return None
        size = status.st_size
        if size > limit:
            problems.append(
                Problem(label, f"file is {size // 2**20} MiB; the limit is {limit // 2**20} MiB")
            )
            return None
        data = path.read_bytes()
    except IsADirectoryError:
        problems.append(Problem(label, "is a directory; a file was expected"))
        return None
    except OSError as error:
        problems.append(Problem(label, f"cannot be read: {error.strerror or error}"))
        return None
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        problems.append(Problem(label, "is UTF-16 text; save it as UTF-8"))
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        problems.append(
            Problem(label, f"is not UTF-8 text (byte {error.start}); save it as UTF-8", line)
        )
        return None


def read_article(
    root: Path,
    relative_name: str,
    data_file: str,
    line: int,
    source_id: str,
    problems: list[Problem],
) -> str | None:
    """The text of the article a source names (control characters removed), or
    None with the reason added to ``problems``."""

    def problem(message: str) -> None:
        problems.append(Problem(data_file, message, line, source_id))

    relative = Path(relative_name)
    if relative.is_absolute():
        problem(f"file '{relative_name}' must be a path relative to the data directory")
        return None
    path = root / relative
    try:
        resolved = path.resolve()
    except RuntimeError:
        problem(
            f"file '{relative_name}' is a symbolic link that loops back on itself; "
            "point it at the article's text file"
        )
        return None
    except OSError as error:
        problem(f"file '{relative_name}' cannot be read: {error.strerror or error}")
        return None
    if not resolved.is_relative_to(root):
        problem(
            f"file '{relative_name}' points outside the data directory; keep articles inside it"
        )
        return None
    try:
        exists = resolved.exists()
    except OSError as error:  # e.g. a folder on the way that may not be entered
        problem(f"file '{relative_name}' cannot be read: {error.strerror or error}")
        return None
    if not exists:
        problem(f"file '{relative_name}' does not exist")
        return None
    collected: list[Problem] = []
    text = _read_text(
        resolved, f"{data_file}: {source_id}: {relative_name}", collected, limit=MAX_DATA_FILE_BYTES
    )
    if text is None:
        problems.extend(
            Problem(data_file, f"file '{relative_name}' {p.message}", line, source_id)
            for p in collected
        )
        return None
    if not text.strip():
        problem(f"file '{relative_name}' is empty")
        return None
    return clean_text(text)


def excerpt(quote: str, limit: int = 60) -> str:
    flat = " ".join(quote.split())
    return repr(flat if len(flat) <= limit else flat[: limit - 1] + "…")
