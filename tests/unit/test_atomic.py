"""Atomic writes for real: a write interrupted before its rename leaves the old file whole.

The process is killed (SIGKILL, as a crash or a power cut would stop it) at the
moment the new text is in the temporary file but not yet renamed over the
target: when the temporary file is flushed to disk, and when it is renamed.
A file written in place would hold the new text, or part of it, by then.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tui.core.outputs.notebook import Notebook, NotebookError
from tui.core.queries.knowledge import KnowledgeBase
from tui.core.queries.opening import load_knowledge_base

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")

MINIMAL_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "minimal"
REPO = Path(__file__).resolve().parents[2]

# The start of a child that dies the moment it calls os.<argv[1]> once arm() is called.
CRASH_AT = """
import os, signal, sys
def crash(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)
def arm():
    setattr(os, sys.argv[1], crash)
"""

KILL_POINTS = ["fsync", "replace"]
"""Where the child dies: the temporary file flushed to disk, or the rename."""


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base(MINIMAL_DIR)


def crash_while_running(code: str, kill_at: str, *args: str) -> None:
    """Run ``code`` in a fresh interpreter that is killed when it calls ``os.<kill_at>``
    after ``arm()``; assert that it was."""
    result = subprocess.run(
        [sys.executable, "-c", CRASH_AT + textwrap.dedent(code), kill_at, *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == -signal.SIGKILL, (
        f"the write finished without calling os.{kill_at} "
        f"(exit {result.returncode}): {result.stderr[-800:]}"
    )


def leftovers(directory: Path, keep: set[str]) -> list[str]:
    """Names in ``directory`` other than ``keep``."""
    return sorted(path.name for path in directory.iterdir() if path.name not in keep)


@pytest.mark.parametrize("kill_at", KILL_POINTS)
def test_a_write_killed_before_its_rename_leaves_the_old_file_whole(
    tmp_path: Path, kill_at: str
) -> None:
    """Regression: write_atomically never writes under the real name; a crash after
    the new text is written but before the rename leaves the old file byte for
    byte, and anything left behind is a hidden temporary file, never the target."""
    target = tmp_path / "file.json"
    old = json.dumps({"old": list(range(1000))}).encode()
    target.write_bytes(old)

    crash_while_running(
        """
        from pathlib import Path
        from tui.core.files.atomic import write_atomically
        arm()
        write_atomically(Path(sys.argv[2]), '{"new": "' + "x" * 200_000 + '"}')
        """,
        kill_at,
        str(target),
    )

    assert target.read_bytes() == old
    for name in leftovers(tmp_path, {"file.json"}):
        assert name.startswith(".file.json.") and name.endswith(".tmp"), name


@pytest.mark.parametrize("kill_at", KILL_POINTS)
def test_a_notebook_save_killed_before_its_rename_leaves_the_old_notebook(
    kb: KnowledgeBase, tmp_path: Path, kill_at: str
) -> None:
    """Regression: the notebook saves through the atomic path; a save killed
    between writing the new notebook and renaming it leaves the old notebook
    unchanged and readable, with every bookmark and note it held."""
    path = tmp_path / "vnru" / "notebook.json"
    before = Notebook.open(path)
    before.toggle_bookmark(kb, "ev-ties")
    before.set_note(kb, "ev-ties", "Kept through a crash.")
    old = path.read_bytes()

    crash_while_running(
        """
        from pathlib import Path
        from tui.core.queries.opening import load_knowledge_base
        from tui.core.outputs.notebook import Notebook
        kb = load_knowledge_base(Path(sys.argv[3]))
        notebook = Notebook.open(Path(sys.argv[2]))
        arm()
        notebook.set_note(kb, "ev-ho-visit", "Lost in the crash.")
        """,
        kill_at,
        str(path),
        str(MINIMAL_DIR),
    )

    assert path.read_bytes() == old
    after = Notebook.open(path)
    assert after.take_warnings() == []
    assert after.is_bookmarked("ev-ties")
    assert after.note("ev-ties") == "Kept through a crash."
    assert after.note("ev-ho-visit") == ""
    for name in leftovers(path.parent, {"notebook.json", "notebook.json.lock"}):
        assert name.startswith(".notebook.json.") and name.endswith(".tmp"), name


def test_a_notebook_save_failing_at_the_rename_keeps_the_old_file_and_says_so(
    kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: when the rename fails (a full or read-only disk), the notebook
    says the change was not saved, the old file is unchanged and no temporary
    file is left; this runs the real write, where mocking write_atomically did not."""
    path = tmp_path / "vnru" / "notebook.json"
    notebook = Notebook.open(path)
    notebook.toggle_bookmark(kb, "ev-ties")
    old = path.read_bytes()

    def failing_replace(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(NotebookError, match="No space left on device"):
        notebook.set_note(kb, "ev-ties", "not saved")
    monkeypatch.undo()

    assert path.read_bytes() == old
    assert leftovers(path.parent, {"notebook.json", "notebook.json.lock"}) == []
    assert notebook.note("ev-ties") == "not saved"  # kept for the session
    assert Notebook.open(path).note("ev-ties") == ""
