"""Did a rebuild make anything new visible? The daily CI run deploys only if it did.

A site's visible surface is summarised as the page URLs of its sitemap plus the item ids of its
JSON feed: a scheduled post whose date has come adds its page, its tag/archive pages and a feed
item. Comparing the new build with what is deployed (the live site, or the Pages branch) tells
whether a deploy would change what readers can reach. Dates inside the files are ignored on
purpose: `lastmod` changes on every build and must not cause a deploy.
"""

from __future__ import annotations

import json
import subprocess
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

SITEMAP = "sitemap.xml"
FEED = "feed.json"
_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

Reader = Callable[[str], bytes | None]


@dataclass(frozen=True)
class Surface:
    pages: frozenset[str]
    feed_ids: frozenset[str]

    @property
    def empty(self) -> bool:
        return not self.pages and not self.feed_ids


@dataclass(frozen=True)
class Comparison:
    new_pages: list[str]
    new_feed_ids: list[str]
    deployed_missing: bool  # nothing readable is deployed: always deploy

    @property
    def changed(self) -> bool:
        return self.deployed_missing or bool(self.new_pages or self.new_feed_ids)

    def summary(self) -> str:
        if self.deployed_missing:
            return "nothing readable is deployed yet: deploy"
        if not self.changed:
            return "nothing new is visible since the last deploy: skip"
        shown = ", ".join(self.new_pages[:5]) or ", ".join(self.new_feed_ids[:5])
        more = len(self.new_pages) - 5
        return f"newly visible: {shown}" + (f" and {more} more" if more > 0 else "") + ": deploy"


def surface(read: Reader) -> Surface:
    return Surface(pages=_sitemap_pages(read(SITEMAP)), feed_ids=_feed_ids(read(FEED)))


def compare(built: Surface, deployed: Surface) -> Comparison:
    return Comparison(
        new_pages=sorted(_path_of(u) for u in built.pages - deployed.pages),
        new_feed_ids=sorted(built.feed_ids - deployed.feed_ids),
        deployed_missing=deployed.empty,
    )


def _path_of(url: str) -> str:
    # Show site paths, not full URLs: shorter, and the same for live and branch comparisons.
    after_scheme = url.split("://", 1)[-1]
    return "/" + after_scheme.split("/", 1)[1] if "/" in after_scheme else "/"


def _sitemap_pages(data: bytes | None) -> frozenset[str]:
    if not data:
        return frozenset()
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return frozenset()
    return frozenset(
        (loc.text or "").strip() for loc in root.iter(f"{_NS}loc") if (loc.text or "").strip()
    )


def _feed_ids(data: bytes | None) -> frozenset[str]:
    if not data:
        return frozenset()
    try:
        feed = json.loads(data)
    except ValueError:
        return frozenset()
    items = feed.get("items") if isinstance(feed, dict) else None
    if not isinstance(items, list):
        return frozenset()
    return frozenset(str(i["id"]) for i in items if isinstance(i, dict) and "id" in i)


def dir_reader(site_dir: Path) -> Reader:
    def read(name: str) -> bytes | None:
        path = site_dir / name
        return path.read_bytes() if path.is_file() else None

    return read


def git_reader(repo: Path, ref: str) -> Reader:
    """Files of a deployed branch, e.g. `origin/gh-pages` (missing ref: nothing deployed)."""

    def read(name: str) -> bytes | None:
        proc = subprocess.run(
            ["git", "show", f"{ref}:{name}"], cwd=repo, capture_output=True, check=False
        )
        return proc.stdout if proc.returncode == 0 else None

    return read


def url_reader(base_url: str, *, timeout: float = 20.0) -> Reader:
    """Files of the live site. Any HTTP or network failure reads as "not deployed"."""
    base = base_url if base_url.endswith("/") else base_url + "/"

    def read(name: str) -> bytes | None:
        request = urllib.request.Request(base + name, headers={"User-Agent": "brandkit-ci"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                data: bytes = response.read()
                return data
        except (urllib.error.URLError, OSError, ValueError):
            return None

    return read
