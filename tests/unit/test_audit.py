"""The curator's audit: uncited passages, single-source records, loose people, undated agreements."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from tui.core.files.citations import Span
from tui.core.outputs.audit import audit, report, sentences
from tui.core.queries.opening import load_knowledge_base

UI_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "ui"

UNCITED = (
    "Officials from both ministries also discussed a long list of further projects in "
    "shipbuilding, aviation and agriculture that nobody has quoted yet."
)
SHORT = "Nobody quoted this short line either."
RELATED = (
    "This long headline in the Related block is page furniture and must never be reported "
    "as an uncited passage of the story."
)


@pytest.fixture
def audited(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(UI_DIR, data)
    alpha = data / "sources" / "alpha.txt"
    text = alpha.read_text(encoding="utf-8")
    text = text.replace(
        "The two sides set a target of 10 billion USD in bilateral trade by 2030.",
        f"The two sides set a target of 10 billion USD in bilateral trade by 2030. {UNCITED} {SHORT}",
    )
    text = text.replace("Related\n", f"Related\n{RELATED}\n")
    alpha.write_text(text, encoding="utf-8")
    return data


def test_uncited_long_sentences_are_found_with_their_line(audited: Path) -> None:
    kb = load_knowledge_base(audited)
    found = audit(kb).uncited
    assert [p.text for p in found] == [UNCITED]
    passage = found[0]
    assert (passage.source_id, passage.file) == ("alpha", "sources/alpha.txt")
    lines = (audited / "sources" / "alpha.txt").read_text(encoding="utf-8").splitlines()
    assert UNCITED in lines[passage.line - 1]


def test_other_checks(audited: Path) -> None:
    kb = load_knowledge_base(audited)
    found = audit(kb)
    assert ("ev-trade-2023", "event", "alpha") in found.single_source
    assert "ev-energy" not in {record_id for record_id, _k, _s in found.single_source}
    assert found.unlinked_people == ["nguyen-thi-lan", "tran-luu-quang"]
    assert found.undated_agreements == ["joint-statement"]
    text = report(kb, found)
    assert f"  sources/alpha.txt:{found.uncited[0].line}: “{UNCITED}”" in text
    assert "Agreements without dates (1):\n  joint-statement: Joint statement" in text


def test_sentences_split_at_full_stops_before_capitals() -> None:
    text = 'He said "Yes." Then 2024 came. U.S. trade grew? Indeed! end'
    spans = sentences(text, 0, len(text))
    assert [text[s.start : s.end] for s in spans] == [
        'He said "Yes."',
        "Then 2024 came.",
        "U.S. trade grew?",
        "Indeed! end",
    ]
    assert spans[0] == Span(0, 14)


def test_the_documented_threshold_decides_which_sentences_are_reported(tmp_path: Path) -> None:
    """Regression: the README's "sentences of N words or more" is the audit's rule:
    an uncited sentence of exactly N words is reported, one of N - 1 is not."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    documented = re.search(r"sentences of (\d+) words or more", readme)
    assert documented is not None, "the README no longer states the threshold"
    words = int(documented.group(1))
    at_threshold = " ".join(["Envoys", *["talked"] * (words - 2), "again."])
    below = " ".join(["Ministers", *["met"] * (words - 3), "twice."])
    data = tmp_path / "data"
    shutil.copytree(UI_DIR, data)
    alpha = data / "sources" / "alpha.txt"
    target = "The two sides set a target of 10 billion USD in bilateral trade by 2030."
    text = alpha.read_text(encoding="utf-8")
    assert target in text
    alpha.write_text(text.replace(target, f"{target} {at_threshold} {below}"), encoding="utf-8")

    found = [passage.text for passage in audit(load_knowledge_base(data)).uncited]

    assert found == [at_threshold]


# --- figures in the text but not curated, events without their place ---------------------

FIGURE_AUDIT = Path(__file__).resolve().parents[1] / "fixtures" / "figure_audit"


@pytest.fixture(scope="module")
def figure_audit() -> Any:
    kb = load_knowledge_base(FIGURE_AUDIT)
    return kb, audit(kb)


def test_numbers_no_figure_cites_are_reported_with_file_line_and_sentence(
    figure_audit: Any,
) -> None:
    """A count with its hedge and an anniversary are uncurated; the curated trade totals,
    the target and the 15 agreements are not; neither are years, dates or an age."""
    _kb, found = figure_audit
    assert [(n.file, n.line, n.written) for n in found.uncurated_figures] == [
        ("sources/north.txt", 9, "Nearly 300 Vietnamese students"),
        ("sources/south.txt", 7, "74th anniversary"),
    ]
    assert found.uncurated_figures[1].sentence == (
        "This year the two countries celebrate the 74th anniversary of diplomatic ties."
    )


def test_an_event_whose_quote_names_its_venue_lacks_a_place(figure_audit: Any) -> None:
    """ev-meeting is "at the Presidential Palace" and links no place; ev-trade's Moscow is
    its dateline; ev-energy has its place."""
    _kb, found = figure_audit
    assert [(u.event_id, u.place_id, u.named) for u in found.unplaced_events] == [
        ("ev-meeting", "presidential-palace", "Presidential Palace")
    ]


def test_the_report_prints_both_new_sections(figure_audit: Any) -> None:
    kb, found = figure_audit
    text = report(kb, found)
    assert (
        "Figures in the text but not curated (2 numbers with a unit that no figure cites):\n"
        "  sources/north.txt:9: Nearly 300 Vietnamese students — “Nearly 300 Vietnamese "
        "students began courses at Russian universities in 2023.”\n"
    ) in text
    assert (
        "Events without a place whose quote names one (1):\n"
        "  ev-meeting: presidential-palace (“Presidential Palace”) — “President Vladimir "
        "Putin, 71, met his hosts at the Presidential Palace in Hanoi on June 20, 2024.”\n"
    ) in text


@pytest.mark.parametrize(
    ("sentence", "numbers"),
    [
        ("Trade reached US$5.7 billion by 2020.", ["US$5.7 billion"]),
        ("Russia grants 1,000 scholarships a year.", ["1,000 scholarships"]),
        ("They study at nearly 200 universities.", ["nearly 200 universities"]),
        ("About 50 delegations visited.", ["About 50 delegations"]),
        ("Trade grew by 8 percent.", ["8 percent"]),
        ("They celebrate 30 years of the treaty.", ["30 years"]),
        ("It is the 75th anniversary of ties.", ["75th anniversary"]),
        ("In 2024 students marched.", []),  # a year before a word
        ("The envoy, 67, met 3 ministers on May 10, 2024.", ["3 ministers"]),
        ("The Su-30 fighters and COVID-19 cases.", []),
        ("Ho Chi Minh was 65 years old then.", []),
    ],
)
def test_numbers_with_a_unit(sentence: str, numbers: list[str]) -> None:
    from tui.core.outputs.audit import numbers_in
    from tui.ingest.dates import find_dates

    dates = [(d.start, d.end, d.date) for d in find_dates(sentence, "2024-06")]
    found = numbers_in(sentence, 0, len(sentence), dates)
    assert [sentence[span.start : span.end] for span in found] == numbers
