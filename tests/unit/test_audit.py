"""The curator's audit: uncited passages, single-source records, loose people, undated agreements."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tui.core.audit import audit, report, sentences
from tui.core.citations import Span
from tui.core.index.reader import load_knowledge_base

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
