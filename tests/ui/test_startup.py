"""What start-up imports before its first frame: only what that frame needs.

Each check runs in a fresh interpreter, since this test process has imported
most of vnru already.
"""

from __future__ import annotations

from pathlib import Path

from tests.interpreter import modules_after
from tui.core.queries.opening import open_knowledge_base


def test_a_current_index_opens_without_the_build_or_the_models(data_dir: Path) -> None:
    """Opening an index that is up to date, checked in full (a small archive) or
    in part (a large one, the rest left to ``verify``), loads neither the build
    (multiprocessing) nor pydantic and PyYAML: they cost a warm start ~50 ms."""
    open_knowledge_base(data_dir)
    loaded = modules_after(
        f"""
        from pathlib import Path
        from tui.core.queries.opening import cached_knowledge_base

        assert cached_knowledge_base(Path({str(data_dir)!r})) is not None
        kb = cached_knowledge_base(Path({str(data_dir)!r}), defer_check=True)
        assert kb is not None and kb.verify is not None
        """
    )
    assert "tui.core.queries.opening" in loaded  # the import really happened
    assert not loaded & {"tui.core.index.build", "multiprocessing", "pydantic", "yaml"}


def test_the_progress_screen_comes_before_the_main_screen_is_imported() -> None:
    """A large archive without an index shows its progress screen at once: the main
    screen's modules (a third of the interface's) are imported when it has loaded."""
    loaded = modules_after(
        """
        import asyncio, threading
        from tui.app import VnruApp
        from tui.core.problems import DataError
        from tui.screens.loading import LoadingScreen

        release = threading.Event()

        def loader(progress):
            release.wait(10)
            raise DataError([])

        async def main():
            app = VnruApp(loader=loader, directory="somewhere")
            async with app.run_test() as pilot:
                await pilot.pause()
                assert isinstance(app.screen, LoadingScreen)
                release.set()

        asyncio.run(main())
        """
    )
    assert "tui.screens.loading" in loaded
    assert "tui.screens.main" not in loaded
