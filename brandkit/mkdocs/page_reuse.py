"""Which brandkit pages a build renders, and the finished copies it publishes for the others.

Every post and listing page gets a fingerprint (`fingerprints`). A page whose fingerprint is
that of a page in the page cache (`page_cache`), with the cached file intact, is not handed to
MkDocs as a documentation page: its Markdown file is marked `InclusionLevel.EXCLUDED` (so links
to it from the user's pages still resolve to its URL) and the cached HTML is added as a
generated static file at the page's address, which MkDocs copies into the site. Its sitemap
entry and social card are put back from the cache's record. Every page brandkit renders goes into
the cache after the build.

Only pages outside the navigation are reused (the navigation shows pages MkDocs must read), and
only pages no page of the user's links to by its Markdown file (MkDocs would note such a link to
an excluded page). With a MkDocs plugin other than search and brandkit, which may change any
page, nothing is reused. `brandkit build` and `brandkit serve` keep separate caches (a server
shows drafts and its own site URL).
"""

from __future__ import annotations

import logging
import posixpath
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

from brandkit import cards
from brandkit.mkdocs.fingerprints import (
    LISTING_KINDS,
    digest,
    listing_fingerprint,
    nav_fingerprint,
    post_cards,
    post_fingerprint,
    site_fingerprint,
)
from brandkit.mkdocs.seo import PageExtras, SeoBuild
from brandkit.page_cache import PageCache, PageRecord

if TYPE_CHECKING:
    from brandkit.mkdocs.plugin import BrandkitPlugin

log = logging.getLogger("mkdocs.plugins.brandkit")
# Plugins known to change nothing on brandkit's pages that their fingerprints do not cover.
KNOWN_PLUGINS = frozenset({"search", "material/search", "brandkit"})
# A link to a Markdown file as written in a page's source (or in the nav configuration).
_MD_LINK = re.compile(r"""[^\s()\[\]<>"'`]*\.md\b""")


def known_plugins(config: Any) -> bool:
    """Whether the plugins are only search and brandkit."""
    return set(config.plugins.keys()) <= KNOWN_PLUGINS


