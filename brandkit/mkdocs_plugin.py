"""The MkDocs plugin: event glue only.

It asks brandkit's core for the site model (posts rendered once, listings, feeds), hands MkDocs the
generated pages as `File.generated` with brandkit templates that extend mkdocs-material's, and
passes each page its view data. No content logic lives here.
"""

from __future__ import annotations

import hashlib
import html
import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils.templates import TemplateContext

from brandkit import search
from brandkit.config import BrandkitConfig, settings_from
from brandkit.content.loader import Memo, load_posts
from brandkit.content.models import Post, Rendered, Settings
from brandkit.content.render import Renderer
from brandkit.exceptions import BrandkitError
from brandkit.feeds import feed_paths
from brandkit.mkdocs_parallel import PageSplitter, can_split
from brandkit.mkdocs_portfolio import add_portfolio, portfolio_globals, seo_owner
from brandkit.mkdocs_seo import SeoBuild
from brandkit.newsletter.forms import FormError, FormSpec, form_spec
from brandkit.portfolio import Portfolio
from brandkit.site import SiteMemo, SiteModel, build_now, build_site_model, visible_posts
from brandkit.syndicate.links import SyndicatedCopy, copies_by_post

log = logging.getLogger("mkdocs.plugins.brandkit")
THEME_DIR = Path(__file__).parent / "theme"


@dataclass
class GeneratedPage:
    kind: str  # post, index, tags, tag, archive, year, series
    title: str
    description: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    keep_body: bool = False  # the user's own Markdown file (project, talk): MkDocs renders it
    lastmod: datetime | None = None  # for the sitemap, when the content model knows it
    trail: tuple[tuple[str, str], ...] = ()  # breadcrumbs above it, home excluded

    @property
    def template(self) -> str:
        return f"brandkit/{self.kind}.html"


