"""Browser fixtures: the example site built once, served on 127.0.0.1, Debian chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sitekit import AXE, CHROMIUM, CHROMIUM_ARGS, build_example, serve


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_example(tmp_path_factory.mktemp("example"))


@pytest.fixture(scope="session")
def base_url(example_site: Path) -> Iterator[str]:
    with serve(example_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (.ci/run does).")
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` in the repository root (.ci/run does).")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
