"""Typed models of a site's content. Pure data: no I/O, no MkDocs, no Click.

Everything downstream (listings, feeds, SEO, newsletter, syndication) works from these models,
so the renderer can be replaced without touching the product.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Author:
    key: str
    name: str
    email: str | None = None
    url: str | None = None
    avatar: str | None = None


@dataclass(frozen=True)
class Person:
    """The site owner as schema.org sees them (https://schema.org/Person); URLs are absolute."""

    name: str
    url: str | None = None
    image: str | None = None
    job_title: str | None = None
    description: str | None = None
    same_as: tuple[str, ...] = ()
    email: str | None = None


@dataclass(frozen=True)
class Settings:
    """What the core needs to know about the site, taken from mkdocs.yml by the adapter."""

    site_name: str
    site_url: str | None  # absolute, ends with "/"; None only when nothing needs absolute URLs
    site_description: str = ""
    language: str = "en"
    timezone: str = "UTC"
    posts_dir: str = "posts"  # folder under the docs dir holding one Markdown file per post
    blog_url: str = "blog/"  # where the blog index lives; post URLs are built under it
    post_url: str = "{blog}{slug}/"  # placeholders: blog, slug, year, month, day
    per_page: int = 10
    home_posts: int = 5
    words_per_minute: int = 220
    feeds: bool = True
    feed_items: int = 20
    tag_feeds: bool = True
    authors: tuple[Author, ...] = ()

    @property
    def default_author(self) -> Author | None:
        return self.authors[0] if self.authors else None

    def author(self, key: str) -> Author | None:
        return next((a for a in self.authors if a.key == key), None)


@dataclass(frozen=True)
class Post:
    """One blog post as written by the user, validated and normalised."""

    source: str  # path of the Markdown file relative to the docs dir, POSIX style
    id: str  # permanent id (any stable URI): feeds and ledgers key on it, never on the URL
    title: str
    date: datetime  # timezone-aware
    slug: str
    url: str  # site-relative URL path with a trailing slash, e.g. "blog/my-post/"
    body: str = field(repr=False)  # Markdown without front matter
    updated: datetime | None = None
    description: str = ""
    tags: tuple[str, ...] = ()
    series: str | None = None
    series_order: int | None = None  # place in the series; by date when not set
    draft: bool = False
    cover: str | None = None  # a site-relative path or an absolute URL
    canonical_url: str | None = None
    authors: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    source_hash: str = ""  # sha256 of the file's bytes: part of the render cache key
    # The front matter as parsed, for MkDocs' `page.meta` (its content is in `source_hash`).
    front_matter: dict[str, Any] = field(
        default_factory=dict, repr=False, compare=False, hash=False
    )

    @property
    def last_modified(self) -> datetime:
        return self.updated or self.date

    def is_published(self, now: datetime) -> bool:
        return not self.draft and self.date <= now


@dataclass(frozen=True)
class Rendered:
    """A post's Markdown rendered once to HTML (links still as the author wrote them)."""

    html: str
    toc: list[dict[str, Any]]  # Python-Markdown toc_tokens: level, id, name, children
    words: int
    summary: str  # plain text: the description, or the start of the first paragraph
    sections: list[list[str]] = field(default_factory=list)  # search: [anchor, title, text]
    links: list[str] = field(default_factory=list)  # .md link targets as written, in order

    @property
    def info(self) -> RenderInfo:
        anchors = tuple(anchor for anchor, _, _ in self.sections if anchor)
        return RenderInfo(self.words, self.summary, tuple(self.links), anchors)


@dataclass(frozen=True)
class RenderInfo:
    """The little of a rendered post that listings need, kept for every post in one index file
    so a warm build does not read the HTML of posts whose pages it does not render."""

    words: int
    summary: str
    links: tuple[str, ...]  # .md link targets as written: which other pages the HTML points to
    anchors: tuple[str, ...] = ()  # ids of the sections: what links from other pages may name

    def reading_minutes(self, words_per_minute: int) -> int:
        return max(1, round(self.words / words_per_minute))
