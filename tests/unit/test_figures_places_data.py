"""The bundled figures and places are valid, quoted verbatim and linked right.

These files are read here directly, with the models alone, so that their
records are checked before the loader knows the two kinds: every record
validates, every quote is in its article (as the loader matches quotes), every
link names a record of the right kind, and venues are places, not
organisations.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from tui.core.citations import ArticleIndex
from tui.core.models import (
    Agreement,
    Citation,
    Event,
    Figure,
    Organization,
    Person,
    Place,
    Source,
)
from tui.core.paths import default_data_dir
from tui.core.sanitize import clean_text

DATA_DIR = default_data_dir()

MODELS: dict[str, type[BaseModel]] = {
    "sources": Source,
    "events": Event,
    "people": Person,
    "agreements": Agreement,
    "organizations": Organization,
    "figures": Figure,
    "places": Place,
}


def raw_records(kind: str) -> list[dict[str, Any]]:
    """The records of ``data/<kind>.yaml`` as plain mappings."""
    text = (DATA_DIR / f"{kind}.yaml").read_text(encoding="utf-8")
    records = yaml.safe_load(text)
    assert isinstance(records, list), f"data/{kind}.yaml must be a list of records"
    return records


@cache
def records(kind: str) -> tuple[Any, ...]:
    """The validated records of one kind."""
    return tuple(MODELS[kind].model_validate(raw) for raw in raw_records(kind))


@cache
def articles() -> dict[str, ArticleIndex]:
    """Each source's text, cleaned as the loader cleans it, ready for quote lookup."""
    return {
        source.id: ArticleIndex(clean_text((DATA_DIR / source.file).read_text(encoding="utf-8")))
        for source in records("sources")
    }


@cache
def kind_of() -> dict[str, str]:
    """Every id in the bundled data and the kind of record that holds it."""
    return {record.id: kind for kind in MODELS for record in records(kind)}


def record_ids(kind: str) -> list[str]:
    """Ids of a kind's records, read without validation, for test parameters."""
    return [str(raw.get("id")) for raw in raw_records(kind)]


def all_citations(record: Any) -> list[Citation]:
    """A record's citations, including those of its discrepancies."""
    found = list(record.citations)
    for discrepancy in record.discrepancies:
        found.extend(discrepancy.citations)
    return found


def by_id(kind: str, record_id: str) -> Any:
    [record] = [record for record in records(kind) if record.id == record_id]
    return record


@pytest.mark.parametrize("kind", ["figures", "places"])
def test_every_record_validates(kind: str) -> None:
    validated = records(kind)
    assert validated, f"data/{kind}.yaml holds no records"


@pytest.mark.parametrize("kind", ["figures", "places"])
def test_ids_are_unique_across_every_kind(kind: str) -> None:
    """A link names an id alone, so an id used by two records is ambiguous."""
    seen: dict[str, list[str]] = defaultdict(list)
    for other in MODELS:
        for record_id in record_ids(other):
            seen[record_id].append(other)
    clashes = {i: kinds for i, kinds in seen.items() if len(kinds) > 1 and kind in kinds}
    assert clashes == {}


@pytest.mark.parametrize(
    ("kind", "record_id"),
    [(kind, record_id) for kind in ("figures", "places") for record_id in record_ids(kind)],
)
def test_every_quote_is_verbatim_in_its_article(kind: str, record_id: str) -> None:
    """Quotes are matched as the loader matches them: whitespace aside, exactly."""
    record = by_id(kind, record_id)
    texts = articles()
    missing = []
    for citation in all_citations(record):
        assert citation.source in texts, f"{record_id} cites unknown source {citation.source}"
        if texts[citation.source].find(clean_text(citation.quote)) is None:
            missing.append(f"{citation.source}: {citation.quote[:70]!r}")
    assert missing == []


#: Which kind each link field must point to.
LINK_KINDS = {
    "events": "events",
    "agreements": "agreements",
    "organizations": "organizations",
    "places": "places",
}


@pytest.mark.parametrize("record_id", record_ids("figures"))
def test_figure_links_resolve_to_the_right_kind(record_id: str) -> None:
    figure = by_id("figures", record_id)
    wrong = [
        f"{field} -> {target} ({kind_of().get(target, 'no record')})"
        for field, kind in LINK_KINDS.items()
        for target in getattr(figure, field)
        if kind_of().get(target) != kind
    ]
    assert wrong == []


