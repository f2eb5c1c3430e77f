"""Fingerprints of brandkit's pages: digests of everything that shapes a page's HTML.

A page's fingerprint digests the site-wide inputs (brandkit, MkDocs, mkdocs-material and Jinja
versions; the whole MkDocs configuration; the theme files brandkit and the user ship; every
page's URL; the navigation, titles included) and what the page itself shows (the post and its
rendered HTML, its neighbours, tags and series; the posts a listing lists). Two builds that give
a page the same fingerprint render the same bytes for it, which is what lets `page_reuse`
publish a cached copy instead of rendering it again.
"""

from __future__ import annotations

import hashlib
import locale
import os
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config.defaults import MkDocsConfig

from brandkit import __version__
from brandkit.content.models import Post

if TYPE_CHECKING:
    from brandkit.mkdocs.generated import GeneratedPage
    from brandkit.site import SiteModel

LISTING_KINDS = frozenset({"index", "tags", "tag", "archive", "year", "series"})
# Configuration keys that never show in a page (and differ between runs of `serve`).
_IGNORED_KEYS = frozenset({"site_dir", "config_file_path", "dev_addr", "watch", "strict"})


def digest(*parts: Any) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()


@lru_cache(maxsize=1)
def _versions() -> tuple[str, ...]:
    found = [__version__]
    for name in ("mkdocs", "mkdocs-material", "jinja2", "pymdown-extensions", "markdown"):
        try:
            found.append(version(name))
        except PackageNotFoundError:
            found.append("")
    return tuple(found)


def stable(value: Any, depth: int = 0, root: str | None = None) -> Any:
    """A repr-able stand-in for a configuration value that is the same in every run. Paths in
    `root` (the project folder) are written relative to it: where the project lies does not
    show in its pages, and deploy builds a copy of it in another folder."""
    if depth > 12:
        return "..."
    if isinstance(value, str) and root is not None:
        if value == root or value.startswith(root + os.sep):
            return "<project>" + value[len(root) :]
        return value
    if isinstance(value, str | int | float | bool | type(None)):
        return value
    if callable(value) and not isinstance(value, Mapping):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', '')}"
    if isinstance(value, Mapping) or hasattr(value, "items"):
        try:
            items = list(value.items())
        except TypeError:
            items = []
        return sorted(
            ((str(k), stable(v, depth + 1, root)) for k, v in items), key=lambda kv: kv[0]
        )
    if isinstance(value, list | tuple | set | frozenset):
        result = [stable(v, depth + 1, root) for v in value]
        return sorted(result, key=repr) if isinstance(value, set | frozenset) else result
    text = repr(value)
    return type(value).__qualname__ if " at 0x" in text else text


def config_fingerprint(config: MkDocsConfig) -> str:
    root = os.path.dirname(os.path.abspath(config.config_file_path or "mkdocs.yml"))
    parts: list[Any] = []
    for key, value in config.items():
        if key in _IGNORED_KEYS:
            continue
        if key == "plugins":
            value = [
                (name, type(p).__qualname__, stable(p.config, root=root))
                for name, p in value.items()
            ]
        elif key == "theme":
            value = (value.name, list(value.dirs), stable(dict(value.items()), root=root))
        parts.append((key, stable(value, root=root)))
    return digest(parts)


def theme_fingerprint(dirs: Iterable[str], custom_dir: str | None) -> tuple[str, bool]:
    """A digest of the theme files that are not part of an installed package (those are
    covered by its version), and whether the user's `custom_dir` overrides a template."""
    h = hashlib.sha256()
    overrides = False
    for directory in dirs:
        root = Path(directory)
        if "site-packages" in root.parts or "dist-packages" in root.parts:
            h.update(directory.encode())
            continue
        for path in sorted(root.rglob("*")):
            if path.is_file():
                h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
                if directory == custom_dir and path.suffix == ".html":
                    overrides = True
    return h.hexdigest(), overrides


def nav_fingerprint(nav: Any, title_of: Callable[[Any], str]) -> str:
    """What every page shows of the navigation: each entry's kind, title and URL. Before MkDocs
    has read the pages, a page named in the navigation without a title has none yet:
    `title_of` gives what its title will come from."""

    def walk(items: Iterable[Any]) -> list[Any]:
        return [
            (
                type(item).__name__,
                title_of(item),
                getattr(item, "url", None),
                walk(item.children) if getattr(item, "children", None) else None,
            )
            for item in items
        ]

    return digest(walk(nav.items) if nav is not None else None)


def post_cards(model: SiteModel, cover: Callable[[Post], Any]) -> dict[str, str]:
    """A digest per post of what a listing shows of it, by source. `cover`: what the site's
    image catalog knows of the post's cover image (its size and bytes), shown on its page and
    in listings."""
    return {
        post.source: digest(
            post,
            model.minutes(post),
            model.summary(post),
            [(t.name, t.url) for t in model.blog.tags_of(post)],
            cover(post),
        )
        for post in model.blog.posts
    }


def post_fingerprint(
    model: SiteModel, post: Post, cards: Mapping[str, str], syndicated: tuple[Any, ...] = ()
) -> str:
    blog = model.blog
    series = blog.series_of(post)
    return digest(
        "post",
        model.renderer.key(post),
        cards[post.source],
        model.link_targets(post),
        [(p.url, p.title) if p else None for p in (blog.newer(post), blog.older(post))],
        (series.name, series.url, [(p.source, p.url, p.title) for p in series.posts])
        if series
        else None,
        syndicated,  # what else the page shows of it (copies elsewhere, webmentions)
        [(p.url, p.title, cards[p.source]) for p in blog.related(post)],
    )


def listing_fingerprint(model: SiteModel, spec: GeneratedPage, cards: Mapping[str, str]) -> str:
    """Everything a listing page shows: its own fields and a card of each post in it."""
    blog = model.blog
    parts: list[Any] = [spec.kind, spec.title, spec.description]
    for value in spec.data.values():
        posts = getattr(value, "posts", ())
        scalars = {k: v for k, v in vars(value).items() if k != "posts"}
        parts.append((repr(scalars), [cards[p.source] for p in posts]))
    if spec.kind == "tags":
        parts.append([(t.name, t.url, len(t.posts)) for t in blog.tags])
    if spec.kind == "archive":
        parts.append([(y.year, y.url, [cards[p.source] for p in y.posts]) for y in blog.years])
    return digest(parts)


def site_fingerprint(
    config: MkDocsConfig,
    md_urls: Mapping[str, str],
    render_salt: str,
    serving: bool,
    post_digests: Mapping[str, str],
    owner: Any,
    card_style: Any,
) -> str:
    """Everything every brandkit page depends on, besides the navigation and its own data."""
    theme, overrides = theme_fingerprint(config.theme.dirs, config.theme.custom_dir)
    return digest(
        _versions(),
        locale.setlocale(locale.LC_TIME),  # month names in dates
        render_salt,
        config_fingerprint(config),
        theme,
        sorted(md_urls.items()),
        serving,
        # A template the user overrides may show anything about any post.
        digest(list(post_digests.values())) if overrides else None,
        # Post pages name the owner's schema.org Person (from resume.json and the profile,
        # not mkdocs.yml alone) as their publisher.
        repr(owner),
        # Every page's social card: colours, font, and the owner's photo (its bytes).
        repr(card_style),
    )
