"""What the importers produce: posts in brandkit's terms, files to copy, and problems to review."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path


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
    draft: bool = False
    cover: str | None = None  # URL, or a path relative to the post file
    old_paths: list[str] = field(default_factory=list)  # site-root paths of the old URLs
    canonical_url: str | None = None
    assets: list[Asset] = field(default_factory=list)


@dataclass
class Batch:
    posts: list[Imported] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # reported; the import goes on
    errors: list[Problem] = field(default_factory=list)  # unreadable sources: nothing is written
