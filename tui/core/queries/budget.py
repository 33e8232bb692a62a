"""Ranked when ranking is quick: a ranked query given a time budget, and the same
rows in the index's own order when the budget runs out.

bm25 scores every match before the first row comes back: a word in every title
of 1,000,000 events took two seconds to rank, for a hundred results that no
ranking makes better.  Unranked, the index hands over its first matches at
once.
"""

from __future__ import annotations

import sqlite3
import time
from typing import Any

RANK_SECONDS = 0.04
"""How long one ranked query may take before its rows come unranked instead."""
STEPS = 1000
"""SQLite virtual-machine steps between two looks at the clock."""


def ranked_rows(
    db: sqlite3.Connection,
    ranked: tuple[str, list[Any]],
    plain: tuple[str, list[Any]],
    count: int,
    seconds: float = RANK_SECONDS,
) -> tuple[list[tuple[Any, ...]], bool]:
    """Up to ``count`` rows of the ``ranked`` query (SQL, values) if SQLite gives
    them within ``seconds``, else of the ``plain`` one; and whether they are ranked."""
    deadline = time.perf_counter() + seconds
    db.set_progress_handler(lambda: time.perf_counter() > deadline, STEPS)
    try:
        return db.execute(*ranked).fetchmany(count), True
    except sqlite3.OperationalError as error:
        if "interrupt" not in str(error):
            raise
    finally:
        db.set_progress_handler(None, 0)
    return db.execute(*plain).fetchmany(count), False
