"""Typed schema of the `brandkit` block in mkdocs.yml, and its translation into core Settings.

The schema uses MkDocs' config options so mkdocs.yml is validated in one place with MkDocs'
messages; `settings_from()` turns it into the plain `Settings` dataclass the core works with.
"""

from __future__ import annotations

import re
import zoneinfo
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c

from brandkit.announce.config import NewsletterConfig
from brandkit.confine import Layout, layout_problems, url_pattern_problems
from brandkit.content.models import Author, Settings
from brandkit.content.profile import Profile
from brandkit.deploy.config import DeployConfig
from brandkit.errors import ConfigError
from brandkit.seo_config import AnalyticsConfig, CommentsConfig, SeoConfig
from brandkit.syndicate.config import SyndicateConfig
from brandkit.urls import config_problems as config_url_problems


class AuthorConfig(base.Config):
    name = c.Type(str)
    email = c.Optional(c.Type(str))
    url = c.Optional(c.URL())
    avatar = c.Optional(c.Type(str))


class FeedsConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Write RSS 2.0 (feed.xml), Atom (atom.xml) and JSON Feed (feed.json)."""
    max_items = c.Type(int, default=20)
    """How many of the newest posts each feed carries, with full content."""
    per_tag = c.Type(bool, default=True)
    """Also write the three feeds for every tag, under the tag's page."""


class LinkConfig(base.Config):
    name = c.Type(str)
    """The link's text, e.g. Codeberg."""
    url = c.URL()


class ProfileConfig(base.Config):
    """Who you are, for the home page. Anything left out is taken from content/resume.json."""

    name = c.Optional(c.Type(str))
    """Your name as the home page shows it (default: resume basics.name, then site_author)."""
    tagline = c.Optional(c.Type(str))
    """One line under your name, e.g. Backend engineer (default: resume basics.label)."""
    avatar = c.Optional(c.Type(str))
    """Your photo: a path under docs_dir such as images/avatar.jpg, or an https URL."""
    avatar_alt = c.Optional(c.Type(str))
    """Text alternative for the photo (default: "Photo of <name>")."""
    bio = c.Optional(c.Type(str))
    """A short paragraph about you (default: resume basics.summary)."""
    email = c.Optional(c.Type(str))
    """Address for the Contact button and the email link (default: the first author's)."""
    contact_url = c.Optional(c.Type(str))
    """Where the Contact button goes instead of mailto:, e.g. about/#contact."""
    subscribe_url = c.Optional(c.Type(str))
    """Where the Subscribe button goes (default: the RSS feed)."""
    github = c.Optional(c.URL())
    mastodon = c.Optional(c.URL())
    """Your Mastodon profile URL; linked with rel="me" so Mastodon can verify your site."""
    linkedin = c.Optional(c.URL())
    bluesky = c.Optional(c.URL())
    links = c.ListOfItems(c.SubConfig(LinkConfig), default=[])
    """More profile links: a list of {name, url}."""
    featured_projects = c.Type(int, default=3)
    """How many featured projects the home page shows (0 hides them)."""
    upcoming_talks = c.Type(int, default=3)
    """How many upcoming talks the home page shows (0 hides them)."""


class BrandkitConfig(base.Config):
    posts_dir = c.Type(str, default="posts")
    """Folder under docs_dir with one Markdown file per post."""
    blog_url = c.Type(str, default="blog/")
    """URL path of the blog index; posts, tags, archive and series live under it."""
    post_url = c.Type(str, default="{blog}{slug}/")
    """Post URL pattern: {blog}, {slug}, {year}, {month}, {day}. Must end with '/'."""
    per_page = c.Type(int, default=10)
    home_posts = c.Type(int, default=5)
    words_per_minute = c.Type(int, default=220)
    timezone = c.Type(str, default="UTC")
    """Time zone for dates written without one (an IANA name such as Europe/Berlin)."""
    cache_dir = c.Type(str, default=".cache/brandkit")
    """Where rendered posts are cached by content hash (relative to mkdocs.yml)."""
    drafts = c.Type(bool, default=False)
    """Include drafts and future posts (set by `brandkit build --drafts`; always on in serve)."""
    feeds = c.SubConfig(FeedsConfig)
    authors = c.DictOfItems(c.SubConfig(AuthorConfig), default={})
    newsletter = c.SubConfig(NewsletterConfig)
    deploy = c.SubConfig(DeployConfig)
    syndicate = c.SubConfig(SyndicateConfig)
    profile = c.SubConfig(ProfileConfig)
    seo = c.SubConfig(SeoConfig)
    analytics = c.SubConfig(AnalyticsConfig)
    comments = c.SubConfig(CommentsConfig)


_URL_FIELDS = re.compile(r"{(\w+)}")
_URL_ALLOWED = {"blog", "slug", "year", "month", "day"}


