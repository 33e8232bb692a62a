"""From a suggestion to a record: the form's prefilled fields, and the record they make.

The Inbox shows a form per suggestion (:func:`form_for`), the user edits it,
and :func:`record_from` turns the fields into the mapping appended to the YAML
file, checked by the model on the way (:mod:`tui.ingest.appending`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tui.ingest.archive import slug, unique_id
from tui.ingest.kinds import record_kind
from tui.ingest.suggest import Suggestion

#: What a suggestion of each kind is written as: figures become timeline events
#: (dated by their period) and places have no collection of their own yet.
WRITTEN_AS: dict[str, str | None] = {
    "event": "event",
    "figure": "event",
    "person": "person",
    "organization": "organization",
    "agreement": "agreement",
    "place": None,
}
_LINK_FIELDS = {"person": "people", "agreement": "agreements", "organization": "organizations"}


@dataclass(frozen=True, slots=True)
class FormField:
    """One field of the form: its key, label, prefilled value and a hint."""

    key: str
    label: str
    value: str
    hint: str = ""


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def form_for(
    suggestion: Suggestion, kb: Any, published: str | None, taken: set[str]
) -> list[FormField]:
    """The prefilled form for accepting ``suggestion`` as a new record.

    Raises:
        ValueError: when the suggestion's kind cannot be written to this archive.
    """
    kind = WRITTEN_AS[suggestion.kind]
    if kind is None:
        raise ValueError(
            f"{suggestion.kind}s have no collection in this archive yet; dismiss it (x) "
            "or cite its sentence on a record (c)"
        )
    quote = FormField("quote", "Quote", suggestion.quote, "verbatim; at least one whole sentence")
    if kind == "event":
        links: dict[str, list[str]] = {"people": [], "agreements": [], "organizations": []}
        for record_id in suggestion.links:
            field = _LINK_FIELDS.get(record_kind(kb, record_id) or "")
            if field:
                links[field].append(record_id)
        date, certainty, note = _event_date(suggestion, published)
        title = suggestion.title or suggestion.quote[:80]
        return [
            FormField("id", "Id", unique_id(f"{date[:10]}-{slug(title, 6)}".strip("-"), taken)),
            FormField("title", "Title", title),
            FormField("date", "Date", date, "YYYY, YYYY-MM, YYYY-MM-DD or START/END"),
            FormField("date_certainty", "Certainty", certainty, "stated, approximate or inferred"),
            FormField("date_note", "Date note", note or "", "how the date was worked out"),
            FormField("description", "Description", suggestion.quote),
            FormField("topics", "Topics", ", ".join(suggestion.topics or ("diplomacy",))),
            FormField("people", "People", ", ".join(links["people"]), "ids, comma-separated"),
            FormField("agreements", "Agreements", ", ".join(links["agreements"])),
            FormField("organizations", "Organisations", ", ".join(links["organizations"])),
            quote,
        ]
    name = suggestion.name or ""
    base = unique_id(slug(name, 6) or kind, taken)
    if kind == "person":
        return [
            FormField("id", "Id", base),
            FormField("name", "Name", name),
            FormField("aliases", "Aliases", "", "other spellings, comma-separated"),
            FormField("country", "Country", _country_of(name)),
            FormField("description", "Description", ""),
            quote,
        ]
    if kind == "organization":
        return [
            FormField("id", "Id", base),
            FormField("name", "Name", name),
            FormField("aliases", "Aliases", ""),
            FormField("kind", "Kind", "organisation", "ministry, company, association…"),
            FormField("country", "Country", ""),
            FormField("description", "Description", f"Named in: {suggestion.quote}"),
            quote,
        ]
    return [
        FormField("id", "Id", base),
        FormField("name", "Name", name),
        FormField("kind", "Kind", "joint statement", "treaty, joint declaration, joint statement…"),
        FormField("parties", "Parties", "Vietnam, Russia", "comma-separated"),
        FormField("signed", "Signed", "", "partial ISO date, if known"),
        FormField("summary", "Summary", suggestion.quote),
        quote,
    ]


def citation_form(suggestion: Suggestion) -> list[FormField]:
    """The form for citing ``suggestion``'s sentence on an existing record."""
    hint = "id of the record to cite this on"
    if suggestion.ambiguous:
        hint = "one of: " + ", ".join(suggestion.ambiguous)
    return [
        FormField("record", "Record", suggestion.match or "", hint),
        FormField("quote", "Quote", suggestion.quote, "verbatim; at least one whole sentence"),
    ]


