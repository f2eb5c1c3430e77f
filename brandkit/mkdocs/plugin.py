"""The MkDocs plugin: event glue only.

It asks brandkit's core for the site model (posts rendered once, listings, feeds), hands MkDocs the
generated pages as `File.generated` with brandkit templates that extend mkdocs-material's, and
passes each page its view data. No content logic lives here.
"""

from __future__ import annotations

import contextlib
import functools
import html
import itertools
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils.templates import TemplateContext

from brandkit.announce.forms import SUBSCRIBE_PAGES, FormError, FormSpec, form_spec
from brandkit.cards import warm as cards_warm
from brandkit.config.block import BrandkitConfig
from brandkit.config.settings import settings_from
from brandkit.content.loader import Memo, load_posts
from brandkit.content.models import Post, Rendered, Settings
from brandkit.errors import BrandkitError
from brandkit.feeds import feed_paths
from brandkit.files import link_or_copy
from brandkit.listings import Blog, build_blog
from brandkit.mkdocs import look, search
from brandkit.mkdocs.config import BrandkitBlock, block_from, site_from
from brandkit.mkdocs.incremental import LISTING_KINDS, Incremental
from brandkit.mkdocs.page_split import PageSplitter, can_split, known_plugins
from brandkit.mkdocs.portfolio import add_portfolio, portfolio_globals, seo_owner
from brandkit.mkdocs.redirects import add_redirect_pages
from brandkit.mkdocs.seo import SeoBuild
from brandkit.mkdocs.templates import THEME_DIR, precompile
from brandkit.mkdocs.templates import configure as configure_templates
from brandkit.portfolio import Portfolio
from brandkit.progress import SILENT, Progress
from brandkit.render.images import Catalog
from brandkit.render.markdown import PARALLEL_MIN, Renderer
from brandkit.render.markdown import warm as render_warm
from brandkit.render.pool import Pool, call_all
from brandkit.site import (
    SiteMemo,
    SiteModel,
    build_now,
    build_site_model,
    prune_feeds,
    visible_posts,
    write_feeds,
)
from brandkit.site_lock import site_lock
from brandkit.syndicate.links import SyndicatedCopy, copies_by_post
from brandkit.text import count

log = logging.getLogger("mkdocs.plugins.brandkit")
# Pages either of two page-building processes can render (`mkdocs.page_split`).
SHARED_KINDS = frozenset({"post"}) | LISTING_KINDS
ABOUT_PAGES = ("about.md", "about/index.md")


@dataclass
class GeneratedPage:
    kind: str  # post, index, tags, tag, archive, year, series
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


