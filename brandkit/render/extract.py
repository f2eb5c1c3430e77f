"""What brandkit reads back out of a post's rendered HTML, once, at render time: its text by
section (for the search index), its summary (listings, feeds) and its links to other Markdown
files (link checks).

Sections are [anchor, title, text] as plain text (tags removed, entities decoded, the toc
extension's permalink marks left out): how an index quotes them is the adapter's business
(brandkit/mkdocs/search.py).
"""

from __future__ import annotations

import html
import re

_HEADING = re.compile(r"<h([1-6])([^>]*)>(.*?)</h\1>", re.DOTALL | re.IGNORECASE)
_ID = re.compile(r"""\bid\s*=\s*["']([^"']+)["']""")
_TAGS = re.compile(r"<[^>]+>")
_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.DOTALL)
_FIRST_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
_ATTR = re.compile(r"""\s(?:href|src|poster)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
SUMMARY_CHARS = 240


def plain_text(fragment: str) -> str:
    """The words of an HTML fragment, whitespace collapsed."""
    return " ".join(html.unescape(_TAGS.sub(" ", _HEADERLINK.sub("", fragment))).split())


def sections(rendered_html: str) -> list[list[str]]:
    """[anchor, title, text] per section; the first has no anchor (text before any heading)."""
    out: list[list[str]] = []
    position = 0
    anchor, title = "", ""
    for match in _HEADING.finditer(rendered_html):
        out.append([anchor, title, plain_text(rendered_html[position : match.start()])])
        id_match = _ID.search(match.group(2))
        anchor = id_match.group(1) if id_match else ""
        title = plain_text(match.group(3))
        position = match.end()
    out.append([anchor, title, plain_text(rendered_html[position:])])
    return out


def md_links(rendered_html: str) -> list[str]:
    """The links to files next to the post (other Markdown files, images, downloads), as
    written: what `resolve_links` rewrites, and what must exist."""
    from brandkit.content.links import is_external

    found = []
    for a, b in _ATTR.findall(rendered_html):
        url = a or b
        if url and not is_external(url) and url.partition("#")[0].partition("?")[0]:
            found.append(url)
    return found


def first_paragraph_text(rendered_html: str) -> str:
    """The start of the first paragraph as plain text, cut at a word near SUMMARY_CHARS."""
    match = _FIRST_PARAGRAPH.search(rendered_html)
    if not match:
        return ""
    text = " ".join(html.unescape(_TAGS.sub("", match.group(1))).split())
    if len(text) <= SUMMARY_CHARS:
        return text
    cut = text[:SUMMARY_CHARS].rsplit(" ", 1)[0]
    return cut.rstrip(",;:.") + "…"
