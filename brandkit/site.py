"""Assemble the whole site model from posts: render once, resolve links, list, make feeds.

This is the pure pipeline the MkDocs plugin adapts; commands such as the newsletter reuse it
to see exactly what a build would publish.

The model reads rendered posts lazily: listings need only each post's words, summary and link
targets (the renderer's index), and a post's HTML is read from the render cache when its page or
a feed needs it. Feeds are files in the cache named by a digest of everything they are made
from: `write_feeds` writes the missing ones (an unchanged feed is not generated again), so the
caller chooses when (the MkDocs plugin does it in its second page-building process).
"""

from __future__ import annotations

import functools
import hashlib
import os
import posixpath
import tempfile
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from brandkit import __version__, cache_file, feeds
from brandkit.content.links import absolute_links, absolute_url, resolve_links
from brandkit.content.models import Post, Rendered, Settings
from brandkit.listings import Blog, build_blog, published, sort_newest_first
from brandkit.render.markdown import Renderer
from brandkit.site_files import SiteFiles

# The cache files feeds are kept in (`brandkit.cache_file`).
FEED_KIND, FEED_VERSION = "feed", 1


@dataclass
class SiteMemo:
    """Results kept between rebuilds of a long-running server, keyed by all of their inputs."""

    page_html: dict[tuple[str, ...], str] = field(default_factory=dict)

    def trim(self, keys: set[tuple[str, ...]]) -> None:
        self.page_html = {k: v for k, v in self.page_html.items() if k in keys}


@dataclass
class SiteModel:
    settings: Settings
    blog: Blog
    renderer: Renderer
    urls: Mapping[str, str]  # every Markdown source (pages and posts) -> its site-relative URL
    memo: SiteMemo = field(default_factory=SiteMemo)
    feed_files: dict[str, Path] = field(default_factory=dict)  # site-relative path -> file
    feed_plan: list[FeedGroup] = field(default_factory=list)  # see `write_feeds`
    _targets: dict[str, list[tuple[str, str | None]]] = field(default_factory=dict, repr=False)
    broken_links: list[tuple[Post, str]] = field(default_factory=list)
    # Links to another post's #anchor that names none of its headings: (post, link as written).
    broken_anchors: list[tuple[Post, str]] = field(default_factory=list)

    def rendered(self, post: Post) -> Rendered:
        return self.renderer.get(post)

    def page_html(self, post: Post) -> str:
        """The post's HTML with its links made relative to the post's page."""
        key = (self.renderer.key(post), post.source, post.url, self.links_key(post))
        found = self.memo.page_html.get(key)
        if found is None:
            found = resolve_links(self.rendered(post).html, post.source, post.url, self.urls)
            if self.renderer.keep:
                self.memo.page_html[key] = found
        return found

    def absolute_html(self, post: Post) -> str:
        """The post's HTML for feeds: rendered without heading permalinks and code line anchors
        (`Renderer.for_feeds`), every link absolute."""
        rendered = self.renderer.for_feeds().get(post)
        url = absolute_url(self.settings, post.url)
        return absolute_links(rendered.html, post.source, post.url, self.urls, url)

    def link_targets(self, post: Post) -> list[tuple[str, str | None]]:
        """The Markdown files the post links to and their URLs: what its HTML depends on."""
        found = self._targets.get(post.source)
        if found is None:
            found = self._targets[post.source] = self._link_targets(post)
        return found

    def _link_targets(self, post: Post) -> list[tuple[str, str | None]]:
        base = posixpath.dirname(post.source)
        targets = []
        for written in self.renderer.info(post).links:
            path = written.partition("#")[0].partition("?")[0]
            target = posixpath.normpath(posixpath.join(base, path))
            targets.append((target, self.urls.get(target)))
        return targets

    def links_key(self, post: Post) -> str:
        return _digest(self.link_targets(post))

    def minutes(self, post: Post) -> int:
        return self.renderer.info(post).reading_minutes(self.settings.words_per_minute)

    def summary(self, post: Post) -> str:
        return self.renderer.info(post).summary


