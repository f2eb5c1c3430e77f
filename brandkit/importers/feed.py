"""Any RSS or Atom feed with full content, read by feedparser, entries converted to Markdown."""

from __future__ import annotations

import calendar
import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from brandkit.content.mdlinks import rewrite_links
from brandkit.exceptions import BrandkitError
from brandkit.importers.context import Context, relative_to_posts
from brandkit.importers.convert import html_to_markdown, slug_of
from brandkit.importers.model import Asset, Batch, Imported, Problem

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif")
MAX_IMAGE_BYTES = 20 * 1024 * 1024

_TAGS_RE = re.compile(r"<[^>]+>")


def read_feed(source: str, ctx: Context) -> Batch:
    import feedparser

    parsed = feedparser.parse(source)
    if not parsed.entries:
        reason = parsed.get("bozo_exception") or "no entries"
        raise BrandkitError(f"{source}: not a readable RSS/Atom feed ({reason}).")
    site_host = urlsplit(ctx.site_url).hostname if ctx.site_url else None
    batch = Batch()
    for index, entry in enumerate(parsed.entries):
        shown = f"{_short(source)}#{index + 1}"
        post = _read_entry(entry, shown, site_host, batch.problems)
        if post is not None:
            _fetch_images(post, str(entry.get("link") or ""), source, ctx, batch.problems)
            batch.posts.append(post)
    return batch


def _fetch_images(
    post: Imported, link: str, source: str, ctx: Context, problems: list[Problem]
) -> None:
    """Images on the old blog's own host are downloaded next to the posts, at their old path, so
    the post no longer depends on the old site; images elsewhere (a CDN) stay linked. Only a feed
    read over HTTP(S) has its images fetched, from the feed's own host."""
    import urllib.request

    if not link.startswith(("http://", "https://")):
        return
    host = urlsplit(link).netloc
    feed_host = urlsplit(source).netloc if source.startswith(("http://", "https://")) else None
    fetched: dict[str, str] = {}

    def fix(url: str) -> str:
        absolute = urljoin(link, url)
        parts = urlsplit(absolute)
        if parts.netloc != host or not parts.path.lower().endswith(IMAGE_SUFFIXES):
            return url
        dest = parts.path.lstrip("/")
        if parts.netloc != feed_host:
            problems.append(
                Problem(
                    post.origin,
                    0,
                    f"image {absolute} is on the old site and was "
                    f"not downloaded: save it as content/{dest}",
                )
            )
            return url
        if dest not in fetched:
            try:
                with urllib.request.urlopen(absolute, timeout=20) as response:
                    data = response.read(MAX_IMAGE_BYTES + 1)
            except (OSError, ValueError) as exc:
                problems.append(
                    Problem(
                        post.origin,
                        0,
                        f"image {absolute} could not be "
                        f"downloaded ({exc}); the post still links to it",
                    )
                )
                return absolute
            if len(data) > MAX_IMAGE_BYTES:
                problems.append(Problem(post.origin, 0, f"image {absolute} is over 20 MB; linked"))
                return absolute
            post.assets.append(Asset(None, dest, data))
            fetched[dest] = relative_to_posts(dest, ctx)
        return fetched[dest]

    post.body = rewrite_links(post.body, fix)


def _short(source: str) -> str:
    return source if len(source) <= 60 else "..." + source[-57:]


def _read_entry(
    entry: Any, shown: str, site_host: str | None, problems: list[Problem]
) -> Imported | None:
    title = _TAGS_RE.sub("", str(entry.get("title") or "")).strip()
    shown = f"{shown} ({title or 'untitled'})"
    struct = entry.get("published_parsed") or entry.get("updated_parsed")
    if not title or struct is None:
        problems.append(Problem(shown, 0, "entry without a title or a date; skipped"))
        return None
    when = datetime.fromtimestamp(calendar.timegm(struct), UTC)
    updated_struct = entry.get("updated_parsed")
    updated = (
        datetime.fromtimestamp(calendar.timegm(updated_struct), UTC) if updated_struct else None
    )
    contents = [c for c in entry.get("content") or [] if c.get("value")]
    html = next((c["value"] for c in contents if "html" in (c.get("type") or "")), None)
    html = html or (contents[0]["value"] if contents else None)
    summary = str(entry.get("summary") or "")
    if html is None:
        problems.append(
            Problem(
                shown,
                0,
                "the feed carries only a summary, not the full post; "
                "imported the summary: complete the post by hand",
            )
        )
        html = summary
        description = ""
    else:
        description = " ".join(_TAGS_RE.sub(" ", summary).split())
        description = "" if len(description) > 300 or not description else description
    link = str(entry.get("link") or "")
    path = urlsplit(link).path
    name = path.rstrip("/").rsplit("/", 1)[-1]
    name = re.sub(r"\.html?$", "", name)
    slug = slug_of(name) or slug_of(title)
    old: list[str] = []
    if path and site_host and urlsplit(link).hostname == site_host:
        old.append(path)
    elif link:
        problems.append(
            Problem(
                shown,
                0,
                f"old URL {link} is on another site; no redirect page "
                "(set up a redirect there if you can)",
            )
        )
    return Imported(
        origin=shown,
        title=title,
        date=when,
        updated=updated if updated and updated != when else None,
        slug=slug,
        body=html_to_markdown(html),
        description=description,
        tags=[str(t.get("term")) for t in entry.get("tags") or [] if t.get("term")],
        cover=_cover(entry),
        old_paths=old,
    )


def _cover(entry: Any) -> str | None:
    for key in ("media_content", "media_thumbnail"):
        for item in entry.get(key) or []:
            url = item.get("url")
            if url and str(url).startswith("http"):
                return str(url)
    for link in entry.get("links") or []:
        if link.get("rel") == "enclosure" and str(link.get("type", "")).startswith("image/"):
            return str(link.get("href"))
    return None
