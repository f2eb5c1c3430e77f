"""The MkDocs plugin: event glue only.

It asks brandkit's core for the site model (posts rendered once, listings, feeds), hands MkDocs the
generated pages as `File.generated` with brandkit templates that extend mkdocs-material's, and
passes each page its view data. No content logic lives here.
"""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from brandkit.config import BrandkitConfig, settings_from
from brandkit.content.loader import load_posts
from brandkit.content.models import Post, Settings
from brandkit.content.render import Renderer
from brandkit.exceptions import BrandkitError
from brandkit.feeds import feed_paths
from brandkit.newsletter.forms import FormError, FormSpec, form_spec
from brandkit.site import SiteModel, build_now, build_site_model, visible_posts

log = logging.getLogger("mkdocs.plugins.brandkit")
THEME_DIR = Path(__file__).parent / "theme"


@dataclass
class GeneratedPage:
    kind: str  # post, index, tags, tag, archive, year, series
    title: str
    description: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    in_search: bool = False

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


class BrandkitPlugin(BasePlugin[BrandkitConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self.settings: Settings | None = None
        self.model: SiteModel | None = None
        self.pages: dict[str, GeneratedPage] = {}
        self.stats = BuildStats()
        self.root = Path.cwd()
        self.subscribe: FormSpec | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        try:
            self.settings = settings_from(config, self.config)
        except BrandkitError as exc:
            raise PluginError(exc.message) from exc
        self.root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        self.subscribe = _subscribe_form(self.config)
        theme_dir = str(THEME_DIR)
        if theme_dir not in config.theme.dirs:
            # After the user's custom_dir (so they can override brandkit), before Material.
            position = 1 if config.theme.custom_dir else 0
            config.theme.dirs.insert(position, theme_dir)
        self.renderer = Renderer(
            list(config.markdown_extensions),
            dict(config.mdx_configs),
            self.root / self.config.cache_dir,
        )
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.settings is not None
        settings = self.settings
        docs_dir = Path(config.docs_dir)
        result = load_posts(docs_dir, settings, display_root=self.root)
        if result.problems:
            count = len(result.problems)
            lines = "\n".join(str(p) for p in result.problems)
            raise PluginError(f"{lines}\n{count} problem(s) in content: fix them and run again.")
        for warning in result.warnings:
            log.warning("%s", warning)

        include_hidden = self.serving or self.config.drafts
        posts = visible_posts(result.posts, include_hidden=include_hidden, now=build_now())
        post_sources = {p.source for p in result.posts}
        hits, misses = self.renderer.hits, self.renderer.misses

        kept = [f for f in files if f.src_uri not in post_sources]
        md_urls = {f.src_uri: f.url for f in kept if f.is_documentation_page()}
        model = build_site_model(posts, settings, self.renderer, md_urls)
        for post, url in model.broken_links:
            log.warning(
                "%s: link %r points to no page; fix the path (relative to the post file)",
                result.shown[post.source],
                url,
            )
        self.model = model
        self.pages = self._generated_pages(model)
        if self.subscribe is not None and self.config.newsletter.form.subscribe_page:
            # The user's own subscribe page wins over the generated one.
            if not any(out_f.src_uri in ("subscribe.md", "subscribe/index.md") for out_f in kept):
                self.pages["subscribe/index.md"] = GeneratedPage(
                    "subscribe", "Subscribe", f"Get new posts from {settings.site_name} by email"
                )

        out = Files(kept)
        for src_uri in self.pages:
            existing = out.get_file_from_path(src_uri)
            if existing is not None:
                raise PluginError(
                    f"{config.docs_dir}/{src_uri}: brandkit generates this page itself; move or "
                    "rename your file, or change blog_url in the brandkit plugin block."
                )
            inclusion = InclusionLevel.INCLUDED if src_uri == self._blog_src else None
            out.append(
                File.generated(
                    config,
                    src_uri,
                    content="",
                    inclusion=inclusion or InclusionLevel.NOT_IN_NAV,
                )
            )
        for path, data in model.feed_files.items():
            out.append(File.generated(config, path, content=data))

        self.stats = BuildStats(
            posts=len(posts),
            pages=sum(1 for f in out if f.is_documentation_page()),
            feeds=len(model.feed_files),
            rendered=self.renderer.misses - misses,
            cached=self.renderer.hits - hits,
            hidden=len(result.posts) - len(posts),
        )
        return out

    @property
    def _blog_src(self) -> str:
        assert self.settings is not None
        return f"{self.settings.blog_url}index.md"

    def _generated_pages(self, model: SiteModel) -> dict[str, GeneratedPage]:
        blog = model.blog
        name = model.settings.site_name
        pages: dict[str, GeneratedPage] = {}

        def add(url: str, page: GeneratedPage) -> None:
            pages[f"{url}index.md"] = page

        for post in blog.posts:
            add(
                post.url,
                GeneratedPage(
                    "post",
                    post.title,
                    model.summary(post),
                    {"post": post},
                    in_search=True,
                ),
            )
        for index in blog.index_pages:
            suffix = f" (page {index.number} of {index.total})" if index.number > 1 else ""
            add(
                index.url,
                GeneratedPage("index", f"Blog{suffix}", f"Posts by {name}", {"listing": index}),
            )
        add(blog.tags_url, GeneratedPage("tags", "Tags", f"Topics {name} writes about", {}))
        for tag in blog.tags:
            add(
                tag.url,
                GeneratedPage(
                    "tag", f"Posts tagged “{tag.name}”", f"{name} on {tag.name}", {"tag": tag}
                ),
            )
        add(blog.archive_url, GeneratedPage("archive", "Archive", f"Every post by {name}", {}))
        for year in blog.years:
            add(
                year.url,
                GeneratedPage(
                    "year", f"Posts from {year.year}", f"{name} in {year.year}", {"year": year}
                ),
            )
        for series in blog.series:
            add(
                series.url,
                GeneratedPage(
                    "series", f"Series: {series.name}", f"A series by {name}", {"series": series}
                ),
            )
        return pages

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        spec = self.pages.get(page.file.src_uri)
        if spec is None:
            if page.file.src_uri == "index.md":
                page.meta.setdefault("template", "brandkit/home.html")
            _escape_meta(page)
            return markdown
        page.meta["title"] = spec.title
        page.meta["description"] = spec.description
        page.meta["template"] = spec.template
        if not spec.in_search:
            page.meta["search"] = {"exclude": True}
        _escape_meta(page)
        return ""

    def on_page_content(
        self, html_out: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        spec = self.pages.get(page.file.src_uri)
        if spec is None or spec.kind != "post":
            return html_out
        assert self.model is not None
        post: Post = spec.data["post"]
        page.toc = get_toc(self.model.rendered[post.source].toc)
        return self.model.page_html[post.source]

    def on_page_context(
        self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Any
    ) -> dict[str, Any]:
        spec = self.pages.get(page.file.src_uri)
        context["bk_page"] = spec
        if spec is not None and spec.kind == "post":
            assert self.model is not None
            post = spec.data["post"]
            blog = self.model.blog
            context["bk_post"] = {
                "post": post,
                "minutes": self.model.minutes(post),
                "tags": blog.tags_of(post),
                "series": blog.series_of(post),
                "newer": blog.newer(post),
                "older": blog.older(post),
                "authors": [a for k in post.authors if (a := self.settings.author(k))]  # type: ignore[union-attr]
                or ([self.settings.default_author] if self.settings.default_author else []),  # type: ignore[union-attr]
            }
        return context

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        assert self.settings is not None and self.model is not None
        env.filters["bk_date"] = _format_date
        env.globals["brandkit"] = {
            "settings": self.settings,
            "blog": self.model.blog,
            "model": self.model,
            "feeds": feed_paths("") if self.settings.feeds else None,
            "tag_feeds": self.settings.feeds and self.settings.tag_feeds,
            "subscribe": self.subscribe,
        }
        return env


def _subscribe_form(config: BrandkitConfig) -> FormSpec | None:
    from brandkit.plugins import form_providers

    try:
        return form_spec(config.newsletter.form, form_providers())
    except FormError as exc:
        raise PluginError(str(exc)) from exc


def _escape_meta(page: Page) -> None:
    # mkdocs-material prints page.meta title and description unescaped (MkDocs' Jinja has no
    # autoescape), so brandkit stores them escaped once; templates print them as they are.
    for key in ("title", "description"):
        value = page.meta.get(key)
        if isinstance(value, str):
            page.meta[key] = html.escape(value, quote=True)


def _format_date(value: datetime) -> str:
    return f"{value.day} {value:%B %Y}"
