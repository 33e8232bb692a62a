"""The ``vnru`` command line: version, help, validate and the JSON export contract."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tui import __version__
from tui.cli import COMMANDS, EXIT_DATA, EXIT_OK, build_parser, main, parse_arguments

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == f"vnru {__version__}\n"


def test_version_as_a_module() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tui", "--version"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, f"vnru {__version__}\n", "")


@pytest.mark.parametrize(
    ("argv", "mentions"),
    [
        (["--help"], ["validate", "export", "--data", "--version"]),
        (["validate", "--help"], ["DIR"]),
        (["export", "--help"], ["--format", "json"]),
    ],
    ids=["main", "validate", "export"],
)
def test_help(argv: list[str], mentions: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: vnru")
    for word in mentions:
        assert word in out


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["frobnicate"])
    assert exit_.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_the_short_parser_knows_every_command() -> None:
    """A command missing from COMMANDS would reach the short parser, which would
    open the explorer instead of running it."""
    (commands,) = (action for action in build_parser()._actions if action.dest == "command")
    assert tuple(commands.choices or ()) == COMMANDS


@pytest.mark.parametrize(
    "argv",
    [[], ["--data", "somewhere"], ["--debug", "--data=x"], ["--da", "x"], ["--data", "index"]],
)
def test_a_command_line_without_a_command_parses_as_the_whole_parser_does(
    argv: list[str],
) -> None:
    assert vars(parse_arguments(argv)).items() <= vars(build_parser().parse_args(argv)).items()
    assert parse_arguments(argv).command is None


@pytest.mark.parametrize(
    ("argv", "message"),
    [(["--data"], "expected one argument"), (["stray"], "invalid choice")],
)
def test_a_mistake_without_a_command_is_reported_by_the_whole_parser(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        parse_arguments(argv)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "COMMAND ..." in err  # the whole usage line, commands included
    assert message in err


def test_opening_the_explorer_leaves_the_commands_modules_unimported() -> None:
    code = (
        "import sys; from tui.cli import parse_arguments; parse_arguments(['--data', 'x']); "
        "print(sorted(m for m in ('tui.serve.command', 'tui.cli_add') if m in sys.modules))"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert found.stdout.strip() == "[]", found.stderr


@pytest.mark.parametrize(
    "argv",
    [["validate", "{dir}"], ["--data", "{dir}", "validate"]],
    ids=["positional", "global-data"],
)
def test_validate_prints_counts(
    argv: list[str], minimal_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([arg.format(dir=minimal_dir) for arg in argv]) == EXIT_OK
    captured = capsys.readouterr()
    assert captured.err == ""
    assert (
        "2 sources, 9 events, 3 people, 3 agreements, 1 organisation, 0 places, 0 figures, 17 citations"
        in captured.out
    )


def test_validate_reports_problems_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(tmp_path)]) == EXIT_DATA
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        "vnru: 2 problems in the data:",
        "  sources.yaml: file is missing; every data directory needs it "
        "(or a folder 'sources/' of .yaml files)",
        "  events.yaml: file is missing; every data directory needs it "
        "(or a folder 'events/' of .yaml files)",
    ]


# --- export --------------------------------------------------------------------------


@pytest.fixture
def exported(minimal_dir: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    assert main(["export", "--format", "json", "--data", str(minimal_dir)]) == EXIT_OK
    captured = capsys.readouterr()
    assert captured.err == ""
    data: dict[str, Any] = json.loads(captured.out)
    return data


def test_export_reads_the_global_data_option(
    minimal_dir: Path, capsys: pytest.CaptureFixture[str], exported: dict[str, Any]
) -> None:
    assert main(["--data", str(minimal_dir), "export"]) == EXIT_OK
    assert json.loads(capsys.readouterr().out) == exported


def test_export_top_level_shape(exported: dict[str, Any]) -> None:
    assert {"sources", "events", "people", "agreements", "organizations"} <= exported.keys()
    assert [
        len(exported[key]) for key in ("sources", "events", "people", "agreements", "organizations")
    ] == [
        2,
        9,
        3,
        3,
        1,
    ]


@pytest.mark.parametrize("kind", ["events", "people", "agreements", "organizations"])
def test_every_cited_record_has_id_and_citations(exported: dict[str, Any], kind: str) -> None:
    for record in exported[kind]:
        assert isinstance(record["id"], str) and record["id"]
        assert record["citations"], record["id"]
        for citation in record["citations"]:
            assert set(citation) == {"source", "quote"}
            assert isinstance(citation["quote"], str) and citation["quote"]


def test_citations_name_exported_sources(exported: dict[str, Any]) -> None:
    source_ids = {source["id"] for source in exported["sources"]}
    for kind in ("events", "people", "agreements", "organizations"):
        for record in exported[kind]:
            assert {c["source"] for c in record["citations"]} <= source_ids


def test_events_carry_the_start_date_and_their_links(exported: dict[str, Any]) -> None:
    events = {event["id"]: event for event in exported["events"]}
    assert [event["id"] for event in exported["events"]][:2] == ["ev-ties", "ev-ho-visit"]
    for event in events.values():
        for key in ("date", "title", "description", "people", "agreements"):
            assert key in event, (event["id"], key)
    visit = events["ev-state-visit"]
    assert visit["date"] == "2024-06-19"  # the start of the range
    assert visit["end_date"] == "2024-06-20"
    assert visit["date_range"] == "2024-06-19/2024-06-20"
    assert visit["people"] == ["putin"]  # listed twice in the file: one link
    statement = events["ev-statement"]
    assert statement["title"] == "Joint statement adopted"
    assert statement["people"] == ["putin", "pham-minh-chinh"]
    assert statement["agreements"] == ["joint-statement"]
    assert events["ev-ho-visit"]["date"] == "1955-07"
    assert events["ev-ho-visit"]["date_precision"] == "month"


def test_sources_carry_their_publication_details(exported: dict[str, Any]) -> None:
    a = next(source for source in exported["sources"] if source["id"] == "a")
    assert {key: a[key] for key in ("title", "outlet", "published", "file")} == {
        "title": "Russia and Vietnam sign energy agreements",
        "outlet": "VOV.VN",
        "published": "2024-06-20",
        "file": "sources/a.txt",
    }


def test_reverse_links_are_exported(exported: dict[str, Any]) -> None:
    people = {person["id"]: person for person in exported["people"]}
    assert people["pham-minh-chinh"]["events"] == ["ev-statement"]
    assert people["pham-minh-chinh"]["roles"][0]["citations"][0]["source"] == "a"
    organizations = {org["id"]: org for org in exported["organizations"]}
    assert organizations["rosatom"]["agreements"] == ["energy-agreements"]


def test_export_keeps_non_ascii_text(
    tmp_path: Path, minimal_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    shutil.copytree(minimal_dir, data)
    people = data / "people.yaml"
    people.write_text(
        people.read_text(encoding="utf-8").replace(
            "name: Pham Minh Chinh", "name: Phạm Minh Chính"
        ),
        encoding="utf-8",
    )
    assert main(["export", "--data", str(data)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "Phạm Minh Chính" in out
    assert json.loads(out)["people"][1]["name"] == "Phạm Minh Chính"


def test_export_of_a_broken_directory_writes_nothing_to_stdout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "--data", str(tmp_path)]) == EXIT_DATA
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "events.yaml: file is missing" in captured.err


# --- start-up ------------------------------------------------------------------------


def test_the_explorer_gives_the_garbage_collector_back_when_it_cannot_start(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The collector is paused while the interface starts; an archive that
    fails before the UI must not leave it off in the caller's process."""
    import gc

    assert gc.isenabled()
    assert main(["--data", str(tmp_path)]) == EXIT_DATA
    assert gc.isenabled()
    assert "file is missing" in capsys.readouterr().err