def build_now() -> datetime:
    """The moment that decides which scheduled posts are visible.

    BRANDKIT_NOW (ISO 8601) previews the site as of another date, e.g. to check a scheduled post.
    """
    value = os.environ.get("BRANDKIT_NOW")
    if value:
        when = datetime.fromisoformat(value)
        return when if when.tzinfo else when.replace(tzinfo=UTC)
    return datetime.now(UTC)


def visible_posts(posts: Sequence[Post], *, include_hidden: bool, now: datetime) -> list[Post]:
    return sort_newest_first(posts) if include_hidden else published(posts, now)


def build_site_model(
    posts: Sequence[Post],
    settings: Settings,
    renderer: Renderer,
    md_urls: Mapping[str, str],
    memo: SiteMemo | None = None,
    *,
    feed_dir: Path | None = None,
    blog: Blog | None = None,
    rendered: bool = False,
    files: Collection[str] | None = None,
) -> SiteModel:
    """Everything brandkit generates for `posts` (already filtered for visibility).

    Feeds are written under `feed_dir` (a temporary directory when None). `blog` is
    `build_blog(posts, settings)` if the caller has it; `rendered`: the caller has already
    made sure every post is rendered (`Renderer.render_all`). `files`: every file of the site's
    sources (docs-relative), when known: a post's link to a file (an image, a download) that
    is not among them is reported in `broken_links` like a link to a missing page."""
    if not rendered:
        renderer.render_all(posts)
    urls = dict(md_urls)
    urls.update({p.source: p.url for p in posts})
    blog = blog or build_blog(posts, settings)
    model = SiteModel(settings, blog, renderer, urls, memo or SiteMemo())
    by_source = {p.source: p for p in blog.posts}
    for post in blog.posts:
        for written, (target, url) in zip(
            renderer.info(post).links, model.link_targets(post), strict=True
        ):
            if url is None if target.endswith(".md") else _missing_file(target, files):
                model.broken_links.append((post, written))
            fragment = written.partition("#")[2]
            linked = by_source.get(target)
            if fragment and linked is not None and fragment not in renderer.info(linked).anchors:
                model.broken_anchors.append((post, written))
    if settings.feeds:
        model.feed_plan = _plan_feeds(model, feed_dir or Path(tempfile.mkdtemp()))
        model.feed_files = {k: v for g in model.feed_plan for k, v in g.files.items()}
    model.memo.trim(
        {
            (renderer.key(p), p.source, p.url, model.links_key(p))
            for p in blog.posts
            if renderer.keep
        }
    )
    renderer.save_index(posts)
    return model


def _missing_file(target: str, files: Collection[str] | None) -> bool:
    """Whether `target` names a file (it has an extension) that the sources lack. Links to
    folders or pages by URL (`../archive/`) are not checked."""
    name = posixpath.basename(target)
    if files is None or "." not in name.strip(".") or name.endswith((".html", ".htm")):
        return False
    return target not in files


