"""What brandkit puts into MkDocs' pages: a post's HTML and table of contents (rendered once, by
brandkit), the escaped title and description, and the data its templates show."""

from __future__ import annotations

import html
from typing import Any

from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from brandkit.content.models import Post, Settings
from brandkit.site import SiteModel
from brandkit.syndicate.links import SyndicatedCopy


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
