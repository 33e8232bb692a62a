"""The knowledge base that ships with vnru loads cleanly and is fully cited."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tui.core.index.reader import load_knowledge_base
from tui.core.kinds import LOAD_ORDER
from tui.core.knowledge import KnowledgeBase
from tui.core.paths import default_data_dir
from tui.core.problems import DataError, Problem
from tui.core.yamlfile import read_records

DATA_DIR = default_data_dir()
DATA_FILE_NAMES = [kind.file for kind in LOAD_ORDER]
ARTICLES = sorted(path.name for path in (DATA_DIR / "sources").glob("*.txt"))
CITED_KINDS = ["events", "people", "agreements", "organizations"]


@pytest.fixture(scope="module")
def loaded() -> KnowledgeBase | list[Problem]:
    try:
        return load_knowledge_base(DATA_DIR)
    except DataError as error:
        return error.problems


@pytest.fixture(scope="module")
def kb(loaded: KnowledgeBase | list[Problem]) -> KnowledgeBase:
    if isinstance(loaded, list):
        pytest.fail("the bundled data does not load:\n" + "\n".join(map(str, loaded)))
    return loaded


def test_bundled_data_is_found() -> None:
    assert DATA_DIR.is_dir()
    assert (DATA_DIR / "sources.yaml").is_file()
    assert ARTICLES, "no articles in data/sources"


@pytest.mark.parametrize("name", DATA_FILE_NAMES)
def test_data_file_has_no_problems(name: str, loaded: KnowledgeBase | list[Problem]) -> None:
    assert (DATA_DIR / name).is_file(), f"data/{name} is missing"
    problems = [] if isinstance(loaded, KnowledgeBase) else loaded
    assert [str(problem) for problem in problems if problem.file == name] == []


def test_bundled_data_loads(kb: KnowledgeBase) -> None:
    assert all(kb.counts().values()), kb.counts()


@pytest.mark.parametrize("kind", CITED_KINDS)
def test_every_record_cites_a_source(kb: KnowledgeBase, kind: str) -> None:
    records = getattr(kb, kind)
    assert records
    uncited = [record.id for record in records if not kb.citations_of(record)]
    assert uncited == []


def file_references() -> Counter[str]:
    """How often sources.yaml names each file, as a path relative to data/."""
    items = read_records((DATA_DIR / "sources.yaml").read_text(encoding="utf-8"))
    return Counter(
        Path(str(record.get("file", ""))).as_posix()
        for record, _position in items
        if isinstance(record, dict)
    )


@pytest.mark.parametrize("article", ARTICLES)
def test_every_article_is_referenced_exactly_once(article: str) -> None:
    assert file_references()[f"sources/{article}"] == 1


def test_every_referenced_file_is_a_bundled_article() -> None:
    assert set(file_references()) == {f"sources/{article}" for article in ARTICLES}


@pytest.mark.parametrize("article", ARTICLES)
def test_every_article_is_cited(kb: KnowledgeBase, article: str) -> None:
    """An article in the bundle that no record quotes is unused evidence."""
    [source] = [s for s in kb.sources if s.file == f"sources/{article}"]
    citing = [
        record.id
        for kind in CITED_KINDS
        for record in getattr(kb, kind)
        if source.id in kb.supporting_sources(record)
    ]
    assert citing
