"""The built example site in a real browser: loads cleanly, offline-only, fits a phone, and
axe-core finds no accessibility violations, in light and dark mode."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from sitekit import AXE

PAGES = ["", "blog/", "blog/tracing-a-slow-query/", "blog/tags/", "about/"]
# Pages other parts of brandkit add; tested whenever the example site has them.
OPTIONAL_PAGES = ["projects/", "talks/", "resume/"]


@dataclass
class Visit:
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


def open_page(
    browser: Any, url: str, *, width: int = 1280, scheme: str = "light"
) -> tuple[Any, Visit]:
    context = browser.new_context(
        viewport={"width": width, "height": 800}, color_scheme=scheme, service_workers="block"
    )
    page = context.new_page()
    visit = Visit()
    page.on("request", lambda r: visit.requests.append(r.url))
    page.on("requestfailed", lambda r: visit.failed.append(f"{r.url} {r.failure}"))
    page.on(
        "response",
        lambda r: visit.failed.append(f"{r.url} HTTP {r.status}") if r.status >= 400 else None,
    )
    page.on("console", lambda m: visit.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: visit.console_errors.append(str(e)))
    page.goto(url, wait_until="networkidle")
    return page, visit


def pages_of(site: Path) -> list[str]:
    return PAGES + [p for p in OPTIONAL_PAGES if (site / p / "index.html").exists()]


def test_every_page_loads_cleanly_from_this_machine_only(
    browser: Any, base_url: str, example_site: Path
) -> None:
    for path in pages_of(example_site):
        page, visit = open_page(browser, base_url + path)
        try:
            assert visit.console_errors == [], path
            assert visit.failed == [], path
            hosts = {urlsplit(u).hostname for u in visit.requests if not u.startswith("data:")}
            assert hosts == {"127.0.0.1"}, (path, visit.requests)
        finally:
            page.context.close()


@pytest.mark.parametrize("width", [375, 360])
def test_no_horizontal_scrolling_on_phones(
    browser: Any, base_url: str, example_site: Path, width: int
) -> None:
    for path in pages_of(example_site):
        page, _ = open_page(browser, base_url + path, width=width)
        try:
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - window.innerWidth"
            )
            wide = page.evaluate(
                """() => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                        && !e.closest('pre, table, .md-sidebar, .md-search, .md-nav'))
                .slice(0, 5).map(e => e.tagName + '.' + e.className)"""
            )
            assert overflow <= 0, (path, width, overflow, wide)
        finally:
            page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations(
    browser: Any, base_url: str, example_site: Path, scheme: str
) -> None:
    problems = []
    for path in pages_of(example_site):
        page, _ = open_page(browser, base_url + path, scheme=scheme)
        try:
            page.add_script_tag(path=str(AXE))
            result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
            for v in result["violations"]:
                targets = [n["target"] for n in v["nodes"][:3]]
                problems.append(f"/{path} [{scheme}] {v['id']}: {v['help']} {targets}")
        finally:
            page.context.close()
    assert problems == [], "\n".join(problems)
