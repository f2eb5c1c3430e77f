"""Received webmentions on post pages: the adapter's side of `brandkit mentions pull`.

Reads the committed mentions file (no network during a build), adds the avatars the shown
mentions use to the site as generated files (so a visitor's browser asks nothing of a third
party), and hands each post page its mentions, grouped for the `mentions.html` partial.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from brandkit.announce.mentions import Mention, load, normalise
from brandkit.content.links import post_absolute_url
from brandkit.errors import BrandkitError

AVATAR_URL = "assets/mentions/"  # where avatars are published in the site


class ReceivedMentions:
    @classmethod
    def read(cls, options: Any, root: Path) -> ReceivedMentions:
        """The mentions file as the build sees it; a damaged file stops the build in one line."""
        try:
            return cls(options, root)
        except BrandkitError as exc:
            raise PluginError(exc.message) from exc

    def __init__(self, options: Any, root: Path) -> None:
        self.show = bool(options.show)
        self.initials_only = options.avatars == "initials"
        self.path = root / options.file
        self.avatars = self.path.parent / "avatars"
        self.by_target: dict[str, list[Mention]] = (
            load(self.path, options.file) if self.show else {}
        )

    def add_files(self, files: Files, config: Any) -> None:
        if self.initials_only:
            return
        names = {m.avatar for group in self.by_target.values() for m in group if m.avatar}
        for name in sorted(names):
            source = self.avatars / name
            if source.is_file() and files.get_file_from_path(AVATAR_URL + name) is None:
                files.append(File.generated(config, AVATAR_URL + name, abs_src_path=str(source)))

    def for_post(self, post: Any, settings: Any) -> dict[str, list[dict[str, Any]]]:
        """The post's mentions by kind (likes, reposts, replies...), each with an avatar URL
        (site-relative) or initials; empty when hidden or none."""
        if not self.show or post.extra.get("mentions") is False or not settings.site_url:
            return {}
        url = post_absolute_url(settings, post)
        grouped: dict[str, list[dict[str, Any]]] = {}
        for mention in self.by_target.get(normalise(url), []):
            avatar = mention.avatar
            if avatar and (self.initials_only or not (self.avatars / avatar).is_file()):
                avatar = None
            grouped.setdefault(mention.kind, []).append(
                {
                    "author": mention.author,
                    "author_url": mention.author_url,
                    "avatar": AVATAR_URL + avatar if avatar else None,
                    "initials": mention.initials,
                    "source": mention.source,
                    "text": mention.text,
                    "published": mention.published,
                }
            )
        return grouped
