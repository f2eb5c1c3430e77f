"""Assemble the whole site model from posts: render once, resolve links, list, make feeds.

This is the pure pipeline the MkDocs plugin adapts; commands such as the newsletter reuse it
to see exactly what a build would publish.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from brandkit import feeds
from brandkit.content.links import resolve_links
from brandkit.content.models import Post, Rendered, Settings
from brandkit.content.render import Renderer
from brandkit.listings import Blog, build_blog, published, sort_newest_first


@dataclass
class SiteModel:
    settings: Settings
    blog: Blog
    rendered: dict[str, Rendered]  # by post source
    page_html: dict[str, str]  # by post source: HTML with links relative to the post's page
    feed_files: dict[str, bytes] = field(default_factory=dict)  # site-relative path -> bytes
    broken_links: list[tuple[Post, str]] = field(default_factory=list)

    def minutes(self, post: Post) -> int:
        return self.rendered[post.source].reading_minutes(self.settings.words_per_minute)

    def summary(self, post: Post) -> str:
        return self.rendered[post.source].summary


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


@dataclass
class SiteMemo:
    """Results kept between rebuilds of a long-running server, keyed by all of their inputs."""

    page_html: dict[tuple[str, ...], tuple[str, list[str]]] = field(default_factory=dict)
    feed_items: dict[tuple[object, ...], feeds.FeedItem] = field(default_factory=dict)
    feed_bytes: dict[str, bytes] = field(default_factory=dict)

    def trim(self, used: SiteMemo) -> None:
        self.page_html, self.feed_items, self.feed_bytes = (
            used.page_html,
            used.feed_items,
            used.feed_bytes,
        )


def build_site_model(
    posts: Sequence[Post],
    settings: Settings,
    renderer: Renderer,
    md_urls: Mapping[str, str],
    memo: SiteMemo | None = None,
) -> SiteModel:
    """Everything brandkit generates for `posts` (already filtered for visibility)."""
    memo = memo or SiteMemo()
    used = SiteMemo()
    rendered = renderer.render_all(posts)
    urls = dict(md_urls)
    urls.update({p.source: p.url for p in posts})
    urls_key = hashlib.sha256(repr(sorted(urls.items())).encode()).hexdigest()
    page_html: dict[str, str] = {}
    broken: list[tuple[Post, str]] = []
    for post in posts:
        key = (renderer.key(post), post.source, post.url, urls_key)
        hit = memo.page_html.get(key)
        if hit is None:
            bad: list[str] = []
            html = resolve_links(rendered[post.source].html, post.source, post.url, urls, bad)
            hit = (html, bad)
        used.page_html[key] = hit
        page_html[post.source] = hit[0]
        broken.extend((post, url) for url in hit[1])
    blog = build_blog(posts, settings)
    model = SiteModel(settings, blog, rendered, page_html, broken_links=broken)
    if settings.feeds:
        model.feed_files = _feed_files(model, memo, used)
    memo.trim(used)
    return model


def _feed_files(model: SiteModel, memo: SiteMemo, used: SiteMemo) -> dict[str, bytes]:
    settings = model.settings
    items: dict[str, feeds.FeedItem] = {}

    def item(post: Post) -> feeds.FeedItem:
        if post.source not in items:
            page = model.page_html[post.source]
            key = (settings, post, page)
            made = memo.feed_items.get(key) or feeds.make_item(
                settings, post, model.rendered[post.source], page
            )
            used.feed_items[key] = made
            items[post.source] = made
        return items[post.source]

    limit = settings.feed_items
    out: dict[str, bytes] = {}
    groups: list[tuple[str, str | None, str, tuple[Post, ...]]] = [("", None, "", model.blog.posts)]
    if settings.tag_feeds:
        groups += [
            (tag.url, f"{settings.site_name}: {tag.name}", tag.url, tag.posts)
            for tag in model.blog.tags
        ]
    for base, title, home, posts in groups:
        feed = feeds.make_feed(
            settings, [item(p) for p in posts[:limit]], base=base, title=title, home=home
        )
        paths = feeds.feed_paths(base)
        digest = hashlib.sha256(repr(feed).encode()).hexdigest()
        for path, write in (
            (paths.rss, feeds.rss),
            (paths.atom, feeds.atom),
            (paths.json, feeds.json_feed),
        ):
            key = f"{path}:{digest}"
            data = memo.feed_bytes.get(key)
            if data is None:
                data = write(feed)
            used.feed_bytes[key] = data
            out[path] = data
    return out
