"""The `announce:` section of the brandkit block: social channels and received webmentions.

    plugins:
      - brandkit:
          announce:
            channels:
              - {type: mastodon, instance: https://fosstodon.org}
              - {type: bluesky, handle: jane.bsky.social}
              - {type: webmention}
            mentions: {domain: jane.example.com}

Each channel's own options are a schema of the channel class (like the newsletter senders'), loaded
when `brandkit announce` uses it, because third-party channels bring their own.
"""

from __future__ import annotations

from brandkit.config.options import (
    Choice,
    Flag,
    ListOf,
    Optional,
    Schema,
    Section,
    Table,
    Text,
    Url,
)


class MentionsConfig(Schema):
    endpoint = Url("https://webmention.io/api/mentions.jf2")
    """A webmention.io-style JF2 API that lists the mentions your site received."""
    domain = Optional(Text())
    """Your site's domain as the endpoint knows it (default: the host of site_url)."""
    token_env = Text("WEBMENTION_IO_TOKEN")
    """The environment variable holding the endpoint's API token."""
    file = Text("data/mentions.json")
    """Where `brandkit mentions pull` keeps them (relative to mkdocs.yml; commit it)."""
    show = Flag(True)
    """Show likes, reposts and replies under each post (false hides them)."""
    avatars = Choice(("proxy", "initials"), default="proxy")
    """proxy: copy each avatar into the site; initials: no images at all."""


class AnnounceConfig(Schema):
    channels = ListOf(Table(), default=[])
    """Where `brandkit announce` announces new posts besides email; each item has a `type`."""
    mentions = Section(MentionsConfig)