class BrandkitPlugin(BasePlugin[BrandkitBlock]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self.dirty = False
        # Kept across `serve` rebuilds (MkDocs keeps plugin instances that have on_startup).
        self._post_memo: Memo = {}
        self._render_memory: dict[str, Rendered] = {}
        self._incremental = Incremental()
        self._search_entries = search.PostEntries()
        self._outputs: set[str] = set()
        self._site_memo = SiteMemo()
        # Set by `brandkit build`, which runs MkDocs in dirty mode on an empty directory.
        self.split_pages = False
        self._splitter: PageSplitter | None = None
        self._nav: Any = None
        self._files: Files | None = None
        self.settings: Settings | None = None
        self.options = BrandkitConfig.defaults()  # the brandkit block, checked by the core
        self.model: SiteModel | None = None
        self.pages: dict[str, GeneratedPage] = {}
        self.stats = BuildStats()
        self.root = Path.cwd()
        self.subscribe: FormSpec | None = None
        self.images = Catalog(Path("."), Path("."))
        self.portfolio: Portfolio | None = None
        self.syndicated: dict[str, tuple[SyndicatedCopy, ...]] = {}
        self._late_content = False
        self._pool: Pool | None = None
        self._posts_dir: Path | None = None
        self._config: MkDocsConfig | None = None
        self._site_lock = contextlib.ExitStack()
        self.progress: Progress = SILENT  # set by `brandkit build`

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.dirty = dirty

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        # One build of a site at a time (brandkit.site_lock), `serve`'s rebuilds and a plain
        # `mkdocs build` included: they share the cache. `brandkit build` holds it already.
        self._site_lock.close()
        self._site_lock.enter_context(
            site_lock(
                self.root / self.options.cache_dir,
                "serve" if self.serving else "build",
                wait=None,
                notify=log.info,
            )
        )

    def on_shutdown(self) -> None:
        self._site_lock.close()

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        from brandkit.mkdocs.serve import watch_natively

        watch_natively(server, [config.docs_dir])
        return server

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        try:
            self.options = block_from(self.config)
            self.settings = settings_from(site_from(config), self.options)
        except BrandkitError as exc:
            raise PluginError(exc.message) from exc
        self.root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        self._posts_dir = Path(config.docs_dir) / self.settings.posts_dir
        self._config = config
        if self._search_entries.path is None or not self.serving:
            self._search_entries = search.PostEntries(self.root / self.options.cache_dir / "search")
        self.subscribe = _subscribe_form(self.options)
        try:
            self.seo = SeoBuild(self.settings, self.options, config, self.root)
        except BrandkitError as exc:
            raise PluginError(exc.message) from exc
        look.apply(config)
        theme_dir = str(THEME_DIR)
        if theme_dir not in config.theme.dirs:
            # After the user's custom_dir (so they can override brandkit), before Material.
            position = 1 if config.theme.custom_dir else 0
            config.theme.dirs.insert(position, theme_dir)
        self.images = look.image_catalog(config, self.root / self.options.cache_dir)
        extensions, extension_configs = look.markdown_with_images(config, self.images)
        self.renderer = Renderer(
            extensions,
            extension_configs,
            self.root / self.options.cache_dir,
            # A server keeps rendered posts in memory between rebuilds; a build reads them from
            # the cache when it needs them, so memory stays flat however large the blog.
            memory=self._render_memory if self.serving else None,
        )
        if self.split_pages and not self.renderer.has_index() and self._many_posts():
            # `brandkit build` with nothing rendered yet: start the workers now, so that they
            # start up while this process reads the posts.
            self._pool = self._worker_pool()
            self._pool.start()
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.settings is not None
        settings = self.settings
        docs_dir = Path(config.docs_dir)
        self.progress.stage("reading posts")
        drawn = self.images.draw_variants()
        if drawn:
            log.info("images: %d WebP variants drawn", drawn)
        result = load_posts(
            docs_dir,
            settings,
            display_root=self.root,
            memo=self._post_memo,
            cache=self.root / self.options.cache_dir / "posts.pickle",
        )
        if result.problems:
            lines = "\n".join(str(p) for p in result.problems)
            raise PluginError(
                f"{lines}\n{count(len(result.problems), 'problem')} in content: fix the files "
                "above and run again."
            )
        for warning in result.warnings:
            log.warning("%s", warning)
        self.syndicated = self._syndicated_copies()
        # With no plugin but search that could read a post page's HTML or table of contents
        # before it is rendered, both are filled in just before (`on_page_context`), in whichever
        # process renders the page, instead of for every post while MkDocs reads the pages.
        self._late_content = known_plugins(config)

        include_hidden = self.serving or self.options.drafts
        posts = visible_posts(result.posts, include_hidden=include_hidden, now=build_now())
        post_sources = {p.source for p in result.posts}
        hits, misses = self.renderer.hits, self.renderer.misses

        visible = {p.source: p for p in posts}
        kept: list[File] = []
        for f in files:
            if f.src_uri not in post_sources:
                kept.append(f)
            elif f.src_uri in visible:
                # Keep the post's own File (so pages can link to posts/x.md) but publish it at
                # the post's URL, out of the nav.
                kept.append(
                    File(
                        f.src_uri,
                        f.src_dir,
                        f.dest_dir,
                        config.use_directory_urls,
                        dest_uri=f"{visible[f.src_uri].url}index.html",
                        inclusion=InclusionLevel.NOT_IN_NAV,
                    )
                )
        md_urls = {f.src_uri: f.url for f in kept if f.is_documentation_page()}
        blog = build_blog(posts, settings)
        listings = self._listing_pages(blog)
        self._prepare(posts, [page.card_title or page.title for page in listings.values()])
        model = build_site_model(
            posts,
            settings,
            self.renderer,
            md_urls,
            self._site_memo,
            feed_dir=self.root / self.options.cache_dir / "feeds",
            blog=blog,
            rendered=True,
        )
        for post, url in model.broken_links:
            log.warning(
                "%s: link %r points to no page; fix the path (relative to the post file)",
                result.shown[post.source],
                url,
            )
        self.model = model
        self.pages = {
            post.source: GeneratedPage("post", post.title, model.summary(post), {"post": post})
            for post in blog.posts
        }
        self.pages.update(listings)
        own_page = any(f.src_uri in SUBSCRIBE_PAGES for f in kept)
        offers = self.subscribe is not None or settings.feeds
        if offers and self.options.newsletter.form.subscribe_page and not own_page:
            # /subscribe/ always (every Subscribe button leads there, never to raw XML): the
            # feeds explained, and the email form when a provider is configured; unless the
            # user wrote their own page.
            how = "by email or RSS" if self.subscribe else "in a feed reader (RSS)"
            self.pages["subscribe/index.md"] = GeneratedPage(
                "subscribe",
                "Subscribe",
                f"Get new posts from {settings.site_name} {how}",
                # It lists the feeds and the topics: it changes when the newest post does.
                lastmod=max((p.last_modified for p in blog.posts), default=None),
            )

        out = Files(kept)
        for src_uri in self.pages:
            if src_uri in visible:
                continue
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
        keep = {self.renderer.key(p) for p in posts}
        for key in set(self._render_memory) - keep:
            del self._render_memory[key]

        self.portfolio = add_portfolio(self, out, config)
        owner = seo_owner(self.portfolio)
        if owner is not None:
            self.seo.owner = owner
        out = add_redirect_pages(out, config, result.posts, settings, result.shown)
        self._incremental.select(self, out, config, md_urls)
        self.stats = BuildStats(
            posts=len(posts),
            pages=sum(1 for f in out if f.is_documentation_page()),
            feeds=len(model.feed_files),
            rendered=self.renderer.misses - misses,
            cached=self.renderer.hits - hits,
            hidden=len(result.posts) - len(posts),
        )
        return out

    def _syndicated_copies(self) -> dict[str, tuple[SyndicatedCopy, ...]]:
        """The copies `brandkit syndicate` recorded, for links on post pages (opt-in)."""
        if not self.options.syndicate.links:
            return {}
        from brandkit.state import STATE_PATH, State

        try:
            return copies_by_post(State.load(self.root / STATE_PATH).data)
        except BrandkitError as exc:
            raise PluginError(exc.message) from exc

    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        with self._site_lock:
            self._post_build(config)

    def _post_build(self, config: MkDocsConfig) -> None:
        if self.model is None:
            return
        self.progress.stage("writing feeds, sitemap and search index")
        self._join_splitter()
        assert self._files is not None
        serving = self.dirty and not self.split_pages
        self._incremental.finish(self._files, self.seo, config.site_dir, self._nav, serving)
        self.images.publish(Path(config.site_dir))
        own = [name for name in ("robots.txt", "llms.txt") if self._files.get_file_from_path(name)]
        self.seo.finish(config.site_dir, self.model, own)
        site_dir = Path(config.site_dir)
        self._background_work()  # done already if a second process built pages
        for path, cached in self.model.feed_files.items():
            link_or_copy(cached, site_dir / path)
        prune_feeds(self.model)
        search.extend_index(
            site_dir / "search" / "search_index.json", self._search_entries.text(self.model)
        )
        outputs = {f"{p.url}index.html" for p in self.model.blog.posts} | {
            src[: -len("index.md")] + "index.html" for src in self.pages if src.endswith("index.md")
        }
        outputs |= set(self.model.feed_files)
        outputs |= {e.card[1] for e in self._incremental.served_extras.values() if e.card}
        if self.dirty:
            # A dirty build does not clean the site dir: remove what this build no longer makes.
            for stale in self._outputs - outputs:
                target = site_dir / stale
                if target.is_file():
                    target.unlink()
        self._outputs = outputs

    def _background_work(self) -> None:
        """Feeds and the posts' search entries: written to the cache, published later."""
        assert self.model is not None
        write_feeds(self.model)
        self._search_entries.text(self.model)

    @property
    def _jinja_cache(self) -> Path:
        return self.root / self.options.cache_dir / "jinja"

    @property
    def _blog_src(self) -> str:
        assert self.settings is not None
        return f"{self.settings.blog_url}index.md"

    def _prepare(self, posts: list[Post], listing_titles: list[str]) -> None:
        """Render the posts not rendered yet and draw the missing social cards, together in
        worker processes when there are enough of them."""
        misses = self.renderer.missing(posts)
        card_cache = self.seo.card_cache
        cards = card_cache.missing(self.seo.card_specs(posts, listing_titles)) if card_cache else []
        jobs: list[tuple[Any, Sequence[Any]]] = [self.renderer.job(misses)]
        if card_cache is not None:
            jobs.append(card_cache.job(cards))
        many = len(misses) >= PARALLEL_MIN or len(cards) >= PARALLEL_MIN
        work = [f"rendering {count(len(misses), 'post')}"] if misses else []
        work += [f"drawing {count(len(cards), 'social card')}"] if cards else []
        if work:
            self.progress.stage(" and ".join(work))
        pool, self._pool = self._pool or self._worker_pool(), None
        try:
            results = pool.run(jobs, parallel=many)
        finally:
            pool.close()
        self.renderer.accept(misses, results[0])
        if card_cache is not None:
            card_cache.accept(cards)

    def _many_posts(self) -> bool:
        """Whether there are posts enough for worker processes to pay off, if none is rendered."""
        assert self._posts_dir is not None
        found = self._posts_dir.rglob("*.md")
        return sum(1 for _ in itertools.islice(found, PARALLEL_MIN)) >= PARALLEL_MIN

    def _worker_pool(self) -> Pool:
        """Processes for rendering posts and drawing cards: forked during `brandkit build`
        (nothing else runs then), spawned in a server (threads)."""
        steps: list[Callable[[], None]] = [
            functools.partial(
                render_warm,
                self.renderer.extensions,
                self.renderer.extension_configs,
                self._posts_dir,
            )
        ]
        if self.seo.card_cache is not None:
            steps.append(functools.partial(cards_warm, self.seo.card_style))
        if self.split_pages and self._config is not None and known_plugins(self._config):
            # Forked: a worker has the configuration as it is and time before its first posts.
            steps.append(functools.partial(precompile, self._config, self._jinja_cache))
        return Pool(fork=self.split_pages, warm=functools.partial(call_all, steps))

    def _listing_pages(self, blog: Blog) -> dict[str, GeneratedPage]:
        assert self.settings is not None
        name = self.settings.site_name
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
                    f"Posts by {name}",
                    {"listing": index},
                    card_title="Blog",
                ),
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
        if spec.keep_body:
            _escape_meta(page)
            return markdown
        # Listings stay out of the search index; posts are added from the render cache in
        # on_post_build instead of having the search plugin parse their HTML again.
        page.meta["search"] = {"exclude": True}
        _escape_meta(page)
        return ""

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        spec = self.pages.get(page.file.src_uri)
        if spec is not None and not spec.keep_body:
            # brandkit already has this page's HTML: skip MkDocs' per-page Markdown instance.
            page.render = _no_render(page)  # type: ignore[method-assign]
            if spec.kind == "post":
                # ... and its front matter: skip reading and parsing the file again.
                page.read_source = _post_source(page, spec.data["post"])  # type: ignore[method-assign]
        return page

    def on_page_content(
        self, html_out: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        spec = self.pages.get(page.file.src_uri)
        if spec is None or spec.kind != "post":
            return html_out
        assert self.model is not None
        post: Post = spec.data["post"]
        if self._late_content:
            # Known without reading the rendered post: links to its sections are checked.
            page.present_anchor_ids = set(self.model.renderer.info(post).anchors)
            return ""
        self._fill_post(page, post)
        assert page.content is not None
        return page.content

    def _fill_post(self, page: Page, post: Post) -> None:
        assert self.model is not None
        rendered = self.model.rendered(post)
        page.toc = get_toc(rendered.toc)  # type: ignore[arg-type]  # same dict shape
        page.present_anchor_ids = {s[0] for s in rendered.sections if s[0]}
        page.content = self.model.page_html(post)

    # Before the search plugin's, which takes its `data-search-*` attributes out of the content.
    @event_priority(50)
    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Any
    ) -> TemplateContext:
        self.progress.advance()
        spec = self.pages.get(page.file.src_uri)
        if spec is not None and spec.kind == "post" and self._late_content:
            self._fill_post(page, spec.data["post"])
        context["bk_page"] = spec  # type: ignore[typeddict-unknown-key]
        context["bk_seo"] = self.seo.page(page, spec, self.model, config.site_dir)  # type: ignore[typeddict-unknown-key]
        context["bk_integrations"] = self.seo.integrations  # type: ignore[typeddict-unknown-key]
        context["bk_toc_control"] = _needs_toc_control(page, nav, config)  # type: ignore[typeddict-unknown-key]
        if spec is not None and spec.kind == "post":
            assert self.model is not None
            post = spec.data["post"]
            blog = self.model.blog
            context["bk_post"] = {  # type: ignore[typeddict-unknown-key]
                "post": post,
                "minutes": self.model.minutes(post),
                "tags": blog.tags_of(post),
                "series": blog.series_of(post),
                "newer": blog.newer(post),
                "older": blog.older(post),
                "syndication": self.syndicated.get(post.id, ()),
                "related": blog.related(post),
                "authors": [a for k in post.authors if (a := self.settings.author(k))]  # type: ignore[union-attr]
                or ([self.settings.default_author] if self.settings.default_author else []),  # type: ignore[union-attr]
            }
        return context

    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        self._nav = nav
        self._files = files
        return nav

    def _join_splitter(self) -> None:
        if self._splitter is None:
            return
        result, self._splitter = self._splitter.finish(), None
        if result is None:
            return
        if result.error:
            raise PluginError(f"building post pages in a second process failed:\n{result.error}")
        if result.warnings:
            log.warning(
                "%d warning(s) while building post pages (listed above)",
                result.warnings,
                extra={"brandkit_counted": result.warnings},  # counted by `brandkit build`
            )
        self.seo.sitemap.update(result.sitemap)
        self.seo.other_pages.update(result.other_pages)
        self.seo.records.update(result.records)

    def on_build_error(self, *, error: Exception) -> None:
        self._site_lock.close()
        if self._pool is not None:
            self._pool.close()
            self._pool = None
        self._incremental.failed()
        if self._splitter is not None:
            self._splitter.finish()
            self._splitter = None

    @event_priority(-100)  # after other plugins have prepared the environment
    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        assert self.settings is not None and self.model is not None
        configure_templates(env, self._jinja_cache)
        env.globals["brandkit"] = {
            "settings": self.settings,
            "toc": self.options.toc,
            "images": look.Covers(self.images),
            "blog": self.model.blog,
            "model": self.model,
            "feeds": feed_paths("") if self.settings.feeds else None,
            "tag_feeds": self.settings.feeds and self.settings.tag_feeds,
            "subscribe": self.subscribe,
            # The page offering email and feeds (generated, or the user's own), if there is one.
            "subscribe_page": next(
                (f.url for name in SUBSCRIBE_PAGES if (f := files.get_file_from_path(name))),
                None,
            ),
            # The page the author card links to.
            "about_url": next(
                (f.url for name in ABOUT_PAGES if (f := files.get_file_from_path(name))), None
            ),
            **portfolio_globals(self.portfolio),
        }
        serving = self.dirty and not self.split_pages
        self._incremental.after_read(self._nav, files, config, serving)
        self.progress.stage("writing pages")
        # Last: the child process must see the environment exactly as the pages will.
        shared = [
            f
            for f in files.documentation_pages()
            if (page := self.pages.get(f.src_uri))
            and page.kind in SHARED_KINDS
            and not page.keep_body
            and f.is_modified()
        ]
        if self.split_pages and can_split(config, len(shared)):
            self._splitter = PageSplitter()
            # The child writes the feeds and search entries first, then builds pages.
            self._splitter.start(
                shared, files, config, self._nav, env, self.seo, self._background_work
            )
        return env


