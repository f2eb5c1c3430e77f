"""The pages `redirect_from` makes at build: in a real browser they send the reader on to the
post, and while they show (before the refresh, or with refresh blocked) axe finds nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sitekit import AXE, NEW_SITE_OPTIONS, _brandkit, serve

from tests.browser.test_pages import axe_violations


def test_redirect_pages_send_readers_on_and_pass_axe(browser: Any, tmp_path: Path) -> None:
    _brandkit("new", str(tmp_path / "src"), *NEW_SITE_OPTIONS, cwd=tmp_path)
    site = tmp_path / "src"
    post = site / "content" / "posts" / "moved.md"
    post.write_text(
        "---\nid: urn:uuid:6f0b1c2d-0000-4000-8000-0000000000aa\ntitle: Moved & renamed\n"
        "date: 2021-01-01\nredirect_from: [/2019/01/old-name/, /notes/old.html, old-slug]\n---\n\n"
        "Text.\n",
        encoding="utf-8",
    )
    # Local addresses: the pages point at the served copy, not at the configured domain.
    config = site / "mkdocs.yml"
    with serve(site / "site") as base:
        config.write_text(
            config.read_text().replace("https://jane.example.com/", base), encoding="utf-8"
        )
        _brandkit("build", cwd=site)
        context = browser.new_context()
        page = context.new_page()
        page.goto(base + "2019/01/old-name/")
        page.wait_for_url(base + "blog/moved/")
        assert "Moved &amp; renamed" in page.content() or "Moved & renamed" in page.title()
        # The redirect page itself, as it shows for a moment: the post answers 204 No Content,
        # so the browser stays on the redirect page (the refresh still happens, and is allowed).
        page.route(base + "blog/moved/", lambda route: route.fulfill(status=204))
        for old in ("2019/01/old-name/", "notes/old.html", "blog/old-slug/"):
            page.goto(base + old)
            page.add_script_tag(path=str(AXE))
            assert axe_violations(page) == [], old
            assert page.locator("main a").get_attribute("href") == base + "blog/moved/"
        context.close()
