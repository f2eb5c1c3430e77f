"""Browser fixtures: the example site and an untouched `brandkit new` site, each built once and
served on 127.0.0.1; Debian chromium through Playwright."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sitekit import AXE, CHROMIUM, CHROMIUM_ARGS, SITES, pages_to_check, serve


@dataclass(frozen=True)
class Served:
    name: str  # "example" or "new"
    root: Path  # the built site directory
    base_url: str  # http://127.0.0.1:PORT/
    post: str  # a post's path on it
    pages: list[str]  # the paths the tests visit


@pytest.fixture(scope="session", params=list(SITES))
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Served]:
    build, post = SITES[request.param]
    root = build(tmp_path_factory.mktemp(request.param))
    with serve(root) as url:
        yield Served(request.param, root, url, post, pages_to_check(root, post))


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
