"""Load and validate a data directory into a :class:`KnowledgeBase`.

Loading collects every problem it can find (syntax, fields, dates, duplicate
ids, links, quotes, source files) and raises one :class:`DataError` listing
them all, so a curator fixes a whole batch per run rather than one per run.
"""

from __future__ import annotations

import difflib
import pickle
import stat
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from tui.core.citations import ArticleIndex
from tui.core.datadir import (
    DATA_FILE_NAMES,
    check_directory,
    collection_files,
    data_file_sizes,
)
from tui.core.dates import parse_span
from tui.core.knowledge import COLLECTION_KINDS, KnowledgeBase
from tui.core.models import (
    RECORD_ID_PATTERN,
    Agreement,
    Citation,
    Event,
    Organization,
    Person,
    Source,
)
from tui.core.names import sort_key
from tui.core.problems import DataError, Problem
from tui.core.rows import RowTable, row_fields
from tui.core.sanitize import clean_text
from tui.core.store import ArticleTexts, RecordIndex, RecordStore
from tui.core.yamlfile import RecordPosition, YamlProblem, iter_records

if TYPE_CHECKING:
    pass

ModelT = TypeVar("ModelT", bound=BaseModel)
Progress = Callable[[str, float], None]
"""Called with a stage name and the fraction of it done."""

_MODELS: dict[str, type[BaseModel]] = {
    "sources.yaml": Source,
    "events.yaml": Event,
    "people.yaml": Person,
    "agreements.yaml": Agreement,
    "organizations.yaml": Organization,
}
#: Data files, the model of their records, and whether a directory must have them.
DATA_FILES: tuple[tuple[str, type[BaseModel], bool], ...] = tuple(
    (name, _MODELS[name], required) for name, required in DATA_FILE_NAMES
)
__all__ = ["DATA_FILES", "check_directory", "data_file_sizes", "load_knowledge_base"]

#: Largest data file read; a bigger one is refused rather than risk a hang.
MAX_DATA_FILE_BYTES = 200 * 1024 * 1024

#: Problems listed at most: a file of a million broken records must not fill
#: memory (or the terminal) with messages; the first ones say what to fix.
MAX_PROBLEMS = 200


@dataclass(frozen=True, slots=True)
class Located:
    """A validated record with the file and position it came from.

    The record is kept pickled: 100,000 validated events take ~450 MB as
    objects and a fifth of that as blobs, and each check needs one record at a
    time.  The blob is what the knowledge base stores anyway.
    """

    blob: bytes
    id: str
    file: str
    position: RecordPosition
    kept: Any = None
    """The record itself, for sources (few, and read by several checks)."""

    @property
    def record(self) -> Any:
        """The record (rebuilt from its blob on every call unless kept)."""
        return self.kept if self.kept is not None else pickle.loads(self.blob)


def load_knowledge_base(root: Path, progress: Progress | None = None) -> KnowledgeBase:
    """Validate the data directory ``root`` and return its knowledge base.

    ``progress(stage, fraction)`` is called as the files are read, for a
    progress bar on large archives.

    Raises:
        DataError: listing every problem found, one line each.
    """
    report = _overall(progress, root) if progress else (lambda _stage, _fraction: None)
    problems: list[Problem] = []
    invalid: set[str] = set()  # ids that failed validation: reported once, not again as missing
    root = check_directory(root)
    located: dict[str, list[Located]] = {}
    for name, model, required in DATA_FILES:
        located[name] = list(_load_file(root, name, model, required, problems, invalid, report))
    if problems and not any(located.values()):
        raise DataError(_at_most(problems))

    _check_unique_ids(located, problems)
    report("Checking quotes", 0.0)
    texts = _read_sources(root, located["sources.yaml"], problems)
    _check_citations(located, texts, problems, invalid, report)
    kinds: dict[str, type[BaseModel]] = {}
    for name, items in located.items():
        for item in items:
            kinds.setdefault(item.id, _MODELS[name])
    _check_links(located, kinds, problems, invalid)
    del kinds
    if problems:
        raise DataError(_at_most(problems))
    report("Indexing", 1.0)
    return _assemble(root, located, texts)


