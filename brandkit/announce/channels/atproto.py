"""AT Protocol pieces for the Bluesky channel: record keys derived from a post, grapheme counts,
and rich-text facets. Pure functions; no network.

- A record key of `app.bsky.feed.post` must be a TID: 13 characters of base32-sortable encoding a
  64-bit number (53 bits of microseconds since the Unix epoch, 10 bits of clock id). brandkit
  derives it from the post's date and a digest of the post and channel, so every attempt to post
  the same post uses the same key and a repeat collides instead of duplicating.
- Bluesky limits a post's text to 300 graphemes (user-perceived characters, Unicode `\\X`).
- Facets mark links and hashtags by UTF-8 byte offsets into the text.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

import regex

TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"
MAX_GRAPHEMES = 300
_GRAPHEME = regex.compile(r"\X")
_HASHTAG = regex.compile(r"(?<!\w)#([\p{L}\p{N}_]+)")


def tid(when: datetime, scope: str) -> str:
    micros = int(when.timestamp() * 1_000_000)
    clock = int(hashlib.sha256(scope.encode()).hexdigest(), 16) % 1024
    value = (micros << 10) | clock
    return "".join(TID_ALPHABET[(value >> (5 * i)) & 31] for i in reversed(range(13)))


def graphemes(text: str) -> int:
    return len(_GRAPHEME.findall(text))


def facets(text: str, url: str) -> list[dict[str, Any]]:
    """A link facet on each occurrence of `url` and a tag facet on each #hashtag of `text`."""
    data = text.encode("utf-8")
    found: list[dict[str, Any]] = []
    start = data.find(url.encode())
    while url and start != -1:
        end = start + len(url.encode())
        found.append(_facet(start, end, {"$type": "app.bsky.richtext.facet#link", "uri": url}))
        start = data.find(url.encode(), end)
    for match in _HASHTAG.finditer(text):
        begin = len(text[: match.start()].encode())
        end = begin + len(match.group(0).encode())
        feature = {"$type": "app.bsky.richtext.facet#tag", "tag": match.group(1)}
        found.append(_facet(begin, end, feature))
    return sorted(found, key=lambda f: int(f["index"]["byteStart"]))


def _facet(start: int, end: int, feature: dict[str, str]) -> dict[str, Any]:
    return {"index": {"byteStart": start, "byteEnd": end}, "features": [feature]}
