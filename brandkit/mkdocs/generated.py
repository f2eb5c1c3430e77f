"""The pages brandkit hands MkDocs besides the user's own: what each shows and with which template.

A `GeneratedPage` describes one page (a post, a blog listing, a portfolio page, /subscribe/): its
kind (which names its template, `brandkit/<kind>.html`), title, description and the data the
template shows. The plugin registers them by `src_uri`; `listing_pages` makes the blog's
listings (paginated index, tags, archive, years, series) from the core's `Blog`; `BuildStats`
counts what a build made, for `brandkit build`'s summary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from brandkit.listings import Blog


@dataclass
class GeneratedPage:
    kind: str  # post, index, tags, tag, archive, year, series, subscribe, project ...
    title: str
    description: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    keep_body: bool = False  # the user's own Markdown file (project, talk): MkDocs renders it
    lastmod: datetime | None = None  # for the sitemap, when the content model knows it
    trail: tuple[tuple[str, str], ...] = ()  # breadcrumbs above it, home excluded
    # The title on the page's social card when not `title`: every page of the paginated blog
    # index shares the "Blog" card (one card to draw, and it does not change as the blog grows).
    card_title: str = ""

    @property
    def template(self) -> str:
        return f"brandkit/{self.kind}.html"


@dataclass
class BuildStats:
    posts: int = 0
    pages: int = 0
    feeds: int = 0
    rendered: int = 0
    cached: int = 0
    hidden: int = 0


def listing_pages(blog: Blog, site_name: str) -> dict[str, GeneratedPage]:
    """The blog's listing pages, by the `src_uri` each is generated at."""
    pages: dict[str, GeneratedPage] = {}

    def add(url: str, page: GeneratedPage) -> None:
        pages[f"{url}index.md"] = page

    for index in blog.index_pages:
        suffix = f" (page {index.number} of {index.total})" if index.number > 1 else ""
        add(
            index.url,
            GeneratedPage(
                "index",
                f"Blog{suffix}",
                f"Posts by {site_name}",
                {"listing": index},
                card_title="Blog",
            ),
        )
    add(blog.tags_url, GeneratedPage("tags", "Tags", f"Topics {site_name} writes about", {}))
    for tag in blog.tags:
        title = f"Posts tagged “{tag.name}”"
        add(tag.url, GeneratedPage("tag", title, f"{site_name} on {tag.name}", {"tag": tag}))
    add(blog.archive_url, GeneratedPage("archive", "Archive", f"Every post by {site_name}", {}))
    for year in blog.years:
        title, description = f"Posts from {year.year}", f"{site_name} in {year.year}"
        add(year.url, GeneratedPage("year", title, description, {"year": year}))
    for series in blog.series:
        title = f"Series: {series.name}"
        add(
            series.url,
            GeneratedPage("series", title, f"A series by {site_name}", {"series": series}),
        )
    return pages
