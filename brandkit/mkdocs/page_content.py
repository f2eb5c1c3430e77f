"""What brandkit puts into MkDocs' pages: a post's HTML and table of contents (rendered once, by
brandkit), the escaped title and description, and the data its templates show (per page, and
the site-wide `brandkit` global)."""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from brandkit.announce.forms import SUBSCRIBE_PAGES, FormError, FormSpec, form_spec
from brandkit.config.block import BrandkitConfig
from brandkit.content.models import Post, Settings
from brandkit.errors import BrandkitError
from brandkit.feeds import feed_paths
from brandkit.mkdocs import look
from brandkit.mkdocs.portfolio import portfolio_globals
from brandkit.site import SiteModel
from brandkit.syndicate.links import SyndicatedCopy, copies_by_post

if TYPE_CHECKING:
    from brandkit.mkdocs.plugin import BrandkitPlugin


def fill_post(page: Page, model: SiteModel, post: Post) -> None:
    """The post's HTML (links made relative to its page), table of contents and anchors."""
    rendered = model.rendered(post)
    page.toc = get_toc(rendered.toc)  # type: ignore[arg-type]  # same dict shape
    page.present_anchor_ids = {s[0] for s in rendered.sections if s[0]}
    page.content = model.page_html(post)


def post_context(
    model: SiteModel, settings: Settings, post: Post, syndicated: tuple[SyndicatedCopy, ...]
) -> dict[str, Any]:
    """What a post page's template shows besides the post: neighbours, tags, series, authors."""
    blog = model.blog
    authors = [a for k in post.authors if (a := settings.author(k))]
    return {
        "post": post,
        "minutes": model.minutes(post),
        "tags": blog.tags_of(post),
        "series": blog.series_of(post),
        "newer": blog.newer(post),
        "older": blog.older(post),
        "syndication": syndicated,
        "related": blog.related(post),
        "authors": authors or ([settings.default_author] if settings.default_author else []),
    }


def escape_meta(page: Page) -> None:
    # mkdocs-material prints page.meta title and description unescaped (MkDocs' Jinja has no
    # autoescape), so brandkit stores them escaped once; templates print them as they are.
    for key in ("title", "description"):
        value = page.meta.get(key)
        if isinstance(value, str):
            page.meta[key] = html.escape(value, quote=True)


ABOUT_PAGES = ("about.md", "about/index.md")


def template_globals(plugin: BrandkitPlugin, files: Files) -> dict[str, Any]:
    """What every template sees as `brandkit`."""
    assert plugin.settings is not None and plugin.model is not None
    settings = plugin.settings

    def first(names: tuple[str, ...]) -> str | None:
        return next((f.url for name in names if (f := files.get_file_from_path(name))), None)

    return {
        "settings": settings,
        "toc": plugin.options.toc,
        "images": look.Covers(plugin.images),
        "blog": plugin.model.blog,
        "model": plugin.model,
        "feeds": feed_paths("") if settings.feeds else None,
        "tag_feeds": settings.feeds and settings.tag_feeds,
        "subscribe": plugin.subscribe,
        # The page offering email and feeds (generated, or the user's own), if there is one.
        "subscribe_page": first(SUBSCRIBE_PAGES),
        "about_url": first(ABOUT_PAGES),  # the page the author card links to
        **portfolio_globals(plugin.portfolio),
    }


def syndicated_copies(options: BrandkitConfig, root: Path) -> dict[str, tuple[SyndicatedCopy, ...]]:
    """The copies `brandkit syndicate` recorded, for links on post pages (opt-in)."""
    if not options.syndicate.links:
        return {}
    from brandkit.state import STATE_PATH, State

    try:
        return copies_by_post(State.load(root / STATE_PATH).data)
    except BrandkitError as exc:
        raise PluginError(exc.message) from exc


def subscribe_form(options: BrandkitConfig) -> FormSpec | None:
    from brandkit.plugins import form_providers

    form = options.newsletter.form.as_dict()
    if not form.get("provider"):
        return None  # no form, so no plugin need be loaded to find its provider (0.1 s)
    try:
        return form_spec(form, form_providers())
    except FormError as exc:
        raise PluginError(str(exc)) from exc
