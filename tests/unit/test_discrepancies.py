"""Discrepancies: their sides, and every one of them found."""

from __future__ import annotations

from tui.core.discrepancies import all_disagreements, sides
from tui.core.index.reader import load_knowledge_base
from tui.core.models import Citation
from tui.core.paths import default_data_dir


def cite(source: str, quote: str) -> Citation:
    return Citation(source=source, quote=quote)


def test_passages_from_one_article_stand_together() -> None:
    a1, b1, a2 = cite("a", "one."), cite("b", "two."), cite("a", "three.")
    assert sides([a1, b1, a2]) == [(a1, a2), (b1,)]


def test_one_article_alone_gives_a_side_per_passage() -> None:
    """A spelling that differs between an article's body and its caption."""
    body, caption = cite("a", "Organisations."), cite("a", "Organizations.")
    assert sides([body, caption]) == [(body,), (caption,)]


def test_every_bundled_discrepancy_is_found_in_list_order() -> None:
    kb = load_knowledge_base(default_data_dir())
    found = all_disagreements(kb)
    expected = sum(
        len(record.discrepancies)
        for collection in (kb.events, kb.people, kb.agreements, kb.organizations)
        for record in collection
    )
    assert len(found) == expected == 9
    kinds = [item.kind for item in found]
    assert kinds == sorted(kinds, key=["event", "person", "agreement", "organization"].index)
    assert all(len(item.sides) >= 2 for item in found)