def record_from(kind: str, fields: dict[str, str], source_id: str) -> dict[str, Any]:
    """The record ``fields`` describe, as a mapping for the YAML file (empty fields left out)."""
    written = WRITTEN_AS.get(kind) or kind
    citation = {"source": source_id, "quote": fields.get("quote", "").strip()}
    record: dict[str, Any] = {"id": fields.get("id", "").strip()}
    if written == "event":
        record["date"] = fields.get("date", "").strip()
        if fields.get("date_certainty", "stated").strip() not in ("", "stated"):
            record["date_certainty"] = fields["date_certainty"].strip()
            record["date_note"] = fields.get("date_note", "").strip() or None
        record["title"] = fields.get("title", "").strip()
        record["description"] = fields.get("description", "").strip()
        record["topics"] = _split(fields.get("topics", ""))
        for key in ("people", "agreements", "organizations"):
            if _split(fields.get(key, "")):
                record[key] = _split(fields[key])
    elif written == "person":
        record["name"] = fields.get("name", "").strip()
        if _split(fields.get("aliases", "")):
            record["aliases"] = _split(fields["aliases"])
        record["country"] = fields.get("country", "").strip()
        if fields.get("description", "").strip():
            record["description"] = fields["description"].strip()
    elif written == "organization":
        record["name"] = fields.get("name", "").strip()
        if _split(fields.get("aliases", "")):
            record["aliases"] = _split(fields["aliases"])
        record["kind"] = fields.get("kind", "").strip()
        if fields.get("country", "").strip():
            record["country"] = fields["country"].strip()
        record["description"] = fields.get("description", "").strip()
    else:
        record["name"] = fields.get("name", "").strip()
        record["kind"] = fields.get("kind", "").strip()
        record["parties"] = _split(fields.get("parties", ""))
        if fields.get("signed", "").strip():
            record["signed"] = fields["signed"].strip()
        record["summary"] = fields.get("summary", "").strip()
    record["citations"] = [citation]
    return {key: value for key, value in record.items() if value is not None}


def _event_date(suggestion: Suggestion, published: str | None) -> tuple[str, str, str | None]:
    if suggestion.kind == "event" and suggestion.date:
        return suggestion.date, suggestion.date_certainty or "stated", suggestion.date_note
    period = suggestion.period or (published or "")[:4]
    if period and period in suggestion.quote:
        return period, "stated", None
    return (
        period,
        "inferred",
        f"The sentence names no year; the figure is taken as of the article's publication ({published}).",
    )


_VIETNAMESE_FAMILY = frozenset(
    [
        "nguyen",
        "tran",
        "le",
        "pham",
        "hoang",
        "huynh",
        "phan",
        "vu",
        "vo",
        "dang",
        "bui",
        "do",
        "ho",
        "ngo",
        "duong",
        "ly",
        "dinh",
        "truong",
        "mai",
        "trinh",
        "luong",
        "lam",
        "doan",
        "cao",
        "ha",
        "chu",
    ]
)


def _country_of(name: str) -> str:
    """A first guess at a person's country from their name, for the form."""
    from tui.core.folding import fold

    if any("\u0400" <= char <= "\u04ff" for char in name):
        return "Russia"
    words = fold(name).lower().split()
    if (words and words[0] in _VIETNAMESE_FAMILY) or name != fold(name):
        return "Vietnam"
    if words and words[-1].endswith(("ov", "ev", "in", "sky", "ova", "eva", "ina", "kaya")):
        return "Russia"
    return "unknown"
