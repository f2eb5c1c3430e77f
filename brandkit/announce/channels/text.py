"""The short text a social channel posts for a post: a template filled with the title, the URL,
the summary and the tags as hashtags, cut to the network's limit (graphemes on Bluesky, characters
with every URL counted as 23 on Mastodon) by dropping hashtags, then shortening the summary, then
the title, never the URL."""

from __future__ import annotations

import re
from collections.abc import Callable

from brandkit.announce.compose import Announcement, one_line

ELLIPSIS = "…"
_WORDS = re.compile(r"[\s_\-./+]+")


def hashtag(tag: str) -> str | None:
    """`machine learning` -> `#MachineLearning`, `python` -> `#python`; None when nothing of it
    can be a hashtag (only digits or symbols)."""
    parts = [re.sub(r"\W", "", p) for p in _WORDS.split(tag.strip()) if p]
    parts = [p for p in parts if p]
    if not parts:
        return None
    word = parts[0] if len(parts) == 1 else "".join(p[:1].upper() + p[1:] for p in parts)
    return None if word.isdigit() else f"#{word}"


def hashtags(tags: tuple[str, ...], limit: int) -> list[str]:
    found: list[str] = []
    for tag in tags:
        tagged = hashtag(tag)
        if tagged and tagged.lower() not in (t.lower() for t in found):
            found.append(tagged)
    return found[: max(0, limit)]


def fill(template: str, a: Announcement, tags: list[str], title: str, summary: str) -> str:
    text = template.format(
        title=title, url=a.url, summary=summary, hashtags=" ".join(tags), site=a.site_name
    )
    # Empty placeholders leave blank lines behind: at most one blank line, none at the ends.
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def compose(
    template: str, a: Announcement, max_tags: int, limit: int, length: Callable[[str], int]
) -> str:
    """The text, at most `limit` long as `length` measures it."""
    tags = hashtags(a.tags, max_tags)
    title, summary = one_line(a.title), one_line(a.summary)
    text = fill(template, a, tags, title, summary)
    while length(text) > limit and tags:
        tags.pop()
        text = fill(template, a, tags, title, summary)
    for field in ("summary", "title"):
        while length(text) > limit:
            value = summary if field == "summary" else title
            if not value:
                break
            cut = value[: max(0, len(value) - max(1, length(text) - limit) - 1)].rstrip()
            value = cut + ELLIPSIS if cut else ""
            if field == "summary":
                summary = value
            else:
                title = value
            text = fill(template, a, tags, title, summary)
    return text
