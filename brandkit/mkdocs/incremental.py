"""Which brandkit pages a build renders, and where the HTML of the others comes from.

Every post and listing page gets a fingerprint: a digest of the site-wide inputs (brandkit,
MkDocs, mkdocs-material and Jinja versions; the whole MkDocs configuration; the theme files
brandkit and the user ship; every page's URL) and of what that page shows (the post and its
rendered HTML, its neighbours, tags and series; the posts a listing lists). After MkDocs has read
the pages, the navigation (titles and URLs of everything in it) is added. A page whose
fingerprint is unchanged is not rendered:

- `brandkit serve` keeps its site directory between rebuilds, so the page is already there;
- `brandkit build` writes into an empty directory and links the page from the page cache
  (`page_cache.py`), with its sitemap entry and social card.

Other pages (the home page, the user's own pages, portfolio pages) are few, and are always
rendered. When the user overrides templates (any .html under the theme's custom_dir), a
template may show anything about any post, so the listing data of every post joins the
site-wide inputs. With a MkDocs plugin other than search and brandkit, nothing is reused.
"""

from __future__ import annotations

import hashlib
import locale
import logging
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

from brandkit import __version__
from brandkit.content.models import Post
from brandkit.mkdocs.page_split import known_plugins
from brandkit.mkdocs.seo import PageExtras, SeoBuild
from brandkit.page_cache import PageCache, PageRecord

if TYPE_CHECKING:
    from brandkit.mkdocs.plugin import BrandkitPlugin, GeneratedPage
    from brandkit.site import SiteModel

log = logging.getLogger("mkdocs.plugins.brandkit")
LISTING_KINDS = frozenset({"index", "tags", "tag", "archive", "year", "series"})
# Configuration keys that never show in a page (and differ between runs of `serve`).
_IGNORED_KEYS = frozenset({"site_dir", "config_file_path", "dev_addr", "watch", "strict"})


def digest(*parts: Any) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()


@lru_cache(maxsize=1)
def _versions() -> tuple[str, ...]:
    found = [__version__]
    for name in ("mkdocs", "mkdocs-material", "jinja2", "pymdown-extensions", "markdown"):
        try:
            found.append(version(name))
        except PackageNotFoundError:
            found.append("")
    return tuple(found)


def stable(value: Any, depth: int = 0) -> Any:
    """A repr-able stand-in for a configuration value that is the same in every run."""
    if depth > 12:
        return "..."
    if isinstance(value, str | int | float | bool | type(None)):
        return value
    if callable(value) and not isinstance(value, Mapping):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', '')}"
    if isinstance(value, Mapping) or hasattr(value, "items"):
        try:
            items = list(value.items())
        except TypeError:
            items = []
        return sorted(((str(k), stable(v, depth + 1)) for k, v in items), key=lambda kv: kv[0])
    if isinstance(value, list | tuple | set | frozenset):
        result = [stable(v, depth + 1) for v in value]
        return sorted(result, key=repr) if isinstance(value, set | frozenset) else result
    text = repr(value)
    return type(value).__qualname__ if " at 0x" in text else text


def config_fingerprint(config: MkDocsConfig) -> str:
    parts: list[Any] = []
    for key, value in config.items():
        if key in _IGNORED_KEYS:
            continue
        if key == "plugins":
            value = [(name, type(p).__qualname__, stable(p.config)) for name, p in value.items()]
        elif key == "theme":
            value = (value.name, list(value.dirs), stable(dict(value.items())))
        parts.append((key, stable(value)))
    return digest(parts)


def theme_fingerprint(dirs: Iterable[str], custom_dir: str | None) -> tuple[str, bool]:
    """A digest of the theme files that are not part of an installed package (those are
    covered by its version), and whether the user's `custom_dir` overrides a template."""
    h = hashlib.sha256()
    overrides = False
    for directory in dirs:
        root = Path(directory)
        if "site-packages" in root.parts or "dist-packages" in root.parts:
            h.update(directory.encode())
            continue
        for path in sorted(root.rglob("*")):
            if path.is_file():
                h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
                if directory == custom_dir and path.suffix == ".html":
                    overrides = True
    return h.hexdigest(), overrides