def settings_from(
    mkdocs_config: Any, plugin_config: BrandkitConfig, *, serving: bool = False
) -> Settings:
    """Build core Settings from the loaded MkDocs config and the brandkit block. `serving`:
    for `serve`, whose site directory is a temporary folder MkDocs chooses."""
    where = "mkdocs.yml: plugins.brandkit"
    site_url = mkdocs_config.get("site_url")
    if site_url and not site_url.endswith("/"):
        site_url += "/"
    if plugin_config.feeds.enabled and not site_url:
        raise ConfigError(
            "mkdocs.yml: site_url is required because feeds are on: set `site_url: "
            "https://your.domain/` (or turn feeds off with `feeds: {enabled: false}` in the "
            "brandkit plugin block)."
        )
    if not mkdocs_config.get("use_directory_urls", True):
        raise ConfigError(
            "mkdocs.yml: use_directory_urls: false is not supported by brandkit; remove it."
        )
    try:
        zoneinfo.ZoneInfo(plugin_config.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(
            f"{where}.timezone: unknown time zone {plugin_config.timezone!r}; use an IANA name "
            "such as UTC or Europe/Berlin."
        ) from exc
    _confine(mkdocs_config, plugin_config, serving)
    blog_url = plugin_config.blog_url.strip("/")
    blog_url = f"{blog_url}/" if blog_url else ""
    fields = set(_URL_FIELDS.findall(plugin_config.post_url))
    if (
        "slug" not in fields
        or not fields <= _URL_ALLOWED
        or not plugin_config.post_url.endswith("/")
    ):
        raise ConfigError(
            f"{where}.post_url: {plugin_config.post_url!r} must contain {{slug}}, use only "
            "{blog} {slug} {year} {month} {day}, and end with '/'; e.g. '{blog}{slug}/'."
        )
    for key in ("per_page", "home_posts", "words_per_minute"):
        if getattr(plugin_config, key) < 1:
            raise ConfigError(f"{where}.{key}: must be a positive number.")
    authors = tuple(
        Author(key=key, name=a.name or key, email=a.email, url=a.url, avatar=a.avatar)
        for key, a in plugin_config.authors.items()
    )
    return Settings(
        site_name=mkdocs_config["site_name"],
        site_url=site_url or None,
        site_description=mkdocs_config.get("site_description") or "",
        language=_language(mkdocs_config),
        timezone=plugin_config.timezone,
        posts_dir=plugin_config.posts_dir.strip("/"),
        blog_url=blog_url,
        post_url=plugin_config.post_url,
        per_page=plugin_config.per_page,
        home_posts=plugin_config.home_posts,
        words_per_minute=plugin_config.words_per_minute,
        feeds=plugin_config.feeds.enabled,
        feed_items=plugin_config.feeds.max_items,
        tag_feeds=plugin_config.feeds.per_tag,
        authors=authors,
    )


def _confine(mkdocs_config: Any, plugin_config: BrandkitConfig, serving: bool) -> None:
    """Every folder and URL pattern inside the project and the site (brandkit.confine), and
    every URL acceptable (brandkit.urls)."""
    root = Path(mkdocs_config.config_file_path or "mkdocs.yml").resolve().parent
    custom_dir = mkdocs_config["theme"].custom_dir
    layout = Layout(
        config_file=root / "mkdocs.yml",
        docs_dir=Path(mkdocs_config["docs_dir"]),
        site_dir=None if serving else Path(mkdocs_config["site_dir"]),
        cache_dir=root / plugin_config.cache_dir,
        custom_dir=Path(custom_dir) if custom_dir else None,
        posts_dir=plugin_config.posts_dir,
    )
    problems = layout_problems(layout)
    problems += url_pattern_problems(plugin_config.blog_url, plugin_config.post_url)
    problems += config_url_problems(mkdocs_config, plugin_config)
    if problems:
        raise ConfigError("\n".join(problems))


def _language(mkdocs_config: Any) -> str:
    theme = mkdocs_config.get("theme")
    language = theme.get("language") if theme is not None else None
    return str(language or "en")


def profile_from(mkdocs_config: Any, plugin_config: BrandkitConfig) -> Profile:
    """The core Profile from the `profile:` section (resume.json fills the gaps later)."""
    p = plugin_config.profile
    for key in ("featured_projects", "upcoming_talks"):
        if getattr(p, key) < 0:
            raise ConfigError(f"mkdocs.yml: plugins.brandkit.profile.{key}: must be 0 or more.")
    first = next(iter(plugin_config.authors.values()), None)
    return Profile(
        name=p.name or "",
        tagline=p.tagline or "",
        avatar=p.avatar or None,
        avatar_alt=p.avatar_alt or "",
        bio=p.bio or "",
        email=p.email or (first.email if first is not None else None),
        contact_url=p.contact_url or None,
        subscribe_url=p.subscribe_url or None,
        github=p.github or None,
        mastodon=p.mastodon or None,
        linkedin=p.linkedin or None,
        bluesky=p.bluesky or None,
        extra_links=tuple((link.name, link.url) for link in p.links),
        featured_projects=p.featured_projects,
        upcoming_talks=p.upcoming_talks,
    )