def _at_most(problems: list[Problem]) -> list[Problem]:
    """The first :data:`MAX_PROBLEMS` problems, and a last line saying there are more."""
    if len(problems) <= MAX_PROBLEMS:
        return problems
    more = Problem(
        "…",
        f"more problems not listed: vnru stops at {MAX_PROBLEMS}; fix these and run it again",
    )
    return [*problems[:MAX_PROBLEMS], more]


#: Share of a cold load spent reading YAML (the rest: quotes, links, indexing).
_READING_SHARE = 0.85


def _overall(progress: Progress, root: Path) -> Progress:
    """Turn per-stage fractions into one fraction for the whole load."""
    sizes = data_file_sizes(root)
    total = max(sum(sizes.values()), 1)
    before = {}
    running = 0
    for name, size in sizes.items():
        before[name] = running
        running += size

    def report(stage: str, fraction: float) -> None:
        name = stage.removeprefix("Reading ")
        if name in sizes:
            done = (before[name] + fraction * sizes[name]) / total * _READING_SHARE
        elif stage == "Checking quotes":
            done = _READING_SHARE + fraction * (0.97 - _READING_SHARE)
        else:
            done = 0.97 + fraction * 0.03
        progress(stage, done)

    return report


def _load_file(
    root: Path,
    name: str,
    model: type[ModelT],
    required: bool,
    problems: list[Problem],
    invalid: set[str],
    report: Progress,
) -> Iterator[Located]:
    files = collection_files(root, name)
    if not files and required:
        folder = name.removesuffix(".yaml")
        problems.append(
            Problem(
                name,
                f"file is missing; every data directory needs it (or a folder '{folder}/' "
                "of .yaml files)",
            )
        )
    for label in files:
        yield from _load_one_file(root, label, model, problems, invalid, report)


def _load_one_file(
    root: Path,
    name: str,
    model: type[ModelT],
    problems: list[Problem],
    invalid: set[str],
    report: Progress,
) -> Iterator[Located]:
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
        built: Any = record  # every model has an id
        blob = pickle.dumps(built, protocol=pickle.HIGHEST_PROTOCOL)
        yield Located(blob, built.id, name, position, built if model is Source else None)


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
    shown = _excerpt(str(value), 40) if isinstance(value, str) else repr(value)
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


def _check_unique_ids(located: dict[str, list[Located]], problems: list[Problem]) -> None:
    seen: dict[str, Located] = {}
    for items in located.values():
        for item in items:
            record_id = item.id
            first = seen.get(record_id)
            if first is None:
                seen[record_id] = item
                continue
            problems.append(
                Problem(
                    item.file,
                    f"duplicate id; already used at {first.file}:{first.position.line}",
                    item.position.line,
                    record_id,
                )
            )


def _read_sources(root: Path, sources: list[Located], problems: list[Problem]) -> dict[str, str]:
    texts: dict[str, str] = {}
    for item in sources:
        source: Source = item.record
        line = item.position.line_of("file")

        def problem(
            message: str, source: Source = source, line: int = line, file: str = item.file
        ) -> None:
            problems.append(Problem(file, message, line, source.id))

        relative = Path(source.file)
        if relative.is_absolute():
            problem(f"file '{source.file}' must be a path relative to the data directory")
            continue
        path = root / relative
        try:
            resolved = path.resolve()
        except RuntimeError:
            problem(
                f"file '{source.file}' is a symbolic link that loops back on itself; "
                "point it at the article's text file"
            )
            continue
        except OSError as error:
            problem(f"file '{source.file}' cannot be read: {error.strerror or error}")
            continue
        if not resolved.is_relative_to(root):
            problem(
                f"file '{source.file}' points outside the data directory; keep articles inside it"
            )
            continue
        try:
            exists = resolved.exists()
        except OSError as error:  # e.g. a folder on the way that may not be entered
            problem(f"file '{source.file}' cannot be read: {error.strerror or error}")
            continue
        if not exists:
            problem(f"file '{source.file}' does not exist")
            continue
        collected: list[Problem] = []
        text = _read_text(
            resolved,
            f"{item.file}: {source.id}: {source.file}",
            collected,
            limit=MAX_DATA_FILE_BYTES,
        )
        if text is None:
            problems.extend(
                Problem(item.file, f"file '{source.file}' {p.message}", line, source.id)
                for p in collected
            )
            continue
        if not text.strip():
            problem(f"file '{source.file}' is empty")
            continue
        texts[source.id] = clean_text(text)
    return texts


