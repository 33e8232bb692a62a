"""``vnru export`` in every format, ``vnru discrepancies`` and ``vnru validate --audit``."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from tests.unit.test_export_formats import check_timelinejs
from tui.cli import EXIT_DATA, EXIT_OK, EXIT_USAGE, main
from tui.core.outputs.notebook import Notebook
from tui.core.queries.opening import load_knowledge_base

UI_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "ui"
FIGURE_AUDIT = Path(__file__).resolve().parents[1] / "fixtures" / "figure_audit"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --- export ----------------------------------------------------------------------


def test_md_brief_on_stdout(minimal_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["export", "--format", "md", "--data", str(minimal_dir)], capsys)
    assert (code, err) == (EXIT_OK, "")
    assert out.startswith("# Vietnam–Russia relations\n")
    assert "## Timeline" in out and "[^1]: “" in out


def test_md_query_uses_the_filter_semantics(
    minimal_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        ["export", "--format", "md", "--query", "energy", "--data", str(minimal_dir)], capsys
    )
    assert code == EXIT_OK
    assert "Energy agreements signed" in out
    assert "Trade reaches" not in out
    assert "(matching “energy”)" in out


def test_csv_needs_a_collection_on_stdout(
    minimal_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["export", "--format", "csv", "--data", str(minimal_dir)], capsys)
    assert code == EXIT_USAGE
    assert out == ""
    assert "--collection" in err and "-o FILE" in err
    assert err.startswith("vnru: csv writes one table per collection")


def test_csv_one_collection_on_stdout(
    minimal_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        ["export", "--format", "csv", "--collection", "people", "--data", str(minimal_dir)],
        capsys,
    )
    assert code == EXIT_OK
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [row["id"] for row in rows] == ["ho-chi-minh", "pham-minh-chinh", "putin"]
    assert all(row["citations"].startswith("“") for row in rows)


def test_csv_to_files_one_per_table(
    minimal_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "brief.csv"
    code, out, err = run(
        ["export", "--format", "csv", "-o", str(target), "--data", str(minimal_dir)], capsys
    )
    assert (code, out) == (EXIT_OK, "")
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        "brief-agreements.csv",
        "brief-events.csv",
        "brief-organizations.csv",
        "brief-people.csv",
        "brief-sources.csv",
    ]
    assert "wrote" in err and "brief-events.csv" in err


def test_json_keeps_the_contract(minimal_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["export", "--data", str(minimal_dir)], capsys)
    data = json.loads(out)
    assert code == EXIT_OK
    assert [
        len(data[k]) for k in ("sources", "events", "people", "agreements", "organizations")
    ] == [
        2,
        9,
        3,
        3,
        1,
    ]


def test_timelinejs_on_stdout_is_valid(
    minimal_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["export", "--format", "timelinejs", "--data", str(minimal_dir)], capsys)
    assert code == EXIT_OK
    document = json.loads(out)
    check_timelinejs(document)
    assert len(document["events"]) == 9


def test_an_existing_file_is_not_replaced_without_force(
    minimal_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "brief.md"
    target.write_text("my own work")
    argv = ["export", "--format", "md", "-o", str(target), "--data", str(minimal_dir)]
    code, _, err = run(argv, capsys)
    assert code == EXIT_USAGE
    assert "already exists; add --force" in err
    assert target.read_text() == "my own work"
    code, _, _ = run([*argv, "--force"], capsys)
    assert code == EXIT_OK
    assert target.read_text().startswith("# Vietnam–Russia relations")


def test_bookmarks_export_only_the_notebook(
    minimal_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kb = load_knowledge_base(minimal_dir)
    notebook = Notebook.open()
    notebook.toggle_bookmark(kb, "ev-ties")
    notebook.set_note(kb, "putin", "Check the role dates")
    code, out, _ = run(
        ["export", "--format", "md", "--bookmarks", "--data", str(minimal_dir)], capsys
    )
    assert code == EXIT_OK
    assert "Diplomatic relations established" in out
    assert "**Vladimir Putin**" in out
    assert "*My note:* Check the role dates" in out
    assert "Energy agreements signed" not in out
    code, out, _ = run(
        ["export", "--format", "md", "--bookmarks", "--no-notes", "--data", str(minimal_dir)],
        capsys,
    )
    assert "Check the role dates" not in out


def test_bookmarks_export_says_when_there_are_none(
    minimal_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        ["export", "--format", "json", "--bookmarks", "--data", str(minimal_dir)], capsys
    )
    assert code == EXIT_OK
    assert "no bookmarks for this data yet" in err
    assert json.loads(out)["events"] == []


def test_topic_and_years_options(minimal_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        ["export", "--topic", "energy", "--years", "2024", "--data", str(minimal_dir)], capsys
    )
    assert code == EXIT_OK
    data = json.loads(out)
    assert [e["id"] for e in data["events"]] == ["ev-agreements"]
    assert data["people"] == []


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--topic", "weather"], "not a topic"),
        (["--years", "1999-1950"], "ends before it starts"),
        (["--format", "pdf"], "invalid choice"),
    ],
)
def test_bad_options_are_usage_errors(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["export", *argv])
    assert exit_.value.code == 2
    assert message in capsys.readouterr().err


def test_export_of_a_broken_directory_fails_cleanly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["export", "--format", "md", "--data", str(tmp_path)], capsys)
    assert (code, out) == (EXIT_DATA, "")
    assert "problems in the data" in err


# --- discrepancies ---------------------------------------------------------------------


def test_discrepancies_as_text(capsys: pytest.CaptureFixture[str]) -> None:
    """The fixture's one point (11 agreements against a dozen) is written on an event
    and an agreement and found on two figures: listed once, with all four records."""
    code, out, err = run(["discrepancies", "--data", str(UI_DIR)], capsys)
    assert (code, err) == (EXIT_OK, "")
    assert out.startswith("1 point of disagreement (touching 4 records)\n")
    assert "1. differs in: figure  ·  recorded by the curator, and found by the figure rule" in out
    assert "   Event: Energy agreements signed  [ev-energy]  (2 articles)" in out
    assert "   Agreement: Energy cooperation agreements  [energy-agreements]  (2 articles)" in out
    assert "[energy-agreements-alpha]  (1 article)" in out
    assert "[energy-agreements-beta]  (1 article)" in out
    assert out.count("VOV.VN counts 11 agreements; WVR/VNA speaks of a dozen.") == 1
    assert "Found by the figure rule: 12 agreements (Jun 2024) against 11 agreements" in out
    assert "   A) Russia and Vietnam sign energy agreements — VOV.VN" in out
    assert "   B) Seventy-five years of diplomatic ties — WVR/VNA" in out
    assert "\n2. " not in out  # one point only


def test_discrepancies_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--data", str(UI_DIR), "discrepancies", "--format", "json"], capsys)
    assert code == EXIT_OK
    [energy] = json.loads(out)
    assert energy["about"] == "figure"
    assert (energy["written"], energy["found"]) == (True, True)
    assert [record["id"] for record in energy["records"]] == [
        "ev-energy",
        "energy-agreements",
        "energy-agreements-beta",
        "energy-agreements-alpha",
    ]
    assert energy["records"][0]["supporting_sources"] == ["alpha", "beta"]
    assert [side[0]["source"] for side in energy["sides"]] == ["alpha", "beta"]
    assert energy["sides"][0][0]["quote"].startswith("Russia and Vietnam signed 11")
    assert len(energy["notes"]) == 2


def test_a_figure_conflict_nobody_wrote_is_listed(capsys: pytest.CaptureFixture[str]) -> None:
    """Two articles' trade totals for 2023 disagree; no record says so, the rule does."""
    code, out, _ = run(["discrepancies", "--data", str(FIGURE_AUDIT)], capsys)
    assert code == EXIT_OK
    assert out.startswith("1 point of disagreement (touching 2 records)\n")
    assert "1. differs in: figure  ·  found by the figure rule\n" in out
    assert "   Figure: Bilateral trade, 2023 (North Daily)  [trade-2023-north]" in out
    assert "US$4.5 billion (2023) against US$4.8 billion (2023), both actual." in out
    assert "      “Moscow, July 2, 2024 - Bilateral trade reached US$4.8 billion" in out
    code, out, _ = run(["discrepancies", "--data", str(FIGURE_AUDIT), "--format", "json"], capsys)
    [point] = json.loads(out)
    assert (point["about"], point["written"], point["found"]) == ("figure", False, True)
    assert [r["id"] for r in point["records"]] == ["trade-2023-north", "trade-2023-south"]
    assert [[c["source"] for c in side] for side in point["sides"]] == [["north"], ["south"]]


