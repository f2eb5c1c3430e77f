"""URL handling for rendered HTML: resolve the author's relative links once, make them absolute
for feeds and email.

Posts are written with links relative to their Markdown file (`../images/a.png`, `other-post.md`)
but published at another URL (`blog/slug/`), so links are rewritten like MkDocs does for pages.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Callable, Mapping
from urllib.parse import urljoin, urlsplit

from brandkit.content.models import Post, Settings

# Attribute values in HTML produced by Python-Markdown (double quotes) or written raw by authors.
_ATTR_RE = re.compile(r"""(\s(?:href|src|poster)\s*=\s*)(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


def rewrite_urls(html: str, fn: Callable[[str], str], *, fragments: bool = True) -> str:
    """Apply `fn` to every href/src/poster value in `html` (`fragments=False`: except those
    that are a fragment, which `fn` must leave as they are: code blocks with line anchors hold
    dozens)."""

    def replace(match: re.Match[str]) -> str:
        quoted = match.group(2) is not None
        value = match.group(2) if quoted else match.group(3)
        if not fragments and value.startswith("#"):
            return match.group(0)
        new = fn(value)
        if new == value:
            return match.group(0)
        quote = '"' if quoted else "'"
        return f"{match.group(1)}{quote}{new}{quote}"

    return _ATTR_RE.sub(replace, html)


def is_external(url: str) -> bool:
    if url.startswith(("#", "/")):
        return True
    parts = urlsplit(url)
    return bool(parts.scheme or parts.netloc)


def page_relative(target: str, page_url: str) -> str:
    """A site-relative `target` ('blog/x/' or 'img/a.png') as seen from the page at `page_url`."""
    start = page_url.rstrip("/") or "."
    is_dir = target.endswith("/") or target == ""
    rel = posixpath.relpath(target.rstrip("/") or ".", start)
    if is_dir:
        return "./" if rel == "." else rel + "/"
    return rel


def resolve_links(
    html: str,
    source: str,
    page_url: str,
    md_urls: Mapping[str, str],
    broken: list[str] | None = None,
) -> str:
    """Rewrite the file-relative links of the Markdown file `source` for the page at `page_url`.

    `md_urls` maps every Markdown source (docs-relative) to its site-relative URL; links to
    unknown .md files are left alone and appended to `broken`.
    """
    return rewrite_urls(html, _resolver(source, page_url, md_urls, broken), fragments=False)


def absolutize(html: str, page_url: str) -> str:
    """Make every relative href/src in `html` absolute against the page's absolute URL.

    Exactly `urljoin(page_url, url)` for every URL, with shortcuts for the common cases that
    give the same result: a fragment of a page URL that has none, a URL with another scheme
    (returned as it is), and an absolute URL with the page's scheme (which does not depend on
    the page, so it is computed once per URL)."""
    return rewrite_urls(html, _absolutizer(page_url))


def absolute_links(
    html: str, source: str, page_url: str, md_urls: Mapping[str, str], absolute_page_url: str
) -> str:
    """`absolutize(resolve_links(html, source, page_url, md_urls), absolute_page_url)`, in one
    pass over the HTML: each URL is resolved, then made absolute."""
    resolve = _resolver(source, page_url, md_urls, None)
    absolute = _absolutizer(absolute_page_url)
    return rewrite_urls(html, lambda url: absolute(resolve(url)))


def _resolver(
    source: str, page_url: str, md_urls: Mapping[str, str], broken: list[str] | None
) -> Callable[[str], str]:
    source_dir = posixpath.dirname(source)

    def fix(url: str) -> str:
        if not url or is_external(url):
            return url
        path, _, fragment = url.partition("#")
        path, _, query = path.partition("?")
        target = posixpath.normpath(posixpath.join(source_dir, path))
        if path.endswith(".md"):
            site_target = md_urls.get(target)
            if site_target is None:
                if broken is not None:
                    broken.append(url)
                return url
        else:
            site_target = target
        new = page_relative(site_target, page_url)
        if query:
            new += "?" + query
        if fragment:
            new += "#" + fragment
        return new

    return fix


def _absolutizer(page_url: str) -> Callable[[str], str]:
    base_scheme = _SCHEME.match(page_url)
    plain_base = urljoin(page_url, "#x") == page_url + "#x"

    def fix(url: str) -> str:
        if not url:
            return url
        if url[0] == "#" and len(url) > 1 and plain_base:
            return page_url + url
        scheme = _SCHEME.match(url)
        if scheme is not None and base_scheme is not None:
            if scheme.group(1).lower() != base_scheme.group(1).lower():
                return url
            if url.startswith("//", scheme.end()):
                joined = _join_absolute(base_scheme.group(0), url)
                if joined is not None:
                    return joined
        return urljoin(page_url, url)

    return fix


# A URL scheme as urllib.parse reads one: a letter, then letters, digits, "+", "-" or ".".
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")


@functools.lru_cache(maxsize=4096)
def _join_absolute(scheme: str, url: str) -> str | None:
    # With a netloc and the same scheme, urljoin's result depends only on `url`.
    return urljoin(f"{scheme}//base.invalid/", url) if urlsplit(url).netloc else None


def absolute_url(settings: Settings, path: str) -> str:
    if not settings.site_url:
        raise ValueError("site_url is not configured")
    return urljoin(settings.site_url, path)


def post_absolute_url(settings: Settings, post: Post) -> str:
    return absolute_url(settings, post.url)


def source_to_url(source: str) -> str:
    """The URL MkDocs gives a page with directory URLs: a.md -> a/, x/index.md -> x/."""
    stem = source[: -len(".md")] if source.endswith(".md") else source
    if stem == "index" or stem.endswith("/index") or stem == "README" or stem.endswith("/README"):
        directory = posixpath.dirname(stem)
        return f"{directory}/" if directory else ""
    return f"{stem}/"