def test_the_explorer_resumes_collection_after_the_first_frame(
    monkeypatch: pytest.MonkeyPatch, minimal_dir: Path
) -> None:
    """What runs when the first frame is out: the collector on again, with
    the start-up objects frozen out of later passes, and its full passes
    left to the app's pauses (tui/collector.py)."""
    import gc

    from tui import collector
    from tui.app import VnruApp

    states: list[bool] = []
    ticks: list[float] = []

    def run(app: VnruApp) -> None:
        states.append(gc.isenabled())
        app.call_after_refresh = lambda callback, *args: callback(*args)  # type: ignore[method-assign]
        app.set_interval = lambda seconds, callback: ticks.append(seconds)  # type: ignore[method-assign,assignment,misc]
        for callback in app._after_first_frame:  # only the command line's: no screen mounted
            callback()
        states.append(gc.isenabled())
        gc.disable()  # as if the session went on; main must restore it

    frozen = gc.get_freeze_count()
    threshold = gc.get_threshold()
    monkeypatch.setattr(VnruApp, "run", run)
    try:
        assert main(["--data", str(minimal_dir)]) == EXIT_OK
        assert states == [False, True]
        assert gc.get_freeze_count() > frozen
        assert gc.isenabled()
        assert gc.get_threshold()[2] == collector.OVERDUE
        assert ticks == [collector.CHECK]
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