def test_no_discrepancies(minimal_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["discrepancies", "--data", str(minimal_dir)], capsys)
    assert code == EXIT_OK
    assert out.startswith("No discrepancies")


def test_the_bundled_discrepancies_are_all_listed(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["discrepancies", "--format", "json"], capsys)
    points = json.loads(out)
    assert code == EXIT_OK
    assert len(points) == 10
    scholarships = next(
        p for p in points if p["records"][0]["id"] == "2019-russian-scholarships-for-vietnam"
    )
    assert scholarships["about"] == "figure"
    assert len(scholarships["sides"]) == 2
    assert not any(point["found"] for point in points)  # the curated figures agree


# --- validate --audit --------------------------------------------------------------------


def test_audit_reports_and_exits_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    shutil.copytree(UI_DIR, data)
    code, out, err = run(["validate", "--audit", str(data)], capsys)
    assert (code, err) == (EXIT_OK, "")
    lines = out.splitlines()
    assert lines[0].startswith("OK: ")
    assert any(line.startswith("Uncited passages (") for line in lines)
    assert any(line.startswith("Records backed by a single article (") for line in lines)
    assert any(line.startswith("People never linked to an event (") for line in lines)
    assert any(line.startswith("Agreements without dates (") for line in lines)
    assert any(line.startswith("Figures in the text but not curated (") for line in lines)
    assert any(line.startswith("Events without a place whose quote names one (") for line in lines)


def test_audit_lists_uncurated_figures_and_unplaced_events(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(["validate", "--audit", str(FIGURE_AUDIT)], capsys)
    assert code == EXIT_OK
    assert "  sources/south.txt:7: 74th anniversary — “This year the two countries" in out
    assert "  ev-meeting: presidential-palace (“Presidential Palace”) — “President" in out


def test_audit_of_invalid_data_is_still_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["validate", "--audit", str(tmp_path)], capsys)
    assert code == EXIT_DATA
    assert out == ""
    assert "problems in the data" in err