def nav_fingerprint(nav: Any) -> str:
    def walk(items: Iterable[Any]) -> list[Any]:
        return [
            (
                type(item).__name__,
                str(getattr(item, "title", "")),
                getattr(item, "url", None),
                walk(item.children) if getattr(item, "children", None) else None,
            )
            for item in items
        ]

    return digest(walk(nav.items) if nav is not None else None)


def post_cards(model: SiteModel) -> dict[str, str]:
    """A digest per post of what a listing shows of it, by source."""
    return {
        post.source: digest(
            post,
            model.minutes(post),
            model.summary(post),
            [(t.name, t.url) for t in model.blog.tags_of(post)],
        )
        for post in model.blog.posts
    }


def post_fingerprint(
    model: SiteModel, post: Post, cards: Mapping[str, str], syndicated: tuple[Any, ...] = ()
) -> str:
    blog = model.blog
    series = blog.series_of(post)
    return digest(
        "post",
        model.renderer.key(post),
        cards[post.source],
        model.link_targets(post),
        [(p.url, p.title) if p else None for p in (blog.newer(post), blog.older(post))],
        (series.name, series.url, [(p.source, p.url, p.title) for p in series.posts])
        if series
        else None,
        syndicated,  # links to the post's copies on dev.to/Hashnode
        [(p.url, p.title, cards[p.source]) for p in blog.related(post)],
    )


def listing_fingerprint(model: SiteModel, spec: GeneratedPage, cards: Mapping[str, str]) -> str:
    """Everything a listing page shows: its own fields and a card of each post in it."""
    blog = model.blog
    parts: list[Any] = [spec.kind, spec.title, spec.description]
    for value in spec.data.values():
        posts = getattr(value, "posts", ())
        scalars = {k: v for k, v in vars(value).items() if k != "posts"}
        parts.append((repr(scalars), [cards[p.source] for p in posts]))
    if spec.kind == "tags":
        parts.append([(t.name, t.url, len(t.posts)) for t in blog.tags])
    if spec.kind == "archive":
        parts.append([(y.year, y.url, [cards[p.source] for p in y.posts]) for y in blog.years])
    return digest(parts)


def _always() -> bool:
    return True


def _never() -> bool:
    return False


