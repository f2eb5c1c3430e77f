"""The pure SEO core and social cards, without MkDocs."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

from PIL import Image

from brandkit import cards, seo
from brandkit.content.models import Author, Post, Settings

SETTINGS = Settings(
    site_name="Jane & Co",
    site_url="https://jane.example.com/",
    site_description="Notes.",
    language="en-GB",
    authors=(Author(key="jane", name="Jane Doe", url="https://jane.example.com/about/"),),
)


def make_post(**kw: object) -> Post:
    fields: dict[str, object] = {
        "source": "posts/a.md",
        "id": "urn:uuid:1",
        "title": "A post",
        "date": datetime(2025, 1, 2, 3, 4, tzinfo=UTC),
        "slug": "a",
        "url": "blog/a/",
        "body": "x",
    }
    fields.update(kw)
    return Post(**fields)  # type: ignore[arg-type]


def test_json_ld_script_escapes_what_could_end_the_script() -> None:
    data = {"headline": '</script><!-- & \u2028 "quoted"'}
    text = seo.json_ld_script(data)
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == data


def test_page_seo_for_post_and_locale() -> None:
    post = make_post(tags=("a", "b"), updated=datetime(2025, 2, 1, tzinfo=UTC))
    info = seo.PageInfo(
        kind="post",
        title=post.title,
        url=post.url,
        post=post,
        trail=(("Blog", "blog/"),),
        authors=SETTINGS.authors,
        image=seo.Image("https://jane.example.com/c.png", 1200, 630, "alt"),
    )
    owner = seo.person_from_author(SETTINGS.authors[0])
    result = seo.page_seo(SETTINGS, info, owner)
    meta = {(k, v) for _, k, v in result.meta}
    assert ("og:locale", "en_GB") in meta
    assert ("article:modified_time", "2025-02-01T00:00:00+00:00") in meta
    assert ("article:author", "https://jane.example.com/about/") in meta
    assert result.title == "A post · Jane & Co"
    assert result.description == "Notes."  # falls back to the site description
    assert [d["@type"] for d in result.json_ld] == ["BlogPosting", "BreadcrumbList"]
    posting = result.json_ld[0]
    assert posting["author"][0]["url"] == "https://jane.example.com/about/"
    assert posting["image"] == ["https://jane.example.com/c.png"]


def test_long_headline_is_cut_for_google() -> None:
    post = make_post(title="word " * 40)
    info = seo.PageInfo(kind="post", title=post.title, url=post.url, post=post)
    headline = seo.page_seo(SETTINGS, info, None).json_ld[0]["headline"]
    assert len(headline) <= seo.HEADLINE_MAX and headline.endswith("…")


def test_sitemap_is_sorted_escaped_and_deduplicated() -> None:
    when = datetime(2025, 1, 1, tzinfo=UTC)
    data = seo.sitemap_xml(
        [
            seo.SitemapEntry("https://x.example/b/?a=1&b=2"),
            seo.SitemapEntry("https://x.example/a/", when),
            seo.SitemapEntry("https://x.example/a/", when),
        ]
    )
    root = ET.fromstring(data)
    locs = [el.text for el in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locs == ["https://x.example/a/", "https://x.example/b/?a=1&b=2"]
    assert seo.gzipped(data) == seo.gzipped(data)


def test_llms_txt_escapes_markdown() -> None:
    text = seo.llms_txt(
        SETTINGS, [seo.LlmsLink("A [b] c", "https://x.example/a (b)/", "Line\none")]
    )
    assert "- [A \\[b\\] c](https://x.example/a%20%28b%29/): Line one" in text


def test_colours_from_material_names_and_hex() -> None:
    assert cards.colour("deep orange", cards.MATERIAL_ACCENT, "#000000") == "#ff6e42"
    assert cards.colour("#abc", cards.MATERIAL_PRIMARY, "#000000") == "#aabbcc"
    assert cards.colour("nonsense", cards.MATERIAL_PRIMARY, "#123456") == "#123456"


def test_card_is_1200x630_and_cached_by_content(tmp_path: Path) -> None:
    style = cards.CardStyle("#4051b5", "#ff6e42", cards.find_font())
    cache = cards.CardCache(tmp_path)
    spec = cards.CardSpec("A title that is long enough to wrap " * 3, "Jane", "jane.dev", style)
    path = cache.ensure(spec)
    with Image.open(BytesIO(path.read_bytes())) as image:
        assert image.size == (1200, 630)
    assert cache.ensure(spec) == path
    assert (cache.drawn, cache.reused) == (1, 1)
    other = cache.ensure(cards.CardSpec("Other", "Jane", "jane.dev", style))
    assert other != path and cache.drawn == 2


def test_card_colours_match_the_header_brandkit_css_draws() -> None:
    import re

    css = (
        Path(cards.__file__).parent / "theme" / "assets" / "brandkit" / "brandkit.css"
    ).read_text(encoding="utf-8")
    darker = re.findall(
        r'\[data-md-color-primary="([a-z-]+)"\] \{ --md-primary-fg-color: (#[0-9a-f]{6});', css
    )
    assert len(darker) >= 5
    for name, header in darker:
        assert cards.MATERIAL_PRIMARY[name] == header, name
