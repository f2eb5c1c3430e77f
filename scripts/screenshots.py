#!/usr/bin/env python3
"""Build the example site, serve it on 127.0.0.1 and write desktop and mobile screenshots of
its main pages (light and dark) to screenshots/, for a person to look at.

Usage: python scripts/screenshots.py [OUTPUT_DIR]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))

from sitekit import CHROMIUM, CHROMIUM_ARGS, REPO, build_example, serve

PAGES = {
    "home": "",
    "blog": "blog/",
    "post": "blog/tracing-a-slow-query/",
    "tags": "blog/tags/",
    "about": "about/",
    "projects": "projects/",
    "talks": "talks/",
    "resume": "resume/",
}
SIZES = {"desktop": (1366, 900), "mobile": (375, 812)}


def main() -> int:
    from playwright.sync_api import sync_playwright

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        site = build_example(Path(tmp))
        with serve(site) as base, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for name, path in PAGES.items():
                if not (site / path / "index.html").exists():
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
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