def _subscribe_form(config: BrandkitConfig) -> FormSpec | None:
    from brandkit.plugins import form_providers

    try:
        return form_spec(config.newsletter.form.as_dict(), form_providers())
    except FormError as exc:
        raise PluginError(str(exc)) from exc


def _post_source(page: Page, post: Post) -> Any:
    def read_source(config: MkDocsConfig) -> None:
        page.markdown, page.meta = "", dict(post.front_matter)

    return read_source


def _no_render(page: Page) -> Any:
    def render(config: MkDocsConfig, files: Files) -> None:
        page.content = ""
        page.toc = get_toc([])

    return render


def _escape_meta(page: Page) -> None:
    # mkdocs-material prints page.meta title and description unescaped (MkDocs' Jinja has no
    # autoescape), so brandkit stores them escaped once; templates print them as they are.
    for key in ("title", "description"):
        value = page.meta.get(key)
        if isinstance(value, str):
            page.meta[key] = html.escape(value, quote=True)


def _needs_toc_control(page: Page, nav: Any, config: MkDocsConfig) -> bool:
    """Whether mkdocs-material shows the page's table of contents with a `<label for="__toc">`
    but no checkbox for it: on pages outside the navigation (Material renders the checkbox in
    the current page's navigation entry), when the table of contents is not integrated."""
    if "toc.integrate" in (config.theme.get("features") or []):
        return False
    toc = list(page.toc or [])
    if toc and toc[0].level == 1:
        toc = list(toc[0].children)
    return bool(toc) and page not in (nav.pages if nav is not None else [])
