"""brandkit's own look in a real browser, on the example site and an untouched `brandkit new` site,
at 1280 and 360 px in the light and the dark scheme: the quiet header (the owner's face and name,
search as an icon whose index loads only when opened), no docs sidebars, the footer, the
conversion points (subscribe blocks, author card, related posts), covers and responsive images,
the subscribe, tags, talks and 404 pages; the feed's stylesheet; vnu finds no HTML errors."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from typing import Any

import pytest
from conftest import Served
from sitekit import VNU
from test_pages import SCHEMES, open_page

SIZES = [1280, 360]
PHONE = 360
OWNER = {"example": "Maya Okafor", "new": "Jane Doe"}


def visible(page: Any, selector: str) -> bool:
    return (
        bool(page.locator(selector).first.is_visible()) if page.locator(selector).count() else False
    )


def colour(page: Any, selector: str, prop: str) -> str:
    return str(
        page.evaluate(f"() => getComputedStyle(document.querySelector('{selector}')).{prop}")
    )


@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("width", SIZES)
def test_header_is_the_owners_and_quiet(
    browser: Any, served: Served, width: int, scheme: str
) -> None:
    page, visit = open_page(browser, served.base_url, width=width, scheme=scheme)
    try:
        # The header sits on the page's own colour (no coloured docs band).
        assert colour(page, ".md-header", "backgroundColor") == colour(
            page, "body", "backgroundColor"
        )
        assert OWNER[served.name] in page.locator(".md-header__title").inner_text()
        # Search is an icon at every width; no search box until it is opened.
        icon = page.locator('.md-header label.md-header__button[for="__search"]')
        assert icon.is_visible()
        if width == 1280:
            assert not page.locator(".md-search__inner").is_visible()
            assert page.locator(".md-logo :is(img, .bk-initials)").first.is_visible()
            assert not visible(page, ".md-sidebar--primary")  # a flat nav: no docs sidebar
        assert not any("search_index.json" in url for url in visit.requests)
        icon.click()
        page.wait_for_timeout(300)
        # Material searches on key presses: type, as a reader does.
        page.locator(".md-search__input").press_sequentially("post")
        page.wait_for_function(
            "() => document.querySelectorAll('.md-search-result__item').length > 0", timeout=10000
        )
        assert any("search_index.json" in url for url in visit.requests)
        # The favicon is the owner's avatar.
        icon_href = page.evaluate("() => document.querySelector('link[rel=icon]').href")
        assert "images/" in icon_href and icon_href.endswith(".svg")
    finally:
        page.context.close()


@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("width", SIZES)
def test_post_ends_with_author_subscribe_and_related(
    browser: Any, served: Served, width: int, scheme: str
) -> None:
    page, _ = open_page(browser, served.base_url + served.post, width=width, scheme=scheme)
    try:
        assert page.locator(".md-sidebar--secondary").count() == 0  # no table-of-contents column
        assert not visible(page, ".md-sidebar--primary") or width == PHONE
        author = page.locator(".bk-author")
        assert author.is_visible() and OWNER[served.name] in author.inner_text()
        assert page.locator(".bk-author :is(img, .bk-initials)").first.is_visible()
        block = page.locator(".bk-post__footer .bk-subscribe--compact")
        assert block.is_visible()
        href = block.locator("a.md-button").get_attribute("href")
        assert href is not None and href.endswith("subscribe/")  # never the raw feed
        footer = page.locator(".bk-footer")
        assert footer.is_visible() and "Material for MkDocs" not in footer.inner_text()
        assert footer.locator("a", has_text="RSS").count() == 1
        assert footer.locator("a", has_text="Subscribe").count() == 1
        if served.name == "example":
            related = page.locator(".bk-related li")
            assert 1 <= related.count() <= 3 and related.first.is_visible()
            toc = page.locator("details.bk-toc")
            assert toc.is_visible()
            toc.locator("summary").click()
            assert toc.locator("a").first.is_visible()
    finally:
        page.context.close()


@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("width", SIZES)
def test_home_offers_subscribing_near_the_top(
    browser: Any, served: Served, width: int, scheme: str
) -> None:
    page, _ = open_page(browser, served.base_url, width=width, scheme=scheme)
    try:
        block = page.locator(".bk-home .bk-subscribe--compact")
        assert block.is_visible()
        top = block.bounding_box()["y"]
        first_post = page.locator(".bk-home__posts").bounding_box()
        assert first_post is None or top < first_post["y"]
        assert page.locator(".bk-footer").is_visible()
    finally:
        page.context.close()


def test_covers_and_content_images_are_sized_lazy_and_responsive(
    browser: Any, served: Served
) -> None:
    if served.name != "example":
        pytest.skip("the starter site has no images in its posts")
    page, visit = open_page(browser, served.base_url + "blog/building-a-tiny-database-2/")
    try:
        cover = page.locator(".bk-cover img")
        assert cover.is_visible()
        for attr in ("width", "height", "srcset"):
            assert cover.get_attribute(attr)
        image = page.locator(".e-content img").first
        assert image.get_attribute("loading") == "lazy"
        assert image.get_attribute("width") == "960" and image.get_attribute("height") == "420"
        image.scroll_into_view_if_needed()
        page.wait_for_function("() => [...document.images].every(i => i.complete)")
        assert page.evaluate("() => document.querySelector('.e-content img').naturalWidth") > 0
        loaded = page.evaluate("() => document.querySelector('.e-content img').currentSrc")
        assert loaded.endswith(".webp")
        assert visit.failed == []
        page.goto(served.base_url + "blog/", wait_until="networkidle")
        assert page.locator(".bk-card__cover").first.is_visible()
    finally:
        page.context.close()


@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("width", SIZES)
def test_subscribe_tags_talks_pages(browser: Any, served: Served, width: int, scheme: str) -> None:
    page, _ = open_page(browser, served.base_url + "subscribe/", width=width, scheme=scheme)
    try:
        address = page.locator("#bk-feed-url")
        assert address.is_visible() and address.input_value().endswith("/feed.xml")
        assert page.locator(".bk-follow__links a").count() == 3
        page.goto(served.base_url + "blog/tags/", wait_until="networkidle")
        sizes = page.evaluate(
            "() => [...document.querySelectorAll('.bk-tag-cloud a')].map(a => a.className)"
        )
        assert sizes and all(re.fullmatch(r"bk-size-[1-5]", c) for c in sizes)
        assert page.locator(".bk-tag-cloud .bk-count").first.is_visible()
        page.goto(served.base_url + "talks/", wait_until="networkidle")
        assert page.locator(".bk-speaker").is_visible()
        assert page.locator("#bk-talks-upcoming").is_visible()
        if served.name == "example":
            assert page.locator(".bk-talk-media a", has_text="Slides").first.is_visible()
            assert page.locator(".bk-talk-media a", has_text="Video").first.is_visible()
    finally:
        page.context.close()


@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("width", SIZES)
def test_a_missing_page_shows_a_useful_404(
    browser: Any, served: Served, width: int, scheme: str
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    try:
        response = page.goto(served.base_url + "no/such/page/", wait_until="networkidle")
        assert response is not None and response.status == 404
        assert "This page is not here" in page.locator("h1").inner_text()
        links = page.locator(".bk-notfound__links a")
        assert links.count() >= 2
        home = links.filter(has_text="Home").first.evaluate("a => new URL(a.href).pathname")
        assert home in ("/", "/index.html")
        search = page.locator("[data-bk-open-search]")
        assert search.is_visible()
        search.click()
        assert page.evaluate("() => document.getElementById('__search').checked")
        if served.name == "example":
            assert page.locator(".bk-notfound__links a[href^='/blog/']").count() >= 5
    finally:
        context.close()


@pytest.mark.parametrize("feed", ["feed.xml", "atom.xml"])
def test_feed_opens_as_a_page_that_explains_feeds(browser: Any, served: Served, feed: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    try:
        # (Chromium keeps an XML document's network busy: wait for its load event only.)
        response = page.goto(served.base_url + feed, wait_until="load")
        assert response is not None and response.ok
        page.wait_for_selector("text=This is a web feed", timeout=10000)
        assert page.locator("li a").count() >= 1
        assert any(url.endswith("/assets/brandkit/feed.xsl") for url in requests)
    finally:
        context.close()


def test_vnu_finds_no_html_errors(served: Served) -> None:
    """The Nu Html Checker over every page; mkdocs-material's toggles carry `autocomplete` on
    checkboxes, which it reports on every page (known, Material's markup)."""
    java = shutil.which("java")
    if java is None or not VNU.exists():
        pytest.fail(
            "java and node_modules/vnu-jar are needed: `apt-get install default-jre` and `npm ci`"
        )
    done = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--skip-non-html", str(served.root)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(done.stderr or done.stdout)["messages"]
    errors = [
        f"{m['url'].split(str(served.root))[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error" and "“autocomplete” is only allowed" not in m["message"]
    ]
    assert errors == [], "\n".join(errors[:30])