SUBSCRIBE_PAGES = ("subscribe/index.md", "subscribe.md")


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
        self.dirty = False
        # Kept across `serve` rebuilds (MkDocs keeps plugin instances that have on_startup).
        self._post_memo: Memo = {}
        self._render_memory: dict[str, Rendered] = {}
        self._fingerprints: dict[str, str] = {}
        self._global_fingerprint = ""
        self._outputs: set[str] = set()
        self._site_memo = SiteMemo()
        # Set by `brandkit build`, which runs MkDocs in dirty mode on an empty directory.
        self.split_pages = False
        self._splitter: PageSplitter | None = None
        self._nav: Any = None
        self._files: Files | None = None
        self.settings: Settings | None = None
        self.model: SiteModel | None = None
        self.pages: dict[str, GeneratedPage] = {}
        self.stats = BuildStats()
        self.root = Path.cwd()
        self.subscribe: FormSpec | None = None
        self.portfolio: Portfolio | None = None
        self.syndicated: dict[str, tuple[SyndicatedCopy, ...]] = {}

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.dirty = dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        try:
            self.settings = settings_from(config, self.config)
        except BrandkitError as exc:
            raise PluginError(exc.message) from exc
        self.root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        self.subscribe = _subscribe_form(self.config)
        try:
            self.seo = SeoBuild(self.settings, self.config, config, self.root)
        except BrandkitError as exc:
            raise PluginError(exc.message) from exc
        theme_dir = str(THEME_DIR)
        if theme_dir not in config.theme.dirs:
            # After the user's custom_dir (so they can override brandkit), before Material.
            position = 1 if config.theme.custom_dir else 0
            config.theme.dirs.insert(position, theme_dir)
        self.renderer = Renderer(
            list(config.markdown_extensions),
            dict(config.mdx_configs),
            self.root / self.config.cache_dir,
            memory=self._render_memory,
        )
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.settings is not None
        settings = self.settings
        docs_dir = Path(config.docs_dir)
        result = load_posts(docs_dir, settings, display_root=self.root, memo=self._post_memo)
        if result.problems:
            count = len(result.problems)
            lines = "\n".join(str(p) for p in result.problems)
            noun = "problem" if count == 1 else "problems"
            raise PluginError(
                f"{lines}\n{count} {noun} in content: fix the files above and run again."
            )
        for warning in result.warnings:
            log.warning("%s", warning)
        self.syndicated = self._syndicated_copies()

        include_hidden = self.serving or self.config.drafts
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
        model = build_site_model(posts, settings, self.renderer, md_urls, self._site_memo)
        for post, url in model.broken_links:
            log.warning(
                "%s: link %r points to no page; fix the path (relative to the post file)",
                result.shown[post.source],
                url,
            )
        self.model = model
        self.seo.prewarm(model.blog.posts)
        self.pages = self._generated_pages(model)
        own_page = any(f.src_uri in SUBSCRIBE_PAGES for f in kept)
        if self.subscribe and self.config.newsletter.form.subscribe_page and not own_page:
            # A /subscribe/ page with the form and the feeds, unless the user wrote their own.
            self.pages["subscribe/index.md"] = GeneratedPage(
                "subscribe", "Subscribe", f"Get new posts from {settings.site_name} by email"
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
        for path, data in model.feed_files.items():
            out.append(File.generated(config, path, content=data))
        keep = {self.renderer.key(p) for p in posts}
        for key in set(self._render_memory) - keep:
            del self._render_memory[key]
        if self.dirty:
            self._select_dirty_pages(out, visible, md_urls, config)

        self.portfolio = add_portfolio(self, out, config)
        owner = seo_owner(self.portfolio)
        if owner is not None:
            self.seo.owner = owner
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
        if not self.config.syndicate.links:
            return {}
        from brandkit.state import STATE_PATH, State

        try:
            return copies_by_post(State.load(self.root / STATE_PATH).data)
        except BrandkitError as exc:
            raise PluginError(exc.message) from exc

    def _select_dirty_pages(
        self, files: Files, visible: dict[str, Post], md_urls: dict[str, str], config: MkDocsConfig
    ) -> None:
        """For `serve` (dirty builds): rebuild exactly the pages whose output can change.

        MkDocs' dirty mode only rebuilds pages whose source file changed, which leaves listings
        and neighbouring posts stale. brandkit marks instead: every generated listing page and
        the home page (always), each post whose displayed data changed (its own content, its
        neighbours, its series, its tags), and every page when anything site-wide changed.
        """
        assert self.model is not None
        global_fp = _digest(
            self.renderer.salt,
            repr(self.settings),
            sorted(md_urls.items()),
            _tree_mtimes([d for d in config.theme.dirs if "material" not in d]),
        )
        site_changed = global_fp != self._global_fingerprint
        self._global_fingerprint = global_fp
        fingerprints: dict[str, str] = {}
        for file in files.documentation_pages():
            post = visible.get(file.src_uri)
            spec = self.pages.get(file.src_uri)
            if post is not None:
                fingerprints[file.src_uri] = self._post_fingerprint(post)
            elif spec is not None:
                fingerprints[file.src_uri] = self._listing_fingerprint(spec)
            if file.src_uri in fingerprints:
                changed = fingerprints[file.src_uri] != self._fingerprints.get(file.src_uri)
                force = site_changed or changed or not Path(file.abs_dest_path).is_file()
            else:
                force = site_changed or file.src_uri == "index.md" or file.is_modified()
            file.is_modified = _always if force else _never  # type: ignore[method-assign]
        self._fingerprints = fingerprints

    def _listing_fingerprint(self, spec: GeneratedPage) -> str:
        """Everything a listing page shows: its own fields and a card of each post in it."""
        assert self.model is not None
        model, blog = self.model, self.model.blog

        def card(post: Post) -> tuple[object, ...]:
            return (
                post.url,
                post.title,
                post.date,
                post.draft,
                post.tags,
                model.summary(post),
                model.minutes(post),
            )

        parts: list[object] = [spec.kind, spec.title, spec.description]
        for value in spec.data.values():
            posts = getattr(value, "posts", ())
            scalars = {k: v for k, v in vars(value).items() if k != "posts"}
            parts.append((repr(scalars), [card(p) for p in posts]))
        if spec.kind == "tags":
            parts.append([(t.name, t.url, len(t.posts)) for t in blog.tags])
        if spec.kind == "archive":
            parts.append([(y.year, [card(p) for p in y.posts]) for y in blog.years])
        return _digest(*parts)

    def _post_fingerprint(self, post: Post) -> str:
        assert self.model is not None
        blog = self.model.blog
        series = blog.series_of(post)
        return _digest(
            post.source_hash,
            repr(post),
            [(p.url, p.title) for p in (blog.newer(post), blog.older(post)) if p],
            [(t.name, t.url) for t in blog.tags_of(post)],
            (series.name, [(p.url, p.title) for p in series.posts]) if series else None,
            self.syndicated.get(post.id, ()),
        )

    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.model is None:
            return
        self._join_splitter()
        if not self.dirty:  # a dirty (serve) build sees only the pages it rebuilt
            self.seo.finish(config.site_dir, self.model)
        docs = []
        for post in self.model.blog.posts:
            rendered = self.model.rendered[post.source]
            docs.extend(search.entries(post.url, post.title, post.tags, rendered.sections))
        site_dir = Path(config.site_dir)
        search.extend_index(site_dir / "search" / "search_index.json", docs)
        outputs = {f"{p.url}index.html" for p in self.model.blog.posts} | {
            src[: -len("index.md")] + "index.html" for src in self.pages if src.endswith("index.md")
        }
        outputs |= set(self.model.feed_files)
        if self.dirty:
            # A dirty build does not clean the site dir: remove what this build no longer makes.
            for stale in self._outputs - outputs:
                target = site_dir / stale
                if target.is_file():
                    target.unlink()
        self._outputs = outputs

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
            pages[post.source] = GeneratedPage(
                "post",
                post.title,
                model.summary(post),
                {"post": post},
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
        return page

    def on_page_content(
        self, html_out: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        spec = self.pages.get(page.file.src_uri)
        if spec is None or spec.kind != "post":
            return html_out
        assert self.model is not None
        post: Post = spec.data["post"]
        rendered = self.model.rendered[post.source]
        page.toc = get_toc(rendered.toc)  # type: ignore[arg-type]  # same dict shape
        page.present_anchor_ids = {s[0] for s in rendered.sections if s[0]}
        return self.model.page_html[post.source]

    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Any
    ) -> TemplateContext:
        spec = self.pages.get(page.file.src_uri)
        context["bk_page"] = spec  # type: ignore[typeddict-unknown-key]
        context["bk_seo"] = self.seo.page(page, spec, self.model, config.site_dir)  # type: ignore[typeddict-unknown-key]
        context["bk_integrations"] = self.seo.integrations  # type: ignore[typeddict-unknown-key]
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
                "authors": [a for k in post.authors if (a := self.settings.author(k))]  # type: ignore[union-attr]
                or ([self.settings.default_author] if self.settings.default_author else []),  # type: ignore[union-attr]
            }
        return context

    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        self._nav = nav
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
            log.warning("%d warning(s) while building post pages (listed above)", result.warnings)
        self.seo.sitemap.update(result.sitemap)
        self.seo.other_pages.update(result.other_pages)

    def on_build_error(self, *, error: Exception) -> None:
        if self._splitter is not None:
            self._splitter.finish()
            self._splitter = None

    @event_priority(-100)  # after other plugins have prepared the environment
    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        assert self.settings is not None and self.model is not None
        env.filters["bk_date"] = _format_date
        # Templates cannot change during one build (serve makes a new environment per build),
        # so skip Jinja's per-include mtime check: thousands of stat() calls on a large blog.
        env.auto_reload = False
        # Compiling mkdocs-material's templates costs a few hundred ms per build: keep the
        # bytecode on disk next to the render cache (Jinja checks each template's source
        # checksum before reusing it, and writes its files atomically).
        directory = self.root / self.config.cache_dir / "jinja"
        directory.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(directory))
        env.globals["brandkit"] = {
            "settings": self.settings,
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
            **portfolio_globals(self.portfolio),
        }
        # Last: the child process must see the environment exactly as the pages will.
        posts = [
            f
            for f in files.documentation_pages()
            if self.pages.get(f.src_uri) and self.pages[f.src_uri].kind == "post"
        ]
        if self.split_pages and can_split(config, len(posts)):
            self._splitter = PageSplitter()
            self._splitter.start(posts[1::2], files, config, self._nav, env, self.seo)
        return env


def _subscribe_form(config: BrandkitConfig) -> FormSpec | None:
    from brandkit.plugins import form_providers

    try:
        return form_spec(config.newsletter.form, form_providers())
    except FormError as exc:
        raise PluginError(str(exc)) from exc


def _always() -> bool:
    return True


def _never() -> bool:
    return False


def _digest(*parts: Any) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _tree_mtimes(dirs: list[str]) -> list[tuple[str, int]]:
    found = []
    for directory in dirs:
        for path in Path(directory).rglob("*"):
            if path.is_file():
                found.append((str(path), path.stat().st_mtime_ns))
    return sorted(found)


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


def _format_date(value: datetime) -> str:
    return f"{value.day} {value:%B %Y}"
