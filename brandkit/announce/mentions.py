"""Received webmentions: pulled from a webmention.io-style JF2 API into a committed JSON file (so
builds stay offline), with each author's avatar copied next to it as a small PNG (re-encoded by
Pillow, so nothing but pixels reaches the site), and read back per post by the build.

The file keeps only what the page shows, each value checked: a kind (like, repost, reply,
mention, bookmark), the target post's URL, the source URL and author URL (http(s) only), the
author's name, a plain-text excerpt for replies and mentions, a date, and the avatar's file name.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from brandkit.errors import BrandkitError
from brandkit.files import replace_file

VERSION = 1
KINDS = {
    "like-of": "like",
    "repost-of": "repost",
    "bookmark-of": "bookmark",
    "in-reply-to": "reply",
    "mention-of": "mention",
}
AVATAR_SIZE = 64
MAX_AVATAR_BYTES = 512 * 1024
MAX_PAGES = 50
PER_PAGE = 100
EXCERPT = 280


@dataclass(frozen=True)
class Mention:
    id: str
    kind: str  # like, repost, bookmark, reply, mention
    target: str  # the post's URL, normalised (no query, no fragment)
    source: str | None  # the page that mentions it (http(s))
    author: str
    author_url: str | None
    avatar: str | None  # file name under the avatars folder, or None: show initials
    text: str  # replies and mentions: a plain-text excerpt
    published: str

    @property
    def initials(self) -> str:
        words = [w for w in self.author.split() if w[:1].isalnum()]
        letters = "".join(w[0] for w in words[:2]) or "?"
        return letters.upper()


def normalise(url: str) -> str:
    parts = urlsplit(url.strip())
    path = (
        parts.path
        if parts.path.endswith("/") or "." in parts.path.rsplit("/", 1)[-1]
        else parts.path + "/"
    )
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, "", ""))


def http_url(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    parts = urlsplit(value.strip())
    return value.strip() if parts.scheme in ("http", "https") and parts.hostname else None


def parse(child: Mapping[str, Any], fetch_avatar: Callable[[str], str | None]) -> Mention | None:
    """One JF2 entry as the page will show it, or None when it names no known kind/target."""
    kind = KINDS.get(str(child.get("wm-property", "")))
    target = http_url(child.get("wm-target"))
    if kind is None or target is None:
        return None
    author = child.get("author") if isinstance(child.get("author"), dict) else {}
    assert isinstance(author, dict)
    name = " ".join(str(author.get("name") or "").split())[:80] or "Someone"
    photo = http_url(author.get("photo"))
    content = child.get("content") if isinstance(child.get("content"), dict) else {}
    assert isinstance(content, dict)
    text = " ".join(str(content.get("text") or "").split()) if kind in ("reply", "mention") else ""
    if len(text) > EXCERPT:
        text = text[: EXCERPT - 1].rstrip() + "…"
    return Mention(
        id=str(
            child.get("wm-id")
            or hashlib.sha256(repr(sorted(child.items())).encode()).hexdigest()[:16]
        ),
        kind=kind,
        target=normalise(target),
        source=http_url(child.get("url")) or http_url(child.get("wm-source")),
        author=name,
        author_url=http_url(author.get("url")),
        avatar=fetch_avatar(photo) if photo else None,
        text=text,
        published=str(child.get("published") or child.get("wm-received") or "")[:25],
    )


def avatar_png(data: bytes) -> bytes | None:
    """An avatar as a small square PNG, or None when it is not an image Pillow can read."""
    from PIL import Image, UnidentifiedImageError

    if len(data) > MAX_AVATAR_BYTES:
        return None
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            square = image.convert("RGB")
            side = min(square.size)
            left, top = (square.width - side) // 2, (square.height - side) // 2
            square = square.crop((left, top, left + side, top + side))
            square = square.resize((AVATAR_SIZE, AVATAR_SIZE))
            out = io.BytesIO()
            square.save(out, format="PNG", optimize=True)
            return out.getvalue()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None


def api_url(endpoint: str, domain: str, token: str, page: int) -> str:
    query = {"domain": domain, "token": token, "per-page": PER_PAGE, "page": page}
    return f"{endpoint}?{urlencode(query)}"


def write(path: Path, mentions: Iterable[Mention]) -> None:
    data = {
        "version": VERSION,
        "mentions": [
            asdict(m) for m in sorted(mentions, key=lambda m: (m.target, m.published, m.id))
        ],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    replace_file(path, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode())


def load(path: Path, shown: str) -> dict[str, list[Mention]]:
    """Mentions by target URL (normalised); an empty map when the file does not exist."""
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        items = data["mentions"] if data.get("version") == VERSION else None
        if not isinstance(items, list):
            raise ValueError("not a brandkit mentions file")
        found: dict[str, list[Mention]] = {}
        for item in items:
            mention = Mention(**{k: item.get(k) for k in Mention.__dataclass_fields__})
            if mention.kind not in KINDS.values() or http_url(mention.target) is None:
                raise ValueError(f"mention {mention.id!r} has no valid kind or target")
            safe = Mention(
                **{
                    **asdict(mention),
                    "source": http_url(mention.source),
                    "author_url": http_url(mention.author_url),
                    "avatar": _file_name(mention.avatar),
                }
            )
            found.setdefault(normalise(mention.target), []).append(safe)
        return found
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise BrandkitError(
            f"{shown}: cannot read the received mentions ({exc}); restore it from git or run "
            "`brandkit mentions pull` again."
        ) from None


def _file_name(value: Any) -> str | None:
    """Avatar names are digests brandkit wrote: anything else (a path) is dropped."""
    digest = value[:-4] if isinstance(value, str) and value.endswith(".png") else ""
    return value if len(digest) == 16 and all(c in "0123456789abcdef" for c in digest) else None


def avatar_name(url: str) -> str:
    return hashlib.sha256(url.encode()).hexdigest()[:16] + ".png"
