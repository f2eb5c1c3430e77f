"""Images of a post that live on the old site (or its platform's image host) brought into the new
site: found in a local copy of the old site's files when there is one, else downloaded. An image
that cannot be had stays linked at its absolute address, and is reported."""

from __future__ import annotations

import hashlib
import http.client
import posixpath
import urllib.request
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from brandkit.content.mdlinks import rewrite_links
from brandkit.importers.context import IMAGE_SUFFIXES, Context, relative_to_posts, within
from brandkit.importers.model import Asset, Imported, Problem

USER_AGENT = "brandkit-import (+https://pypi.org/project/brandkit/)"
FETCH_TIMEOUT = 30.0
MAX_IMAGE_BYTES = 20 * 1024 * 1024


def download(url: str, limit: int = MAX_IMAGE_BYTES) -> bytes:
    """`url`'s bytes; OSError (with the reason) when it cannot be had or is over `limit`."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:
            data: bytes = response.read(limit + 1)
    except (ValueError, http.client.HTTPException) as exc:
        raise OSError(str(exc)) from exc
    if len(data) > limit:
        raise OSError(f"over {limit // 2**20} MB")
    return data


def bring_images(
    post: Imported,
    base: str,
    hosts: Iterable[str],
    ctx: Context,
    problems: list[Problem],
    *,
    local_roots: Iterable[Path] = (),
    dest_of: Callable[[str], str] | None = None,
    extensionless: bool = False,
) -> None:
    """Make the post's links absolute against `base`, and copy each image on one of `hosts`
    into the docs dir (from `local_roots`, where the old site's files may be, else by
    download). `dest_of(url)` says where an image goes (default: its old path). Image services
    name files without an extension (Medium: /max/800/1*abc): `extensionless` takes those too."""
    allowed = {h.lower() for h in hosts if h}
    roots = list(local_roots)
    got: dict[str, str | None] = {}

    def fix(url: str) -> str:
        if not url or url.startswith(("#", "mailto:", "data:", "tel:")):
            return url
        absolute = urljoin(base, url) if base else url
        parts = urlsplit(absolute)
        if (parts.hostname or "").lower() not in allowed or not _is_image(
            parts.path, extensionless
        ):
            return absolute
        if absolute not in got:
            got[absolute] = _bring(absolute, post, ctx, roots, dest_of, problems)
        return got[absolute] or absolute

    post.body = rewrite_links(post.body, fix)
    if post.cover and post.cover.startswith(("http://", "https://")):
        parts = urlsplit(post.cover)
        if (parts.hostname or "").lower() in allowed and _is_image(parts.path, extensionless):
            post.cover = _bring(post.cover, post, ctx, roots, dest_of, problems) or post.cover


def _is_image(path: str, extensionless: bool) -> bool:
    name = unquote(path).lower()
    if extensionless and not name.endswith("/"):
        return not posixpath.splitext(name)[1] or name.endswith(IMAGE_SUFFIXES)
    return name.endswith(IMAGE_SUFFIXES)


def _bring(
    url: str,
    post: Imported,
    ctx: Context,
    roots: list[Path],
    dest_of: Callable[[str], str] | None,
    problems: list[Problem],
) -> str | None:
    path = unquote(urlsplit(url).path)
    dest = dest_of(url) if dest_of else path.lstrip("/")
    data: bytes | None = None
    for root in roots:
        for candidate in _suffixes(path):
            found = within(root, candidate)
            if found is not None:
                data = found.read_bytes()
                break
        if data is not None:
            break
    if data is None:
        try:
            data = download(url)
        except OSError as exc:
            problems.append(
                Problem(
                    post.origin,
                    0,
                    f"image {url} could not be downloaded ({exc}); the post still links to it: "
                    "save it by hand",
                )
            )
            return None
    if not posixpath.splitext(dest)[1]:
        dest += _extension(data)
    if all(a.dest != dest for a in post.assets):
        post.assets.append(Asset(None, dest, data))
    return relative_to_posts(dest, ctx)


def _suffixes(path: str) -> list[str]:
    """`/blog/wp-content/uploads/a.png` tried as itself and each shorter tail, so a local copy
    of `wp-content/` or `uploads/` (or of `content/images/`) is found wherever it starts."""
    parts = [p for p in path.split("/") if p]
    return ["/".join(parts[i:]) for i in range(len(parts))]


def _extension(data: bytes) -> str:
    if data.startswith(b"\x89PNG"):
        return ".png"
    if data.startswith(b"\xff\xd8"):
        return ".jpg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return ".gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return ".webp"
    if data.lstrip()[:5] in (b"<svg ", b"<?xml"):
        return ".svg"
    return ".img"


def hashed_name(url: str, folder: str) -> str:
    """A stable file name for an image whose URL says little (a CDN's fetch URL)."""
    name = posixpath.basename(unquote(urlsplit(url).path)).replace("*", "-") or "image"
    digest = hashlib.sha256(url.encode()).hexdigest()[:10]
    stem, extension = posixpath.splitext(name)
    return f"{folder}/{stem[:40]}-{digest}{extension}"