class PageReuse:
    """One build's choice of pages to publish from the cache: `plan` (on_files), `select`
    (on_nav), `finish` (on_post_build)."""

    def __init__(self) -> None:
        self.enabled = False
        self.cache: PageCache | None = None
        self.own: dict[str, str] = {}  # src_uri -> digest of what the page itself shows
        self.site = ""
        self.linked: set[str] = set()  # Markdown files the user's pages link to
        self.fingerprints: dict[str, str] = {}
        self.reused: dict[str, PageRecord] = {}
        self.nav_key = ""
        self.serving = False

    def plan(
        self, plugin: BrandkitPlugin, files: Files, config: MkDocsConfig, md_urls: Mapping[str, str]
    ) -> None:
        assert plugin.model is not None
        model, settings = plugin.model, plugin.settings
        self.enabled = known_plugins(config)
        self.serving = plugin.serving
        self.own, self.fingerprints, self.reused = {}, {}, {}
        if not self.enabled:
            self.cache = None
            return
        mode = "serve" if plugin.serving else "build"
        self.cache = PageCache(plugin.root / plugin.options.cache_dir / "pages" / mode)
        digests = post_cards(model, lambda post: plugin.images.get(post.cover))
        self.site = site_fingerprint(
            config,
            md_urls,
            plugin.renderer.salt,
            plugin.serving,
            digests,
            plugin.seo.owner,
            plugin.seo.card_style,
        )
        for src_uri, spec in plugin.pages.items():
            if spec.keep_body:
                continue
            if spec.kind == "post":
                post = spec.data["post"]
                # Links to its copies on dev.to/Hashnode, and the webmentions it shows.
                shown = (
                    plugin.syndicated.get(post.id, ()),
                    plugin.mentions.for_post(post, settings),
                )
                self.own[src_uri] = post_fingerprint(model, post, digests, shown)
            elif spec.kind in LISTING_KINDS:
                self.own[src_uri] = listing_fingerprint(model, spec, digests)
        own_pages = {src for src, spec in plugin.pages.items() if not spec.keep_body}
        self.linked = _linked_sources(files, own_pages, config)

    def select(
        self, nav: Any, files: Files, config: MkDocsConfig, titles: Mapping[str, str]
    ) -> None:
        """Publish the cached copy of every page whose fingerprint, navigation included, has
        one; `titles` are the titles brandkit gives its own pages."""
        if not self.enabled or self.cache is None:
            return
        self.nav_key = nav_fingerprint(nav, lambda item: _title_of(item, titles))
        for src_uri, own in self.own.items():
            fingerprint = self.fingerprints[src_uri] = digest(self.site, self.nav_key, own)
            file = files.get_file_from_path(src_uri)
            if file is None or file.inclusion != InclusionLevel.NOT_IN_NAV:
                continue
            if src_uri in self.linked:
                continue
            if files.get_file_from_path(file.dest_uri) is not None:
                continue
            published = self._cached_copy(src_uri, fingerprint, config, file.dest_uri)
            if published is None:
                continue
            record, copy = published
            if record.card is not None and not cards.intact(Path(record.card[0])):
                continue
            file.inclusion = InclusionLevel.EXCLUDED
            files.append(copy)
            self.reused[src_uri] = record

    def _cached_copy(
        self, src_uri: str, fingerprint: str, config: MkDocsConfig, dest_uri: str
    ) -> tuple[PageRecord, File] | None:
        """The page's record and the generated file that publishes its cached copy. A build
        hands MkDocs the bytes it has just checked (no second read); a server, which rewrites
        only files MkDocs finds modified, the cached file itself (copied when it is newer)."""
        assert self.cache is not None
        if self.serving:
            found = self.cache.lookup(src_uri, fingerprint)
            if found is None:
                return None
            record, path = found
            return record, File.generated(config, dest_uri, abs_src_path=str(path))
        read = self.cache.read(src_uri, fingerprint)
        if read is None:
            return None
        record, html = read
        return record, File.generated(config, dest_uri, content=html)

    def finish(self, files: Files, seo: SeoBuild, site_dir: str) -> None:
        """Put the reused pages' sitemap entries and cards into the site, and keep a copy of
        every page rendered in this build for the next."""
        if self.cache is None:
            return
        for record in self.reused.values():
            seo.replay(PageExtras(record.sitemap, record.card))
        for src_uri, fingerprint in self.fingerprints.items():
            file = files.get_file_from_path(src_uri)
            if src_uri in self.reused or file is None:
                continue
            built = Path(site_dir) / file.dest_uri
            extras = seo.records.get(file.url)
            if extras is not None and built.is_file():
                record = PageRecord(fingerprint, "", extras.sitemap, extras.card)
                self.cache.store(src_uri, record, built)
        self.cache.save(self.nav_key, set(self.fingerprints))
        reused = len(self.reused)
        log.debug("pages: %d rendered, %d from cache", len(self.fingerprints) - reused, reused)


def _title_of(item: Any, titles: Mapping[str, str]) -> str:
    """A navigation entry's title, or (for a page MkDocs has not read yet) what it comes from:
    brandkit's title for its own pages, the page's source for the user's."""
    title = getattr(item, "title", None)
    if title is not None:
        return str(title)
    file = getattr(item, "file", None)
    if file is None:
        return ""
    if file.src_uri in titles:
        return titles[file.src_uri]
    return digest(file.content_bytes)


def _linked_sources(files: Files, own_pages: set[str], config: MkDocsConfig) -> set[str]:
    """The Markdown files the user's pages and the nav may link to, as `src_uri`s. Each link
    is read both from the page's folder and from the docs folder, so none is missed."""
    found = {posixpath.normpath(unquote(m)).lstrip("/") for m in _MD_LINK.findall(repr(config.nav))}
    for file in files.documentation_pages():
        if file.src_uri in own_pages:
            continue
        try:
            text = file.content_string
        except (OSError, ValueError):
            continue  # MkDocs reports it when it reads the page
        folder = posixpath.dirname(file.src_uri)
        for written in _MD_LINK.findall(text):
            path = unquote(written)
            found.add(posixpath.normpath(path).lstrip("/"))
            found.add(posixpath.normpath(posixpath.join(folder, path)))
    return found