@pytest.mark.parametrize("record_id", record_ids("events"))
def test_event_places_resolve_to_places(record_id: str) -> None:
    event = by_id("events", record_id)
    wrong = [
        f"{target} ({kind_of().get(target, 'no record')})"
        for target in event.places
        if kind_of().get(target) != "places"
    ]
    assert wrong == []


@pytest.mark.parametrize("record_id", [event.id for event in records("events") if event.places])
def test_an_event_links_a_place_its_own_quotes_name(record_id: str) -> None:
    """An event is put at a place only on the word of a quote it cites itself."""
    event = by_id("events", record_id)
    quoted = " ".join(" ".join(c.quote.split()) for c in event.citations)
    unnamed = []
    for target in event.places:
        place = by_id("places", target)
        if not any(name in quoted for name in (place.name, *place.aliases)):
            unnamed.append(target)
    assert unnamed == []


def test_no_organisation_is_a_venue() -> None:
    """Venues moved to places.yaml; an organisation of kind 'venue' is one left behind."""
    venues = [o.id for o in records("organizations") if "venue" in o.kind.casefold()]
    assert venues == []


def test_the_moved_venues_and_the_cities_are_linked_from_events() -> None:
    """The venues that left organizations.yaml kept their events, as places."""
    linked = {target for event in records("events") for target in event.places}
    for expected in ("hanoi", "moscow", "kremlin-palace", "vietnam-national-academy-of-music"):
        assert expected in linked


_NUMBER_WORDS = dict(
    enumerate(["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"])
)
_NUMBER_WORDS[10] = "ten"


def _ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


def written_forms(value: float) -> set[str]:
    """Ways an article may write ``value``: '1,000', '5.7 billion', '20th', 'three decades'."""
    forms = {f"{value:g}"}
    if float(value).is_integer():
        number = int(value)
        forms |= {str(number), f"{number:,}", _ordinal(number)}
        if number in _NUMBER_WORDS:
            forms.add(_NUMBER_WORDS[number])
        if number % 10 == 0 and number // 10 in _NUMBER_WORDS:
            forms.add(f"{_NUMBER_WORDS[number // 10]} decades")
    if value >= 1_000_000_000:
        forms.add(f"{value / 1_000_000_000:g} billion")
    if value >= 1_000_000:
        forms.add(f"{value / 1_000_000:g} million")
    return forms


@pytest.mark.parametrize("record_id", record_ids("figures"))
def test_a_figure_states_its_number_in_its_quote(record_id: str) -> None:
    """The value is the number the article writes, not one the curator worked out."""
    figure = by_id("figures", record_id)
    quoted = " ".join(" ".join(c.quote.split()) for c in figure.citations).casefold()
    forms = written_forms(figure.value)
    assert any(re.search(rf"(?<![\d.,]){re.escape(f)}(?![\d])", quoted) for f in forms), (
        f"none of {sorted(forms)} in the quotes"
    )
    if figure.qualifier:
        assert f"{figure.qualifier} " in quoted


def test_written_forms_cover_the_articles_ways() -> None:
    """Guards the check above: it must recognise the forms the articles use."""
    assert {"5.7 billion", "5700000000"} <= written_forms(5_700_000_000)
    assert {"1,000", "1000"} <= written_forms(1000)
    assert {"three decades", "30", "30th"} <= written_forms(30)
    assert "twenty" not in written_forms(20)


def test_a_measure_has_one_unit() -> None:
    """Figures of one measure are charted on one axis, so they share a unit."""
    units: dict[str, set[str]] = defaultdict(set)
    for figure in records("figures"):
        units[figure.measure].add(figure.unit)
    assert {measure: u for measure, u in units.items() if len(u) > 1} == {}


def test_targets_and_actuals_of_trade_are_both_curated() -> None:
    """The trade chart needs the reached value and the targets (issue 14)."""
    trade = [f for f in records("figures") if f.measure == "bilateral-trade"]
    assert {f.status for f in trade} == {"actual", "target"}
    assert {(f.value, f.date) for f in trade if f.status == "target"} >= {(10_000_000_000, "2025")}
