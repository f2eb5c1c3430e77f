"""A rendered post's text by section: plain data the search index (and anything else that needs
a post's words by heading) is made from.

The HTML is split once, at render time, into [anchor, title, text] per section, as plain text
(tags removed, entities decoded, the toc extension's permalink marks left out). How an index
quotes it is the adapter's business (brandkit/mkdocs/search.py).
"""

from __future__ import annotations

import html
import re

_HEADING = re.compile(r"<h([1-6])([^>]*)>(.*?)</h\1>", re.DOTALL | re.IGNORECASE)
_ID = re.compile(r"""\bid\s*=\s*["']([^"']+)["']""")
_TAGS = re.compile(r"<[^>]+>")
_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.DOTALL)


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