class Incremental:
    """Chooses the pages to render (`select`, `after_read`) and completes the site (`finish`)."""

    def __init__(self) -> None:
        # What the site directory of a running `serve` holds, by src_uri, and its inputs.
        self.served: dict[str, str] = {}
        self.served_extras: dict[str, PageExtras] = {}
        self.served_nav = ""
        # This build.
        self.fingerprints: dict[str, str] = {}
        self.skipped: dict[str, str] = {}  # src_uri -> fingerprint of pages not rendered
        self.unread: set[str] = set()  # skipped pages MkDocs did not read either
        self.reused: dict[str, PageRecord] = {}  # build: page cache records of skipped pages
        self.cache: PageCache | None = None
        self.enabled = False

    def select(
        self,
        plugin: BrandkitPlugin,
        files: Files,
        config: MkDocsConfig,
        md_urls: Mapping[str, str],
    ) -> None:
        """Mark each page MkDocs should read and render (`File.is_modified`)."""
        assert plugin.model is not None
        model = plugin.model
        self.fingerprints, self.skipped, self.unread, self.reused = {}, {}, set(), {}
        serving = plugin.dirty and not plugin.split_pages
        self.enabled = known_plugins(config) and (serving or plugin.split_pages)
        self.cache = None
        if plugin.split_pages and self.enabled:
            self.cache = PageCache(plugin.root / plugin.options.cache_dir / "pages")
        theme, overrides = theme_fingerprint(config.theme.dirs, config.theme.custom_dir)
        cards = post_cards(model)
        site = digest(
            _versions(),
            locale.setlocale(locale.LC_TIME),  # month names in dates
            plugin.renderer.salt,
            config_fingerprint(config),
            theme,
            sorted(md_urls.items()),
            serving,
            digest(list(cards.values())) if overrides else None,
            # Post pages name the owner's schema.org Person (from resume.json and the profile,
            # not mkdocs.yml alone) as their publisher.
            repr(plugin.seo.owner),
        )
        for file in files.documentation_pages():
            spec = plugin.pages.get(file.src_uri)
            reuse = False
            if self.enabled and spec is not None and not spec.keep_body:
                if spec.kind == "post":
                    post = spec.data["post"]
                    own = post_fingerprint(model, post, cards, plugin.syndicated.get(post.id, ()))
                elif spec.kind in LISTING_KINDS:
                    own = listing_fingerprint(model, spec, cards)
                else:
                    own = ""
                if own:
                    fingerprint = self.fingerprints[file.src_uri] = digest(site, own)
                    reuse = self._reusable(file, fingerprint, serving)
            if reuse:
                self.skipped[file.src_uri] = self.fingerprints[file.src_uri]
                if file.inclusion == InclusionLevel.NOT_IN_NAV:
                    # Not read either; pages in the nav are, so their titles are known.
                    self.unread.add(file.src_uri)
            file.is_modified = (  # type: ignore[method-assign]
                _never if file.src_uri in self.unread else _always
            )

    def _reusable(self, file: File, fingerprint: str, serving: bool) -> bool:
        if serving:
            return (
                self.served.get(file.src_uri) == fingerprint and Path(file.abs_dest_path).is_file()
            )
        if self.cache is None:
            return False
        record = self.cache.lookup(file.src_uri, fingerprint)
        if record is not None:
            self.reused[file.src_uri] = record
        return record is not None

    def after_read(self, nav: Any, files: Files, config: MkDocsConfig, serving: bool) -> None:
        """Once MkDocs has read the pages: skip rendering the reusable ones, unless the
        navigation changed (every page shows it), in which case all of them are rendered."""
        if not self.skipped:
            return
        nav_key = nav_fingerprint(nav)
        previous = self.served_nav if serving else (self.cache.nav if self.cache else "")
        if nav_key != previous:
            from mkdocs.commands.build import _populate_page

            for src_uri in self.unread:
                file = files.get_file_from_path(src_uri)
                if file is not None and file.page is not None:
                    file.is_modified = _always  # type: ignore[method-assign]
                    _populate_page(file.page, config, files, dirty=True)
            for src_uri in self.skipped:
                file = files.get_file_from_path(src_uri)
                if file is not None:
                    file.is_modified = _always  # type: ignore[method-assign]
            self.skipped, self.unread, self.reused = {}, set(), {}
            return
        for src_uri in self.skipped:
            file = files.get_file_from_path(src_uri)
            if file is not None:
                file.is_modified = _never  # type: ignore[method-assign]

    def finish(self, files: Files, seo: SeoBuild, site_dir: str, nav: Any, serving: bool) -> None:
        """Put the pages that were not rendered into the site, with their sitemap entries and
        cards, and remember the rendered ones for the next build."""
        if not self.enabled:
            return
        nav_key = nav_fingerprint(nav)
        pages = {f.src_uri: f for f in files.documentation_pages()}
        if serving:
            extras: dict[str, PageExtras] = {}
            for src_uri, file in pages.items():
                if src_uri in self.skipped and src_uri in self.served_extras:
                    extras[src_uri] = self.served_extras[src_uri]
                    seo.replay(extras[src_uri], site_dir)
                elif file.url in seo.records:
                    extras[src_uri] = seo.records[file.url]
            self.served = {k: v for k, v in self.fingerprints.items() if k in extras}
            self.served_extras, self.served_nav = extras, nav_key
            return
        if self.cache is None:
            return
        for src_uri, record in self.reused.items():
            target = Path(site_dir) / pages[src_uri].dest_uri
            self.cache.publish(record, target)
            seo.replay(PageExtras(record.sitemap, record.card), site_dir)
        for src_uri, fingerprint in self.fingerprints.items():
            if src_uri in self.reused:
                continue
            file = pages[src_uri]
            built = Path(site_dir) / file.dest_uri
            found = seo.records.get(file.url)
            if found is not None and built.is_file():
                self.cache.store(src_uri, PageRecord(fingerprint, found.sitemap, found.card), built)
        self.cache.save(nav_key, set(self.fingerprints))

    def failed(self) -> None:
        """A build failed half-way: trust nothing in the site directory next time."""
        self.served, self.served_extras, self.served_nav = {}, {}, ""