def _citations(record: Any) -> Iterable[tuple[str, Citation]]:
    """Each citation of a record with the top-level key it sits under."""
    for citation in getattr(record, "citations", ()):
        yield "citations", citation
    for role in getattr(record, "roles", ()):
        for citation in role.citations:
            yield "roles", citation
    for discrepancy in getattr(record, "discrepancies", ()):
        for citation in discrepancy.citations:
            yield "discrepancies", citation


def _check_citations(
    located: dict[str, list[Located]],
    texts: dict[str, str],
    problems: list[Problem],
    invalid: set[str],
    report: Progress,
) -> None:
    """Find every quote in its article, one article at a time (bounded memory)."""
    source_ids = {item.id for item in located["sources.yaml"]}
    pending: dict[str, dict[str, Located | tuple[Located, int]]] = defaultdict(dict)
    lines: dict[tuple[str, str], tuple[Located, int]] = {}
    for items in located.values():
        for item in items:
            for key, citation in _citations(item.record):  # one record built at a time
                line = item.position.line_of(key)
                if citation.source not in texts:
                    if citation.source not in source_ids and citation.source not in invalid:
                        problems.append(
                            Problem(
                                item.file,
                                f"citation names source '{citation.source}', which sources.yaml does not define",
                                line,
                                item.id,
                            )
                        )
                    continue  # an unreadable source is reported once, in sources.yaml
                pending[citation.source].setdefault(citation.quote, item)
                lines.setdefault((citation.source, citation.quote), (item, line))
    total = max(len(pending), 1)
    for number, (source_id, quotes) in enumerate(pending.items()):
        index = ArticleIndex(texts[source_id])
        for quote in quotes:
            if index.find(quote) is None:
                item, line = lines[(source_id, quote)]
                problems.append(
                    Problem(
                        item.file,
                        f"quote not found in source '{source_id}': "
                        f"{_excerpt(quote)} (copy it verbatim from the article)",
                        line,
                        item.id,
                    )
                )
        if number % 256 == 0:
            report("Checking quotes", number / total)


def _excerpt(quote: str, limit: int = 60) -> str:
    flat = " ".join(quote.split())
    return repr(flat if len(flat) <= limit else flat[: limit - 1] + "…")


_LINKS: tuple[tuple[str, str, type[BaseModel]], ...] = (
    ("people", "person", Person),
    ("agreements", "agreement", Agreement),
    ("organizations", "organization", Organization),
)


def _check_links(
    located: dict[str, list[Located]],
    kinds: dict[str, type[BaseModel]],
    problems: list[Problem],
    invalid: set[str],
) -> None:
    for name in ("events.yaml", "agreements.yaml"):
        for item in located[name]:
            record = item.record
            for field_name, noun, model in _LINKS:
                for target in getattr(record, field_name, ()):
                    found = kinds.get(target)
                    if found is model or (found is None and target in invalid):
                        continue
                    what = (
                        "no record"
                        if found is None
                        else f"{_a(found.__name__.lower())}, not {_a(noun)}"
                    )
                    problems.append(
                        Problem(
                            name,
                            f"{field_name} links to '{target}', but that id is {what}",
                            item.position.line_of(field_name),
                            item.id,
                        )
                    )


def _a(noun: str) -> str:
    """'a person', 'an event'."""
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


_ORDER: dict[str, Callable[[Any], Any]] = {
    "sources.yaml": lambda source: (source.published_span.sort_key, source.number or ""),
    "events.yaml": lambda event: parse_span(event.date).sort_key,  # stable for equal dates
    "people.yaml": lambda person: (sort_key(person.sorted_as), person.name.casefold()),
    "agreements.yaml": lambda agreement: _agreement_order(agreement),
    "organizations.yaml": lambda organization: organization.name.casefold(),
}
"""Display order of each collection."""


