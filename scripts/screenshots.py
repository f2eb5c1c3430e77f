#!/usr/bin/env python3
"""Build a site, serve it on 127.0.0.1 and write desktop and mobile screenshots of its main
pages (home, a post, projects, talks, subscribe, 404 and more; light and dark) to
OUTPUT_DIR/<site>/, for a person to look at. Also the /resume/ page
printed to PDF on A4 and US Letter (and each PDF page as PNG when poppler's `pdftoppm` is
installed), and the home page's and a post's social card.

The sites: `example` (this repository's mkdocs.yml + content/) and `new` (what `brandkit new`
writes, untouched, built with --drafts so its starter post shows).

Usage: python scripts/screenshots.py [OUTPUT_DIR] [--site example|new|all]
(OUTPUT_DIR defaults to screenshots/ in the repository, which git ignores.)
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

# The browser tests' helpers (tests/browser/sitekit.py), importable as a package from the repo root.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.browser.sitekit import CHROMIUM, CHROMIUM_ARGS, REPO, SITES, serve

PAGES = {
    "home": "",
    "blog": "blog/",
    "tags": "blog/tags/",
    "about": "about/",
    "projects": "projects/",
    "talks": "talks/",
    "resume": "resume/",
    "subscribe": "subscribe/",
    "404": "no/such/page/",  # served as GitHub Pages does: the site's 404.html
}
SIZES = {"desktop": (1366, 900), "mobile": (375, 812)}


def first_link(site: Path, listing: str, prefix: str) -> str | None:
    """The first page linked from `listing` whose URL starts with `prefix` (a project, a talk)."""
    index = site / listing / "index.html"
    if not index.exists():
        return None
    for href in re.findall(r'href="([^"#]+/)"', index.read_text(encoding="utf-8")):
        if href.startswith(("../", "/")) or ":" in href:
            continue
        url = listing + href.removeprefix("./")
        if url.startswith(prefix) and "/tech/" not in url and url != listing:
            return url
    return None


def shoot(browser: Any, base: str, site: Path, post: str, out: Path) -> None:
    pages = dict(PAGES, post=post)
    for name, listing in (("project", "projects/"), ("talk", "talks/")):
        found = first_link(site, listing, listing)
        if found:
            pages[name] = found
    for name, path in pages.items():
        if name != "404" and not (site / path / "index.html").exists():
            continue
        for size, (width, height) in SIZES.items():
            for scheme in ("light", "dark"):
                context = browser.new_context(
                    viewport={"width": width, "height": height},
                    color_scheme=scheme,
                    device_scale_factor=1,
                )
                page = context.new_page()
                page.goto(base + path, wait_until="networkidle")
                target = out / f"{name}-{size}-{scheme}.png"
                page.screenshot(path=str(target), full_page=size == "mobile")
                context.close()
                print(target)
    if (site / "resume/index.html").exists():
        print_resume(browser, base + "resume/", out)
    for name, path in (("home", ""), ("post", post)):
        html = (site / path / "index.html").read_text(encoding="utf-8")
        card = re.search(r'<meta property="og:image" content="[^"]*?/(assets/[^"]+\.png)"', html)
        if card:
            target = out / f"card-{name}.png"
            shutil.copyfile(site / card.group(1), target)
            print(target)


def print_resume(browser: Any, url: str, out: Path) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    for paper in ("A4", "Letter"):
        pdf = out / f"resume-print-{paper.lower()}.pdf"
        page.pdf(path=str(pdf), format=paper, print_background=True)
        print(pdf)
        if shutil.which("pdftoppm"):
            stem = out / f"resume-print-{paper.lower()}"
            subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(stem)], check=True)
            for png in sorted(out.glob(f"{stem.name}-*.png")):
                print(png)
    context.close()


def main() -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", nargs="?", type=Path, default=REPO / "screenshots")
    parser.add_argument("--site", choices=[*SITES, "all"], default="all")
    args = parser.parse_args()
    sites = list(SITES) if args.site == "all" else [args.site]
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for site_name in sites:
            build, post = SITES[site_name]
            site = build(Path(tmp) / site_name)
            out = args.output / site_name
            out.mkdir(parents=True, exist_ok=True)
            with serve(site) as base:
                shoot(browser, base, site, post, out)
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
