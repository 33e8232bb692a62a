"""The README's figures describe the bundled data as it is."""

from __future__ import annotations

import re
from pathlib import Path

from tui.core.index.reader import load_knowledge_base
from tui.core.paths import default_data_dir

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_counts_match_the_bundled_data() -> None:
    """Regression guard: the counts block must be updated with the data."""
    block = re.search(r"<!-- counts:start -->(.*?)<!-- counts:end -->", README.read_text(), re.S)
    assert block is not None, "README lost its counts block"
    text = " ".join(block.group(1).split())
    kb = load_knowledge_base(default_data_dir())
    citations = sum(len(kb.citations_of(record)) for record in kb.by_id.values())
    expected = {
        "sources": len(kb.sources),
        "events": len(kb.events),
        "people": len(kb.people),
        "agreements": len(kb.agreements),
        "organisations": len(kb.organizations),
        "citations": citations,
    }
    for noun, number in expected.items():
        assert re.search(rf"\b{number} {noun}\b", text), (
            f"README should say '{number} {noun}': {text}"
        )
