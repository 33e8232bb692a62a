"""Display order: each collection's records sorted by their kind's key, stored in
the index as two arrays (record numbers in order, and each record's position)."""

from __future__ import annotations

from array import array
from collections import deque
from typing import Any

from tui.core.index.checks import BuildState
from tui.core.kinds import KINDS


class Ordering(BuildState):
    """Stores the display order of every collection a build changed."""

    def _order(self) -> None:
        """Store each changed collection's display order: the record numbers (rid) in
        order, and for each rid its position."""
        for kind in KINDS:
            table = kind.collection
            if (
                table not in self.touched
                and self.db.execute(
                    "SELECT 1 FROM meta WHERE key = ?", (f"order/{table}",)
                ).fetchone()
            ):
                continue
            rows = self.db.execute(f"SELECT rid FROM {table} ORDER BY sort, file, seq")
            order = array("q", (rid for (rid,) in rows))
            top = max(order, default=0)
            positions = array("q", bytes(8 * (top + 1)))
            # positions[rid] = position for every record, the loop run by map in C.
            deque(map(positions.__setitem__, order, range(len(order))), maxlen=0)
            self.db.execute(
                "INSERT OR REPLACE INTO meta VALUES (?, ?)", (f"order/{table}", order.tobytes())
            )
            self.db.execute(
                "INSERT OR REPLACE INTO meta VALUES (?, ?)",
                (f"positions/{table}", positions.tobytes()),
            )


def sort_blob(key: Any) -> bytes:
    """A sort key (ints, strings and tuples of them) as bytes that compare, byte by
    byte, as the key compares: SQLite and ``bytes`` sort them the same way."""
    out = bytearray()
    _encode(key, out)
    return bytes(out)


def _encode(value: Any, out: bytearray) -> None:
    if isinstance(value, tuple | list):
        out.append(0x30)
        for item in value:
            _encode(item, out)
        out.append(0x00)
    elif isinstance(value, bool | int):
        out.append(0x10)
        out += (int(value) + (1 << 63)).to_bytes(8, "big")
    elif isinstance(value, str):
        out.append(0x20)
        out += value.encode("utf-8", "surrogatepass")
        out.append(0x00)
    else:
        raise TypeError(f"cannot encode {type(value).__name__} in a sort key")
