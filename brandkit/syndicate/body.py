"""Prepare a post's Markdown for another site: every link and image made absolute.

Posts link relative to their Markdown file (`../images/a.png`, `other-post.md`), the way MkDocs
resolves them; a copy on dev.to or Hashnode has no such context, so each link is resolved to the
absolute URL it has on the site. Code blocks and code spans are left untouched.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Mapping
from urllib.parse import urljoin, urlsplit

from brandkit.content.links import source_to_url
from brandkit.content.mdlinks import rewrite_links
from brandkit.content.models import Post

_SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def absolute_markdown(body: str, post: Post, site_url: str, md_urls: Mapping[str, str]) -> str:
    """`body` with every relative link resolved against the post's place on the site.

    `md_urls` maps docs-relative Markdown sources to site-relative URLs (posts and pages), so a
    link to `other-post.md` becomes that post's absolute URL.
    """
    return rewrite_links(body, link_resolver(post, site_url, md_urls))


def link_resolver(post: Post, site_url: str, md_urls: Mapping[str, str]) -> Callable[[str], str]:
    post_url = urljoin(site_url, post.url)
    source_dir = posixpath.dirname(post.source)

    def resolve(url: str) -> str:
        if not url:
            return url
        if url.startswith("#"):
            return post_url + url
        if _SCHEME_RE.match(url) or url.startswith("//"):
            return url
        if url.startswith("/"):
            return urljoin(site_url, url)
        path, hash_, fragment = url.partition("#")
        path, query_mark, query = path.partition("?")
        target = posixpath.normpath(posixpath.join(source_dir, path))
        if path.endswith(".md"):
            target = md_urls.get(target, source_to_url(target))
        elif path.endswith("/") and not target.endswith("/"):
            target += "/"
        if target == ".":
            target = ""
        return urljoin(site_url, target) + query_mark + query + hash_ + fragment

    return resolve


def absolute_asset(value: str | None, site_url: str) -> str | None:
    """A docs-relative path (as the loader keeps `cover`) or a URL, made absolute."""
    if not value:
        return None
    if urlsplit(value).scheme:
        return value
    return urljoin(site_url, posixpath.normpath(value))
