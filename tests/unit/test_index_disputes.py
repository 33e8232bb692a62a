"""Records a kind finds disagreeing with one another (figures: two articles' values
for one period) are marked in the index's disputed column, and the mark follows
incremental updates."""

from __future__ import annotations

import shutil
from pathlib import Path

from tui.core.queries.opening import open_knowledge_base

UI = Path(__file__).resolve().parents[1] / "fixtures" / "ui"


def marked(data: Path, cache: Path) -> set[str]:
    kb, _current = open_knowledge_base(data, directory=cache)
    store = kb.store("figures")
    return {store[p].id for p in store.positions_where("disputed", "1")}


def test_two_articles_values_for_one_period_are_marked_and_the_mark_follows_edits(
    tmp_path: Path,
) -> None:
    data, cache = tmp_path / "data", tmp_path / "cache"
    shutil.copytree(UI, data)
    assert marked(data, cache) == {"energy-agreements-alpha", "energy-agreements-beta"}
    figures = data / "figures.yaml"
    text = figures.read_text(encoding="utf-8")
    # WVR/VNA's "a dozen" edited to 11: the two articles agree, neither is marked.
    figures.write_text(text.replace("value: 12\n", "value: 11\n"), encoding="utf-8")
    assert marked(data, cache) == set()
    figures.write_text(text, encoding="utf-8")
    assert marked(data, cache) == {"energy-agreements-alpha", "energy-agreements-beta"}


def test_a_written_discrepancy_keeps_its_mark_without_a_conflict(tmp_path: Path) -> None:
    """The column still says what the record's own discrepancies say."""
    data, cache = tmp_path / "data", tmp_path / "cache"
    shutil.copytree(UI, data)
    figures = data / "figures.yaml"
    text = figures.read_text(encoding="utf-8").replace("value: 12\n", "value: 11\n")
    written = """  discrepancies:
    - about: figure
      note: Written by hand.
      citations:
        - source: alpha
          quote: Bilateral trade reached 3.6 billion USD in 2023, the spokesperson said.
        - source: beta
          quote: During the state visit in June 2024 the two countries signed a dozen agreements on energy.
  citations:
    - source: alpha
      quote: Bilateral trade reached 3.6 billion USD in 2023, the spokesperson said."""
    text = text.replace(
        "  citations:\n    - source: alpha\n      quote: Bilateral trade reached 3.6 billion USD in 2023, the spokesperson said.",
        written,
        1,
    )
    figures.write_text(text, encoding="utf-8")
    assert marked(data, cache) == {"trade-2023"}
