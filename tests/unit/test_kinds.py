"""The registry of record kinds: every declared kind is handled by every layer.

A kind is declared once (tui/core/kinds.py). Each test here fails when a kind
is declared but one layer does not handle it: its model, the loader's file
order, the index's tables, the JSON export, the panes, the list rows, the
detail pane and the search results' groups.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from tui.core import models
from tui.core.index.schema import create
from tui.core.kinds import BY_COLLECTION, BY_NAME, KINDS, LOAD_ORDER, KindSpec, model_of
from tui.core.paths import default_data_dir
from tui.core.queries.knowledge import KnowledgeBase
from tui.core.queries.opening import load_knowledge_base

KIND_IDS = [kind.name for kind in KINDS]


@pytest.fixture(scope="module")
def bundled() -> KnowledgeBase:
    return load_knowledge_base(default_data_dir())


def first_record(kb: KnowledgeBase, kind: KindSpec) -> Any:
    store = kb.store(kind.collection)
    if not len(store):
        pytest.skip(f"the bundled data has no {kind.plural}")
    return store[0]


def test_names_collections_pane_keys_and_panes_are_each_declared_once() -> None:
    for attribute in ("name", "collection", "pane_key", "pane", "model"):
        values = [getattr(kind, attribute) for kind in KINDS]
        assert len(set(values)) == len(values), attribute
    assert set(BY_NAME) == set(KIND_IDS) and len(BY_COLLECTION) == len(KINDS)
    assert sorted(LOAD_ORDER, key=KINDS.index) == list(KINDS)  # every kind is loaded


@pytest.mark.parametrize("kind", KINDS, ids=KIND_IDS)
def test_the_model_exists_and_describes_its_links(kind: KindSpec) -> None:
    model = model_of(kind)
    assert model is getattr(models, kind.model)
    assert "id" in model.model_fields
    assert kind.label_field in model.model_fields
    for field in kind.links:
        assert field in model.model_fields, f"{kind.name} links through {field!r}"
        assert field in BY_COLLECTION, f"{field!r} names no collection"


@pytest.mark.parametrize("kind", KINDS, ids=KIND_IDS)
def test_a_row_has_one_string_per_column(kind: KindSpec, bundled: KnowledgeBase) -> None:
    record = first_record(bundled, kind)
    row = kind.row(record)
    assert len(row) == len(kind.columns) and all(isinstance(value, str) for value in row)
    assert row[kind.label_column] == getattr(record, kind.label_field)
    assert bundled.rows[kind.collection][0] == row


def test_the_index_has_every_kinds_tables() -> None:
    with sqlite3.connect(":memory:") as db:
        create(db)
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
    for kind in KINDS:
        for table in (kind.collection, f"{kind.collection}_text", f"fts_{kind.collection}"):
            assert table in tables, table


def test_the_json_export_has_every_collection(bundled: KnowledgeBase) -> None:
    from tui.core.outputs.export import to_json_data

    data = to_json_data(bundled)
    for kind in KINDS:
        assert kind.collection in data, kind.collection
        assert len(data[kind.collection]) == len(bundled.store(kind.collection))


def test_every_kind_has_its_pane_on_its_key() -> None:
    from tui.screens.main import PANES

    assert [kind for _pane, _label, kind in PANES] == [
        kind.name for kind in sorted(KINDS, key=lambda kind: kind.pane_key)
    ]


def test_every_kind_has_a_group_in_the_search_results() -> None:
    from tui.screens.search import GROUP_LABELS

    assert set(GROUP_LABELS) == set(KIND_IDS)


@pytest.mark.parametrize("kind", KINDS, ids=KIND_IDS)
async def test_every_kind_has_a_list_row_and_a_detail(
    kind: KindSpec, bundled: KnowledgeBase
) -> None:
    """The list draws a row of the kind from its columns, and the detail pane
    shows a record of it under its own label."""
    from tui.presenters.registry import build_blocks
    from tui.widgets.record_list import RecordList

    record = first_record(bundled, kind)
    title = build_blocks(bundled, record)[0].content.plain
    assert kind.label in title and getattr(record, kind.label_field) in title
    row_list = RecordList(bundled, kind.collection, title=kind.pane_label)
    fields = bundled.rows[kind.collection][0]
    from textual.app import App

    class Host(App[None]):
        def compose(self):  # type: ignore[no-untyped-def]
            yield row_list

    async with Host().run_test(size=(100, 10)):
        text = row_list._row_text(fields, 100)
    assert getattr(record, kind.label_field)[:20] in text.plain


def test_a_missing_presenter_would_be_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """Control: declaring one more kind makes the pane test above fail."""
    from tui.core import kinds

    extra = KindSpec(
        name="chart",
        collection="charts",
        label="Chart",
        plural="charts",
        model="Figure",
        required=False,
        pane_key="9",
        pane="charts",
        columns=("label",),
        label_column=0,
        disputed_column=None,
        row=lambda figure: (figure.label,),
        order=lambda figure: figure.label,
    )
    monkeypatch.setattr(kinds, "KINDS", (*kinds.KINDS, extra))
    from tui.screens.search import GROUP_LABELS

    assert set(GROUP_LABELS) != {kind.name for kind in kinds.KINDS}


def test_every_kind_has_a_presenter() -> None:
    from tui.presenters.registry import PRESENTERS

    assert set(PRESENTERS) == set(KIND_IDS)
