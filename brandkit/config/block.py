"""The `brandkit` block of mkdocs.yml: its schema, section by section.

```yaml
plugins:
  - brandkit:
      timezone: Europe/Berlin
      authors: {jane: {name: Jane Doe, email: jane@example.com}}
      feeds: {max_items: 20}
```
"""

from __future__ import annotations

from brandkit.config.announce import AnnounceConfig
from brandkit.config.deploy import DeployConfig
from brandkit.config.newsletter import NewsletterConfig
from brandkit.config.options import (
    Choice,
    Flag,
    ListOf,
    MapOf,
    Optional,
    Schema,
    Section,
    Text,
    Url,
    Whole,
)
from brandkit.config.seo import AnalyticsConfig, CommentsConfig, SeoConfig
from brandkit.config.syndicate import SyndicateConfig


class AuthorConfig(Schema):
    name = Text()
    email = Optional(Text())
    url = Optional(Url())
    avatar = Optional(Text())


class FeedsConfig(Schema):
    enabled = Flag(True)
    """Write RSS 2.0 (feed.xml), Atom (atom.xml) and JSON Feed (feed.json)."""
    max_items = Whole(20)
    """How many of the newest posts each feed carries, with full content."""
    per_tag = Flag(True)
    """Also write the three feeds for every tag, under the tag's page."""


class LinkConfig(Schema):
    name = Text()
    """The link's text, e.g. Codeberg."""
    url = Url()


class ProfileConfig(Schema):
    """Who you are, for the home page. Anything left out is taken from content/resume.json."""

    name = Optional(Text())
    """Your name as the home page shows it (default: resume basics.name, then site_author)."""
    tagline = Optional(Text())
    """One line under your name, e.g. Backend engineer (default: resume basics.label)."""
    avatar = Optional(Text())
    """Your photo: a path under docs_dir such as images/avatar.jpg, or an https URL."""
    avatar_alt = Optional(Text())
    """Text alternative for the photo (default: "Photo of <name>")."""
    bio = Optional(Text())
    """A short paragraph about you (default: resume basics.summary)."""
    email = Optional(Text())
    """Address for the Contact button and the email link (default: the first author's)."""
    contact_url = Optional(Text())
    """Where the Contact button goes instead of mailto:, e.g. about/#contact."""
    subscribe_url = Optional(Text())
    """Where the Subscribe button goes (default: the RSS feed)."""
    github = Optional(Url())
    mastodon = Optional(Url())
    """Your Mastodon profile URL; linked with rel="me" so Mastodon can verify your site."""
    linkedin = Optional(Url())
    bluesky = Optional(Url())
    links = ListOf(Section(LinkConfig), default=[])
    """More profile links: a list of {name, url}."""
    featured_projects = Whole(3, minimum=0)
    """How many featured projects the home page shows (0 hides them)."""
    upcoming_talks = Whole(3, minimum=0)
    """How many upcoming talks the home page shows (0 hides them)."""


class BrandkitConfig(Schema):
    posts_dir = Text("posts")
    """Folder under docs_dir with one Markdown file per post."""
    blog_url = Text("blog/")
    """URL path of the blog index; posts, tags, archive and series live under it."""
    post_url = Text("{blog}{slug}/")
    """Post URL pattern: {blog}, {slug}, {year}, {month}, {day}. Must end with '/'."""
    per_page = Whole(10, minimum=1)
    home_posts = Whole(5, minimum=1)
    words_per_minute = Whole(220, minimum=1)
    timezone = Text("UTC")
    """Time zone for dates written without one (an IANA name such as Europe/Berlin)."""
    cache_dir = Text(".cache/brandkit")
    """Where rendered posts are cached by content hash (relative to mkdocs.yml)."""
    drafts = Flag(False)
    """Include drafts and future posts (set by `brandkit build --drafts`; always on in serve)."""
    toc = Choice(("inline", "none"), "inline")
    """A post's table of contents: folded in under its title when it has three sections or more
    (inline), or none. Posts and pages never get a docs sidebar."""
    feeds = Section(FeedsConfig)
    authors = MapOf(Section(AuthorConfig), default={})
    newsletter = Section(NewsletterConfig)
    announce = Section(AnnounceConfig)
    deploy = Section(DeployConfig)
    syndicate = Section(SyndicateConfig)
    profile = Section(ProfileConfig)
    seo = Section(SeoConfig)
    analytics = Section(AnalyticsConfig)
    comments = Section(CommentsConfig)
