"""Search entries for posts, computed once per post from its rendered HTML and cached with it.

mkdocs-material's search plugin parses every page's final HTML on every build; for posts brandkit
splits the rendered HTML into sections once (at render time) and adds the entries to the index
itself, so a warm build parses no HTML at all.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

_HEADING = re.compile(r"<h([1-6])([^>]*)>(.*?)</h\1>", re.DOTALL | re.IGNORECASE)
_ID = re.compile(r"""\bid\s*=\s*["']([^"']+)["']""")
_TAGS = re.compile(r"<[^>]+>")
_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.DOTALL)


def _text(fragment: str) -> str:
    """Plain text of an HTML fragment, escaped again for the search UI (which renders HTML)."""
    plain = html.unescape(_TAGS.sub(" ", _HEADERLINK.sub("", fragment)))
    return html.escape(" ".join(plain.split()), quote=False)


def sections(rendered_html: str) -> list[list[str]]:
    """[anchor, title, text] per section; the first has no anchor (text before any heading)."""
    out: list[list[str]] = []
    position = 0
    anchor, title = "", ""
    for match in _HEADING.finditer(rendered_html):
        out.append([anchor, title, _text(rendered_html[position : match.start()])])
        id_match = _ID.search(match.group(2))
        anchor = id_match.group(1) if id_match else ""
        title = _text(match.group(3))
        position = match.end()
    out.append([anchor, title, _text(rendered_html[position:])])
    return out


def entries(
    url: str, title: str, tags: Iterable[str], page_sections: list[list[str]]
) -> list[dict[str, Any]]:
    """Entries in the search index format shared by MkDocs and mkdocs-material."""
    tag_list = list(tags)
    result: list[dict[str, Any]] = []
    for anchor, section_title, text in page_sections:
        if not anchor and not section_title:
            entry: dict[str, Any] = {"location": url, "title": html.escape(title), "text": text}
        elif anchor:
            entry = {"location": f"{url}#{anchor}", "title": section_title, "text": text}
        else:
            continue
        if tag_list:
            entry["tags"] = tag_list
        result.append(entry)
    return result


def extend_index(index_file: Path, docs: list[dict[str, Any]]) -> bool:
    """Add `docs` to a search index written by the search plugin; False if there is none."""
    if not index_file.is_file():
        return False
    data = json.loads(index_file.read_text(encoding="utf-8"))
    data.setdefault("docs", []).extend(docs)
    index_file.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), "utf-8")
    return True