def _digest(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()


@dataclass(frozen=True)
class FeedGroup:
    """The three feeds (RSS, Atom, JSON) of the whole blog or of one tag."""

    base: str
    title: str | None
    home: str
    posts: tuple[Post, ...]
    files: dict[str, Path]  # site-relative path -> cached file (named by a digest of inputs)

    @property
    def written(self) -> bool:
        """Whether its cache files exist (`publish_feeds` checks that they are intact)."""
        return all(f.is_file() for f in self.files.values())


def _feed_groups(
    blog: Blog, settings: Settings
) -> list[tuple[str, str | None, str, tuple[Post, ...]]]:
    """(folder, title, home, posts) of each feed: the site's, and each tag's when they are on."""
    groups: list[tuple[str, str | None, str, tuple[Post, ...]]] = [("", None, "", blog.posts)]
    if settings.tag_feeds:
        groups += [
            (tag.url, f"{settings.site_name}: {tag.name}", tag.url, tag.posts) for tag in blog.tags
        ]
    return groups


def feed_posts(blog: Blog, settings: Settings) -> list[Post]:
    """The posts some feed carries, each once: they are rendered for feeds (`for_feeds`)."""
    if not settings.feeds:
        return []
    chosen = {
        p.source: p
        for _, _, _, posts in _feed_groups(blog, settings)
        for p in posts[: settings.feed_items]
    }
    return list(chosen.values())


def _plan_feeds(model: SiteModel, directory: Path) -> list[FeedGroup]:
    settings = model.settings
    groups = _feed_groups(model.blog, settings)
    plan = []
    feed_renderer = model.renderer.for_feeds()
    for base, title, home, posts in groups:
        chosen = posts[: settings.feed_items]
        digest = _digest(
            __version__,
            feeds.FORMAT,
            settings,
            base,
            title,
            home,
            [(p, feed_renderer.key(p), model.link_targets(p)) for p in chosen],
        )
        paths = feeds.feed_paths(base)
        files = {
            paths.rss: directory / digest[:2] / f"{digest}.rss.xml",
            paths.atom: directory / digest[:2] / f"{digest}.atom.xml",
            paths.json: directory / digest[:2] / f"{digest}.json",
        }
        plan.append(FeedGroup(base, title, home, chosen, files))
    if feed_renderer is not model.renderer:  # the page renderer's index is saved by the caller
        feed_renderer.save_index(feed_posts(model.blog, settings))
    return plan


def write_feeds(model: SiteModel) -> None:
    """Write the feed files that are not in the cache yet."""
    writer = FeedWriter(model)
    for group in model.feed_plan:
        if not group.written:
            writer.write(group)


def publish_feeds(model: SiteModel, site: SiteFiles, published: dict[str, Path]) -> None:
    """Copy every feed from the cache into the site, writing again any whose cache file is
    missing or damaged (a checksummed cache file, `brandkit.cache_file`). `published`: what an
    earlier build into the same `site_dir` copied where (cache files are named by a digest of
    their inputs, so the same name is the same feed); updated."""
    writer = FeedWriter(model)
    for group in model.feed_plan:
        targets = [site.site / path for path in group.files]
        if all(published.get(p) == f for p, f in group.files.items()) and all(
            t.is_file() for t in targets
        ):
            continue
        payloads = functools.cache(functools.partial(_group_payloads, writer, group))
        for index, (path, cached) in enumerate(group.files.items()):
            site.put(path, cached.name, functools.partial(_nth, payloads, index))
            published[path] = cached


def _nth(payloads: Callable[[], list[bytes]], index: int) -> bytes:
    return payloads()[index]


def _group_payloads(writer: FeedWriter, group: FeedGroup) -> list[bytes]:
    """The bytes of a feed group's files, read from the cache, or written again if any entry is
    missing or damaged. Called only when one of them is not kept from the previous site."""
    found = [cache_file.read(f, FEED_KIND, FEED_VERSION) for f in group.files.values()]
    payloads = [data for data in found if data is not None]
    return payloads if len(payloads) == len(found) else writer.write(group)


class FeedWriter:
    """Makes the feeds of a group and stores them in the cache (each post's item made once)."""

    def __init__(self, model: SiteModel) -> None:
        self.model = model
        self.items: dict[str, feeds.FeedItem] = {}
        self.writer = feeds.FeedWriter()

    def _item(self, post: Post) -> feeds.FeedItem:
        found = self.items.get(post.source)
        if found is None:
            model = self.model
            found = self.items[post.source] = feeds.make_item(
                model.settings, post, model.rendered(post), model.absolute_html(post)
            )
        return found

    def write(self, group: FeedGroup) -> list[bytes]:
        feed = feeds.make_feed(
            self.model.settings,
            [self._item(p) for p in group.posts],
            base=group.base,
            title=group.title,
            home=group.home,
        )
        made = self.writer.write(feed)
        payloads = [made.rss, made.atom, made.json]
        for data, target in zip(payloads, group.files.values(), strict=True):
            cache_file.write(target, FEED_KIND, FEED_VERSION, data)
        return payloads


def prune_feeds(model: SiteModel) -> None:
    """Remove cached feed files this build does not use."""
    used = {f.name for f in model.feed_files.values()}
    directories = {f.parent.parent for f in model.feed_files.values()}
    for directory in directories:
        for sub in directory.iterdir():
            for old in sub.iterdir() if sub.is_dir() else ():
                if old.name not in used and not old.name.endswith(".tmp"):
                    old.unlink(missing_ok=True)
