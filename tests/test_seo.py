"""The pure SEO core and social cards, without MkDocs."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

from PIL import Image

from brandkit import card_text, cards, seo
from brandkit.content.models import Author, Post, Settings
from brandkit.site_files import SiteFiles

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
    published = tmp_path / "site" / "card.png"
    site = SiteFiles(tmp_path / "site", None, tmp_path / "site-files")
    cards.publish(path, site, "card.png")  # the cache file is checksummed: the site gets the PNG
    with Image.open(BytesIO(published.read_bytes())) as image:
        assert image.size == (1200, 630)
    assert cache.ensure(spec) == path
    assert (cache.drawn, cache.reused) == (1, 1)
    other = cache.ensure(cards.CardSpec("Other", "Jane", "jane.dev", style))
    assert other != path and cache.drawn == 2


def test_card_colours_match_the_header_brandkit_css_draws() -> None:
    import re

    css = (
        Path(cards.__file__).parent / "mkdocs" / "theme" / "assets" / "brandkit" / "brandkit.css"
    ).read_text(encoding="utf-8")
    darker = re.findall(
        r'\[data-md-color-primary="([a-z-]+)"\] \{ --md-primary-fg-color: (#[0-9a-f]{6});', css
    )
    assert len(darker) >= 5
    for name, header in darker:
        assert cards.MATERIAL_PRIMARY[name] == header, name


def _idat(png: bytes) -> bytes:
    """The concatenated IDAT data of a PNG, every chunk's CRC checked on the way."""
    import struct
    import zlib

    pos, data = 8, b""
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind, body = png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", png[pos + 8 + length : pos + 12 + length])
        assert zlib.crc32(kind + body) == crc, kind
        if kind == b"IDAT":
            data += body
        pos += 12 + length
    return data


def _plain_card(spec: cards.CardSpec) -> Image.Image:
    """The same card drawn the obvious way with Pillow: the frame, then the title on top."""
    from PIL import ImageDraw

    text = card_text.drawable(spec.title, spec.style.font)
    limit = cards.WIDTH - 2 * cards.MARGIN
    size, lines = card_text.fit(text, spec.style.font, limit, 4, cards.TITLE_SIZES)
    line_height = int(size * 1.22)
    top = max(70, (cards.FOOTER_TOP - line_height * len(lines)) // 2)
    ascent = card_text.ascent(spec.style.font, size)
    mask = Image.new("L", (cards.WIDTH, cards.HEIGHT), 0)
    pen = ImageDraw.Draw(mask)
    for i, line in enumerate(lines):
        baseline = top + i * line_height + ascent
        card_text.draw(pen, cards.MARGIN, baseline, line, spec.style.font, size)
    title = mask.point([cards.MAIN + v * (cards.LEVELS - 1) // 255 for v in range(256)])
    card = cards._frame(spec.author, spec.site, spec.style).copy()
    # The title sits between the accent bar and the footer, where the frame is all MAIN (0).
    card.paste(title.crop((0, cards.BAR, cards.WIDTH, cards.FOOTER_TOP)), (0, cards.BAR))
    return card


def test_card_png_is_valid_and_matches_a_plain_pillow_drawing() -> None:
    """Cards are palette PNGs saved by Pillow's encoder; every chunk's CRC and the zlib stream
    check out, and the pixels and palette are those of drawing the card the plain way."""
    import zlib

    style = cards.CardStyle("#4051b5", "#ff6e42", cards.find_font())
    light = cards.CardStyle("#ffffff", "#4051b5", cards.find_font())
    titles = [
        "Hi",
        "Why my p99 latency doubled after a kernel upgrade",
        "Café & <naïve> “quotes” — 🚀 rockets",
        "A title that is long enough to wrap " * 6,
        "Supercalifragilisticexpialidociouslyunbreakablewordthatiswiderthanthecard",
    ]
    for card_style in (style, light):
        for title in titles:
            spec = cards.CardSpec(title, "Jane Doe", "jane.dev", card_style)
            png = cards.draw(spec)
            raw = zlib.decompress(_idat(png))  # raises on a wrong Adler-32 or a broken stream
            assert len(raw) == cards.HEIGHT * (cards.WIDTH + 1)
            with Image.open(BytesIO(png)) as image:
                image.load()
                assert image.mode == "P" and image.size == (cards.WIDTH, cards.HEIGHT)
                expected = _plain_card(spec)
                assert image.tobytes() == expected.tobytes(), title
                palette = cards._palette(spec.author, card_style)
                assert image.getpalette()[:765] == list(palette)[:765]
