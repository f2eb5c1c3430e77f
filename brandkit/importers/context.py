"""What a reader needs to know about the target site, the old site's address, and how local files
of the old site become assets of the new one."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from brandkit.content.mdlinks import rewrite_links
from brandkit.importers.model import Asset, Imported, Problem

_EXTERNAL_RE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//|#)")
_ASSET_SUFFIXES = {
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".webp",
    ".svg",
    ".avif",
    ".ico",
    ".bmp",
    ".pdf",
    ".mp4",
    ".webm",
    ".mp3",
    ".zip",
    ".txt",
    ".csv",
    ".json",
}
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif")


@dataclass(frozen=True)
class Context:
    posts_dir: str  # docs-relative folder of the posts, e.g. "posts"
    timezone: str  # the new site's time zone
    site_url: str | None = None
    old_url: str | None = None  # the old site's address, when the user gives it (--old-url)


def base_url(value: object) -> str | None:
    """An old site's address as an absolute URL ending in "/", or None."""
    text = str(value or "").strip()
    if not text.startswith(("http://", "https://")):
        return None
    return text if text.endswith("/") else text + "/"


def base_path(base: str | None) -> str:
    """The path the old site lived under ("/blog/"), "/" at a host's root."""
    path = urlsplit(base).path if base else "/"
    return path if path.endswith("/") else path + "/"


def absolute(base: str | None, path: str) -> str:
    """`path` (from the old site's root) as an absolute URL when the old address is known."""
    if path.startswith(("http://", "https://")) or not base:
        return path
    return urljoin(base, path.lstrip("/"))


def strip_base(link: str, base: str | None) -> str | None:
    """A link to the old site as a path from its root ("/blog/images/a.png" -> "/images/a.png"
    for a site at /blog/), None for a link elsewhere. Absolute URLs on the old host count."""
    if link.startswith(("http://", "https://", "//")):
        if not base:
            return None
        parts, old = urlsplit(urljoin(base, link)), urlsplit(base)
        if (parts.hostname or "").lower() != (old.hostname or "").lower():
            return None
        link = parts.path
    if not link.startswith("/"):
        return None
    prefix = base_path(base)
    if prefix != "/" and (link + "/").startswith(prefix):
        return "/" + link[len(prefix) :]
    return link


def localize(
    body: str,
    ctx: Context,
    locate: Callable[[str], tuple[Path, str] | None],
    assets: list[Asset],
    *,
    missing: Callable[[str], None] | None = None,
    base: str | None = None,
) -> str:
    """Point links at local files of the old site to their copies in the docs dir.

    `locate(path)` returns (file on disk, docs-relative destination) for a link path that names a
    file of the old site, or None. The link is rewritten relative to the post file, the way
    brandkit (and MkDocs) resolve links. Links to the old host (`base`) count as local. A link
    with a file extension that cannot be found is passed to `missing`, so it is reported."""

    def fix(url: str) -> str:
        if not url or url.startswith("#"):
            return url
        if _EXTERNAL_RE.match(url):
            local = strip_base(url, base) if base else None
            if local is None:
                return url
            path_part = local
        else:
            path_part = url
        path, hash_, fragment = path_part.partition("#")
        path, query_mark, query = path.partition("?")
        if posixpath.splitext(path)[1].lower() not in _ASSET_SUFFIXES:
            return url
        found = locate(unquote(path))
        if found is None:
            if missing is not None:
                missing(url)
            return url
        return take_asset(*found, ctx, assets) + query_mark + query + hash_ + fragment

    return rewrite_links(body, fix)


def take_asset(source: Path, dest: str, ctx: Context, assets: list[Asset]) -> str:
    """Copy `source` to the docs-relative `dest` (once per post); the link to it from the post."""
    if all(a.dest != dest for a in assets):
        assets.append(Asset(source, dest))
    return relative_to_posts(dest, ctx)


def relative_to_posts(dest: str, ctx: Context) -> str:
    return posixpath.relpath(dest, ctx.posts_dir or ".")


def within(root: Path, relative: str) -> Path | None:
    """`root/relative` if it is a file inside `root` (no escaping with ../)."""
    candidate = (root / relative.lstrip("/")).resolve()
    try:
        candidate.relative_to(root.resolve())
    except ValueError:
        return None
    return candidate if candidate.is_file() else None


def relink(posts: list[Imported], names: dict[str, str], problems: list[Problem]) -> None:
    """Links written as `<old name>.md` (from Liquid post_url, Hugo ref/relref) point to the slug
    the named post got, which differs when its front matter sets another slug; a link to a post
    that was not imported is reported."""
    slugs = set(names.values())
    for post in posts:

        def fix(url: str, post: Imported = post) -> str:
            path, hash_, fragment = url.partition("#")
            if "/" in path or not path.endswith(".md") or _EXTERNAL_RE.match(path):
                return url
            name = path[: -len(".md")]
            slug = names.get(name) or (name if name in slugs else None)
            if slug is None:
                problems.append(
                    Problem(
                        post.origin,
                        0,
                        f"link to {name!r} points to no imported post; fix the link by hand",
                    )
                )
                return url
            return f"{slug}.md{hash_}{fragment}"

        post.body = rewrite_links(post.body, fix)
