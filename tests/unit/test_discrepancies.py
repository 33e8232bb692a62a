"""Discrepancies: their sides, and every one of them found."""

from __future__ import annotations

from tui.core.models import Citation
from tui.core.paths import default_data_dir
from tui.core.queries.discrepancies import all_disagreements, sides
from tui.core.queries.opening import load_knowledge_base


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
        for collection in (kb.events, kb.people, kb.agreements, kb.organizations, kb.places)
        for record in collection
    )
    assert len(found) == expected == 9
    kinds = [item.kind for item in found]
    order = ["event", "person", "agreement", "organization", "place"]
    assert kinds == sorted(kinds, key=order.index)
    assert all(len(item.sides) >= 2 for item in found)


def test_every_bundled_discrepancy_sets_articles_against_each_other() -> None:
    """A discrepancy is a disagreement between articles (CURATION.md, section 7):
    passages from one article alone, such as a spelling that differs between
    its text and a caption, are no discrepancy in the bundled data."""
    kb = load_knowledge_base(default_data_dir())
    alone = [
        item.record_id
        for item in all_disagreements(kb)
        if len({citation.source for citation in item.discrepancy.citations}) < 2
    ]
    assert alone == []


def test_no_bundled_point_is_recorded_twice() -> None:
    """A point is recorded once, on the record it is about: two discrepancies
    citing the same passages are one point counted twice."""
    kb = load_knowledge_base(default_data_dir())
    seen: dict[frozenset[tuple[str, str]], str] = {}
    twice = []
    for item in all_disagreements(kb):
        passages = frozenset(
            (citation.source, " ".join(citation.quote.split()))
            for citation in item.discrepancy.citations
        )
        if passages in seen:
            twice.append((seen[passages], item.record_id))
        seen.setdefault(passages, item.record_id)
    assert twice == []
