"""What the importers produce (posts in brandkit's terms, files to copy, problems to review) and
what an importer is (`Importer`: a name, how to recognise its source, how to read it), registered
through the `brandkit_importers` hook (brandkit/hookspecs.py) by built-ins and plugins alike."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from brandkit.importers.context import Context


@dataclass(frozen=True)
class Problem:
    """Something that could not be converted; `line` is 1-based in the source file (0: unknown)."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Asset:
    """A file (image) to put into the docs dir at `dest` (docs-relative, POSIX): copied from
    `source`, or `data` already downloaded."""

    source: Path | None
    dest: str
    data: bytes | None = None

    def read(self) -> bytes:
        if self.data is not None:
            return self.data
        assert self.source is not None
        return self.source.read_bytes()


@dataclass(frozen=True)
class RemoteCopy:
    """A copy of the post on dev.to or Hashnode, found in the old site or the export: recorded
    in the syndication ledger so `brandkit syndicate` updates it instead of posting it again."""

    service: str  # "devto" or "hashnode", as `brandkit syndicate --to` names them
    remote_id: str
    url: str = ""


@dataclass
class Imported:
    origin: str  # where the post came from, as shown to the user
    title: str
    date: datetime
    slug: str
    body: str  # Markdown; local links already relative to posts/<slug>.md
    updated: datetime | None = None
    description: str = ""
    tags: list[str] = field(default_factory=list)
    series: str | None = None
    series_order: int | None = None  # place in the series when the old site set one
    draft: bool = False
    cover: str | None = None  # URL, or a path relative to the post file
    # The post's old addresses: absolute URLs when the old site's address is known, else paths
    # from the old site's root. The writer turns those on this site into `redirect_from`.
    old_urls: list[str] = field(default_factory=list)
    canonical_url: str | None = None
    feed_id: str | None = None  # the id the old site's feed gave this post, kept as its `id`
    copies: list[RemoteCopy] = field(default_factory=list)
    assets: list[Asset] = field(default_factory=list)
    extra: dict[str, object] = field(default_factory=dict)  # kept custom front matter


@dataclass
class Batch:
    posts: list[Imported] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # reported; the import goes on
    errors: list[Problem] = field(default_factory=list)  # unreadable sources: nothing is written
    notes: list[str] = field(default_factory=list)  # how the source was read (time zone, ...)
    old_base: str | None = None  # the old site's address, when the source tells it


@dataclass(frozen=True)
class Importer:
    """One kind of source. `recognises(source)` says whether a SOURCE given without --from is of
    this kind; `read(source, ctx)` reads it. `path` sources must exist on disk (checked before
    `read` is called, with one message for every importer)."""

    name: str  # the value of --from, e.g. "jekyll"
    description: str
    recognises: Callable[[str], bool]
    read: Callable[[str, Context], Batch]
    path: bool = True
