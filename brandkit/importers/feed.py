"""Any RSS or Atom feed with full content, read by feedparser, entries converted to Markdown."""

from __future__ import annotations

import calendar
import http.client
import re
import urllib.error
import urllib.request
from datetime import UTC, datetime
from html.entities import name2codepoint
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit
from xml.sax import SAXParseException

from brandkit.content.mdlinks import rewrite_links
from brandkit.errors import BrandkitError
from brandkit.hookspecs import hookimpl
from brandkit.importers.context import Context, relative_to_posts
from brandkit.importers.convert import html_to_markdown, slug_of
from brandkit.importers.model import Asset, Batch, Imported, Importer, Problem, is_url

USER_AGENT = "brandkit-import (+https://pypi.org/project/brandkit/)"
FETCH_TIMEOUT = 30.0
MAX_FEED_BYTES = 50 * 1024 * 1024
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif")
MAX_IMAGE_BYTES = 20 * 1024 * 1024

_TAGS_RE = re.compile(r"<[^>]+>")
_ENTITY_RE = re.compile(rb"&(?!(?:amp|lt|gt|quot|apos);)([A-Za-z][A-Za-z0-9]*);")


def read_feed(source: str, ctx: Context) -> Batch:
    import feedparser

    if source.startswith(("http://", "https://")):
        data, headers = _download(source)
        parsed = feedparser.parse(data, response_headers=headers)
    else:
        path = Path(source)
        if not path.is_file():
            raise BrandkitError(f"{source}: no such file; give the path or URL of the feed.")
        data = path.read_bytes()
        parsed = feedparser.parse(data)
    if isinstance(parsed.get("bozo_exception"), SAXParseException):
        # feedparser falls back to a forgiving parser; HTML entities such as &nbsp; are
        # common and harmless, but a cut-off or broken feed would silently lose posts.
        broken = _xml_error(data)
        if broken is not None:
            line, message = broken
            raise BrandkitError(
                f"{source}:{line}: the feed is not well-formed XML ({message}); fix it (or "
                "export it again) and import again."
            )
    if not parsed.entries:
        if not parsed.get("version"):
            raise BrandkitError(
                f"{source}: not an RSS or Atom feed; give the address or file of the feed itself."
            )
        raise BrandkitError(f"{source}: the feed has no entries; nothing to import.")
    site_host = urlsplit(ctx.site_url).hostname if ctx.site_url else None
    batch = Batch()
    for index, entry in enumerate(parsed.entries):
        shown = f"{_short(source)}#{index + 1}"
        post = _read_entry(entry, shown, site_host, batch.problems)
        if post is not None:
            _fetch_images(post, str(entry.get("link") or ""), source, ctx, batch.problems)
            batch.posts.append(post)
    return batch


def _xml_error(data: bytes) -> tuple[int, str] | None:
    """(line, message) of the first XML error, HTML's named entities allowed."""
    from xml.etree.ElementTree import ParseError, XMLParser

    def numeric(match: re.Match[bytes]) -> bytes:
        code = name2codepoint.get(match.group(1).decode("ascii"))
        return f"&#{code};".encode() if code is not None else match.group(0)

    parser = XMLParser()
    try:
        parser.feed(_ENTITY_RE.sub(numeric, data))
        parser.close()
    except ParseError as exc:
        line = exc.position[0]
        return line, str(exc).split(":", 1)[0]
    return None


def _download(url: str) -> tuple[bytes, dict[str, str]]:
    """The feed at `url`, with a timeout, and errors that say what to check."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:
            data = response.read(MAX_FEED_BYTES + 1)
            headers = {k.lower(): v for k, v in response.headers.items()}
            headers["content-location"] = response.geturl()
    except urllib.error.HTTPError as exc:
        exc.close()
        raise BrandkitError(
            f"{url}: the server answered {exc.code} {exc.reason}; check the feed's URL."
        ) from None
    except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, TimeoutError):
            reason = f"no answer within {FETCH_TIMEOUT:g}s"
        raise BrandkitError(
            f"{url}: cannot download the feed ({reason}); check the URL and your network."
        ) from None
    if len(data) > MAX_FEED_BYTES:
        raise BrandkitError(f"{url}: the feed is over {MAX_FEED_BYTES // 2**20} MB; not read.")
    return data, headers


def _fetch_images(
    post: Imported, link: str, source: str, ctx: Context, problems: list[Problem]
) -> None:
    """Images on the old blog's own host are downloaded next to the posts, at their old path, so
    the post no longer depends on the old site; images elsewhere (a CDN) stay linked. Only a feed
    read over HTTP(S) has its images fetched, from the feed's own host."""
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
                request = urllib.request.Request(absolute, headers={"User-Agent": USER_AGENT})
                with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:
                    data = response.read(MAX_IMAGE_BYTES + 1)
            except (OSError, ValueError, http.client.HTTPException) as exc:
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


def _recognises(source: str) -> bool:
    return is_url(source) or Path(source).suffix.lower() in (".xml", ".rss", ".atom", ".feed")


IMPORTER = Importer(
    "feed", "an RSS/Atom feed with full content (URL or file)", _recognises, read_feed, path=False
)


@hookimpl
def brandkit_importers() -> list[Importer]:
    return [IMPORTER]
