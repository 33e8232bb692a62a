"""What each list row shows, kept as plain strings so lists draw without building records.

A list of 100,000 events only ever draws the thirty rows on screen, but even
those would need the full records (and pydantic, ~70 ms to import) to be
built.  The row text is computed once when the knowledge base is assembled
and cached with it; a :class:`RowTable` decodes one row at a time.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from tui.core.dates import parse_span
from tui.core.store import IndexedSequence

if TYPE_CHECKING:
    from tui.core.models import Person

LABEL_FIELD: dict[str, int] = {
    "event": 4,
    "person": 1,
    "agreement": 3,
    "organization": 1,
    "source": 2,
}
"""Which field of a row holds the record's name or title, by kind."""

DISPUTED_FIELD: dict[str, int] = {"event": 3, "person": 0, "agreement": 1, "organization": 0}
"""Which field of a row is '1' when the record lists discrepancies, by kind."""

_SEPARATOR = "\x1f"  # unit separator: control characters never survive loading


def current_role(person: Person) -> str:
    """The most recent role the articles give the person, or ''."""
    if not person.roles:
        return ""
    dated = sorted(
        enumerate(person.roles),
        key=lambda pair: (parse_span(pair[1].as_of).sort_key if pair[1].as_of else (), pair[0]),
    )
    return dated[-1][1].title


def roles_by_title(person: Person) -> list[tuple[str, list[str]]]:
    """Each role title once, with every date the articles give it at, in the
    order the titles first appear: one line per position held, however many
    articles attest it."""
    found: dict[str, tuple[str, list[str]]] = {}
    for role in person.roles:
        _title, dates = found.setdefault(role.title.casefold(), (role.title, []))
        if role.as_of and role.as_of not in dates:
            dates.append(role.as_of)
    return list(found.values())


def row_fields(kind: str, record: Any) -> tuple[str, ...]:
    """The strings a list row of ``record`` (of ``kind``) is drawn from.

    * event: date, certainty, planned ('1' or ''), disputed ('1' or ''), title
    * person: disputed, name, country, current role, the initial it is listed under
    * agreement: date ('' when undated), disputed, kind, name
    * organization: disputed, name, kind
    * source: publication date, outlet, title, number ('002', or '')
    """
    disputed = "1" if getattr(record, "discrepancies", ()) else ""
    if kind == "event":
        planned = "1" if record.planned else ""
        return (record.span.human(), record.date_certainty, planned, disputed, record.title)
    if kind == "person":
        from tui.core.names import initial

        return (
            disputed,
            record.name,
            record.country,
            current_role(record),
            initial(record.sorted_as),
        )
    if kind == "agreement":
        when = record.sort_date
        return (parse_span(when).human() if when else "", disputed, record.kind, record.name)
    if kind == "organization":
        return (disputed, record.name, record.kind)
    return (record.published_span.human(), record.outlet, record.title, record.number or "")


class StringTable(IndexedSequence[str]):
    """Many strings stored as one UTF-8 blob with offsets; each decoded when read.

    Unpickling a blob is a copy, where unpickling 100,000 strings builds as
    many objects: the cache keeps ids and row text this way.
    """

    __slots__ = ("_blob", "_offsets")

    def __init__(self, blob: bytes, offsets: array[int]) -> None:
        if len(offsets) == 0 or offsets[-1] != len(blob):
            raise ValueError("string offsets do not match the text")
        self._blob = blob
        self._offsets = offsets

    @classmethod
    def build(cls, strings: Iterable[str]) -> StringTable:
        """Pack ``strings``."""
        chunks: list[bytes] = []
        offsets = array("Q", [0])
        position = 0
        for text in strings:
            chunk = text.encode()
            chunks.append(chunk)
            position += len(chunk)
            offsets.append(position)
        return cls(b"".join(chunks), offsets)

    def pack(self) -> tuple[bytes, bytes]:
        """(blob, offsets) for the cache."""
        return self._blob, self._offsets.tobytes()

    @classmethod
    def unpack(cls, packed: tuple[bytes, bytes]) -> StringTable:
        """The table :meth:`pack` described (ValueError when inconsistent)."""
        blob, raw = packed
        offsets = array("Q")
        offsets.frombytes(raw)
        return cls(blob, offsets)

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def _item(self, index: int) -> str:
        return self._blob[self._offsets[index] : self._offsets[index + 1]].decode()


class RowTable(IndexedSequence[tuple[str, ...]]):
    """Row fields for one collection, decoded one row at a time."""

    __slots__ = ("_strings",)

    def __init__(self, strings: StringTable) -> None:
        self._strings = strings

    @classmethod
    def build(cls, rows: Iterable[Sequence[str]]) -> RowTable:
        """Pack rows of fields."""
        return cls(
            StringTable.build(
                _SEPARATOR.join(f.replace(_SEPARATOR, " ") for f in fields) for fields in rows
            )
        )

    def pack(self) -> tuple[bytes, bytes]:
        """(blob, offsets) for the cache."""
        return self._strings.pack()

    @classmethod
    def unpack(cls, packed: tuple[bytes, bytes]) -> RowTable:
        """The table :meth:`pack` described (ValueError when inconsistent)."""
        return cls(StringTable.unpack(packed))

    def __len__(self) -> int:
        return len(self._strings)

    def _item(self, index: int) -> tuple[str, ...]:
        return tuple(self._strings[index].split(_SEPARATOR))
