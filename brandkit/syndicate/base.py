"""What every syndication service shares: the neutral copy of a post and the service contract."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol


@dataclass(frozen=True)
class Copy:
    """A post as it should appear elsewhere: Markdown with absolute links, absolute cover URL."""

    post_id: str
    title: str
    description: str
    markdown: str
    tags: tuple[str, ...]
    series: str | None
    cover_url: str | None
    canonical_url: str
    date: datetime


@dataclass(frozen=True)
class Remote:
    id: str
    url: str
    notes: tuple[str, ...] = ()  # what the service could not carry over, for the user


@dataclass(frozen=True)
class Payload:
    """What a service will send for one copy, plus what the user should be told about it."""

    fields: dict[str, Any]
    notes: tuple[str, ...] = ()

    @property
    def digest(self) -> str:
        text = json.dumps(self.fields, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


class RemoteGone(Exception):
    """The copy recorded in the state file no longer exists on the service."""


class DuplicateCanonical(Exception):
    """The service already holds a copy with this canonical URL."""


class Service(Protocol):
    name: str  # key in the state file and value of --to, e.g. "devto"
    label: str  # how users know it, e.g. "dev.to"

    def payload(self, copy: Copy) -> Payload: ...

    def find(self, canonical_url: str, *, refresh: bool = False) -> Remote | None: ...

    def create(self, copy: Copy, payload: Payload) -> Remote: ...

    def update(self, remote_id: str, copy: Copy, payload: Payload) -> Remote: ...


def same_url(a: str, b: str) -> bool:
    return a.rstrip("/") == b.rstrip("/")
