"""What every syndication service shares: the neutral copy of a post and the service contract."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, Protocol

from brandkit.secrets import SecretEnv


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
    secrets: ClassVar[tuple[SecretEnv, ...]]  # the environment variables it reads

    def payload(self, copy: Copy) -> Payload: ...

    def find(self, canonical_url: str, *, refresh: bool = False) -> Remote | None: ...

    def create(self, copy: Copy, payload: Payload) -> Remote: ...

    def update(self, remote_id: str, copy: Copy, payload: Payload) -> Remote: ...


def same_url(a: str, b: str) -> bool:
    return a.rstrip("/") == b.rstrip("/")


def map_tags(
    tags: tuple[str, ...], tag_map: Mapping[str, str], normalise: Callable[[str], str]
) -> tuple[list[tuple[str, str]], list[str]]:
    """Each tag renamed by `tag_map` (keys compared case-insensitively), then normalised: the
    distinct (normalised, renamed) pairs in order, and the tags that normalise to nothing."""
    lowered = {k.lower(): v for k, v in tag_map.items()}
    kept: list[tuple[str, str]] = []
    dropped: list[str] = []
    for tag in tags:
        mapped = lowered.get(tag.lower(), tag)
        key = normalise(mapped)
        if not key:
            dropped.append(tag)
        elif all(k != key for k, _ in kept):
            kept.append((key, mapped))
    return kept, dropped


class Copies:
    """A service's copies by canonical URL: listed once per run (again on `refresh`), with the
    copies created since added, so looking one up costs no request."""

    def __init__(self, list_all: Callable[[], list[tuple[str, Remote]]]) -> None:
        self._list_all = list_all
        self._by_canonical: list[tuple[str, Remote]] | None = None

    def find(self, canonical_url: str, *, refresh: bool = False) -> Remote | None:
        if self._by_canonical is None or refresh:
            self._by_canonical = self._list_all()
        return next((r for url, r in self._by_canonical if same_url(url, canonical_url)), None)

    def add(self, canonical_url: str, remote: Remote) -> None:
        if self._by_canonical is not None:
            self._by_canonical.append((canonical_url, remote))
