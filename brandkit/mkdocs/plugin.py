"""The MkDocs plugin: event glue only, through MkDocs' documented events and `File.generated`.

It asks brandkit's core for the site model (posts rendered once, listings, feeds), hands MkDocs
the generated pages with brandkit templates that extend mkdocs-material's, passes each page its
view data, publishes cached copies of unchanged pages (`page_reuse`) and writes what MkDocs does
not know about (feeds, sitemap, search entries of posts). No content logic lives here.
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from brandkit.announce.forms import SUBSCRIBE_PAGES, FormSpec
from brandkit.config.block import BrandkitConfig
from brandkit.config.settings import settings_from
from brandkit.content.loader import Memo, load_posts
from brandkit.content.models import Rendered, Settings
from brandkit.errors import BrandkitError
from brandkit.listings import build_blog
from brandkit.mkdocs import content_checks, look, page_content, search, work_ahead
from brandkit.mkdocs.background import Background
from brandkit.mkdocs.config import BrandkitBlock, block_from, confine, site_from
from brandkit.mkdocs.content_files import add_generated, with_posts
from brandkit.mkdocs.generated import BuildStats, GeneratedPage, listing_pages
from brandkit.mkdocs.mentions import ReceivedMentions
from brandkit.mkdocs.page_reuse import PageReuse, known_plugins
from brandkit.mkdocs.portfolio import add_portfolio, seo_owner
from brandkit.mkdocs.redirects import add_redirect_pages
from brandkit.mkdocs.seo import SeoBuild
from brandkit.mkdocs.serve_updates import Outputs, render_every_time
from brandkit.mkdocs.template_cache import SignedBytecodeCache
from brandkit.mkdocs.templates import THEME_DIR
from brandkit.mkdocs.templates import configure as configure_templates
from brandkit.portfolio import Portfolio
from brandkit.progress import SILENT, Progress
from brandkit.render.images import Catalog
from brandkit.render.markdown import Renderer
from brandkit.render.pool import Pool
from brandkit.site import (
    SiteMemo,
    SiteModel,
    build_now,
    build_site_model,
    feed_posts,
    prune_feeds,
    publish_feeds,
    visible_posts,
    write_feeds,
)
from brandkit.site_files import SiteFiles
from brandkit.site_lock import site_lock
from brandkit.syndicate.links import SyndicatedCopy

log = logging.getLogger("mkdocs.plugins.brandkit")

__all__ = ["BrandkitPlugin", "BuildStats", "GeneratedPage"]


class BrandkitPlugin(BasePlugin[BrandkitBlock]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self.forking = False  # `build`: no other thread, so worker processes may be forked
        # Kept across `serve` rebuilds (MkDocs keeps plugin instances that have on_startup).
        self._post_memo: Memo = {}
        self._render_memory: dict[str, Rendered] = {}
        self._search_entries = search.PostEntries()
        self._site_memo = SiteMemo()
        self._reuse = PageReuse()
        self._background = Background()
        self._compiled = SignedBytecodeCache()
        self.dirty = False
        self._outputs = Outputs()
        self._feeds_published: dict[str, Path] = {}
        self._pool: Pool | None = None
        self._nav: Any = None
        self._files: Files | None = None
        self._late_content = False
        self.settings: Settings | None = None
        self.options = BrandkitConfig.defaults()  # the brandkit block, checked by the core
        self.images = Catalog(Path("."), Path("."))
        self._site_lock = contextlib.ExitStack()
        # Content problems of this build, reported together when it ends (all to fix at once).
        self.problems: list[str] = []
        self.progress: Progress = SILENT  # set by `brandkit build`
        self.model: SiteModel | None = None
        self.pages: dict[str, GeneratedPage] = {}
        self.stats = BuildStats()
        self.root = Path.cwd()
        self.subscribe: FormSpec | None = None
        self.portfolio: Portfolio | None = None
        self.syndicated: dict[str, tuple[SyndicatedCopy, ...]] = {}
        # Set by `brandkit build` (`run_build`): the live site this build replaces, whose
        # unchanged cards and feeds it may keep (`brandkit.site_files`), and for deploy's
        # committed copy the project's cache folder (absolute, outside the copy).
        self.previous_site: Path | None = None
        self.cache_override: Path | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.forking = command == "build"
        self.dirty = dirty  # `brandkit serve` (`serve_updates`)

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        # One build of a site at a time (brandkit.site_lock), a plain `mkdocs build` included.
        self.problems = []
        self._site_lock.close()
        command = "serve" if self.serving else "build"
        cache = self.root / self.options.cache_dir
        self._site_lock.enter_context(site_lock(cache, command, wait=None, notify=log.info))
        # Before MkDocs walks the folders (it follows links, loops included) and copies files.
        content_checks.refuse_outside_links(config, self.root)

    def on_shutdown(self) -> None:
        self._site_lock.close()
        self.cache_override = None  # the instance outlives this command (see __init__)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        try:
            self.options = block_from(self.config)
            confine(config, self.config, self.options, serving=self.serving)
            if self.cache_override is not None:
                self.options = self.options.replace(cache_dir=str(self.cache_override))
            self.settings = settings_from(site_from(config), self.options)
            self.seo = SeoBuild(self.settings, self.options, config, self.root)
        except BrandkitError as exc:
            raise PluginError(exc.message) from exc
        cache_dir = self.root / self.options.cache_dir
        if self._search_entries.path is None or not self.serving:
            self._search_entries = search.PostEntries(cache_dir / "search")
        self.subscribe = page_content.subscribe_form(self.options)
        look.apply(config)
        theme_dir = str(THEME_DIR)
        if theme_dir not in config.theme.dirs:
            # After the user's custom_dir (so they can override brandkit), before Material.
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, theme_dir)
        self.images = self.seo.images = look.image_catalog(config, cache_dir)
        extensions, extension_configs = look.markdown_with_images(config, self.images)
        earlier: Renderer | None = getattr(self, "renderer", None) if self.serving else None
        self.renderer = Renderer(
            extensions,
            extension_configs,
            cache_dir,
            # A server keeps rendered posts in memory; a build reads them from the cache.
            memory=self._render_memory if self.serving else None,
        )
        self.renderer.continue_from(earlier)
        posts_dir = Path(config.docs_dir) / self.settings.posts_dir
        if self.forking and not self.renderer.has_index() and work_ahead.many_posts(posts_dir):
            # A cold `brandkit build`: start the workers now, to set up while posts are read.
            self._pool = work_ahead.worker_pool(self, posts_dir)
            self._pool.start()
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.settings is not None
        settings = self.settings
        self.progress.stage("reading posts")
        result = load_posts(
            Path(config.docs_dir),
            settings,
            display_root=self.root,
            memo=self._post_memo,
            # A server reads posts with other settings (its own address, drafts shown): with
            # one file for both, every build after a `serve` would parse every post again.
            cache=self.root / self.options.cache_dir / ("posts-serve" if self.serving else "posts"),
        )
        self.problems.extend(str(p) for p in result.problems)
        for warning in result.warnings:
            log.warning("%s", warning)
        self.syndicated = page_content.syndicated_copies(self.options, self.root)
        self.mentions = ReceivedMentions.read(self.options.announce.mentions, self.root)
        # With no plugin but search (which could read a post's HTML or table of contents before
        # it is rendered), both are filled in just before the page is (`on_page_context`).
        self._late_content = known_plugins(config)
        include_hidden = self.serving or self.options.drafts
        # A post with a problem is not built (the build fails when it ends).
        broken = {p.path for p in result.problems}
        valid = [p for p in result.posts if result.shown[p.source] not in broken]
        posts = visible_posts(valid, include_hidden=include_hidden, now=build_now())
        hits, misses = self.renderer.hits, self.renderer.misses
        visible = {p.source: p for p in posts}
        out = with_posts(
            files,
            set(result.shown),
            visible,
            config,
            read_by_brandkit=self._late_content,
        )
        valid_sources = {p.source for p in valid}
        found = content_checks.set_aside(files, out, set(result.shown), valid_sources, self.root)
        self.problems.extend(found)
        md_urls = {f.src_uri: f.url for f in out if f.is_documentation_page()}
        blog = build_blog(posts, settings)
        listings = listing_pages(blog, settings.site_name)
        titles = [page.card_title or page.title for page in listings.values()]
        pool, self._pool = self._pool, None
        work_ahead.prepare(self, posts, titles, pool, feed_posts(blog, settings))
        self.model = model = build_site_model(
            posts,
            settings,
            self.renderer,
            md_urls,
            self._site_memo,
            feed_dir=self.root / self.options.cache_dir / "feeds",
            blog=blog,
            rendered=True,
            files={f.src_uri for f in files},
        )
        content_checks.warn_broken_links(model, result.shown, config.validation.links.anchors)
        self.pages = {
            post.source: GeneratedPage("post", post.title, model.summary(post), {"post": post})
            for post in blog.posts
        }
        self.pages.update(listings)
        own_page = any(out.get_file_from_path(name) for name in SUBSCRIBE_PAGES)
        offers = self.subscribe is not None or settings.feeds
        if offers and self.options.newsletter.form.subscribe_page and not own_page:
            # /subscribe/ always (every Subscribe button leads there, never to raw XML): the
            # feeds, and the email form with a provider; unless the user wrote their own page.
            how = "by email or RSS" if self.subscribe else "in a feed reader (RSS)"
            self.pages["subscribe/index.md"] = GeneratedPage(
                "subscribe",
                "Subscribe",
                f"Get new posts from {settings.site_name} {how}",
                # It lists the feeds and the topics: it changes when the newest post does.
                lastmod=max((p.last_modified for p in blog.posts), default=None),
            )
        add_generated(out, [s for s in self.pages if s not in visible], config, {self._blog_src})
        keep = {self.renderer.key(p) for p in posts}
        for key in set(self._render_memory) - keep:
            del self._render_memory[key]
        self.mentions.add_files(out, config)
        self.portfolio = add_portfolio(self, out, config)
        owner = seo_owner(self.portfolio)
        if owner is not None:
            self.seo.owner = owner
        out = add_redirect_pages(out, config, result.posts, settings, result.shown, self.problems)
        self._reuse.plan(self, out, config, md_urls)
        if self.dirty:
            render_every_time(out)
        self.stats = BuildStats(
            posts=len(posts),
            pages=sum(1 for f in out if f.is_documentation_page()),
            feeds=len(model.feed_files),
            rendered=self.renderer.misses - misses,
            cached=self.renderer.hits - hits,
            hidden=len(result.posts) - len(posts),
        )
        return out

    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        self._nav, self._files = nav, files
        titles = {src: spec.title for src, spec in self.pages.items()}
        self._reuse.select(nav, files, config, titles)
        return nav

    @property
    def _blog_src(self) -> str:
        assert self.settings is not None
        return f"{self.settings.blog_url}index.md"

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        spec = self.pages.get(page.file.src_uri)
        if spec is None:
            if page.file.src_uri == "index.md":
                page.meta.setdefault("template", "brandkit/home.html")
            page_content.escape_meta(page)
            return markdown
        if spec.kind == "post" and self._late_content:
            page.meta = dict(spec.data["post"].front_matter)  # MkDocs was given an empty file
        page.meta["title"] = spec.title
        page.meta["description"] = spec.description
        page.meta["template"] = spec.template
        page_content.escape_meta(page)
        if spec.keep_body:
            return markdown
        # Listings stay out of the search index; posts are added from the render cache in
        # on_post_build (the search plugin does not parse their HTML again).
        page.meta["search"] = {"exclude": True}
        return ""

    def on_page_content(
        self, html_out: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        spec = self.pages.get(page.file.src_uri)
        if spec is None or spec.kind != "post":
            return html_out
        assert self.model is not None
        post = spec.data["post"]
        if self._late_content:
            # Known without reading the rendered post: links to its sections are checked.
            page.present_anchor_ids = set(self.model.renderer.info(post).anchors)
            return ""
        page_content.fill_post(page, self.model, post)
        assert page.content is not None
        return page.content

    # Before the search plugin's, which takes its `data-search-*` attributes out of the content.
    @event_priority(50)
    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Any
    ) -> TemplateContext:
        self.progress.advance()
        assert self.model is not None and self.settings is not None
        spec = self.pages.get(page.file.src_uri)
        post = spec.data["post"] if spec is not None and spec.kind == "post" else None
        if post is not None and self._late_content:
            page_content.fill_post(page, self.model, post)
        extra: dict[str, Any] = {
            "bk_page": spec,
            "bk_seo": self.seo.page(page, spec, self.model),
            "bk_integrations": self.seo.integrations,
        }
        if post is not None:
            copies = self.syndicated.get(post.id, ())
            extra["bk_post"] = page_content.post_context(self.model, self.settings, post, copies)
            extra["bk_post"]["mentions"] = self.mentions.for_post(post, self.settings)
        context.update(extra)  # type: ignore[typeddict-item]
        return context

    @event_priority(-100)  # after other plugins have prepared the environment
    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        assert self.settings is not None and self.model is not None
        configure_templates(env)
        self.seo.files = SiteFiles(
            Path(config.site_dir),
            self.previous_site,
            self.root / self.options.cache_dir / "site-files",
        )
        self._compiled.attach(env)
        env.globals["brandkit"] = page_content.template_globals(self, files)
        if self.forking and self._background_pending():
            # Feeds and search entries in a second process while MkDocs renders the pages.
            self._background.start(self._background_work)
        self.progress.stage("writing pages")
        return env

    def _background_pending(self) -> bool:
        assert self.model is not None
        return any(not group.written for group in self.model.feed_plan)

    def _background_work(self) -> None:
        """Feeds and the posts' search entries: written to the cache, published later."""
        assert self.model is not None
        write_feeds(self.model)
        self._search_entries.text(self.model)

    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        with self._site_lock:
            self._post_build(config)
            content_checks.raise_problems(self.problems)

    def _post_build(self, config: MkDocsConfig) -> None:
        if self.model is None or self._files is None:
            return
        self.progress.stage("writing feeds, sitemap and search index")
        self._background.join()
        site_dir = Path(config.site_dir)
        files = self._files
        self._reuse.finish(files, self.seo, config.site_dir)
        assert self.seo.files is not None
        self.images.publish(self.seo.files)
        own = [name for name in ("robots.txt", "llms.txt") if files.get_file_from_path(name)]
        self.seo.finish(config.site_dir, self.model, own)
        published = self._feeds_published if self.dirty else {}
        publish_feeds(self.model, self.seo.files, published)
        prune_feeds(self.model)
        search.extend_index(
            site_dir / "search" / "search_index.json", self._search_entries.text(self.model)
        )
        if self.dirty:
            cards = {e.card[1] for e in self.seo.records.values() if e.card}
            cards |= {r.card[1] for r in self._reuse.reused.values() if r.card}
            self._outputs.sweep(site_dir, files, set(self.model.feed_files) | cards)
        if self.previous_site is not None:
            self.seo.files.save()

    def on_build_error(self, *, error: Exception) -> None:
        self._site_lock.close()
        if self._pool is not None:
            self._pool.close()
            self._pool = None
        self._background.stop()
