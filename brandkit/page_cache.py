"""Finished pages kept between builds, named by a fingerprint of everything that shapes them.

After a build, every brandkit page that was rendered (a post, a listing) is linked into the cache
under its fingerprint, together with what else the page puts into the site: its sitemap entry
and its social card. The next `brandkit build` publishes the cached file instead of rendering
the page again when the fingerprint is the same and the cached file is intact (same size and
modification time as recorded, so a file changed in place is never reused).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from brandkit.files import link_or_copy, replace_file

VERSION = 1


@dataclass(frozen=True)
class PageRecord:
    fingerprint: str
    sitemap: tuple[str, str | None] | None = None  # absolute URL, lastmod (ISO 8601)
    card: tuple[str, str] | None = None  # cached card file, site-relative path
    size: int = 0
    mtime_ns: int = 0


class PageCache:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.nav = ""  # the navigation the cached pages were rendered with
        self.records: dict[str, PageRecord] = {}  # by the page's src_uri
        self._load()

    def _manifest(self) -> Path:
        return self.directory / "pages.json"

    def _html(self, fingerprint: str) -> Path:
        return self.directory / fingerprint[:2] / f"{fingerprint}.html"

    def _load(self) -> None:
        try:
            data = json.loads(self._manifest().read_text(encoding="utf-8"))
            if data.get("version") != VERSION:
                return
            self.nav = data["nav"]
            for src_uri, raw in data["pages"].items():
                sitemap, card = raw.get("sitemap"), raw.get("card")
                self.records[src_uri] = PageRecord(
                    raw["fingerprint"],
                    tuple(sitemap) if sitemap else None,
                    tuple(card) if card else None,
                    raw["size"],
                    raw["mtime_ns"],
                )
        except (OSError, ValueError, KeyError, TypeError):
            self.nav, self.records = "", {}  # no cache, or a damaged one: render everything

    def lookup(self, src_uri: str, fingerprint: str) -> PageRecord | None:
        record = self.records.get(src_uri)
        if record is None or record.fingerprint != fingerprint:
            return None
        try:
            stat = self._html(fingerprint).stat()
        except OSError:
            return None
        if (stat.st_size, stat.st_mtime_ns) != (record.size, record.mtime_ns):
            return None
        return record

    def publish(self, record: PageRecord, target: Path) -> None:
        link_or_copy(self._html(record.fingerprint), target)

    def store(self, src_uri: str, record: PageRecord, built: Path) -> None:
        """Keep the page just written at `built` under its fingerprint."""
        cached = self._html(record.fingerprint)
        if not cached.is_file():
            link_or_copy(built, cached)
        stat = cached.stat()
        self.records[src_uri] = replace(record, size=stat.st_size, mtime_ns=stat.st_mtime_ns)

    def save(self, nav: str, keep: set[str]) -> None:
        """Write the manifest for the pages in `keep` and delete every other cached page."""
        self.nav = nav
        self.records = {k: v for k, v in self.records.items() if k in keep}
        used = {f"{r.fingerprint}.html" for r in self.records.values()}
        self.directory.mkdir(parents=True, exist_ok=True)
        for sub in self.directory.iterdir():
            if sub.is_dir():
                for cached in sub.iterdir():
                    if cached.name not in used:
                        cached.unlink(missing_ok=True)
        data = {
            "version": VERSION,
            "nav": nav,
            "pages": {k: asdict(v) for k, v in sorted(self.records.items())},
        }
        replace_file(self._manifest(), json.dumps(data))  # one-shot: the C encoder
