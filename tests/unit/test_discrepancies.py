"""Discrepancies: their sides, distinct points, and every one of them found."""

from __future__ import annotations

from typing import Any

from tests.unit.records import figure
from tui.core.figure_conflicts import figure_conflicts
from tui.core.models import Agreement, Citation, Event
from tui.core.paths import default_data_dir
from tui.core.queries.discrepancies import (
    add_figure_conflicts,
    all_disagreements,
    sides,
    summary,
    written_points,
)
from tui.core.queries.opening import load_knowledge_base

ELEVEN = "Russia and Vietnam signed 11 agreements on energy cooperation."
DOZEN = "The two countries signed a dozen agreements on energy."


def cite(source: str, quote: str) -> Citation:
    return Citation(source=source, quote=quote)


def discrepancy(*citations: tuple[str, str], about: str = "figure") -> dict[str, Any]:
    return {
        "about": about,
        "note": "Eleven against a dozen.",
        "citations": [{"source": s, "quote": q} for s, q in citations],
    }


def event(event_id: str, *discrepancies: dict[str, Any]) -> Event:
    return Event.model_validate(
        {
            "id": event_id,
            "date": "2024-06-20",
            "title": event_id,
            "description": "Agreements were signed.",
            "topics": ["energy"],
            "discrepancies": list(discrepancies),
            "citations": [{"source": "alpha", "quote": ELEVEN}],
        }
    )


def agreement(agreement_id: str, *discrepancies: dict[str, Any]) -> Agreement:
    return Agreement.model_validate(
        {
            "id": agreement_id,
            "name": agreement_id,
            "kind": "group of agreements",
            "parties": ["Russia", "Vietnam"],
            "summary": "Energy agreements.",
            "discrepancies": list(discrepancies),
            "citations": [{"source": "alpha", "quote": ELEVEN}],
        }
    )


def test_passages_from_one_article_stand_together() -> None:
    a1, b1, a2 = cite("a", "one."), cite("b", "two."), cite("a", "three.")
    assert sides([a1, b1, a2]) == [(a1, a2), (b1,)]


def test_one_article_alone_gives_a_side_per_passage() -> None:
    """A spelling that differs between an article's body and its caption."""
    body, caption = cite("a", "Organisations."), cite("a", "Organizations.")
    assert sides([body, caption]) == [(body,), (caption,)]


def test_a_point_on_two_records_counts_once() -> None:
    """The same passages on an event and on its agreement are one point touching both,
    even when the quotes wrap differently."""
    on_event = discrepancy(("alpha", ELEVEN), ("beta", DOZEN))
    on_agreement = discrepancy(("alpha", ELEVEN.replace(" on ", "\n  on ")), ("beta", DOZEN))
    [point] = written_points([event("ev", on_event), agreement("ag", on_agreement)])
    assert [record.record_id for record in point.records] == ["ev", "ag"]
    assert [record.kind for record in point.records] == ["event", "agreement"]
    assert point.notes == ["Eleven against a dozen."]
    assert summary([point]) == "1 point of disagreement (touching 2 records)"


def test_different_passages_are_different_points() -> None:
    first = discrepancy(("alpha", ELEVEN), ("beta", DOZEN))
    second = discrepancy(("alpha", ELEVEN), ("gamma", "Ten agreements were signed."))
    points = written_points([event("ev", first, second), agreement("ag", second)])
    assert [[r.record_id for r in p.records] for p in points] == [["ev"], ["ev", "ag"]]
    assert summary(points) == "2 points of disagreement (touching 2 records)"


def test_a_figure_conflict_joins_the_written_point_quoting_both_figures() -> None:
    points = written_points([event("ev", discrepancy(("alpha", ELEVEN), ("beta", DOZEN)))])
    figures = [
        figure("f11", 11, "2024-06-20", "alpha", ELEVEN),
        figure("f12", 12, "2024-06", "beta", DOZEN),
    ]
    add_figure_conflicts(points, figure_conflicts(figures))
    [point] = points
    assert [record.record_id for record in point.records] == ["ev", "f11", "f12"]
    assert (point.written, point.found) == (True, True)
    assert point.notes[1].startswith("Found by the figure rule: 11 agreements (20 Jun 2024)")


def test_a_figure_conflict_nobody_wrote_is_a_point_of_its_own() -> None:
    points = written_points([event("ev")])
    figures = [
        figure("f11", 11, "2024-06-20", "alpha", ELEVEN),
        figure("f12", 12, "2024-06", "beta", DOZEN),
    ]
    add_figure_conflicts(points, figure_conflicts(figures))
    [point] = points
    assert (point.about, point.written, point.found) == ("figure", False, True)
    assert [side[0].source for side in point.sides] == ["alpha", "beta"]
    assert [record.record_id for record in point.records] == ["f11", "f12"]


def test_every_bundled_discrepancy_is_found_once_in_list_order() -> None:
    kb = load_knowledge_base(default_data_dir())
    found = all_disagreements(kb)
    written = [
        (record.id, item)
        for collection in (
            kb.events,
            kb.people,
            kb.agreements,
            kb.organizations,
            kb.figures,
            kb.places,
        )
        for record in collection
        for item in record.discrepancies
    ]
    distinct = {
        frozenset((c.source, " ".join(c.quote.split())) for c in item.citations)
        for _id, item in written
    }
    assert len(found) == len(distinct) == 10
    assert sum(len(point.records) for point in found) == len(written)
    kinds = [item.kind for item in found]
    order = ["event", "person", "agreement", "organization", "place"]
    assert kinds == sorted(kinds, key=order.index)
    assert all(len(item.sides) >= 2 for item in found)
    assert not any(item.found for item in found)


def test_every_bundled_discrepancy_sets_articles_against_each_other() -> None:
    """A discrepancy is a disagreement between articles (CURATION.md, section 7):
    passages from one article alone, such as a spelling that differs between
    its text and a caption, are no discrepancy in the bundled data."""
    kb = load_knowledge_base(default_data_dir())
    alone = [
        [record.record_id for record in point.records]
        for point in all_disagreements(kb)
        if len({citation.source for side in point.sides for citation in side}) < 2
    ]
    assert alone == []


def test_no_bundled_point_is_written_on_two_records() -> None:
    """A point is written once, on the record it is about (CURATION.md, section 7):
    the report would list it once anyway, but a second copy is a second place to
    keep in step."""
    kb = load_knowledge_base(default_data_dir())
    twice = [
        [record.record_id for record in point.records]
        for point in all_disagreements(kb)
        if point.written and len(point.records) > 1
    ]
    assert twice == []
