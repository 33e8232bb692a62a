"""A collection may be one file or many: `events.yaml`, `events/*.yaml`, or both."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tui.core.files import datadir
from tui.core.files.datadir import collection_files, data_files, yaml_bytes_exceed
from tui.core.index.build import update_index
from tui.core.problems import DataError
from tui.core.queries.knowledge import KnowledgeBase
from tui.core.queries.opening import load_knowledge_base


def items(text: str) -> list[str]:
    """The records of a block-style YAML list, each with its own lines."""
    return ["- " + part for part in re.split(r"^- ", text, flags=re.M)[1:]]


def split(root: Path, name: str, into: dict[str, slice], keep: slice | None = None) -> None:
    """Move records of ``name``.yaml into files of the folder ``name``/; ``keep``
    stays in the file itself (which is removed when nothing stays)."""
    records = items((root / f"{name}.yaml").read_text(encoding="utf-8"))
    (root / name).mkdir(exist_ok=True)
    for file, part in into.items():
        (root / name / file).write_text("".join(records[part]), encoding="utf-8")
    if keep is None:
        (root / f"{name}.yaml").unlink()
    else:
        (root / f"{name}.yaml").write_text("".join(records[keep]), encoding="utf-8")


def summary(kb: KnowledgeBase) -> dict[str, list[str]]:
    return {name: list(getattr(kb, name).ids) for name in kb.counts()}


@pytest.fixture
def whole(minimal_dir: Path) -> dict[str, list[str]]:
    return summary(load_knowledge_base(minimal_dir))


def test_a_split_directory_loads_what_the_single_files_hold(
    data_dir: Path, whole: dict[str, list[str]]
) -> None:
    split(
        data_dir,
        "events",
        {"b-later.yaml": slice(5, None), "a-early.yaml": slice(2, 5)},
        keep=slice(0, 2),
    )
    split(data_dir, "people", {"all.yaml": slice(None)})
    split(data_dir, "sources", {"articles.yaml": slice(None)})  # beside the articles' .txt files
    assert collection_files(data_dir, "events.yaml") == [
        "events.yaml",
        "events/a-early.yaml",
        "events/b-later.yaml",
    ]
    assert collection_files(data_dir, "people.yaml") == ["people/all.yaml"]
    assert collection_files(data_dir, "sources.yaml") == ["sources/articles.yaml"]
    assert summary(load_knowledge_base(data_dir)) == whole


def test_problems_name_the_file_of_the_split_they_are_in(data_dir: Path) -> None:
    split(data_dir, "events", {"one.yaml": slice(0, 4), "two.yaml": slice(4, None)})
    two = data_dir / "events" / "two.yaml"
    first_id = re.search(r"^- id: (\S+)", (data_dir / "events" / "one.yaml").read_text(), re.M)
    assert first_id is not None
    text = two.read_text(encoding="utf-8")
    two.write_text(re.sub(r"^- id: \S+", f"- id: {first_id.group(1)}", text, count=1, flags=re.M))
    with pytest.raises(DataError) as error:
        load_knowledge_base(data_dir)
    assert (
        f"events/two.yaml:1: {first_id.group(1)}: duplicate id; already used at events/one.yaml:1"
        in str(error.value)
    )


def test_a_required_collection_may_be_a_folder_but_not_nothing(data_dir: Path) -> None:
    (data_dir / "events.yaml").unlink()
    (data_dir / "events").mkdir()
    (data_dir / "events" / "notes.txt").write_text("not data\n", encoding="utf-8")
    with pytest.raises(DataError) as error:
        load_knowledge_base(data_dir)
    assert (
        "events.yaml: file is missing; every data directory needs it (or a folder 'events/' of .yaml files)"
        in str(error.value)
    )


def test_a_new_file_in_a_folder_is_read_and_nothing_else_is(data_dir: Path) -> None:
    """A record moved into a new file of a folder: the index reads the two files
    that changed (the one it left and the new one), no other, and no article."""
    split(data_dir, "events", {"one.yaml": slice(0, 4)}, keep=slice(4, None))
    update_index(data_dir)
    moved = items((data_dir / "events.yaml").read_text(encoding="utf-8"))
    (data_dir / "events.yaml").write_text("".join(moved[:-1]), encoding="utf-8")
    (data_dir / "events" / "two.yaml").write_text(moved[-1], encoding="utf-8")
    built = update_index(data_dir)
    assert (built.files_read, built.articles_read) == (2, 0)
    assert "events/two.yaml" in data_files(data_dir)


def test_hidden_and_other_files_in_a_folder_are_not_data(data_dir: Path) -> None:
    (data_dir / "people").mkdir()
    (data_dir / "people" / ".draft.yaml").write_text("- not: valid\n", encoding="utf-8")
    (data_dir / "people" / "README.md").write_text("notes\n", encoding="utf-8")
    load_knowledge_base(data_dir)  # neither is read: no problem
    assert collection_files(data_dir, "people.yaml") == ["people.yaml"]


def test_a_moved_copy_keeps_working(tmp_path: Path, minimal_dir: Path) -> None:
    target = tmp_path / "copy"
    shutil.copytree(minimal_dir, target)
    split(target, "agreements", {"x.yaml": slice(None)})
    kb = load_knowledge_base(target)
    assert len(kb.agreements) == len(load_knowledge_base(minimal_dir).agreements)


def test_the_size_of_a_split_archive_counts_every_file_and_lists_sources_last(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The explorer loads an archive before its interface when its YAML files are
    small: their sizes are summed over the folders too, and the sum stops once over
    the limit, before the sources' folder (which holds the articles) is listed."""
    split(data_dir, "events", {"one.yaml": slice(0, 4), "two.yaml": slice(4, None)})
    total = sum((data_dir / name).stat().st_size for name in data_files(data_dir))
    assert not yaml_bytes_exceed(data_dir, total)
    assert yaml_bytes_exceed(data_dir, total - 1)
    listed: list[str] = []
    real = datadir.collection_files

    def recording(root: Path, name: str) -> list[str]:
        listed.append(name)
        return real(root, name)

    monkeypatch.setattr(datadir, "collection_files", recording)
    assert yaml_bytes_exceed(data_dir, (data_dir / "events" / "one.yaml").stat().st_size - 1)
    assert "sources.yaml" not in listed
