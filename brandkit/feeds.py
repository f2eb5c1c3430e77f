"""RSS 2.0 and Atom 1.0 through feedgen, JSON Feed 1.1 through json.dumps (it is plain JSON).

Item ids are the posts' permanent ids (urn:uuid: or tag: URIs), never their URLs, so a changed
slug or URL scheme never makes an old post look new to feed readers. Every date is timezone-aware
and the feed's own date is the newest item's, so the output only changes when content does.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from brandkit import __version__
from brandkit.content.links import absolute_url
from brandkit.content.models import Author, Post, Rendered, Settings

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class FeedItem:
    id: str
    url: str
    title: str
    content_html: str  # every link and image absolute
    summary: str
    published: datetime
    updated: datetime
    tags: tuple[str, ...]
    authors: tuple[Author, ...]
    image: str | None


@dataclass(frozen=True)
class Feed:
    title: str
    description: str
    home_url: str
    rss_url: str
    atom_url: str
    json_url: str
    language: str
    authors: tuple[Author, ...]
    items: tuple[FeedItem, ...]
    # The XSL stylesheet that lets a browser show the feed as a page explaining what a feed is
    # (relative to the feed's own URL, so it works under any site path); RSS and Atom only.
    stylesheet: str | None = None

    @property
    def updated(self) -> datetime:
        return max((i.updated for i in self.items), default=EPOCH)


@dataclass(frozen=True)
class FeedPaths:
    rss: str
    atom: str
    json: str


# Part of the feed cache key: bump it when what a feed file holds changes.
FORMAT = "2"  # 2: the XSL stylesheet instruction
FEED_STYLESHEET = "assets/brandkit/feed.xsl"  # site-relative; shipped with brandkit's theme


def feed_paths(base: str) -> FeedPaths:
    """Site-relative paths of the three feeds under `base` ('' for the site root)."""
    return FeedPaths(rss=f"{base}feed.xml", atom=f"{base}atom.xml", json=f"{base}feed.json")


def make_item(settings: Settings, post: Post, rendered: Rendered, content_html: str) -> FeedItem:
    """A feed item from a post and its HTML with every link absolute (`links.absolute_links`)."""
    url = absolute_url(settings, post.url)
    authors = tuple(a for key in post.authors if (a := settings.author(key)) is not None)
    if not authors and settings.default_author is not None:
        authors = (settings.default_author,)
    return FeedItem(
        id=post.id,
        url=url,
        title=post.title,
        content_html=content_html,
        summary=rendered.summary,
        published=post.date,
        updated=post.last_modified,
        tags=post.tags,
        authors=authors,
        image=absolute_url(settings, post.cover) if post.cover else None,
    )


def make_feed(
    settings: Settings,
    items: Sequence[FeedItem],
    *,
    base: str = "",
    title: str | None = None,
    home: str = "",
) -> Feed:
    paths = feed_paths(base)
    return Feed(
        title=title or settings.site_name,
        description=settings.site_description or f"Posts from {settings.site_name}",
        home_url=absolute_url(settings, home),
        rss_url=absolute_url(settings, paths.rss),
        atom_url=absolute_url(settings, paths.atom),
        json_url=absolute_url(settings, paths.json),
        language=settings.language,
        authors=settings.authors[:1],
        items=tuple(items[: settings.feed_items]),
        stylesheet=posixpath.relpath(FEED_STYLESHEET, base or "."),
    )


# Control characters a post may hold (terminal output pasted in) that XML 1.0 cannot carry.
_NOT_XML_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xml_text(text: str) -> str:
    return _NOT_XML_RE.sub("", text)


class FeedWriter:
    """Writes feeds that share items (the blog's and each tag's hold the same posts): each item's
    feedgen entry is made once, and one generator makes a feed's RSS and Atom.
    """

    def __init__(self) -> None:
        self._entries: dict[FeedItem, Any] = {}

    def write(self, feed: Feed) -> FeedFiles:
        fg = self._generator(feed)
        rss_xml = fg.rss_str(pretty=True)
        # The same channel as Atom: only the "self" link differs (home page last, as above).
        fg.link(
            [
                {"href": feed.atom_url, "rel": "self", "type": "application/atom+xml"},
                {"href": feed.home_url, "rel": "alternate"},
            ],
            replace=True,
        )
        return FeedFiles(rss_xml, fg.atom_str(pretty=True), self.json(feed))

    def _generator(self, feed: Feed) -> Any:
        from feedgen.feed import FeedGenerator

        fg = FeedGenerator()
        fg.id(feed.home_url)
        fg.title(feed.title)
        fg.description(feed.description)
        # feedgen uses the last link as RSS's <link>, so the home page must come after "self".
        fg.link(href=feed.rss_url, rel="self", type="application/rss+xml")
        fg.link(href=feed.home_url, rel="alternate")
        fg.language(feed.language)
        fg.generator("brandkit", version=__version__)
        if feed.stylesheet:
            # feedgen's documented extension hook: the processing instruction before the root.
            fg.register_extension("brandkit_stylesheet", _Stylesheet, _NoEntryExtension)
            fg.brandkit_stylesheet.href = feed.stylesheet
        for author in feed.authors:
            fg.author(_author(author))
        for item in reversed(feed.items):  # feedgen prepends entries: add oldest first
            fg.add_entry(self._entry(item))
        # Set last: feedgen stamps "now" by default, which would change the file on every build.
        fg.updated(feed.updated)
        return fg

    def _entry(self, item: FeedItem) -> Any:
        found = self._entries.get(item)
        if found is None:
            from feedgen.entry import FeedEntry

            fe = found = self._entries[item] = FeedEntry()
            fe.id(item.id)
            fe.guid(item.id, permalink=False)
            fe.title(_xml_text(item.title))
            fe.link(href=item.url, rel="alternate")
            fe.published(item.published)
            fe.updated(item.updated)
            if item.summary:
                fe.summary(_xml_text(item.summary))
            fe.content(_xml_text(item.content_html), type="html")
            for tag in item.tags:
                fe.category(term=tag)
            for author in item.authors:
                fe.author(_author(author))
        return found

    def json(self, feed: Feed) -> bytes:
        doc: dict[str, object] = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": feed.title,
            "home_page_url": feed.home_url,
            "feed_url": feed.json_url,
            "description": feed.description,
            "language": feed.language,
            "authors": [_json_author(a) for a in feed.authors],
            "items": [_json_item(i) for i in feed.items],
        }
        return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode()


@dataclass(frozen=True)
class FeedFiles:
    rss: bytes
    atom: bytes
    json: bytes


class _Stylesheet:
    """A feedgen feed extension adding `<?xml-stylesheet type="text/xsl" href="...">` before the
    RSS or Atom root element (feedgen serialises the whole document, processing instructions
    included)."""

    href = ""

    def extend_ns(self) -> dict[str, str]:
        return {}

    def extend_rss(self, feed: Any) -> Any:
        return self._add(feed)

    def extend_atom(self, feed: Any) -> Any:
        return self._add(feed)

    def _add(self, feed: Any) -> Any:
        from lxml import etree  # type: ignore[import-untyped]  # feedgen's own XML library

        feed.addprevious(etree.ProcessingInstruction("xml-stylesheet", _pi_data(self.href)))
        return feed


class _NoEntryExtension:
    """Entries get nothing from the stylesheet extension."""

    def extend_ns(self) -> dict[str, str]:
        return {}

    def extend_rss(self, entry: Any) -> Any:
        return entry

    def extend_atom(self, entry: Any) -> Any:
        return entry


def _pi_data(href: str) -> str:
    escaped = href.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return f'type="text/xsl" href="{escaped}"'


# An author's fields under the names each format gives them (feedgen's RSS/Atom, JSON Feed 1.1).
_FEEDGEN_AUTHOR = (("name", "name"), ("email", "email"), ("url", "uri"))
_JSON_AUTHOR = (("name", "name"), ("url", "url"), ("avatar", "avatar"))


def _person(author: Author, names: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """The author's fields that are set, keyed as the format names them (name always)."""
    return {
        key: value for field, key in names if (value := getattr(author, field)) or key == "name"
    }


def _author(author: Author) -> dict[str, str]:
    return _person(author, _FEEDGEN_AUTHOR)


def _json_author(author: Author) -> Mapping[str, str]:
    return _person(author, _JSON_AUTHOR)


def _json_item(item: FeedItem) -> Mapping[str, object]:
    data: dict[str, object] = {
        "id": item.id,
        "url": item.url,
        "title": item.title,
        "content_html": item.content_html,
        "date_published": item.published.isoformat(),
        "date_modified": item.updated.isoformat(),
    }
    if item.summary:
        data["summary"] = item.summary
    if item.tags:
        data["tags"] = list(item.tags)
    if item.authors:
        data["authors"] = [_json_author(a) for a in item.authors]
    if item.image:
        data["image"] = item.image
    return data
