"""What every syndication service shares: the neutral copy of a post, the service contract
(`Service`), the options every service has (`ServiceOptions`) and the base class built-in and
third-party services extend (`ServiceType`), registered through the `brandkit_syndication_services`
hook (brandkit/hookspecs.py)."""

from __future__ import annotations

import hashlib
import json
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, Self

from brandkit.config import options as o
from brandkit.secrets import SecretEnv, register

if TYPE_CHECKING:
    from brandkit.syndicate.http import JsonClient


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
    @property
    def name(self) -> str:
        """Key in the state file and value of --to, e.g. "devto"."""

    @property
    def label(self) -> str:
        """How users know it, e.g. "dev.to"."""

    def payload(self, copy: Copy) -> Payload: ...

    def find(self, canonical_url: str, *, refresh: bool = False) -> Remote | None: ...

    def create(self, copy: Copy, payload: Payload) -> Remote: ...

    def update(self, remote_id: str, copy: Copy, payload: Payload) -> Remote: ...


class ServiceOptions(o.Schema):
    """The options of every service's section in mkdocs.yml; a service's `Options` subclass adds
    its own and may change these defaults (its documented rate limits, its API address)."""

    api_url = o.Url(directory=True)
    """The API's base URL (another instance of the same software works too)."""
    tag_map = o.MapOf(o.Text(), default={})
    """Rename tags for the service, e.g. {c++: cpp} (dev.to takes lowercase letters and digits,
    Hashnode tag slugs)."""
    write_interval = o.Number(1.0)
    """Seconds between writes, to stay within the service's rate limit."""
    read_interval = o.Number(0.0)
    """Seconds between reads."""
    max_retry_wait = o.Number(120.0)
    """Longest Retry-After (seconds) to wait out on a 429 before giving up for this run."""
    timeout = o.Number(30.0, minimum=0.1)
    """Seconds to wait for an answer before giving up on a request."""


class ServiceType(ABC):
    """A syndication service: `name` (its key under `syndicate:` and the value of --to), `label`
    (how users know it), `Options` (its section's schema) and the environment variable holding
    its secret. Built without a client for dry runs; `connect()` gives one that can send."""

    name: ClassVar[str]
    label: ClassVar[str]
    Options: ClassVar[type[ServiceOptions]]
    secret_env: ClassVar[str]
    secret_help: ClassVar[str]  # how to get the secret, e.g. "create one at https://..."

    def __init__(self, options: Any, client: JsonClient | None) -> None:
        self.config = options
        self._client = client

    @classmethod
    def secrets(cls) -> tuple[SecretEnv, ...]:
        """The environment variables it reads, declared as senders and channels declare theirs
        (for `doctor`, the CI workflow and the redaction point)."""
        return (SecretEnv(cls.secret_env, "API key", cls.secret_help),)

    @classmethod
    def connect(cls, options: Any, secret: str) -> Self:
        from brandkit.syndicate.http import JsonClient

        register(secret)
        return cls(options, JsonClient.configured(cls.label, options, cls.headers(secret)))

    @classmethod
    @abstractmethod
    def headers(cls, secret: str) -> dict[str, str]:
        """The request headers that carry the secret."""

    @property
    def client(self) -> JsonClient:
        assert self._client is not None, f"connect() before talking to {self.label}"
        return self._client

    @abstractmethod
    def payload(self, copy: Copy) -> Payload: ...

    @abstractmethod
    def find(self, canonical_url: str, *, refresh: bool = False) -> Remote | None: ...

    @abstractmethod
    def create(self, copy: Copy, payload: Payload) -> Remote: ...

    @abstractmethod
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


class ListedService(ServiceType):
    """A service whose copies are found by listing them all once per run (`list_copies`), with the
    ones `create` makes added to that list (`self.copies.add`)."""

    def __init__(self, options: Any, client: JsonClient | None) -> None:
        super().__init__(options, client)
        self.copies = Copies(self.list_copies)

    @abstractmethod
    def list_copies(self) -> list[tuple[str, Remote]]:
        """Every copy on the service: (its canonical URL, the copy)."""

    def find(self, canonical_url: str, *, refresh: bool = False) -> Remote | None:
        return self.copies.find(canonical_url, refresh=refresh)
