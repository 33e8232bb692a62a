"""The record models: strict about fields, frozen, and clear about dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from tui.core.models import (
    TOPICS,
    Agreement,
    Citation,
    Discrepancy,
    Event,
    Organization,
    Person,
    Role,
    Source,
)

CITATION = {"source": "a", "quote": "A sentence from the article."}


def source(**changes: Any) -> dict[str, Any]:
    base = {
        "id": "a",
        "file": "sources/a.txt",
        "title": "Headline",
        "outlet": "VOV.VN",
        "published": "2024-06-20",
    }
    return {**base, **changes}


def event(**changes: Any) -> dict[str, Any]:
    base = {
        "id": "ev-visit",
        "date": "2024-06-19/2024-06-20",
        "title": "State visit",
        "description": "A visit.",
        "topics": ["diplomacy"],
        "citations": [CITATION],
    }
    return {**base, **changes}


def person(**changes: Any) -> dict[str, Any]:
    base = {"id": "putin", "name": "Vladimir Putin", "country": "Russia", "citations": [CITATION]}
    return {**base, **changes}


def agreement(**changes: Any) -> dict[str, Any]:
    base = {
        "id": "treaty",
        "name": "Treaty",
        "kind": "treaty",
        "parties": ["Russia", "Vietnam"],
        "summary": "A treaty.",
        "citations": [CITATION],
    }
    return {**base, **changes}


def organization(**changes: Any) -> dict[str, Any]:
    base = {
        "id": "rosatom",
        "name": "Rosatom",
        "kind": "state corporation",
        "description": "Nuclear corporation.",
        "citations": [CITATION],
    }
    return {**base, **changes}


MODELS: list[tuple[type[BaseModel], Any]] = [
    (Source, source),
    (Event, event),
    (Person, person),
    (Agreement, agreement),
    (Organization, organization),
]
MODEL_IDS = [model.__name__ for model, _ in MODELS]


def error_types(error: pytest.ExceptionInfo[ValidationError]) -> set[tuple[str, str]]:
    return {(".".join(map(str, e["loc"])), e["type"]) for e in error.value.errors()}


@pytest.mark.parametrize(("model", "make"), MODELS, ids=MODEL_IDS)
def test_valid_record_is_accepted(model: type[BaseModel], make: Any) -> None:
    assert model.model_validate(make()).id == make()["id"]  # type: ignore[attr-defined]


@pytest.mark.parametrize(("model", "make"), MODELS, ids=MODEL_IDS)
def test_unknown_field_is_refused(model: type[BaseModel], make: Any) -> None:
    """A typo in a field name is a load error, never a silently ignored key."""
    with pytest.raises(ValidationError) as error:
        model.model_validate(make(colour="red"))
    assert ("colour", "extra_forbidden") in error_types(error)


def test_unknown_field_in_a_nested_citation_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        Event.model_validate(event(citations=[{**CITATION, "page": 3}]))
    assert ("citations.0.page", "extra_forbidden") in error_types(error)


@pytest.mark.parametrize(
    ("model", "make", "field"),
    [
        (Source, source, "file"),
        (Source, source, "published"),
        (Event, event, "date"),
        (Event, event, "title"),
        (Event, event, "topics"),
        (Event, event, "citations"),
        (Person, person, "name"),
        (Person, person, "citations"),
        (Agreement, agreement, "kind"),
        (Agreement, agreement, "parties"),
        (Organization, organization, "description"),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_missing_required_field_is_reported_by_name(
    model: type[BaseModel], make: Any, field: str
) -> None:
    data = make()
    del data[field]
    with pytest.raises(ValidationError) as error:
        model.model_validate(data)
    assert (field, "missing") in error_types(error)


@pytest.mark.parametrize(("model", "make"), MODELS, ids=MODEL_IDS)
def test_records_are_frozen(model: type[BaseModel], make: Any) -> None:
    record = model.model_validate(make())
    with pytest.raises(ValidationError, match="frozen"):
        record.id = "other"  # type: ignore[attr-defined]


def test_nested_values_are_immutable_tuples() -> None:
    record = Event.model_validate(event())
    assert isinstance(record.topics, tuple)
    assert isinstance(record.citations, tuple)
    with pytest.raises(ValidationError, match="frozen"):
        record.citations[0].quote = "changed"  # type: ignore[misc]


# --- dates ---------------------------------------------------------------------------

DATE_FIELDS = [
    pytest.param(Source, source, "published", id="Source.published"),
    pytest.param(Event, event, "date", id="Event.date"),
    pytest.param(Agreement, agreement, "signed", id="Agreement.signed"),
    pytest.param(Agreement, agreement, "in_force", id="Agreement.in_force"),
]


@pytest.mark.parametrize(("model", "make", "field"), DATE_FIELDS)
@pytest.mark.parametrize(
    ("value", "text"),
    [
        (dt.date(2024, 6, 19), "2024-06-19"),
        (1923, "1923"),
        (800, "0800"),
        ("2024-06", "2024-06"),
        (" 2024-06 ", "2024-06"),
    ],
    ids=["yaml-date", "yaml-int", "yaml-small-int", "text", "text-with-spaces"],
)
def test_yaml_dates_and_years_become_partial_iso_text(
    model: type[BaseModel], make: Any, field: str, value: object, text: str
) -> None:
    """Regression: an unquoted ``2024-06-19`` reaches the model as ``datetime.date`` and
    ``1923`` as ``int``; both must be accepted as the text the curator wrote."""
    record = model.model_validate(make(**{field: value}))
    assert getattr(record, field) == text


def test_role_as_of_accepts_a_yaml_date() -> None:
    role = Role.model_validate(
        {"title": "President", "as_of": dt.date(2024, 6, 1), "citations": [CITATION]}
    )
    assert role.as_of == "2024-06-01"


@pytest.mark.parametrize(("model", "make", "field"), DATE_FIELDS)
@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2024-02-30", "Feb 2024 has 29 days"),
        ("2024-13", "month 13"),
        ("24-06-20", "is not a date"),
        ("2024-06-20/2024-06-19", "ends before it starts"),
        (True, "valid string"),
        (3.5, "valid string"),
    ],
    ids=["impossible-day", "month-13", "two-digit-year", "reversed-range", "bool", "float"],
)
def test_invalid_dates_are_refused_with_the_field_name(
    model: type[BaseModel], make: Any, field: str, value: object, message: str
) -> None:
    """The error names the field, so the loader can point at the line of that key."""
    with pytest.raises(ValidationError, match=message) as error:
        model.model_validate(make(**{field: value}))
    assert [e["loc"][:1] for e in error.value.errors()] == [(field,)]


@pytest.mark.parametrize("certainty", ["approximate", "inferred"])
@pytest.mark.parametrize(
    ("model", "make"),
    [(Source, source), (Event, event), (Agreement, agreement)],
    ids=["Source", "Event", "Agreement"],
)
def test_uncertain_date_needs_a_note(model: type[BaseModel], make: Any, certainty: str) -> None:
    with pytest.raises(ValidationError, match="date_note must say why"):
        model.model_validate(make(date_certainty=certainty))
    with pytest.raises(ValidationError, match="date_note must say why"):
        model.model_validate(make(date_certainty=certainty, date_note="   "))
    record = model.model_validate(make(date_certainty=certainty, date_note="Worked out from X."))
    assert record.date_certainty == certainty  # type: ignore[attr-defined]


def test_stated_date_needs_no_note() -> None:
    assert Event.model_validate(event(date_certainty="stated")).date_note is None


def test_unknown_date_certainty_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        Event.model_validate(event(date_certainty="guessed", date_note="why"))
    assert ("date_certainty", "literal_error") in error_types(error)


# --- vocabularies and ids ------------------------------------------------------------


@pytest.mark.parametrize("topic", TOPICS)
def test_every_topic_is_accepted(topic: str) -> None:
    assert Event.model_validate(event(topics=[topic])).topics == (topic,)


@pytest.mark.parametrize(
    ("topics", "loc"),
    [(["sport"], "topics.0"), (["Diplomacy"], "topics.0"), ([], "topics"), ("diplomacy", "topics")],
    ids=["unknown", "wrong-case", "empty", "not-a-list"],
)
def test_topics_are_a_closed_non_empty_list(topics: object, loc: str) -> None:
    with pytest.raises(ValidationError) as error:
        Event.model_validate(event(topics=topics))
    assert loc in {e for e, _ in error_types(error)}


def test_agreement_kind_is_a_closed_vocabulary() -> None:
    with pytest.raises(ValidationError) as error:
        Agreement.model_validate(agreement(kind="memorandum"))
    assert ("kind", "literal_error") in error_types(error)


@pytest.mark.parametrize(
    "record_id",
    ["a", "ev-1", "2024-visit", "x" * 120],
    ids=["letter", "hyphen", "digit-first", "max"],
)
def test_valid_ids(record_id: str) -> None:
    assert Event.model_validate(event(id=record_id)).id == record_id


@pytest.mark.parametrize(
    "record_id",
    ["", "Ev", "-ev", "ev_1", "ev 1", "ev.1", "évent", "ev/1", "x" * 121],
    ids=[
        "empty",
        "capital",
        "leading-hyphen",
        "underscore",
        "space",
        "dot",
        "accent",
        "slash",
        "too-long",
    ],
)
def test_invalid_ids_are_refused(record_id: str) -> None:
    with pytest.raises(ValidationError) as error:
        Event.model_validate(event(id=record_id))
    assert "id" in {e for e, _ in error_types(error)}


@pytest.mark.parametrize("field", ["people", "agreements", "organizations"])
def test_link_ids_follow_the_id_pattern(field: str) -> None:
    with pytest.raises(ValidationError) as error:
        Event.model_validate(event(**{field: ["Not An Id"]}))
    assert f"{field}.0" in {e for e, _ in error_types(error)}


# --- citations -----------------------------------------------------------------------


@pytest.mark.parametrize("quote", ["", "   ", "\n\t"], ids=["empty", "spaces", "whitespace"])
def test_blank_quote_is_refused(quote: str) -> None:
    with pytest.raises(ValidationError):
        Citation.model_validate({"source": "a", "quote": quote})


def test_strings_are_trimmed() -> None:
    record = Event.model_validate(event(title="  State visit \n"))
    assert record.title == "State visit"


def test_discrepancy_needs_a_passage_for_each_side() -> None:
    with pytest.raises(ValidationError):
        Discrepancy.model_validate({"about": "figure", "note": "Differ.", "citations": [CITATION]})
    both = [CITATION, {"source": "b", "quote": "Another."}]
    assert (
        len(
            Discrepancy.model_validate(
                {"about": "figure", "note": "x", "citations": both}
            ).citations
        )
        == 2
    )


@pytest.mark.parametrize(
    ("signed", "in_force", "expected"),
    [("1994-06-16", "1995-01-01", "1994-06-16"), (None, "1995", "1995"), (None, None, None)],
    ids=["signed", "in-force-only", "undated"],
)
def test_agreement_sorts_by_signing_else_entry_into_force(
    signed: str | None, in_force: str | None, expected: str | None
) -> None:
    record = Agreement.model_validate(agreement(signed=signed, in_force=in_force))
    assert record.sort_date == expected


def test_event_span_is_parsed_from_its_date() -> None:
    span = Event.model_validate(event()).span
    assert span.human() == "19–20 Jun 2024"
