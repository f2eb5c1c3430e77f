"""What a finished migration must hold, checked on a built site: every old address resolves
through a redirect page to a real page, the feeds carry the ids the old feed had, and no draft
shows anywhere (no page, no redirect, no title in any file)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import feedparser

SITE_URL = "https://jane.example.com/"
_REFRESH_RE = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]+)">')


def page_file(built: Path, url: str, site_url: str = SITE_URL) -> Path:
    """The file a static host serves for `url` (absolute, on the site, or a site path)."""
    path = unquote(urlsplit(urljoin(site_url, url)).path).lstrip("/")
    prefix = urlsplit(site_url).path.lstrip("/")
    path = path[len(prefix) :] if prefix and path.startswith(prefix) else path
    if path.endswith("/") or not Path(path).suffix:
        path = path.rstrip("/") + "/index.html" if path else "index.html"
    return built / path


def resolve(built: Path, url: str, site_url: str = SITE_URL) -> str:
    """Follow `url` on the built site to the page it ends at (one redirect at most); the page's
    URL, or an AssertionError saying where it broke."""
    first = page_file(built, url, site_url)
    assert first.is_file(), f"{url}: 404 ({first.relative_to(built)} is not in the site)"
    html = first.read_text(encoding="utf-8")
    found = _REFRESH_RE.search(html)
    if found is None:
        return url
    target = found.group(1)
    assert f'<link rel="canonical" href="{target}">' in html, f"{url}: no canonical link"
    assert '<meta name="viewport"' in html and "<main>" in html, f"{url}: not accessible"
    final = page_file(built, target, site_url)
    assert final.is_file(), f"{url} redirects to {target}, which is not in the site"
    assert _REFRESH_RE.search(final.read_text(encoding="utf-8")) is None, f"{url}: two hops"
    return target


def feed_ids(built: Path) -> dict[str, set[str]]:
    """The item ids of the site's RSS, Atom and JSON feeds, each read by its own parser."""
    rss = feedparser.parse((built / "feed.xml").read_bytes())
    atom = feedparser.parse((built / "atom.xml").read_bytes())
    assert not rss.bozo and not atom.bozo, (rss.get("bozo_exception"), atom.get("bozo_exception"))
    data = json.loads((built / "feed.json").read_text(encoding="utf-8"))
    return {
        "rss": {e.id for e in rss.entries},
        "atom": {e.id for e in atom.entries},
        "json": {str(item["id"]) for item in data["items"]},
    }


def assert_migrated(
    site: Path,
    old_feed: Path | None,
    old_urls: Iterable[str],
    drafts: Iterable[str],
    site_url: str = SITE_URL,
) -> None:
    built = site / "site"
    urls = list(old_urls)
    if old_feed is not None:
        old = feedparser.parse(old_feed.read_bytes())
        assert old.entries, old_feed
        ids = feed_ids(built)
        for entry in old.entries:
            for kind, found in ids.items():
                assert entry.id in found, f"{kind} feed lost the old id {entry.id}"
            urls.append(entry.link)
    for url in urls:
        resolve(built, url, site_url)
    for text in drafts:
        for path in built.rglob("*"):
            if path.is_file() and path.suffix in (".html", ".xml", ".json", ".txt"):
                assert text not in path.read_text(encoding="utf-8", errors="replace"), (
                    f"draft {text!r} shows in {path.relative_to(built)}"
                )
