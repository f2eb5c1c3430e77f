"""Where each post's syndicated copies live, read from the state file, for `u-syndication` links on
post pages (https://indieweb.org/u-syndication)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

# Services in the order their links are shown, and how readers know them.
LABELS = {"devto": "dev.to", "hashnode": "Hashnode"}


@dataclass(frozen=True)
class SyndicatedCopy:
    label: str
    url: str


def copies_by_post(state: Mapping[str, Any]) -> dict[str, tuple[SyndicatedCopy, ...]]:
    """Post id -> its finished copies (only `done` records with an http(s) URL)."""
    section = state.get("syndication")
    found: dict[str, list[SyndicatedCopy]] = {}
    if not isinstance(section, Mapping):
        return {}
    order = {name: index for index, name in enumerate(LABELS)}
    for service in sorted(section, key=lambda name: (order.get(name, len(order)), name)):
        records = section[service]
        if not isinstance(records, Mapping):
            continue
        label = LABELS.get(service, service)
        for post_id, record in records.items():
            if not isinstance(record, Mapping) or record.get("status") != "done":
                continue
            url = record.get("url")
            if isinstance(url, str) and urlsplit(url).scheme in ("http", "https"):
                found.setdefault(str(post_id), []).append(SyndicatedCopy(label, url))
    return {post_id: tuple(copies) for post_id, copies in found.items()}
