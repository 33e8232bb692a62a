"""Fixtures for the tests in a real browser: Debian's chromium, driven by playwright."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.served import CHROMIUM, CHROMIUM_ARGS, missing_browser

MISSING = missing_browser()
IN_CI = os.environ.get("CI") == "true"
"""``.ci/run`` installs the browser: there a missing one fails the tests instead of skipping them."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.parent.name == "browser":
            item.add_marker(pytest.mark.browser)
            if MISSING is not None and not IN_CI:
                item.add_marker(pytest.mark.skip(reason=MISSING))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium for a module's tests (each test gets its own context)."""
    if MISSING is not None:
        pytest.fail(f"CI should have installed the browser: {MISSING}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
