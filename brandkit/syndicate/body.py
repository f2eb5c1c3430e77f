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

from brandkit.content.models import Post

_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN_RE = re.compile(r"(`+)(?:(?!\1).)+?\1")
# `](url` of inline links and images (also nested: [![alt](img)](link)); `<url>` form included.
_INLINE_RE = re.compile(r"(\]\(\s*)(<[^>\n]*>|[^)\s]+)")
_REFDEF_RE = re.compile(r"^( {0,3}\[[^\]\n]+\]:\s*)(<[^>\n]*>|\S+)")
_HTML_ATTR_RE = re.compile(r"""(\s(?:href|src|poster)\s*=\s*)("[^"]*"|'[^']*')""", re.IGNORECASE)
_SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def absolute_markdown(
    body: str, post: Post, site_url: str, md_urls: Mapping[str, str]
) -> str:
    """`body` with every relative link resolved against the post's place on the site.

    `md_urls` maps docs-relative Markdown sources to site-relative URLs (posts and pages), so a
    link to `other-post.md` becomes that post's absolute URL.
    """
    resolve = link_resolver(post, site_url, md_urls)
    out: list[str] = []
    fence: str | None = None
    for line in body.splitlines(keepends=True):
        match = _FENCE_RE.match(line)
        if fence is not None:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            out.append(line)
            continue
        if match:
            fence = match.group(1)
            out.append(line)
            continue
        if line.startswith(("    ", "\t")) and (not out or not out[-1].strip()):
            out.append(line)  # an indented code block's first line: leave it alone
            continue
        out.append(_outside_code_spans(line, lambda text: _rewrite_line(text, resolve)))
    return "".join(out)


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
            target = md_urls.get(target, _page_url(target))
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


def _page_url(source: str) -> str:
    stem = source[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        directory = posixpath.dirname(stem)
        return f"{directory}/" if directory else ""
    return f"{stem}/"


def _outside_code_spans(line: str, fn: Callable[[str], str]) -> str:
    parts: list[str] = []
    pos = 0
    for match in _CODE_SPAN_RE.finditer(line):
        parts.append(fn(line[pos : match.start()]))
        parts.append(match.group(0))
        pos = match.end()
    parts.append(fn(line[pos:]))
    return "".join(parts)


def _rewrite_line(text: str, resolve: Callable[[str], str]) -> str:
    def inline(match: re.Match[str]) -> str:
        return match.group(1) + _replace_target(match.group(2), resolve)

    def html_attr(match: re.Match[str]) -> str:
        quoted = match.group(2)
        return match.group(1) + quoted[0] + resolve(quoted[1:-1]) + quoted[0]

    text = _REFDEF_RE.sub(inline, text)
    text = _INLINE_RE.sub(inline, text)
    return _HTML_ATTR_RE.sub(html_attr, text)


def _replace_target(target: str, resolve: Callable[[str], str]) -> str:
    if target.startswith("<") and target.endswith(">"):
        return "<" + resolve(target[1:-1]) + ">"
    return resolve(target)
