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
from urllib.parse import unquote, urljoin, urlsplit
from xml.sax import SAXParseException

from brandkit.content.mdlinks import rewrite_links
from brandkit.errors import BrandkitError
from brandkit.hookspecs import hookimpl
from brandkit.importers import recognise
from brandkit.importers.context import IMAGE_SUFFIXES, Context, relative_to_posts
from brandkit.importers.convert import slug_of
from brandkit.importers.embeds import liquid_embeds
from brandkit.importers.fetch import FETCH_TIMEOUT, USER_AGENT, download
from brandkit.importers.htmltext import html_to_markdown
from brandkit.importers.model import Asset, Batch, Imported, Importer, Problem

MAX_FEED_BYTES = 50 * 1024 * 1024

_TAGS_RE = re.compile(r"<[^>]+>")
_BLOCK_RE = re.compile(r"<(?:p|pre|h[1-6]|ul|ol|blockquote|figure|table)[\s>]", re.IGNORECASE)
_TEASER_END_RE = re.compile(
    r"(?:\.\.\.|…|\[(?:…|&#8230;|\.\.\.)\]|read more|continue reading)\W*$", re.IGNORECASE
)
FULL_TEXT_CHARS = 500  # a <description> this long (and not cut off) is the post itself
_ENTITY_RE = re.compile(rb"&(?!(?:amp|lt|gt|quot|apos);)([A-Za-z][A-Za-z0-9]*);")


def read(source: str, ctx: Context) -> Batch:
    return read_feed(source, ctx)


def read_feed(source: str, ctx: Context) -> Batch:
    import feedparser

    # Relative links are resolved here, against each entry's own address (or its xml:base),
    # not against the feed's: a page bundle's `images/a.png` belongs to the post.
    if source.startswith(("http://", "https://")):
        data, headers = _download(source)
        parsed = feedparser.parse(data, response_headers=headers, resolve_relative_uris=False)
    else:
        path = Path(source)
        if not path.is_file():
            raise BrandkitError(f"{source}: no such file; give the path or URL of the feed.")
        data = path.read_bytes()
        parsed = feedparser.parse(data, resolve_relative_uris=False)
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
    batch = Batch(old_base=ctx.old_url or _home(parsed))
    unkept = 0
    for index, entry in enumerate(parsed.entries):
        shown = f"{_short(source)}#{index + 1}"
        post = _read_entry(entry, shown, batch.problems)
        if post is not None:
            if post.feed_id is None:
                unkept += 1
            _fetch_images(post, _entry_base(entry), source, ctx, batch.problems)
            batch.posts.append(post)
    if unkept:
        batch.notes.append(
            f"{unkept} entries had an id that is not a URI (feed ids must be URIs here): they get "
            "new ids, so feed readers may show them once more"
        )
    return batch


def _home(parsed: Any) -> str | None:
    link = str(parsed.feed.get("link") or "")
    return link if link.startswith(("http://", "https://")) else None


def _entry_base(entry: Any) -> str:
    """What relative links in an entry's content are relative to: its xml:base, else its URL."""
    for content in entry.get("content") or []:
        base = str(content.get("base") or "")
        if base.startswith(("http://", "https://")):
            return base
    return str(entry.get("link") or "")


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
    """Relative links are made absolute against the entry's address. Images on the old blog's
    own host are downloaded next to the posts, at their old path, so the post no longer depends
    on the old site; images elsewhere (a CDN) stay linked. Only a feed read over HTTP(S) has its
    images fetched, from the feed's own host."""
    if not link.startswith(("http://", "https://")):
        return
    host = urlsplit(link).netloc
    feed_host = urlsplit(source).netloc if source.startswith(("http://", "https://")) else None
    fetched: dict[str, str] = {}

    def fix(url: str) -> str:
        if not url or url.startswith("#") or url.startswith(("mailto:", "data:")):
            return url
        absolute = urljoin(link, url)
        parts = urlsplit(absolute)
        if parts.netloc != host or not parts.path.lower().endswith(IMAGE_SUFFIXES):
            return absolute
        dest = unquote(parts.path).lstrip("/")
        if parts.netloc != feed_host:
            problems.append(
                Problem(
                    post.origin,
                    0,
                    f"image {absolute} is on the old site and was "
                    f"not downloaded: save it as content/{dest}",
                )
            )
            return absolute
        if dest not in fetched:
            try:
                data = download(absolute)
            except OSError as exc:
                problems.append(
                    Problem(
                        post.origin,
                        0,
                        f"image {absolute} could not be "
                        f"downloaded ({exc}); the post still links to it",
                    )
                )
                return absolute
            post.assets.append(Asset(None, dest, data))
            fetched[dest] = relative_to_posts(dest, ctx)
        return fetched[dest]

    post.body = rewrite_links(post.body, fix)


def _short(source: str) -> str:
    return source if len(source) <= 60 else "..." + source[-57:]


def _read_entry(entry: Any, shown: str, problems: list[Problem]) -> Imported | None:
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
    description = ""
    if html is None and _is_full_text(summary):
        html = summary  # RSS <description> holding the whole post, as many blogs write it
    elif html is None:
        problems.append(
            Problem(
                shown,
                0,
                "the feed carries only a summary, not the full post; "
                "imported the summary: complete the post by hand",
            )
        )
        html = summary
    else:
        description = " ".join(_TAGS_RE.sub(" ", summary).split())
        description = "" if len(description) > 300 or not description else description
    link = str(entry.get("link") or "")
    path = urlsplit(link).path
    name = path.rstrip("/").rsplit("/", 1)[-1]
    name = re.sub(r"\.html?$", "", name)
    slug = slug_of(name) or slug_of(title)
    entry_id = str(entry.get("id") or link).strip()  # no guid: readers went by the link
    return Imported(
        origin=shown,
        title=title,
        date=when,
        updated=updated if updated and updated != when else None,
        slug=slug,
        body=liquid_embeds(html_to_markdown(html), shown, 0, problems),
        description=description,
        tags=[str(t.get("term")) for t in entry.get("tags") or [] if t.get("term")],
        cover=_cover(entry),
        old_urls=[link] if link.startswith(("http://", "https://")) else [],
        feed_id=entry_id if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$", entry_id) else None,
    )


def _is_full_text(summary: str) -> bool:
    """Whether an RSS <description> is the post itself rather than a teaser: long enough or
    in several blocks, and not cut off with an ellipsis or a "read more"."""
    text = " ".join(_TAGS_RE.sub(" ", summary).split())
    if not text or _TEASER_END_RE.search(text):
        return False
    return len(text) >= FULL_TEXT_CHARS or len(_BLOCK_RE.findall(summary)) >= 2


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


IMPORTER = Importer(
    "feed", "an RSS/Atom feed with full content (URL or file)", recognise.is_feed, read, path=False
)


@hookimpl
def brandkit_importers() -> list[Importer]:
    return [IMPORTER]
