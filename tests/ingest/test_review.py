"""Review without the screen: each kind of suggestion accepted through its prefilled form."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tui.core.loading import load_knowledge_base
from tui.ingest.adding import commit, prepare
from tui.ingest.appending import WriteError
from tui.ingest.inbox import Inbox
from tui.ingest.records import form_for
from tui.ingest.review import Review
from tui.ingest.suggest import Suggestion

ARTICLES = Path(__file__).resolve().parents[1] / "fixtures" / "articles"
BUNDLED = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture
def review(tmp_path: Path) -> Review:
    target = tmp_path / "archive"
    shutil.copytree(BUNDLED, target)
    commit(prepare(target, [ARTICLES / "lavrov-hanoi.html", ARTICLES / "orchestra-tour.md"]))
    return Review(load_knowledge_base(target))


def pick(review: Review, test) -> tuple[str, Suggestion]:  # type: ignore[no-untyped-def]
    for source_id, pending in review.inbox.articles():
        for suggestion in pending.open:
            if test(suggestion):
                return source_id, suggestion
    raise AssertionError("no such suggestion")


def accept(review: Review, source_id: str, suggestion: Suggestion) -> str:
    published = review.kb.source(source_id).published
    fields = {
        f.key: f.value for f in form_for(suggestion, review.kb, published, set(review.kb.by_id))
    }
    return review.accept(source_id, suggestion, fields)


def test_a_new_person_is_created_with_the_sentence_as_citation(review: Review) -> None:
    source_id, suggestion = pick(review, lambda s: s.kind == "person" and s.name == "Trần Hồng Hà")
    record_id = accept(review, source_id, suggestion)
    person = review.kb.by_id[record_id]
    assert person.name == "Trần Hồng Hà" and person.country == "Vietnam"  # type: ignore[union-attr]
    assert person.citations[0].source == source_id  # type: ignore[union-attr]


def test_a_figure_becomes_an_event_dated_by_its_year(review: Review) -> None:
    source_id, suggestion = pick(review, lambda s: s.kind == "figure" and s.unit == "USD")
    record_id = accept(review, source_id, suggestion)
    event = review.kb.by_id[record_id]
    assert event.date == "2020" and event.date_certainty == "stated"  # type: ignore[union-attr]
    assert "trade-economy" in event.topics  # type: ignore[union-attr]


def test_places_cannot_be_created_yet(review: Review) -> None:
    source_id, suggestion = pick(review, lambda s: s.kind == "place")
    with pytest.raises(ValueError, match="no collection"):
        form_for(suggestion, review.kb, None, set())
    with pytest.raises(WriteError):
        review.accept(source_id, suggestion, {})


def test_decisions_survive_a_restart_and_undo_forgets_them(review: Review) -> None:
    source_id, suggestion = pick(review, lambda s: s.kind == "organization")
    review.dismiss(source_id, suggestion)
    again = Inbox(review.root).pending(source_id)
    assert again is not None and again.decisions[suggestion.id].action == "dismissed"
    review.undo()
    again = Inbox(review.root).pending(source_id)
    assert again is not None and suggestion.id not in again.decisions


def test_a_taken_id_is_refused(review: Review) -> None:
    source_id, suggestion = pick(review, lambda s: s.kind == "event")
    published = review.kb.source(source_id).published
    fields = {f.key: f.value for f in form_for(suggestion, review.kb, published, set())}
    fields["id"] = "1950-01-30-diplomatic-relations"
    with pytest.raises(WriteError, match="taken"):
        review.accept(source_id, suggestion, fields)


def test_a_citation_to_an_unknown_record_is_refused(review: Review) -> None:
    source_id, suggestion = pick(review, lambda s: s.kind == "event")
    with pytest.raises(WriteError, match="no record"):
        review.cite(source_id, suggestion, {"record": "nobody", "quote": suggestion.quote})
