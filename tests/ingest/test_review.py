"""Review without the screen: each kind of suggestion accepted through its prefilled form."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tui.core.index.reader import load_knowledge_base
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


def test_the_articles_details_are_corrected_in_place_and_undone(review: Review) -> None:
    source_id = next(iter(review.inbox.articles()))[0]
    path = review.root / "sources.yaml"
    before = path.read_text(encoding="utf-8")
    source = review.kb.source(source_id)
    fields = {
        "title": "Lavrov in Hanoi",
        "outlet": source.outlet,
        "published": "2024-07-05/2024-07-06",
        "date_certainty": "inferred",
        "date_note": "The page's date is its update; the talks were on the Friday before.",
        "byline": "",
        "url": source.url or "",
        "accessed": source.accessed or "",
    }
    review.edit_source(source_id, fields)
    edited = review.kb.source(source_id)
    assert (edited.title, edited.published, edited.byline) == (
        "Lavrov in Hanoi",
        "2024-07-05/2024-07-06",
        None,
    )
    after = path.read_text(encoding="utf-8")
    first_record = before.index("\n- id:")
    assert after[:first_record] == before[:first_record]  # the comments above are kept
    assert after.count("\n- id:") == before.count("\n- id:")
    review.undo()
    assert path.read_text(encoding="utf-8") == before


def test_invalid_details_are_refused(review: Review) -> None:
    source_id = next(iter(review.inbox.articles()))[0]
    before = (review.root / "sources.yaml").read_bytes()
    with pytest.raises(WriteError, match="date_note"):
        review.edit_source(
            source_id,
            {"title": "T", "outlet": "O", "published": "2024", "date_certainty": "inferred"},
        )
    assert (review.root / "sources.yaml").read_bytes() == before
