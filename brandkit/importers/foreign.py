"""Front-matter keys of other blog engines that mean something brandkit keeps: a series' order,
a canonical URL, the ids of dev.to and Hashnode copies. Everything else a post carried is kept
under `extra:`, so nothing the old site knew is lost."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from brandkit.importers.model import RemoteCopy

SERIES_ORDER_KEYS = ("series_order", "seriesOrder", "series_weight", "series_part", "part")
CANONICAL_KEYS = ("canonical_url", "canonicalURL", "canonicalUrl", "canonical")
DEVTO_ID_KEYS = ("devto_id", "dev_to_id", "devtoId", "devto_article_id")
DEVTO_URL_KEYS = ("devto_url", "dev_to_url", "devtoUrl")
HASHNODE_ID_KEYS = ("hashnode_id", "hashnodeId", "hashnode_post_id")
HASHNODE_URL_KEYS = ("hashnode_url", "hashnodeUrl")
# What the readers convert themselves (not repeated under `extra:`).
COMMON_KEYS = frozenset(
    {
        "title",
        "date",
        "draft",
        "published",
        "slug",
        "tags",
        "categories",
        "category",
        "series",
        "description",
        "summary",
        "excerpt",
        "cover",
        "image",
        "images",
        "featured_image",
        "permalink",
        "url",
        "aliases",
        "redirect_from",
        "id",
        *SERIES_ORDER_KEYS,
        *CANONICAL_KEYS,
        *DEVTO_ID_KEYS,
        *DEVTO_URL_KEYS,
        *HASHNODE_ID_KEYS,
        *HASHNODE_URL_KEYS,
    }
)
HUGO_KEYS = COMMON_KEYS | {"publishDate", "lastmod", "expiryDate", "headless", "_build", "build"}
JEKYLL_KEYS = COMMON_KEYS | {"last_modified_at", "layout"}


def first(meta: Mapping[str, Any], keys: tuple[str, ...]) -> Any:
    return next((meta[k] for k in keys if meta.get(k) not in (None, "")), None)


def series_order(meta: Mapping[str, Any]) -> int | None:
    value = first(meta, SERIES_ORDER_KEYS)
    if value is None and meta.get("series") and isinstance(meta.get("weight"), int):
        value = meta["weight"]  # Hugo themes order a series by the pages' weight
    try:
        return int(value) if value is not None and not isinstance(value, bool) else None
    except (TypeError, ValueError):
        return None


def canonical(meta: Mapping[str, Any], old_base: str | None) -> str | None:
    """A canonical URL that points elsewhere (the post was first published there); one pointing
    at the old site itself is dropped, since the new site replaces it."""
    value = first(meta, CANONICAL_KEYS)
    if not isinstance(value, str) or not value.startswith(("http://", "https://")):
        return None
    if old_base and urlsplit(value).hostname == urlsplit(old_base).hostname:
        return None
    if urlsplit(value).hostname in ("canonical.url", "example.com"):
        return None  # a theme's sample value left in the front matter
    return value


def copies(meta: Mapping[str, Any]) -> list[RemoteCopy]:
    found = []
    devto = first(meta, DEVTO_ID_KEYS)
    if isinstance(devto, int | str) and str(devto).strip().isdigit():
        found.append(
            RemoteCopy("devto", str(devto).strip(), str(first(meta, DEVTO_URL_KEYS) or ""))
        )
    hashnode = first(meta, HASHNODE_ID_KEYS)
    if isinstance(hashnode, str) and hashnode.strip():
        found.append(
            RemoteCopy("hashnode", hashnode.strip(), str(first(meta, HASHNODE_URL_KEYS) or ""))
        )
    return found


def extra(meta: Mapping[str, Any], known: frozenset[str]) -> dict[str, object]:
    """The keys a reader did not convert, as plain YAML values."""
    return {str(k): _plain(v) for k, v in meta.items() if k not in known and v is not None}


def _plain(value: Any) -> object:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, str | int | float | bool | datetime.date):
        return value
    return str(value)
