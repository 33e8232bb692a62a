"""A damaged cache found after the first frame: the app reloads from the data files."""

from __future__ import annotations

import shutil
from pathlib import Path

from tui.app import VnruApp
from tui.core.cache import (
    cache_dir,
    cached_knowledge_base,
    entry_name,
    fingerprint,
    open_knowledge_base,
)
from tui.screens.main import MainScreen

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "ui"


async def test_a_damaged_records_file_is_noticed_and_the_data_reloaded(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    open_knowledge_base(data)
    records = cache_dir() / entry_name(data, fingerprint(data)) / "records.bin"
    content = bytearray(records.read_bytes())
    content[len(content) // 2] ^= 0xFF
    records.write_bytes(bytes(content))
    kb = cached_knowledge_base(data, defer_check=True)
    assert kb is not None and kb.verify is not None
    app = VnruApp(kb)
    async with app.run_test(size=(120, 36)) as pilot:
        for _ in range(100):  # the check, then the reload, run in threads
            await pilot.pause(0.05)
            if app.is_loaded and isinstance(app.screen, MainScreen) and app.kb is not kb:
                break
        assert app.is_loaded and app.kb is not kb  # a fresh knowledge base...
        assert app.kb.verify is None  # ...from the data files, not the damaged entry
        assert isinstance(app.screen, MainScreen)
        assert app.screen.current_list.current_id is not None
        assert any("damaged" in str(n.message) for n in app._notifications)
    assert cached_knowledge_base(data) is not None  # and the cache was written anew


async def test_an_article_changed_since_caching_is_noticed_and_the_data_reloaded(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    open_knowledge_base(data)
    article = next((data / "sources").iterdir())
    article.write_text(article.read_text(encoding="utf-8") + "\nA late line.\n", "utf-8")
    kb = cached_knowledge_base(data, defer_check=True)
    assert kb is not None and kb.verify is not None
    app = VnruApp(kb)
    async with app.run_test(size=(120, 36)) as pilot:
        for _ in range(100):
            await pilot.pause(0.05)
            if app.is_loaded and isinstance(app.screen, MainScreen) and app.kb is not kb:
                break
        assert app.is_loaded and app.kb is not kb and app.kb.verify is None
        assert any(
            "article" in str(n.message) and "changed" in str(n.message) for n in app._notifications
        )
    assert cached_knowledge_base(data) is not None
