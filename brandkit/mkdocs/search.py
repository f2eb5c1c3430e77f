"""Search entries for posts, computed once per post from its rendered HTML and cached with it.

mkdocs-material's search plugin parses every page's final HTML on every build; for posts brandkit
splits the rendered HTML into sections once (at render time) and adds the entries to the index
itself, so a warm build parses no HTML at all.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brandkit import cache_file

if TYPE_CHECKING:
    from brandkit.site import SiteModel

KIND, VERSION = "search-entries", 1


def entries(
    url: str, title: str, tags: Iterable[str], page_sections: list[list[str]]
) -> list[dict[str, Any]]:
    """Entries in the search index format shared by MkDocs and mkdocs-material, from a post's
    plain-text sections (brandkit/render/extract.py): the search UI renders HTML, so the text
    is escaped here."""
    tag_list = list(tags)
    result: list[dict[str, Any]] = []
    for anchor, section_title, plain in page_sections:
        text = _escape(plain)
        if not anchor and not section_title:
            entry: dict[str, Any] = {"location": url, "title": html.escape(title), "text": text}
        elif anchor:
            entry = {"location": f"{url}#{anchor}", "title": _escape(section_title), "text": text}
        else:
            continue
        if tag_list:
            entry["tags"] = tag_list
        result.append(entry)
    return result


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


class PostEntries:
    """The index entries of every post as JSON text, kept per post under a digest of what they
    are made from (URL, title, tags, rendered post): in memory for a server, and in one file in
    `cache_dir`, so a rebuild reads no rendered post whose entries it already has."""

    def __init__(self, cache_dir: Path | None = None) -> None:
        self.path = cache_dir / "entries" if cache_dir is not None else None
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
            cache_file.write(self.path, KIND, VERSION, _dumps(used).encode("utf-8"))
        self.known = used
        return ",".join(text for text in used.values() if text)

    def _load(self) -> dict[str, str]:
        if self.known is None:
            self.known = {}
            if self.path is not None:
                # No cache yet, or a damaged one: made again.
                found = cache_file.read_json(self.path, KIND, VERSION)
                if isinstance(found, dict) and all(isinstance(v, str) for v in found.values()):
                    self.known = found
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
