"""Images: content images get their size, lazy loading and WebP variants (drawn with Pillow,
cached by content hash, published with the site); covers show on posts and listings and are the
post's og:image; a changed image gets new variants and the post is rendered again."""

from __future__ import annotations

import re
from pathlib import Path

from PIL import Image

from tests.conftest import RunCli, write_post

FRONT = "id: urn:uuid:5f0c8a2e-1b7d-4c1e-9a3f-2d6e7b8c9a01\ntitle: Pictures\ndate: 2026-02-03\n"


def _picture(path: Path, size: tuple[int, int], colour: tuple[int, int, int]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(path)


def test_content_images_are_sized_lazy_and_responsive(site: Path, cli: RunCli) -> None:
    _picture(site / "content/posts/img/chart.png", (1600, 900), (200, 40, 40))
    _picture(site / "content/posts/img/cover.jpg", (1200, 600), (40, 40, 200))
    write_post(site, "pictures.md", FRONT + "cover: img/cover.jpg", "![A chart](img/chart.png)\n")
    cli("build", "--strict")
    out = site / "site"
    page = (out / "blog/pictures/index.html").read_text(encoding="utf-8")
    img = re.search(r'<img alt="A chart"[^>]*>', page)
    assert img, page
    tag = img.group(0)
    for attr in ('width="1600"', 'height="900"', 'loading="lazy"', 'decoding="async"', "sizes="):
        assert attr in tag, attr
    srcset = re.search(r'srcset="([^"]+)"', tag).group(1)  # type: ignore[union-attr]
    widths = [int(w) for w in re.findall(r" (\d+)w", srcset)]
    assert widths == [480, 960, 1440, 1600]
    for url in re.findall(r"(\S+) \d+w", srcset):
        variant = out / url.lstrip("/")
        with Image.open(variant) as image:
            assert image.format == "WEBP"
            assert image.size[0] in widths and image.size[1] == round(image.size[0] * 900 / 1600)
    # The cover: at the top of the post with its size, in the listing, and as og:image.
    cover = re.search(r'<figure class="bk-cover">\s*<img[^>]*>', page).group(0)  # type: ignore[union-attr]
    assert 'width="1200" height="600"' in cover and "srcset=" in cover
    assert 'property="og:image" content="https://jane.example.com/posts/img/cover.jpg"' in page
    listing = (out / "blog/index.html").read_text(encoding="utf-8")
    assert 'class="bk-card bk-card--cover"' in listing and 'class="bk-card__cover"' in listing
    # Feed items keep the plain image (no srcset with site paths in a reader).
    feed = (out / "feed.xml").read_text(encoding="utf-8")
    assert "img/chart.png" in feed and "srcset" not in feed


def test_a_changed_image_gets_new_variants_and_sizes(site: Path, cli: RunCli) -> None:
    chart = site / "content/posts/img/chart.png"
    _picture(chart, (800, 400), (10, 120, 10))
    write_post(site, "pictures.md", FRONT, "![A chart](img/chart.png)\n")
    cli("build")
    first = (site / "site/blog/pictures/index.html").read_text(encoding="utf-8")
    assert 'height="400"' in first and 'width="800"' in first
    _picture(chart, (640, 480), (10, 10, 120))
    cli("build")
    second = (site / "site/blog/pictures/index.html").read_text(encoding="utf-8")
    assert 'height="480"' in second and 'width="640"' in second
    old = set(re.findall(r"assets/brandkit/img/[\w-]+\.webp", first))
    new = set(re.findall(r"assets/brandkit/img/[\w-]+\.webp", second))
    assert old and new and not old & new
    drawn = list((site / ".cache/brandkit/images").rglob("*.webp"))
    assert len(drawn) >= len(old) + len(new)  # the cache keeps both; the site gets the new ones
    for url in new:
        assert (site / "site" / url).is_file()


def _size(html: str, alt: str) -> tuple[str, str] | None:
    """The width and height of the <img alt=...> in `html` (None: it has none)."""
    tag = re.search(rf'<img alt="{alt}"[^>]*>', html)
    assert tag, html
    width, height = (re.search(rf'{a}="(\d+)"', tag.group(0)) for a in ("width", "height"))
    return (width.group(1), height.group(1)) if width and height else None


def _rendered(output: str) -> int:
    found = re.search(r"\[(\d+) rendered, (\d+) from cache\]", output)
    assert found, output
    return int(found.group(1))


def test_an_image_renders_again_only_the_posts_that_show_it(site: Path, cli: RunCli) -> None:
    """The image catalog is not part of every post's cache key: a new, changed or added image
    renders the posts that show it (and their pages) again, not the whole blog."""
    uid = "urn:uuid:5f0c8a2e-1b7d-4c1e-9a3f-2d6e7b8c9a{:02d}"
    _picture(site / "content/posts/img/chart.png", (800, 400), (10, 120, 10))
    _picture(site / "content/posts/img/cover.jpg", (600, 300), (40, 40, 200))
    write_post(
        site,
        "chart.md",
        f"id: {uid.format(1)}\ntitle: Chart\ndate: 2026-02-01",
        "![C](img/chart.png)\n",
    )
    write_post(
        site,
        "later.md",
        f"id: {uid.format(2)}\ntitle: Later\ndate: 2026-02-02",
        "![L](img/later.png)\n",
    )
    write_post(
        site,
        "covered.md",
        f"id: {uid.format(3)}\ntitle: Covered\ndate: 2026-02-03\ncover: img/cover.jpg",
        "Words.\n",
    )
    for n in range(4, 10):
        write_post(
            site,
            f"plain{n}.md",
            f"id: {uid.format(n)}\ntitle: Plain {n}\ndate: 2026-01-0{n}",
            "Text.\n",
        )
    cli("build")
    assert _rendered(cli("build").output) == 0
    # A picture nobody shows: nothing is rendered again.
    _picture(site / "content/posts/img/unused.png", (300, 300), (1, 2, 3))
    assert _rendered(cli("build").output) == 0
    # The chart changes: its post only, with the new size.
    _picture(site / "content/posts/img/chart.png", (640, 480), (10, 10, 120))
    assert _rendered(cli("build").output) == 1
    page = (site / "site/blog/chart/index.html").read_text(encoding="utf-8")
    assert _size(page, "C") == ("640", "480")
    # The image a post showed before it existed arrives: that post gets its size.
    later = (site / "site/blog/later/index.html").read_text(encoding="utf-8")
    assert _size(later, "L") is None
    _picture(site / "content/posts/img/later.png", (500, 250), (9, 9, 9))
    assert _rendered(cli("build").output) == 1
    later = (site / "site/blog/later/index.html").read_text(encoding="utf-8")
    assert _size(later, "L") == ("500", "250")
    # A new cover: no post is rendered again, but its page and the listings show the new one.
    _picture(site / "content/posts/img/cover.jpg", (900, 300), (200, 40, 40))
    assert _rendered(cli("build").output) == 0
    for page_path in ("blog/covered/index.html", "blog/index.html", "index.html"):
        html = (site / "site" / page_path).read_text(encoding="utf-8")
        assert 'width="900" height="300"' in html, page_path
