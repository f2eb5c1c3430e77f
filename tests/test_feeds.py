"""Feeds read back by a real parser (feedparser) and checked field by field."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import pytest

from brandkit import feeds
from brandkit.content.models import Author
from tests.conftest import write_post

SITE = "https://jane.example.com/"
ID1 = "urn:uuid:aaaaaaaa-0000-4000-8000-000000000001"
ID2 = "tag:jane.example.com,2026-02-01:second"
TITLE = 'Tom & Jerry\'s <script> "quotes" ☕'


@pytest.fixture
def built(site: Path, cli) -> Path:
    (site / "content/posts/hello-world.md").unlink()
    (site / "content/posts/img").mkdir()
    (site / "content/posts/img/cover.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    write_post(
        site,
        "first.md",
        f"id: {ID1}\ntitle: '{TITLE.replace(chr(39), chr(39) * 2)}'\n"
        "date: 2026-01-10T08:00:00-05:00\nupdated: 2026-01-12T09:00:00-05:00\n"
        "description: A summary with <b>markup</b> & more.\ntags: [python, C++]\n"
        "cover: img/cover.png",
        "Body with [a link](second.md) and ![pic](img/cover.png) and "
        "[external](https://example.org/x).\n",
    )
    write_post(
        site,
        "second.md",
        f"id: '{ID2}'\ntitle: Second\ndate: 2026-02-01\ntags: [python]",
        "Second body.\n",
    )
    cli("build", "--strict")
    return site / "site"


def parse(path: Path) -> feedparser.FeedParserDict:
    result = feedparser.parse(path.read_bytes())
    assert result.bozo == 0, result.get("bozo_exception")
    return result


@pytest.mark.parametrize(
    "name",
    [
        "feed.xml",
        "atom.xml",
        "blog/tags/python/feed.xml",
        "blog/tags/python/atom.xml",
        "blog/tags/cpp/atom.xml",
    ],
)
def test_feeds_parse_cleanly(built: Path, name: str) -> None:
    feed = parse(built / name)
    assert feed.entries


@pytest.mark.parametrize("name", ["feed.xml", "atom.xml"])
def test_entries_field_by_field(built: Path, name: str) -> None:
    feed = parse(built / name)
    assert feed.feed.title == "Jane Doe"
    assert feed.feed.link == SITE
    second, first = feed.entries  # newest first
    assert first.title == TITLE  # escaped exactly once: parses back to the original
    assert first.id == ID1 and second.id == ID2
    assert first.link == f"{SITE}blog/first/"
    content = first.content[0].value
    assert f'href="{SITE}blog/second/"' in content
    assert f'src="{SITE}posts/img/cover.png"' in content
    assert 'href="https://example.org/x"' in content
    assert not re.search(r'(href|src)="(?!https?://)', content), "every link must be absolute"
    assert first.summary.startswith("A summary with <b>markup</b> &") or "markup" in first.summary
    assert [t.term for t in first.tags] == ["python", "C++"]
    published = datetime(*first.published_parsed[:6], tzinfo=UTC)
    assert published == datetime(2026, 1, 10, 13, 0, tzinfo=UTC)


def test_rss_specifics(built: Path) -> None:
    raw = (built / "feed.xml").read_text()
    assert "&amp;amp;" not in raw
    tree = ElementTree.fromstring(raw)
    channel = tree.find("channel")
    assert channel.findtext("link") == SITE
    ns = {
        "atom": "http://www.w3.org/2005/Atom",
        "content": "http://purl.org/rss/1.0/modules/content/",
    }
    self_link = channel.find("atom:link[@rel='self']", ns)
    assert self_link.get("href") == f"{SITE}feed.xml"
    assert self_link.get("type") == "application/rss+xml"  # the W3C validator asks for it
    item = channel.findall("item")[1]
    guid = item.find("guid")
    assert guid.text == ID1 and guid.get("isPermaLink") == "false"
    assert item.findtext("pubDate") == "Sat, 10 Jan 2026 08:00:00 -0500"
    assert item.findtext("description").startswith("A summary with")
    assert "<p>Body with" in item.find("content:encoded", ns).text
    assert channel.findtext("lastBuildDate") == "Sun, 01 Feb 2026 00:00:00 +0000"


def test_atom_specifics(built: Path) -> None:
    tree = ElementTree.fromstring((built / "atom.xml").read_bytes())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert tree.findtext("a:id", namespaces=ns) == SITE
    assert tree.findtext("a:updated", namespaces=ns) == "2026-02-01T00:00:00+00:00"
    entry = tree.findall("a:entry", ns)[1]
    assert entry.findtext("a:updated", namespaces=ns) == "2026-01-12T09:00:00-05:00"
    assert entry.find("a:content", ns).get("type") == "html"
    assert entry.find("a:author/a:name", ns).text == "Jane Doe"


def test_json_feed(built: Path) -> None:
    doc = json.loads((built / "feed.json").read_text())
    assert doc["version"] == "https://jsonfeed.org/version/1.1"
    assert doc["feed_url"] == f"{SITE}feed.json" and doc["home_page_url"] == SITE
    _second, first = doc["items"]
    assert first["id"] == ID1 and first["title"] == TITLE
    assert first["url"] == f"{SITE}blog/first/"
    assert first["date_published"] == "2026-01-10T08:00:00-05:00"
    assert first["date_modified"] == "2026-01-12T09:00:00-05:00"
    assert first["image"] == f"{SITE}posts/img/cover.png"
    assert f'src="{SITE}posts/img/cover.png"' in first["content_html"]
    assert first["tags"] == ["python", "C++"]
    assert first["authors"][0]["name"] == "Jane Doe"


def test_ids_survive_a_slug_change(site: Path, built: Path, cli) -> None:
    post = site / "content/posts/first.md"
    post.write_text(
        post.read_text().replace("cover: img/cover.png", "cover: img/cover.png\nslug: renamed")
    )
    cli("build", "--strict")
    entry = parse(built / "atom.xml").entries[1]
    assert entry.id == ID1 and entry.link == f"{SITE}blog/renamed/"


def test_feeds_do_not_change_between_identical_builds(site: Path, built: Path, cli) -> None:
    names = ["feed.xml", "atom.xml", "feed.json", "blog/tags/python/feed.xml"]
    before = {n: (built / n).read_bytes() for n in names}
    cli("build", "--strict")
    assert {n: (built / n).read_bytes() for n in names} == before


def test_feeds_can_be_turned_off(site: Path, cli) -> None:
    config = site / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "  - brandkit:\n", "  - brandkit:\n      feeds: {enabled: false}\n"
        )
    )
    cli("build", "--strict")
    assert not (site / "site/feed.xml").exists()
    assert "application/rss+xml" not in (site / "site/index.html").read_text()


def _feed(items: tuple[feeds.FeedItem, ...], title: str = "Jane & Co") -> feeds.Feed:
    jane = Author(key="jane", name='Jane "JD" Doe', url="https://jane.example.com/about/")
    return feeds.Feed(
        title=title,
        description="Notes\nwith a newline, <tags> & ☕",
        home_url=SITE,
        rss_url=SITE + "feed.xml",
        atom_url=SITE + "atom.xml",
        json_url=SITE + "feed.json",
        language="en",
        authors=(jane,),
        items=items,
    )


def test_json_feed_text_is_exactly_what_json_dumps_writes() -> None:
    """The JSON Feed is assembled from item texts made once per build; it must be byte for
    byte the document json.dumps(indent=2) writes, whatever the items hold."""

    def item(n: int, content: str) -> feeds.FeedItem:
        return feeds.FeedItem(
            id=f"urn:uuid:{n}",
            url=f"{SITE}blog/{n}/",
            title=f'Post {n}: "quoted" \\ back\u2028slash',
            content_html=content,
            summary="" if n % 2 else "A summary\nover two lines",
            published=datetime(2026, 1, n, tzinfo=UTC),
            updated=datetime(2026, 1, n, 12, tzinfo=UTC),
            tags=() if n == 3 else ("python", "c++"),
            authors=(),
            image=f"{SITE}img/{n}.png" if n == 1 else None,
        )

    items = (item(1, "<p>a\n  b</p>\n<pre>x\n\ty</pre>"), item(2, "🚀 {}[]"), item(3, ""))
    writer = feeds.FeedWriter()
    for chosen in (items, items[1:], (), items):  # shared items, written again from the memo
        feed = _feed(chosen)
        doc = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": feed.title,
            "home_page_url": SITE,
            "feed_url": SITE + "feed.json",
            "description": feed.description,
            "language": "en",
            "authors": [{"name": 'Jane "JD" Doe', "url": "https://jane.example.com/about/"}],
            "items": [feeds._json_item(i) for i in chosen],
        }
        expected = json.dumps(doc, ensure_ascii=False, indent=2).encode() + b"\n"
        assert writer.json(feed) == expected
        assert json.loads(expected)["items"] == doc["items"]
