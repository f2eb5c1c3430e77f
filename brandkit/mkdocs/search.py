"""Search entries for posts, computed once per post from its rendered HTML and cached with it.

mkdocs-material's search plugin parses every page's final HTML on every build; for posts brandkit
splits the rendered HTML into sections once (at render time) and adds the entries to the index
itself, so a warm build parses no HTML at all.
"""

from __future__ import annotations

import contextlib
import html
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brandkit.files import replace_file

if TYPE_CHECKING:
    from brandkit.site import SiteModel

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


class PostEntries:
    """The index entries of every post as JSON text, kept per post under a digest of what they
    are made from (URL, title, tags, rendered post): in memory for a server, and in one file in
    `cache_dir`, so a rebuild reads no rendered post whose entries it already has."""

    def __init__(self, cache_dir: Path | None = None) -> None:
        self.path = cache_dir / "entries.json" if cache_dir is not None else None
        self.known: dict[str, str] | None = None

    def text(self, model: SiteModel) -> str:
        """Entries of all posts of `model` as the items of a JSON list (no brackets)."""
        import hashlib

        known = self._load()
        renderer = model.renderer
        used: dict[str, str] = {}
        for post in model.blog.posts:
            key = hashlib.sha256(
                repr((post.url, post.title, post.tags, renderer.key(post))).encode()
            ).hexdigest()
            found = known.get(key)
            if found is None:
                sections = model.rendered(post).sections
                # One list dumped at once is the items joined by "," between brackets.
                found = _dumps(entries(post.url, post.title, post.tags, sections))[1:-1]
            used[key] = found
        if used.keys() != known.keys() and self.path is not None:
            replace_file(self.path, _dumps(used))
        self.known = used
        return ",".join(text for text in used.values() if text)

    def _load(self) -> dict[str, str]:
        if self.known is None:
            self.known = {}
            if self.path is not None:
                # No cache yet, or a damaged one: made again.
                with contextlib.suppress(OSError, ValueError):
                    self.known = json.loads(self.path.read_text(encoding="utf-8"))
        return self.known


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def extend_index(index_file: Path, docs: str) -> bool:
    """Add `docs` (entries as from `PostEntries.text`) to a search index written by the search
    plugin; False if there is none. The file is what json.dumps of the whole would give; it is
    written in pieces, so the index is never held twice in memory."""
    if not index_file.is_file():
        return False
    data = json.loads(index_file.read_text(encoding="utf-8"))
    existing = ",".join(_dumps(d) for d in data.get("docs", []))
    marker = "\u0000brandkit-docs\u0000"
    head, tail = _dumps({**data, "docs": marker}).split(_dumps(marker), 1)
    with index_file.open("w", encoding="utf-8") as fh:
        fh.write(head)
        fh.write("[")
        fh.write(existing)
        if existing and docs:
            fh.write(",")
        fh.write(docs)
        fh.write("]")
        fh.write(tail)
    return True
