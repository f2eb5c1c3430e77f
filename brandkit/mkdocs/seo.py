"""Glue between MkDocs pages and brandkit's SEO core (`seo.py`) and social cards (`cards.py`).

The plugin calls `SeoBuild.page(...)` from `on_page_context` for every page and
`SeoBuild.finish(...)` from `on_post_build`; everything else is pure and lives in the core.
"""

from __future__ import annotations

import dataclasses
import html
import logging
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from brandkit import cards, seo
from brandkit.config.block import BrandkitConfig
from brandkit.config.seo import Analytics, Giscus, analytics_from, giscus_from
from brandkit.content.links import absolute_url
from brandkit.content.models import Author, Person, Post, Settings
from brandkit.errors import ConfigError
from brandkit.mkdocs.fingerprints import LISTING_KINDS
from brandkit.render.images import RASTER, Catalog
from brandkit.site_files import SiteFiles

log = logging.getLogger("mkdocs.plugins.brandkit")

CARDS_DIR = "assets/brandkit/cards"


@dataclass(frozen=True)
class PageExtras:
    sitemap: tuple[str, str | None] | None  # absolute URL and lastmod (ISO 8601) if listed
    card: tuple[str, str] | None  # cached card file and its site-relative path


@dataclass(frozen=True)
class Integrations:
    analytics: Analytics | None
    giscus: Giscus | None