def _assemble(
    root: Path, located: dict[str, list[Located]], texts: dict[str, str]
) -> KnowledgeBase:
    # One record is built at a time (from its blob) and dropped once its sort
    # key, row and links are taken: peak memory stays near the blobs' size.
    stores: list[RecordStore[Any]] = []
    rows: dict[str, RowTable] = {}
    links: dict[str, list[tuple[str, tuple[tuple[str, str], ...]]]] = {}  # display order
    cited: list[tuple[str, tuple[str, ...]]] = []
    for collection, kind in COLLECTION_KINDS.items():  # the stores' order
        name = f"{collection}.yaml"
        items = located[name]
        keys: list[Any] = []
        item_rows: list[tuple[str, ...]] = []
        item_links: list[tuple[tuple[str, str], ...]] = []
        item_cited: list[tuple[str, ...]] = []
        for item in items:
            record = item.record
            keys.append(_ORDER[name](record))
            item_rows.append(row_fields(kind, record))
            item_links.append(
                tuple(
                    (field, target)
                    for field in _LINK_FIELDS
                    for target in dict.fromkeys(getattr(record, field, ()))
                )
            )
            item_cited.append(tuple(dict.fromkeys(c.source for _key, c in _citations(record))))
        order = sorted(range(len(items)), key=keys.__getitem__)
        stores.append(RecordStore([items[i].id for i in order], [items[i].blob for i in order]))
        rows[collection] = RowTable.build(item_rows[i] for i in order)
        links[name] = [(items[i].id, item_links[i]) for i in order]
        cited.extend((items[i].id, item_cited[i]) for i in order if name != "sources.yaml")

    person_events: dict[str, list[str]] = defaultdict(list)
    agreement_events: dict[str, list[str]] = defaultdict(list)
    organization_events: dict[str, list[str]] = defaultdict(list)
    organization_agreements: dict[str, list[str]] = defaultdict(list)
    targets = {
        ("events.yaml", "people"): person_events,
        ("events.yaml", "agreements"): agreement_events,
        ("events.yaml", "organizations"): organization_events,
        ("agreements.yaml", "organizations"): organization_agreements,
    }
    for name in ("events.yaml", "agreements.yaml"):
        for record_id, fields in links[name]:
            for field, target in fields:
                link_map = targets.get((name, field))
                if link_map is not None:
                    link_map[target].append(record_id)
    source_records: dict[str, list[str]] = defaultdict(list)
    for record_id, sources_cited in cited:
        for source_id in sources_cited:
            source_records[source_id].append(record_id)

    sources = [item.record for item in located["sources.yaml"]]  # kept: no rebuilding
    paths = {source.id: (root / source.file).resolve() for source in sources}
    # Small archives keep their articles in memory; large ones read them on demand.
    keep = texts if sum(map(len, texts.values())) <= 8 * 1024 * 1024 else None
    kb = KnowledgeBase(
        root=root,
        sources=stores[0],
        events=stores[1],
        people=stores[2],
        agreements=stores[3],
        organizations=stores[4],
        texts=ArticleTexts(paths, preloaded=keep),
        person_events=_freeze(person_events),
        agreement_events=_freeze(agreement_events),
        organization_events=_freeze(organization_events),
        organization_agreements=_freeze(organization_agreements),
        source_records=_freeze(source_records),
        by_id=RecordIndex(stores),
        rows=rows,
    )
    # The search text is not computed here: the cache writes it out a few
    # thousand records at a time (see cache.write_entry), and a knowledge base
    # that is not cached builds it on first use.
    return kb


_LINK_FIELDS = tuple(field for field, _noun, _model in _LINKS)


def _agreement_order(agreement: Agreement) -> tuple[int, tuple[int, ...], str]:
    when = agreement.sort_date
    if when is None:
        return (1, (), agreement.name.casefold())  # undated agreements last
    return (0, parse_span(when).sort_key, agreement.name.casefold())


def _freeze(links: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
    return {key: tuple(value) for key, value in links.items()}
