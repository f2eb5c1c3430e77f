"""From a loaded brandkit block and the site's own values to the core's `Settings` and `Profile`.

`Site` holds what brandkit reads from mkdocs.yml outside its block (the adapter fills it in);
`settings_from()` checks what spans several keys (feeds need a site_url, the post URL pattern, the
time zone) with messages that name the key and the fix.
"""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass, field
from typing import Any

from brandkit.config.block import BrandkitConfig
from brandkit.config.options import WHERE
from brandkit.content.models import Author, Settings
from brandkit.content.profile import Profile
from brandkit.errors import ConfigError


@dataclass(frozen=True)
class Site:
    """The values of mkdocs.yml outside the brandkit block that brandkit uses."""

    site_name: str
    site_url: str | None = None
    site_description: str = ""
    site_author: str = ""
    language: str = "en"  # theme.language
    use_directory_urls: bool = True
    custom_dir: str | None = None  # theme.custom_dir: the user's template overrides
    markdown_extensions: list[Any] = field(default_factory=list)
    mdx_configs: dict[str, Any] = field(default_factory=dict)


_URL_FIELDS = re.compile(r"{(\w+)}")
_URL_ALLOWED = {"blog", "slug", "year", "month", "day"}


def settings_from(site: Site, block: BrandkitConfig) -> Settings:
    """Core Settings from the site's values and the brandkit block."""
    site_url = site.site_url
    if site_url and not site_url.endswith("/"):
        site_url += "/"
    if block.feeds.enabled and not site_url:
        raise ConfigError(
            "mkdocs.yml: site_url is required because feeds are on: set `site_url: "
            "https://your.domain/` (or turn feeds off with `feeds: {enabled: false}` in the "
            "brandkit plugin block)."
        )
    if not site.use_directory_urls:
        raise ConfigError(
            "mkdocs.yml: use_directory_urls: false is not supported by brandkit; remove it."
        )
    try:
        zoneinfo.ZoneInfo(block.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(
            f"{WHERE}.timezone: unknown time zone {block.timezone!r}; use an IANA name "
            "such as UTC or Europe/Berlin."
        ) from exc
    blog_url = block.blog_url.strip("/")
    blog_url = f"{blog_url}/" if blog_url else ""
    fields = set(_URL_FIELDS.findall(block.post_url))
    if "slug" not in fields or not fields <= _URL_ALLOWED or not block.post_url.endswith("/"):
        raise ConfigError(
            f"{WHERE}.post_url: {block.post_url!r} must contain {{slug}}, use only "
            "{blog} {slug} {year} {month} {day}, and end with '/'; e.g. '{blog}{slug}/'."
        )
    authors = tuple(
        Author(key=key, name=a.name or key, email=a.email, url=a.url, avatar=a.avatar)
        for key, a in block.authors.items()
    )
    return Settings(
        site_name=site.site_name,
        site_url=site_url or None,
        site_description=site.site_description,
        language=site.language,
        timezone=block.timezone,
        posts_dir=block.posts_dir.strip("/"),
        blog_url=blog_url,
        post_url=block.post_url,
        per_page=block.per_page,
        home_posts=block.home_posts,
        words_per_minute=block.words_per_minute,
        feeds=block.feeds.enabled,
        feed_items=block.feeds.max_items,
        tag_feeds=block.feeds.per_tag,
        authors=authors,
    )


def profile_from(block: BrandkitConfig) -> Profile:
    """The core Profile from the `profile:` section (resume.json fills the gaps later)."""
    p = block.profile
    first = next(iter(block.authors.values()), None)
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