class SeoBuild:
    """Per-build SEO state: card cache, sitemap entries, pages for llms.txt."""

    def __init__(
        self,
        settings: Settings,
        plugin_config: BrandkitConfig,
        mkdocs_config: Any,
        root: Path,
        owner: Person | None = None,
    ) -> None:
        self.settings = settings
        self.cfg = plugin_config.seo
        self.integrations = Integrations(
            analytics_from(plugin_config.analytics),
            giscus_from(plugin_config.comments, settings.language),
        )
        self.owner = owner or _owner(settings, mkdocs_config)
        self.card_cache: cards.CardCache | None = None
        if self.cfg.cards and settings.site_url:
            self.card_cache = cards.CardCache(root / plugin_config.cache_dir / "cards")
            self.card_style = _card_style(plugin_config, mkdocs_config, root)
        self.images: Catalog | None = None  # the site's images, for covers (set by the plugin)
        self.sitemap: dict[str, seo.SitemapEntry] = {}
        self.other_pages: dict[str, seo.LlmsLink] = {}
        # What each page put into the site besides its HTML, by page URL, so a page published
        # from the page cache (not rendered) can put it there again: see `replay`.
        self.records: dict[str, PageExtras] = {}
        # The cache-made files of the build under way, in its site folder (set by the plugin
        # in on_env, before any page is built).
        self.files: SiteFiles | None = None

    def page(self, page: Any, spec: Any, model: Any) -> seo.PageSeo:
        """The SEO data of one MkDocs page (`spec` is brandkit's GeneratedPage or None)."""
        info = self._page_info(page, spec, model)
        image, card = self._card(info, getattr(spec, "card_title", ""))
        image = self._cover(info) or image
        if image is not None:
            info = _replace_image(info, image)
        result = seo.page_seo(self.settings, info, self.owner)
        if self.cfg.twitter:
            handle = (
                self.cfg.twitter if self.cfg.twitter.startswith("@") else f"@{self.cfg.twitter}"
            )
            result = seo.PageSeo(
                result.title,
                result.description,
                result.canonical,
                (
                    *result.meta,
                    ("name", "twitter:site", handle),
                    ("name", "twitter:creator", handle),
                ),
                result.json_ld,
            )
        external = info.post is not None and bool(info.post.canonical_url)
        entry = None
        if self.settings.site_url and not external and not page.meta.get("robots"):
            url = absolute_url(self.settings, info.url)
            self.sitemap[url] = entry = seo.SitemapEntry(url, info.lastmod)
        self.records[page.url] = PageExtras(
            (entry.url, entry.lastmod.isoformat() if entry.lastmod else None) if entry else None,
            card,
        )
        if info.kind == "page" and self.settings.site_url:
            url = absolute_url(self.settings, info.url)
            self.other_pages[url] = seo.LlmsLink(info.title, url, info.description)
        return result

    def _cover(self, info: seo.PageInfo) -> seo.Image | None:
        """A post's own cover as its og:image, when it is a site image of known size (the
        drawn card otherwise)."""
        post = info.post
        if self.images is None or post is None or not post.cover:
            return None
        found = self.images.get(post.cover)
        if found is None or not self.settings.site_url:
            return None
        kind = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp"}
        mime = kind.get(Path(found.path).suffix.lower(), "image/png")
        url = absolute_url(self.settings, found.path)
        return seo.Image(url, found.width, found.height, info.title, mime)

    def _page_info(self, page: Any, spec: Any, model: Any) -> seo.PageInfo:
        settings = self.settings
        blog_trail = (("Blog", settings.blog_url),)
        meta = page.meta or {}
        if spec is None:
            is_home = page.file.src_uri == "index.md"
            title = settings.site_name if is_home else html.unescape(str(page.title or ""))
            lastmod = _meta_date(meta, settings.timezone)
            if is_home and model.blog.posts:
                lastmod = max([p.last_modified for p in model.blog.posts[:1]] + _opt(lastmod))
            return seo.PageInfo(
                kind="home" if is_home else "page",
                title=title,
                url=page.url,
                description=html.unescape(str(meta.get("description") or "")),
                trail=(),
                lastmod=lastmod,
            )
        kind = spec.kind
        if kind == "post":
            post: Post = spec.data["post"]
            return seo.PageInfo(
                kind="post",
                title=post.title,
                url=page.url,
                description=post.description or spec.description,
                post=post,
                trail=blog_trail,
                authors=_authors(settings, post),
                lastmod=post.last_modified,
            )
        if kind in LISTING_KINDS:
            blog = model.blog
            posts: list[Post] = []
            trail: tuple[tuple[str, str], ...] = blog_trail
            if kind == "index":
                posts = list(spec.data["listing"].posts)
            elif kind == "tags":
                posts = list(blog.posts)
            elif kind == "tag":
                posts = list(spec.data["tag"].posts)
                trail = (*blog_trail, ("Tags", blog.tags_url))
            elif kind == "archive":
                posts = list(blog.posts)
            elif kind == "year":
                posts = list(spec.data["year"].posts)
                trail = (*blog_trail, ("Archive", blog.archive_url))
            elif kind == "series":
                posts = list(spec.data["series"].posts)
            return seo.PageInfo(
                kind="listing",
                title=spec.title,
                url=page.url,
                description=spec.description,
                trail=trail,
                lastmod=max((p.last_modified for p in posts), default=None),
            )
        # Pages other features generate (projects, talks, resume ...): generic pages. Their
        # lastmod comes from the content model: a talk's front-matter `date` is not one.
        return seo.PageInfo(
            kind="page",
            title=spec.title,
            url=page.url,
            description=spec.description,
            trail=spec.trail,
            lastmod=spec.lastmod
            or (None if spec.keep_body else _meta_date(meta, settings.timezone)),
        )

    def _card_spec(self, title: str, authors: tuple[Author, ...], kind: str) -> cards.CardSpec:
        author = ", ".join(a.name for a in authors) or (self.owner.name if self.owner else "")
        if kind == "home":
            title = self.settings.site_description or self.settings.site_name
            author = self.settings.site_name
        return cards.CardSpec(
            title=title,
            author=author,
            site=urlsplit(self.settings.site_url or "").netloc,
            style=self.card_style,
        )

    def card_specs(self, posts: Sequence[Post], listing_titles: Sequence[str]) -> list[Any]:
        """The cards of every post and listing page, to draw them all up front."""
        if self.card_cache is None:
            return []
        specs = [self._card_spec(p.title, _authors(self.settings, p), "post") for p in posts]
        return specs + [self._card_spec(title, (), "listing") for title in listing_titles]

    def _card(
        self, info: seo.PageInfo, title: str = ""
    ) -> tuple[seo.Image | None, tuple[str, str] | None]:
        if self.card_cache is None:
            return None, None
        spec = self._card_spec(title or info.title, info.authors, info.kind)
        author = spec.author
        cached = self.card_cache.ensure(spec)
        name = f"{CARDS_DIR}/{cached.stem[:20]}.png"
        assert self.files is not None
        cards.publish(cached, self.files, name)
        image = seo.Image(
            url=absolute_url(self.settings, name),
            width=cards.WIDTH,
            height=cards.HEIGHT,
            alt=f"{title or info.title or self.settings.site_name} · {author}".strip(" ·"),
        )
        return image, (str(cached), name)

    def replay(self, extras: PageExtras) -> None:
        """What `page` did besides the HTML, for a page whose HTML comes from the page cache."""
        if extras.sitemap is not None:
            url, lastmod = extras.sitemap
            when = datetime.fromisoformat(lastmod) if lastmod else None
            self.sitemap[url] = seo.SitemapEntry(url, when)
        if extras.card is not None:
            cached, name = extras.card
            assert self.files is not None
            cards.publish(Path(cached), self.files, name)

    def finish(self, site_dir: str, model: Any, user_files: Collection[str] = ()) -> None:
        """Write sitemap.xml(.gz), robots.txt and llms.txt, never over a file the user ships
        (`user_files`: site-relative paths of the files MkDocs copied from the docs folder)."""
        out = Path(site_dir)
        settings = self.settings
        if not settings.site_url:
            log.info("No site_url: sitemap.xml, robots.txt and llms.txt are not written.")
            return
        sitemap = seo.sitemap_xml(self.sitemap.values())
        (out / "sitemap.xml").write_bytes(sitemap)
        (out / "sitemap.xml.gz").write_bytes(seo.gzipped(sitemap))
        if self.cfg.robots_txt:
            _write_unless_user_file(out / "robots.txt", seo.robots_txt(settings), user_files)
        if self.cfg.llms_txt:
            posts = [
                seo.LlmsLink(p.title, absolute_url(settings, p.url), model.summary(p))
                for p in model.blog.posts
            ]
            pages = [self.other_pages[k] for k in sorted(self.other_pages)]
            _write_unless_user_file(
                out / "llms.txt", seo.llms_txt(settings, posts, pages), user_files
            )
        if self.card_cache is not None:
            log.debug(
                "social cards: %d drawn, %d from cache",
                self.card_cache.drawn,
                self.card_cache.reused,
            )


