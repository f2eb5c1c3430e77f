"""A project site (https://jane.github.io/notes/) served under /notes/: no link leaves it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import RunCli, publish_first_post, write_post
from tests.httpsite import broken_links, serve

SITE_URL = "https://jane.github.io/notes/"


@pytest.fixture
def notes(tmp_path: Path, cli: RunCli, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "notes"
    cli("new", str(root), "--name", "Notes", "--author", "Jane Doe", "--url", SITE_URL)
    publish_first_post(root)
    monkeypatch.chdir(root)
    images = root / "content" / "posts" / "images"
    images.mkdir(parents=True)
    (images / "plot.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    write_post(
        root,
        "tracing.md",
        "id: urn:uuid:2f1c6d9e-8a43-4c55-9d1a-3c1f0f6e9b21\ntitle: Tracing a slow query\n"
        "date: 2025-03-14T09:30:00+01:00\ntags: [postgres, performance]\nseries: Databases\n"
        "cover: images/plot.png",
        "See [hello](hello-world.md), [about](../about.md) and ![plot](images/plot.png).\n",
    )
    cli("build", "--strict")
    return root


def test_every_link_resolves_under_the_project_path(notes: Path) -> None:
    site = notes / "site"
    with serve(site, "/notes/") as base:
        assert broken_links(site, base, SITE_URL) == []


def test_absolute_urls_carry_the_project_path(notes: Path) -> None:
    site = notes / "site"
    post = (site / "blog/tracing/index.html").read_text(encoding="utf-8")
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', post)
    assert canonical and canonical.group(1) == f"{SITE_URL}blog/tracing/"
    locs = re.findall(r"<loc>([^<]+)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))
    assert locs and all(loc.startswith(SITE_URL) for loc in locs)
    feed = json.loads((site / "feed.json").read_text(encoding="utf-8"))
    assert feed["home_page_url"] == SITE_URL
    assert all(item["url"].startswith(SITE_URL) for item in feed["items"])
    rss = (site / "feed.xml").read_text(encoding="utf-8")
    assert f"<link>{SITE_URL}blog/tracing/</link>" in rss
    assert 'src="https://jane.github.io/notes/posts/images/plot.png"' in rss or (
        "https://jane.github.io/notes/posts/images/plot.png" in rss
    )


def test_the_checker_finds_links_that_escape_the_prefix(notes: Path) -> None:
    """Control: the same site served at / (the wrong place) must show broken links."""
    site = notes / "site"
    with serve(site, "/elsewhere/") as base:
        problems = broken_links(site, base, SITE_URL)
    assert problems, "the link checker found nothing wrong with a site served at the wrong path"
