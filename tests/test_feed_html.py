"""Feed items carry clean HTML (no heading permalinks, no code line anchors) while pages keep
both; RSS and Atom point a browser to brandkit's XSL stylesheet."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser

from tests.conftest import RunCli, write_post

BODY = "## First part\n\nText.\n\n```python\nx = 1\ny = 2\n```\n\n### Detail\n\nMore.\n"


def test_feeds_are_clean_and_pages_keep_their_anchors(site: Path, cli: RunCli) -> None:
    write_post(
        site,
        "anchors.md",
        "id: urn:uuid:0b0e4c1e-6a8e-4f7e-9d0b-3c7a2f0e1a11\ntitle: Anchors\ndate: 2026-01-02\n"
        "tags: [python]",
        BODY,
    )
    cli("build", "--strict")
    page = (site / "site/blog/anchors/index.html").read_text(encoding="utf-8")
    assert 'class="headerlink"' in page and "__codelineno-0-1" in page
    for feed in ("feed.xml", "atom.xml", "blog/tags/python/feed.xml"):
        text = (site / "site" / feed).read_text(encoding="utf-8")
        parsed = feedparser.parse(text)
        assert not parsed.bozo, feed
        entry = next(e for e in parsed.entries if e.title == "Anchors")
        html = entry.content[0].value if "content" in entry else entry.description
        assert "First part" in html and "x" in html
        assert "headerlink" not in html and "¶" not in html, feed
        assert "__codelineno" not in html, feed
    items = json.loads((site / "site/feed.json").read_text(encoding="utf-8"))["items"]
    content = next(i for i in items if i["title"] == "Anchors")["content_html"]
    assert "headerlink" not in content and "__codelineno" not in content


def test_feeds_point_to_the_stylesheet_relative_to_themselves(site: Path, cli: RunCli) -> None:
    cli("build")
    out = site / "site"
    assert (out / "assets/brandkit/feed.xsl").is_file()
    instruction = '<?xml-stylesheet type="text/xsl" href="{}"?>'
    assert instruction.format("assets/brandkit/feed.xsl") in (out / "feed.xml").read_text()
    assert instruction.format("assets/brandkit/feed.xsl") in (out / "atom.xml").read_text()
    tag = out / "blog/tags/meta/atom.xml"
    assert instruction.format("../../../assets/brandkit/feed.xsl") in tag.read_text()