def _replace_image(info: seo.PageInfo, image: seo.Image) -> seo.PageInfo:
    from dataclasses import replace

    return replace(info, image=image)


def _opt(value: datetime | None) -> list[datetime]:
    return [value] if value is not None else []


def _write_unless_user_file(path: Path, text: str, user_files: Collection[str]) -> None:
    # MkDocs copied the user's own docs/robots.txt (or llms.txt) already: theirs wins.
    if path.name in user_files:
        log.info("%s comes from your content folder; brandkit leaves it as it is.", path.name)
        return
    path.write_text(text, encoding="utf-8")


def _authors(settings: Settings, post: Post) -> tuple[Author, ...]:
    found = tuple(a for k in post.authors if (a := settings.author(k)) is not None)
    if found:
        return found
    return (settings.default_author,) if settings.default_author else ()


def _meta_date(meta: dict[str, Any], timezone: str) -> datetime | None:
    for key in ("updated", "date"):
        value = meta.get(key)
        if isinstance(value, datetime):
            return value if value.tzinfo else value.replace(tzinfo=ZoneInfo(timezone))
        if isinstance(value, date):
            return datetime.combine(value, time(), ZoneInfo(timezone))
    return None


def _owner(settings: Settings, mkdocs_config: Any) -> Person | None:
    author = settings.default_author
    if author is not None:
        return seo.person_from_author(author)
    name = mkdocs_config.get("site_author")
    return Person(name=name, url=settings.site_url) if name else None


def _card_style(plugin_config: BrandkitConfig, mkdocs_config: Any, root: Path) -> cards.CardStyle:
    """The cards' colours, font and (when it is a picture Pillow reads) the owner's photo."""
    cfg = plugin_config.seo
    palette = mkdocs_config["theme"].get("palette") or {}
    first = palette[0] if isinstance(palette, list) and palette else palette
    first = first if isinstance(first, dict) else {}
    font = cfg.card_font
    if font:
        path = (root / font).resolve()
        if not path.is_file():
            raise ConfigError(
                f"mkdocs.yml: plugins.brandkit.seo.card_font: {font} does not exist; give a .ttf "
                "or .otf file relative to mkdocs.yml, or remove the key to use a system font."
            )
        font = str(path)
    style = cards.CardStyle(
        background=cards.colour(
            cfg.card_background or first.get("primary"), cards.MATERIAL_PRIMARY, "#4051b5"
        ),
        accent=cards.colour(
            cfg.card_accent or first.get("accent"), cards.MATERIAL_ACCENT, "#ff6e42"
        ),
        font=cards.find_font(font),
    )
    avatar = plugin_config.profile.avatar
    photo = Path(mkdocs_config["docs_dir"]) / avatar if avatar else None
    if photo is not None and photo.suffix.lower() in RASTER and photo.is_file():
        style = dataclasses.replace(style, avatar=str(photo))
    return style


def post_card_spec(project: Any, post: Post) -> cards.CardSpec:
    """The spec of a post's social card as the build draws it (same title, authors, host and
    style), for publishing commands that upload the card elsewhere (Bluesky's link preview)."""
    settings = project.settings
    authors = _authors(settings, post)
    owner = _owner(settings, project.mkdocs_config)
    return cards.CardSpec(
        title=post.title,
        author=", ".join(a.name for a in authors) or (owner.name if owner else ""),
        site=urlsplit(settings.site_url or "").netloc,
        style=_card_style(project.config, project.mkdocs_config, project.root),
    )
