"""URL continuity for `brandkit check`, without building: the redirect pages a build would write
(checked as the build checks them), and the posts of the last build (in site/) whose address the
current content no longer serves, so a slug change is caught before its old links 404."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from brandkit import redirects
from brandkit.content.fields import Problem
from brandkit.content.models import Post, Settings
from brandkit.listings import build_blog, published

_LOC_RE = re.compile(r"<loc>([^<]+)</loc>")
_JSON_LD_RE = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def listing_files(posts: Sequence[Post], settings: Settings, now: datetime) -> dict[str, str]:
    """The pages brandkit generates for the blog (index, tags, archive, series)."""
    blog = build_blog(published(posts, now), settings)
    urls = [p.url for p in blog.index_pages] + [blog.tags_url, blog.archive_url]
    urls += [t.url for t in blog.tags] + [y.url for y in blog.years] + [s.url for s in blog.series]
    return {f"{url}index.html": "brandkit's blog pages" for url in urls}


def check_redirects(
    docs_dir: Path,
    posts: Sequence[Post],
    settings: Settings,
    shown: Mapping[str, str],
    now: datetime,
) -> tuple[list[redirects.Redirect], list[Problem], list[Problem]]:
    """What `brandkit build` would say about the posts' redirect_from."""
    taken = {**redirects.docs_files(docs_dir, posts), **listing_files(posts, settings, now)}
    return redirects.plan(posts, settings, taken, shown, now)


def lost_posts(
    site_dir: Path,
    posts: Sequence[Post],
    settings: Settings,
    shown: Mapping[str, str],
    served: set[str],
) -> list[Problem]:
    """A warning for each post page of the last build whose address nothing serves now (no
    post, no redirect page): its links from elsewhere would 404. `served` holds the site files
    (e.g. "blog/x/index.html") the content makes now."""
    sitemap = site_dir / "sitemap.xml"
    if not sitemap.is_file() or not settings.site_url:
        return []
    base = urlsplit(settings.site_url).path
    by_title = {p.title: p for p in posts}
    found: list[Problem] = []
    for loc in _LOC_RE.findall(sitemap.read_text(encoding="utf-8", errors="replace")):
        path = unquote(urlsplit(html.unescape(loc)).path)
        path = path[len(base) :] if path.startswith(base) else path.lstrip("/")
        dest = redirects.redirect_file("/" + path)
        if dest is None or dest in served:
            continue
        headline = _post_headline(site_dir / dest)
        if headline is None:
            continue  # a page, not a post: pages are the author's own files
        post = by_title.get(headline)
        if post is not None:
            slug = path.strip("/").rsplit("/", 1)[-1]
            entry = slug if f"/{path}" == "/" + _url_with(post, slug, settings) else "/" + path
            found.append(
                Problem(
                    shown.get(post.source, post.source),
                    redirects.KEY,
                    f"its address in the last build, /{path}, would 404 now",
                    f"add `redirect_from: [{entry}]` so old links keep working",
                )
            )
        else:
            found.append(
                Problem(
                    f"{site_dir.name}/{dest}",
                    None,
                    f"the post {headline!r} was at /{path} in the last build and nothing is "
                    "there now: its links would 404",
                    "if it moved, add `redirect_from: [/" + path + "]` to it",
                )
            )
    return found


def _url_with(post: Post, slug: str, settings: Settings) -> str:
    from brandkit.content.posts import post_url

    return post_url(settings, slug, post.date)


def _post_headline(page: Path) -> str | None:
    """The headline of the BlogPosting a page of the last build describes (None: not a post)."""
    try:
        text = page.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    for block in _JSON_LD_RE.findall(text):
        try:
            data = json.loads(block)
        except ValueError:
            continue
        if isinstance(data, dict) and data.get("@type") == "BlogPosting":
            headline = data.get("headline")
            return str(headline) if headline else None
    return None
