"""End to end: posts written to disk, `brandkit build`, the site a reader gets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import write_post


def uid(n: int) -> str:
    return f"urn:uuid:{n:08d}-0000-4000-8000-000000000000"


@pytest.fixture
def blog(site: Path) -> Path:
    config = site / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("  - brandkit:\n", "  - brandkit:\n      per_page: 2\n")
    )
    (site / "content/posts/hello-world.md").unlink()
    images = site / "content/posts/images"
    images.mkdir(parents=True)
    (images / "diagram.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    write_post(
        site,
        "first.md",
        f"id: {uid(1)}\ntitle: First steps\ndate: 2025-03-01T10:00:00+00:00\n"
        "tags: [python]\nseries: Tiny DB\ndescription: The first one.",
        "Hello **world**.\n\n![Diagram](images/diagram.png)\n",
    )
    write_post(
        site,
        "second.md",
        f"id: {uid(2)}\ntitle: Second & <better>\n"
        "date: 2025-06-01T10:00:00+02:00\nupdated: 2025-07-01\ntags: [python, Rust]\n"
        "series: Tiny DB",
        "See [the first part](first.md#intro) and more.\n\n" + "word " * 700,
    )
    write_post(
        site,
        "third.md",
        f"id: {uid(3)}\ntitle: Third\ndate: 2026-01-15\ntags: [rust]\nseries: Tiny DB",
        "Third post body.\n",
    )
    write_post(site, "fourth.md", f"id: {uid(4)}\ntitle: Fourth\ndate: 2026-02-01\n", "Four.\n")
    write_post(
        site, "draft.md", f"id: {uid(5)}\ntitle: Secret draft\ndate: 2026-01-01\ndraft: true"
    )
    write_post(site, "future.md", f"id: {uid(6)}\ntitle: From the future\ndate: 2099-01-01")
    return site


def page(root: Path, url: str) -> str:
    return (root / "site" / url / "index.html").read_text(encoding="utf-8")


def test_build_summary_and_pages(blog: Path, cli) -> None:
    out = cli("build", "--strict").output
    left_out = "2 drafts or scheduled posts left out"
    assert re.search(rf"Built \d+ pages \(4 posts, {left_out}\) and \d+ feeds", out)
    for url in (
        "blog",
        "blog/page/2",
        "blog/tags",
        "blog/tags/python",
        "blog/tags/rust",
        "blog/archive",
        "blog/archive/2025",
        "blog/archive/2026",
        "blog/series/tiny-db",
        "blog/first",
        "blog/second",
        "blog/third",
        "blog/fourth",
    ):
        assert (blog / "site" / url / "index.html").is_file(), url
    assert not (blog / "site/blog/draft").exists()
    assert not (blog / "site/blog/future").exists()
    assert not (blog / "site/blog/page/3").exists()


def test_blog_index_pagination(blog: Path, cli) -> None:
    cli("build")
    first = page(blog, "blog")
    assert first.index("Fourth") < first.index("Third")
    assert "Second" not in first
    assert 'rel="next" href="page/2/"' in first
    second = page(blog, "blog/page/2")
    assert "Second &amp; &lt;better&gt;" in second and "First steps" in second
    assert 'rel="prev" href="../../"' in second


def test_post_page(blog: Path, cli) -> None:
    cli("build")
    html = page(blog, "blog/second")
    assert (
        '<time class="dt-published" datetime="2025-06-01T10:00:00+02:00">1 June 2025</time>' in html
    )
    assert 'datetime="2025-07-01T00:00:00+00:00"' in html  # updated
    assert "3 min read" in html
    assert 'href="../tags/python/"' in html and 'href="../tags/rust/"' in html
    assert "Part 2 of 3 in the series" in html
    assert 'href="../first/#intro"' in html  # .md link resolved for the post's own URL
    assert 'rel="prev" href="../first/"' in html and 'rel="next" href="../third/"' in html
    first = page(blog, "blog/first")
    assert 'src="../../posts/images/diagram.png"' in first
    assert (blog / "site/posts/images/diagram.png").is_file()


def test_tags_archive_series(blog: Path, cli) -> None:
    cli("build")
    rust = page(blog, "blog/tags/rust")
    assert "Third" in rust and "Second" in rust and "First steps" not in rust  # Rust == rust
    assert "#Rust" in page(blog, "blog/tags") or "#rust" in page(blog, "blog/tags")
    archive = page(blog, "blog/archive")
    assert archive.index("2026") < archive.index("2025")
    counts = re.findall(r'class="bk-count">(\d+ posts?)<', archive)
    assert counts and all(c == "1 post" or not c.startswith("1 ") for c in counts), counts
    series = page(blog, "blog/series/tiny-db")
    assert series.index("First steps") < series.index("Second") < series.index("Third")


def test_feed_links_in_every_head(blog: Path, cli) -> None:
    cli("build")
    for url in ("", "about", "blog", "blog/first", "blog/tags/python"):
        html = page(blog, url)
        for kind in ("application/rss+xml", "application/atom+xml", "application/feed+json"):
            assert f'<link rel="alternate" type="{kind}"' in html, (url, kind)
    assert 'href="feed.xml"' in page(blog, "blog/tags/python")


def test_drafts_flag_and_build_now(blog: Path, cli, monkeypatch) -> None:
    cli("build", "--drafts")
    assert "draft" in page(blog, "blog/draft")
    assert (blog / "site/blog/future/index.html").is_file()
    monkeypatch.setenv("BRANDKIT_NOW", "2099-01-02T00:00:00+00:00")
    cli("build")
    assert (blog / "site/blog/future/index.html").is_file()
    assert not (blog / "site/blog/draft").exists()


def test_home_lists_latest_posts(blog: Path, cli) -> None:
    cli("build")
    home = page(blog, "")
    assert "Latest posts" in home and home.index("Fourth") < home.index("Third")
    assert "Secret draft" not in home


def test_build_is_offline_and_leaves_content_alone(blog: Path, cli, monkeypatch) -> None:
    import socket

    before = {p: p.read_bytes() for p in (blog / "content").rglob("*") if p.is_file()}

    def no_network(*args, **kwargs):
        raise AssertionError("the build tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    cli("build", "--strict")
    after = {p: p.read_bytes() for p in (blog / "content").rglob("*") if p.is_file()}
    assert before == after


def test_broken_post_link_warns(blog: Path, cli) -> None:
    write_post(
        blog, "links.md", f"id: {uid(9)}\ntitle: Links\ndate: 2025-01-01", "[missing](nowhere.md)\n"
    )
    out = cli("build", "--strict", expect=1).output
    assert "content/posts/links.md: link 'nowhere.md' points to no page" in out


def test_link_to_another_posts_missing_heading_follows_mkdocs_anchor_level(blog: Path, cli) -> None:
    write_post(
        blog,
        "anchors.md",
        f"id: {uid(9)}\ntitle: Anchors\ndate: 2025-01-01",
        "## Here\n\n[good](anchors.md#here), [also good](links-target.md#setup) and "
        "[bad](links-target.md#no-such-heading)\n",
    )
    write_post(
        blog,
        "links-target.md",
        f"id: {uid(10)}\ntitle: Target\ndate: 2025-01-02",
        "## Setup\n\nText.\n",
    )
    cli("build", "--strict")  # MkDocs' default for anchors is info: not a warning
    config = blog / "mkdocs.yml"
    config.write_text(config.read_text() + "validation:\n  anchors: warn\n")
    out = cli("build", "--strict", expect=1).output
    said = [line for line in out.splitlines() if "names no heading" in line]
    assert said == [
        # The fixture's own link to a heading `first.md` does not have, then the new one.
        "warning: content/posts/second.md: link 'first.md#intro' names no heading of that post; "
        "fix the part after '#'",
        "warning: content/posts/anchors.md: link 'links-target.md#no-such-heading' names no "
        "heading of that post; fix the part after '#'",
    ]


def test_check_says_each_redirect_warning_once(blog: Path, cli) -> None:
    write_post(
        blog,
        "moved.md",
        f"id: {uid(11)}\ntitle: Moved\ndate: 2025-01-03\n"
        "redirect_from: ['https://other.example.com/old/']",
        "Body.\n",
    )
    out = cli("check").output
    assert out.count("https://other.example.com/old/ is on another site") == 1


def test_a_warm_build_renders_nothing_again(blog: Path, cli) -> None:
    """Neither a post's page nor its feed item (rendered without permalinks, a second
    rendering with an index of its own) is rendered again by a build after an unchanged one."""
    cli("build")
    cli("build")
    render = blog / ".cache" / "brandkit" / "render"
    before = {p: p.stat().st_mtime_ns for p in render.rglob("*") if p.is_file()}
    assert (render / "index").is_file() and (render / "feed-index").is_file()
    assert "[0 rendered," in cli("build").output
    after = {p: p.stat().st_mtime_ns for p in render.rglob("*") if p.is_file()}
    assert after == before
