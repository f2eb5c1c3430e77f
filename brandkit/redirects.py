"""Old addresses that keep working: the redirect pages a build writes for the `redirect_from`
of each published post.

A post lists its former addresses in front matter, as paths from the site's root
(`/2019/01/old-url/`, `/notes/post.html`), as absolute URLs on this site, or (after a slug
change, in one line) as a bare former slug: `redirect_from: [old-slug]`. The build writes a
small page at each, pointing readers and search engines to the post. They are checked first:
no address claimed by two posts, none that hides a real page or another post, none for a draft
or a scheduled post (its title would be out before the post), and each one a static host can
serve; what cannot be served is reported, since that old link would end in a 404.
"""

from __future__ import annotations

import html
import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from brandkit.content.fields import Problem
from brandkit.content.models import Post, Settings
from brandkit.content.posts import post_url

KEY = "redirect_from"


@dataclass(frozen=True)
class Redirect:
    old: str  # the entry as written in front matter
    dest: str  # the site-relative file that serves it, e.g. "2019/01/old-url/index.html"
    post: Post


def entries(post: Post) -> list[str]:
    value = post.extra.get(KEY) or ()
    if isinstance(value, str):
        value = [part for part in value.split(",")]
    return [str(v).strip() for v in value if str(v).strip()]


def old_path(entry: str, post: Post, settings: Settings) -> str | None:
    """The site path `entry` names: a path as it is, a URL on this site as its path (None when
    on another site), a bare slug as the URL this post had with that slug."""
    if entry.startswith(("http://", "https://", "//")):
        return site_path(entry, settings.site_url)
    if "/" not in entry and "." not in entry and "?" not in entry:
        return "/" + post_url(settings, entry, post.date)
    return entry if entry.startswith("/") else "/" + entry


def site_path(url: str, site_url: str | None) -> str | None:
    """The absolute `url` as a path of the site at `site_url` (its query kept), or None when it
    is on another host or outside the site's folder. Without a site_url, its path."""
    if not site_url:
        parts = urlsplit(url)
        return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    site, old = urlsplit(site_url), urlsplit(urljoin(site_url, url))
    base = site.path if site.path.endswith("/") else site.path + "/"
    if _host(old.hostname) != _host(site.hostname) or not (old.path + "/").startswith(base):
        return None
    return "/" + old.path[len(base) :] + (f"?{old.query}" if old.query else "")


def _host(name: str | None) -> str:
    name = (name or "").lower()
    return name[4:] if name.startswith("www.") else name


def redirect_file(path: str) -> str | None:
    """The site-relative file that serves `path` on a static host, or None if none can (a query
    string, or an address ending in something other than / or .html)."""
    if "?" in path:
        return None
    path = unquote(path.split("#")[0]).lstrip("/")
    if not path or ".." in path.split("/") or "\\" in path:
        return None
    extension = posixpath.splitext(path)[1].lower()
    if path.endswith("/") or not extension:
        return posixpath.join(path.rstrip("/"), "index.html")
    if extension in (".html", ".htm"):
        return path
    return None


def plan(
    posts: Iterable[Post],
    settings: Settings,
    taken: Mapping[str, str],
    shown: Mapping[str, str],
    now: datetime,
) -> tuple[list[Redirect], list[Problem], list[Problem]]:
    """The redirect pages of the published `posts`, with errors and warnings.

    `taken` maps each site-relative file the site has (pages, generated listings, static files)
    to what makes it, so a redirect never replaces one. `shown` maps post sources to the paths
    shown to the user."""
    found: dict[str, Redirect] = {}
    errors: list[Problem] = []
    warnings: list[Problem] = []
    published = [p for p in posts if p.is_published(now)]
    own = {f"{p.url}index.html": p for p in published}
    for post in sorted(published, key=lambda p: (p.date, p.source)):
        where = shown.get(post.source, post.source)
        for entry in entries(post):
            path = old_path(entry, post, settings)
            if path is None:
                warnings.append(
                    Problem(
                        where,
                        KEY,
                        f"{entry} is on another site, so this site cannot redirect it",
                        "redirect it where it is hosted, or remove it",
                    )
                )
                continue
            dest = redirect_file(path)
            if dest is None:
                warnings.append(
                    Problem(
                        where,
                        KEY,
                        f"{entry} would 404: a static host can only serve addresses ending in / "
                        "or .html, without a ?query",
                        "set up that redirect at your host (e.g. a redirect rule), or remove it",
                    )
                )
                continue
            if dest == f"{post.url}index.html":
                continue  # the post is still at that address
            other = found.get(dest)
            if other is not None:
                if other.post.source != post.source:
                    errors.append(
                        Problem(
                            where,
                            KEY,
                            f"{entry} is also claimed by {shown.get(other.post.source)}",
                            "keep it in one post only",
                        )
                    )
                continue
            clash = own.get(dest)
            if clash is not None:
                errors.append(
                    Problem(
                        where,
                        KEY,
                        f"{entry} is the address of {shown.get(clash.source, clash.source)}",
                        "remove it: a redirect cannot replace a post",
                    )
                )
                continue
            if dest in taken:
                errors.append(
                    Problem(
                        where,
                        KEY,
                        f"{entry} is the address of {taken[dest]}",
                        "remove it, or move that page: a redirect never replaces a page",
                    )
                )
                continue
            found[dest] = Redirect(entry, dest, post)
    return list(found.values()), errors, warnings


def target_url(redirect: Redirect, settings: Settings) -> str:
    """Where the page sends readers: absolute with a site_url, else relative to the page."""
    if settings.site_url:
        return urljoin(settings.site_url, redirect.post.url)
    folder = posixpath.dirname(redirect.dest) or "."
    return posixpath.relpath(redirect.post.url, folder).rstrip("/") + "/"


def page(redirect: Redirect, settings: Settings) -> str:
    """A small page that sends readers (meta refresh) and search engines (rel=canonical) to the
    post; readable and accessible (viewport, a main landmark, a link) for the moment it shows."""
    url = html.escape(target_url(redirect, settings), quote=True)
    title = html.escape(redirect.post.title)
    lang = html.escape(settings.language, quote=True)
    return (
        f'<!doctype html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Moved: {title}</title>\n"
        f'<link rel="canonical" href="{url}">\n<meta name="robots" content="noindex">\n'
        f'<meta http-equiv="refresh" content="0; url={url}">\n</head>\n<body>\n<main>\n'
        f"<h1>This page has moved</h1>\n"
        f'<p>It is now at <a href="{url}">{title}</a>.</p>\n</main>\n</body>\n</html>\n'
    )


def docs_files(docs_dir: Path, posts: Iterable[Post]) -> dict[str, str]:
    """The site files the docs dir makes, without MkDocs (for `brandkit check`): each page's
    index.html and each other file, mapped to the source that makes it. Posts are published at
    their own URL, not where their file is."""
    post_sources = {p.source for p in posts}
    found: dict[str, str] = {}
    if not docs_dir.is_dir():
        return found
    for path in docs_dir.rglob("*"):
        if not path.is_file() or any(part.startswith(".") for part in path.parts):
            continue
        source = path.relative_to(docs_dir).as_posix()
        if source in post_sources:
            continue
        if source.endswith(".md"):
            stem = source[: -len(".md")]
            index = posixpath.basename(stem) in ("index", "README")
            folder = posixpath.dirname(stem) if index else stem
            found[posixpath.join(folder, "index.html") if folder else "index.html"] = source
        else:
            found[source] = source
    return found
