"""What a reader needs to know about the target site, and how local files become assets."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from brandkit.content.mdlinks import rewrite_links
from brandkit.importers.model import Asset, Imported

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


@dataclass(frozen=True)
class Context:
    posts_dir: str  # docs-relative folder of the posts, e.g. "posts"
    timezone: str  # the site's time zone, for dates written without one
    site_url: str | None = None


def localize(
    body: str,
    ctx: Context,
    locate: Callable[[str], tuple[Path, str] | None],
    assets: list[Asset],
) -> str:
    """Point links at local files to their copies in the docs dir.

    `locate(path)` returns (file on disk, docs-relative destination) for a link path that names a
    file of the old site, or None to leave the link alone. The link is rewritten relative to the
    post file, the way brandkit (and MkDocs) resolve links.
    """

    def fix(url: str) -> str:
        if not url or _EXTERNAL_RE.match(url):
            return url
        path, hash_, fragment = url.partition("#")
        path, query_mark, query = path.partition("?")
        if posixpath.splitext(path)[1].lower() not in _ASSET_SUFFIXES:
            return url
        found = locate(path)
        if found is None:
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


def relink(posts: list[Imported], names: dict[str, str]) -> None:
    """Links written as `<old name>.md` (from Liquid post_url, Hugo ref) point to the slug the
    named post got, which differs when its front matter sets another slug."""

    def fix(url: str) -> str:
        path, hash_, fragment = url.partition("#")
        if "/" in path or not path.endswith(".md"):
            return url
        slug = names.get(path[: -len(".md")])
        return f"{slug}.md{hash_}{fragment}" if slug else url

    for post in posts:
        post.body = rewrite_links(post.body, fix)
