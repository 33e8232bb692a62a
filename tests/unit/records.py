"""Records built in code for the unit tests that need a few of their own."""

from __future__ import annotations

from typing import Any

from tui.core.models import Figure


def figure(
    figure_id: str, value: float, date: str, source: str, quote: str | None = None, **fields: Any
) -> Figure:
    """An actual count of energy agreements signed, cited from ``source`` (by
    ``quote``, or a sentence made up from the id and value); ``fields`` override."""
    record: dict[str, Any] = {
        "id": figure_id,
        "measure": "energy-agreements-signed",
        "value": value,
        "unit": "agreements",
        "label": figure_id,
        "date": date,
        "status": "actual",
        "citations": [{"source": source, "quote": quote or f"{figure_id} says {value}."}],
    }
    record.update(fields)
    return Figure.model_validate(record)
