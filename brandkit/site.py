"""Assemble the whole site model from posts: render once, resolve links, list, make feeds.

This is the pure pipeline the MkDocs plugin adapts; commands such as the newsletter reuse it
to see exactly what a build would publish.
"""

from __future__ import annotations

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


def build_site_model(
    posts: Sequence[Post],
    settings: Settings,
    renderer: Renderer,
    md_urls: Mapping[str, str],
) -> SiteModel:
    """Everything brandkit generates for `posts` (already filtered for visibility)."""
    rendered = renderer.render_all(posts)
    urls = dict(md_urls)
    urls.update({p.source: p.url for p in posts})
    page_html: dict[str, str] = {}
    broken: list[tuple[Post, str]] = []
    for post in posts:
        bad: list[str] = []
        page_html[post.source] = resolve_links(
            rendered[post.source].html, post.source, post.url, urls, bad
        )
        broken.extend((post, url) for url in bad)
    blog = build_blog(posts, settings)
    model = SiteModel(settings, blog, rendered, page_html, broken_links=broken)
    if settings.feeds:
        model.feed_files = _feed_files(model)
    return model


def _feed_files(model: SiteModel) -> dict[str, bytes]:
    settings = model.settings
    items: dict[str, feeds.FeedItem] = {}

    def item(post: Post) -> feeds.FeedItem:
        if post.source not in items:
            items[post.source] = feeds.make_item(
                settings, post, model.rendered[post.source], model.page_html[post.source]
            )
        return items[post.source]

    limit = settings.feed_items
    out: dict[str, bytes] = {}
    groups = [("", None, "", model.blog.posts)]
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
        out[paths.rss] = feeds.rss(feed)
        out[paths.atom] = feeds.atom(feed)
        out[paths.json] = feeds.json_feed(feed)
    return out
