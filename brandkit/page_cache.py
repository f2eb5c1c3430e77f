"""Finished pages kept between builds, found by a fingerprint of everything that shapes them.

After a build, every brandkit page that was rendered (a post, a listing) is copied into the cache
as it is, in a file named by the SHA-256 of its bytes; a manifest (a checksummed cache file, see
`brandkit.cache_file`) records for each page its fingerprint, that checksum, and what else the
page put into the site: its sitemap entry and its social card. A later build publishes the
cached file instead of rendering the page when the fingerprint is the same and the file's bytes
still hash to its name; anything else (a damaged, truncated or replaced file, a damaged
manifest) makes the page be rendered again. The site gets copies: it never shares a file with
the cache.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from brandkit import cache_file
from brandkit.files import replace_file

KIND = "pages"
VERSION = 2


@dataclass(frozen=True)
class PageRecord:
    fingerprint: str
    sha256: str = ""  # of the page's HTML: the cached file's name
    sitemap: tuple[str, str | None] | None = None  # absolute URL, lastmod (ISO 8601)
    card: tuple[str, str] | None = None  # the card's cache key, its site-relative path


class PageCache:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.nav = ""  # the navigation the cached pages were rendered with
        self.records: dict[str, PageRecord] = {}  # by the page's src_uri
        self._changed = False  # a record stored since the manifest was read
        self._load()

    def _manifest(self) -> Path:
        return self.directory / "manifest"

    def path(self, sha256: str) -> Path:
        return self.directory / sha256[:2] / f"{sha256}.html"

    def _load(self) -> None:
        data = cache_file.read_json(self._manifest(), KIND, VERSION)
        try:
            self.nav = str(data["nav"])
            self.records = {src: _record(raw) for src, raw in data["pages"].items()}
        except (TypeError, KeyError, ValueError, AttributeError):
            self.nav, self.records = "", {}  # none yet, or not ours: render everything

    def lookup(self, src_uri: str, fingerprint: str) -> tuple[PageRecord, Path] | None:
        """The record and the intact cached file of the page, if its fingerprint matches."""
        record = self.records.get(src_uri)
        if record is None or record.fingerprint != fingerprint:
            return None
        path = self.path(record.sha256)
        if cache_file.file_digest(path) != record.sha256:
            return None
        return record, path

    def read(self, src_uri: str, fingerprint: str) -> tuple[PageRecord, bytes] | None:
        """The record and the bytes of the page, if its fingerprint matches and the cached file
        is intact (read once: a build hands these very bytes to MkDocs)."""
        record = self.records.get(src_uri)
        if record is None or record.fingerprint != fingerprint:
            return None
        try:
            html = self.path(record.sha256).read_bytes()
        except OSError:
            return None
        if hashlib.sha256(html).hexdigest() != record.sha256:
            return None
        return record, html

    def store(self, src_uri: str, record: PageRecord, built: Path) -> None:
        """Keep a copy of the page just written at `built`."""
        html = built.read_bytes()
        sha = hashlib.sha256(html).hexdigest()
        target = self.path(sha)
        if cache_file.file_digest(target) != sha:
            replace_file(target, html)
        stored = PageRecord(record.fingerprint, sha, record.sitemap, record.card)
        if self.records.get(src_uri) != stored:
            self.records[src_uri] = stored
            self._changed = True

    def save(self, nav: str, keep: set[str]) -> None:
        """Write the manifest for the pages in `keep` and delete every other cached page (nothing
        to do when the build stored no page and dropped none: a warm build of an unchanged site)."""
        kept = {k: v for k, v in self.records.items() if k in keep}
        if not self._changed and nav == self.nav and len(kept) == len(self.records):
            return
        self.nav, self.records, self._changed = nav, kept, False
        used = {f"{r.sha256}.html" for r in self.records.values()}
        self.directory.mkdir(parents=True, exist_ok=True)
        for sub in self.directory.iterdir():
            if sub.is_dir():
                for cached in sub.iterdir():
                    if cached.name not in used:
                        cached.unlink(missing_ok=True)
        pages = {k: asdict(v) for k, v in sorted(self.records.items())}
        cache_file.write_json(self._manifest(), KIND, VERSION, {"nav": nav, "pages": pages})


def _record(raw: Any) -> PageRecord:
    sitemap, card = raw.get("sitemap"), raw.get("card")
    fingerprint, sha = raw["fingerprint"], raw["sha256"]
    if not isinstance(fingerprint, str) or not isinstance(sha, str) or len(sha) != 64:
        raise ValueError("not a page record")
    return PageRecord(
        fingerprint,
        sha,
        (str(sitemap[0]), sitemap[1]) if sitemap else None,
        (str(card[0]), str(card[1])) if card else None,
    )
