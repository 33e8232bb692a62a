"""Disagreements between records of one kind, found by the kind's rule and marked in
the index (figures: two articles' values for one period; see
:attr:`tui.core.kinds.KindSpec.disputes`)."""

from __future__ import annotations

from tui.core.index.checks import BuildState
from tui.core.kinds import KINDS, model_of


class Disputes(BuildState):
    """Marks, in each changed kind's disputed column, the records its rule finds
    disagreeing with one another, besides those with written discrepancies."""

    def _mark_disputes(self) -> None:
        """Mark the records a kind's :attr:`~tui.core.kinds.KindSpec.disputes` finds
        disagreeing with one another (a change to one record can start or end a
        disagreement with another, so every record of a changed kind is read)."""
        for kind in KINDS:
            if kind.disputes is None or kind.disputed_column is None:
                continue
            if kind.collection not in self.touched:
                continue
            model = model_of(kind)
            rows = self.db.execute(f"SELECT rid, record FROM {kind.collection}").fetchall()
            records = [model.model_validate_json(payload) for _rid, payload in rows]
            found = kind.disputes(records)
            column = kind.columns[kind.disputed_column]
            self.db.executemany(
                f'UPDATE {kind.collection} SET "{column}" = ? WHERE rid = ?',
                [
                    ("1" if record.discrepancies or record.id in found else "", rid)
                    for (rid, _payload), record in zip(rows, records, strict=True)
                ],
            )
