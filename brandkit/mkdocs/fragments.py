"""Parts of mkdocs-material's layout rendered once and shared by the pages that show them alike.

On a large blog most pages are posts and listings, none of them in the site's navigation, and
mkdocs-material renders the same stylesheet links, header, tabs, navigation, footer and
configuration script for each of them: about a third of the time Jinja spends on a page. For such
a page these parts depend on the page only through

- the URLs the `url` filter makes relative to it: the same for pages in the same folder, unless
  a link goes into one of those pages' own folder (checked for every reuse);
- the page title in the header (rendered once with a stand-in, which is then replaced);
- `page.meta.hide` in the footer (part of the key), and links to the previous and next page,
  which pages outside the navigation do not have.

The `url` filter's results are kept the same way, per folder. Templates a site overrides, and
other plugins (which may change what a page's context holds, or the filter), are not known to
behave like this, so sharing is off unless the theme is mkdocs-material with brandkit's own
templates only and the plugins are search and brandkit. tests/test_fragments.py builds sites
with and without sharing and compares every output file byte for byte.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import jinja2
from markupsafe import Markup

# Stands in for the page title while a header is rendered for sharing: text no title contains.
_TITLE = "\x00brandkit-title\x00"
# Fragments whose only other dependency on the page is `page.meta.hide`.
_HIDE_KEYED = frozenset({"footer"})


@dataclass(frozen=True)
class _Entry:
    parts: tuple[str, ...]  # the output; the header's around its title
    entered: frozenset[str]  # sub-folders of the pages' folder its links go into


def _norm_parts(path: str) -> list[str]:
    """A URL path as the components MkDocs' `get_relative_url` compares (`mkdocs.utils`)."""
    if not path.startswith("/"):
        path = "/" + path
    path = posixpath.normpath(path)[1:]
    return path.split("/") if path else []


def _page_parts(url: str) -> list[str]:
    # As `get_relative_url` reads the page's URL: a last component with a dot is a file name.
    folder, _, name = url.rpartition("/")
    return _norm_parts(folder if "." in name else url)


class SharedFragments:
    """The shared parts of one build's pages (`reset` before each build)."""

    def __init__(self) -> None:
        self.enabled = False
        self._entries: dict[tuple[Any, ...], _Entry] = {}
        self._in_nav: set[int] = set()
        self._recording: list[str] | None = None
        self._unshared: set[str] = set()
        self._where: dict[str, tuple[tuple[str, ...], str, int]] = {}
        self._urls: dict[tuple[str, tuple[str, ...], int], tuple[str, str | None]] = {}
        self.hits = 0

    def reset(self, *, enabled: bool, nav: Any) -> None:
        self.enabled = enabled
        self._entries = {}
        self._in_nav = {id(page) for page in getattr(nav, "pages", ())}
        self._unshared = set()
        self._where, self._urls = {}, {}
        self.hits = 0

    def install(self, env: jinja2.Environment) -> None:
        """Register `bk_shared` for the templates, and note the URLs the `url` filter makes."""
        env.globals["bk_shared"] = self.render
        original: Callable[..., str] = env.filters["url"]
        if getattr(original, "brandkit_recorded", False):
            return

        @jinja2.pass_context
        def url(context: Any, value: Any) -> str:
            # Pages in one folder get the same relative URL for a target (a few dozen per
            # page: stylesheets, scripts, feeds, tags), unless it is inside one of their own
            # folders: kept per folder, with the sub-folder it goes into, if any.
            value = str(value)
            if self._recording is not None:
                self._recording.append(value)
            page = context.get("page")
            if page is None or not self.enabled:
                return original(context, value)
            folder, own, depth = self._where_of(page)
            key = (value, folder, depth)
            found = self._urls.get(key)
            if found is None:
                result = original(context, value)
                entered = _entered(value, folder)
                if entered != own:
                    self._urls[key] = (result, entered)
                return result
            if found[1] == own:
                return original(context, value)
            return found[0]

        url.brandkit_recorded = True  # type: ignore[attr-defined]
        env.filters["url"] = url

    @jinja2.pass_context
    def render(self, context: Any, name: str, render: Callable[[], str]) -> Markup:
        """`render()` (a block's `super` or a macro), or what it gave on a page alike."""
        page = context.get("page")
        key = self._key(name, page)
        if key is None:
            return Markup(render())
        own = self._where_of(page)[1]
        entry = self._entries.get(key)
        if entry is None:
            return Markup(self._record(key, name, page, render))
        if own in entry.entered:  # links into this page's own folder: rendered for it alone
            return Markup(render())
        self.hits += 1
        if len(entry.parts) == 1:
            return Markup(entry.parts[0])
        return Markup(str(page.meta["title"]).join(entry.parts))

    def _where_of(self, page: Any) -> tuple[tuple[str, ...], str, int]:
        """The page's folder, its own last component and its depth, as relative URLs see them."""
        found = self._where.get(page.url)
        if found is None:
            parts = _page_parts(page.url)
            found = self._where[page.url] = (
                tuple(parts[:-1]),
                parts[-1] if parts else "",
                len(parts),
            )
        return found

    def _key(self, name: str, page: Any) -> tuple[Any, ...] | None:
        if not self.enabled or name in self._unshared or page is None or id(page) in self._in_nav:
            return None
        if page.previous_page is not None or page.next_page is not None:
            return None
        if name == "header" and not (page.meta and page.meta.get("title")):
            return None  # the header would show `page.title`, not replaced here
        folder, _, depth = self._where_of(page)
        hide = repr(page.meta.get("hide")) if name in _HIDE_KEYED and page.meta else None
        return (name, folder, depth, hide)

    def _record(self, key: tuple[Any, ...], name: str, page: Any, render: Callable[[], str]) -> str:
        header = name == "header"
        title = page.meta.get("title") if header else None
        self._recording = []
        try:
            if header:
                page.meta["title"] = _TITLE
            html = str(render())
        finally:
            urls, self._recording = self._recording, None
            if header:
                page.meta["title"] = title
        pieces = tuple(html.split(_TITLE)) if header else (html,)
        if header and len(pieces) != 2:
            # The title is not printed exactly once as it is: no page shares its header.
            self._unshared.add(name)
            return str(render())
        folder, own, _ = self._where_of(page)
        entered = frozenset(
            found for value in urls if (found := _entered(value, folder)) is not None
        )
        # If this page's own links differ from its neighbours', its parts serve no other page.
        if own not in entered:
            self._entries[key] = _Entry(pieces, entered)
        return str(title).join(pieces) if header else html


def _target_parts(value: str) -> list[str] | None:
    """The path a `url` filter value points to, as components; None if it does not depend on
    the page (a full URL, an absolute path, a fragment), as in MkDocs' `normalize_url`."""
    from urllib.parse import urlsplit

    path = value.replace("\\", "/") if value else "."
    split = urlsplit(path)
    if split.scheme or split.netloc or path.startswith(("/", "#")):
        return None
    return _norm_parts(path)


def _entered(value: str, folder: tuple[str, ...]) -> str | None:
    """The sub-folder of `folder` the `url` filter value points into, if any: the only part of
    a page's own URL the relative URL depends on, besides its folder."""
    target = _target_parts(value)
    if target is None or len(target) <= len(folder) or tuple(target[: len(folder)]) != folder:
        return None
    return target[len(folder)]
