"""The importers brandkit knows, each one file in this package: what it reads, how a source is
recognised, and the function that reads it.

`builtin_importers()` is the one list the command asks; registering importers through pluggy
(as senders are, with a `brandkit_importers` hook) only has to return these `Importer`s.
"""

from __future__ import annotations

import importlib
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from brandkit.errors import BrandkitError
from brandkit.importers.context import Context
from brandkit.importers.model import Batch


@dataclass(frozen=True)
class Importer:
    name: str  # the value of --from
    label: str  # what SOURCE is, for --help and messages
    module: str  # brandkit.importers.<module>.read(source, ctx) reads it
    recognise: Callable[[str], bool]

    def read(self, source: str, ctx: Context) -> Batch:
        reader: Callable[[str, Context], Batch] = importlib.import_module(self.module).read
        return reader(source, ctx)


def _path(source: str) -> Path | None:
    return None if source.startswith(("http://", "https://")) else Path(source)


def _head(source: str, size: int = 65536) -> bytes:
    path = _path(source)
    try:
        return path.read_bytes()[:size] if path is not None and path.is_file() else b""
    except OSError:
        return b""


def _zip_names(source: str) -> list[str]:
    path = _path(source)
    if path is None or not path.is_file() or not zipfile.is_zipfile(path):
        return []
    with zipfile.ZipFile(path) as archive:
        return archive.namelist()


def _names(source: str) -> list[str]:
    """The files of a folder or a zip archive, as POSIX paths inside it."""
    path = _path(source)
    if path is not None and path.is_dir():
        return [p.relative_to(path).as_posix() for p in path.rglob("*") if p.is_file()]
    return _zip_names(source)


def _is_jekyll(source: str) -> bool:
    path = _path(source)
    return path is not None and (path / "_posts").is_dir()


def _is_hugo(source: str) -> bool:
    path = _path(source)
    return path is not None and (path / "content").is_dir() and not _is_jekyll(source)


def _is_wordpress(source: str) -> bool:
    head = _head(source)
    return b"xmlns:wp=" in head or b"<wp:wxr_version" in head


def _is_ghost(source: str) -> bool:
    head = _head(source, 4096).lstrip()
    return head.startswith(b"{") and b'"db"' in head[:200]


def _is_devto(source: str) -> bool:
    if any(n.endswith("articles.json") for n in _zip_names(source)):
        return True
    path = _path(source)
    return path is not None and path.suffix.lower() == ".json" and not _is_ghost(source)


def _is_medium(source: str) -> bool:
    names = _names(source)
    return any(n.split("/")[-2:-1] == ["posts"] and n.endswith(".html") for n in names) and any(
        n.endswith("README.html") or "/profile/" in n or n.startswith("profile/") for n in names
    )


def _is_substack(source: str) -> bool:
    return any(n.split("/")[-1] == "posts.csv" for n in _names(source))


def _is_feed(source: str) -> bool:
    if source.startswith(("http://", "https://")):
        return True
    path = Path(source)
    return path.suffix.lower() in (".xml", ".rss", ".atom", ".feed") and not _is_wordpress(source)


def builtin_importers() -> list[Importer]:
    """In the order SOURCE is tried when --from is not given."""
    return [
        Importer(
            "jekyll", "a Jekyll site folder (with _posts/)", "brandkit.importers.jekyll", _is_jekyll
        ),
        Importer("hugo", "a Hugo site folder (with content/)", "brandkit.importers.hugo", _is_hugo),
        Importer(
            "wordpress",
            "a WordPress export (WXR .xml, Tools > Export)",
            "brandkit.importers.wordpress",
            _is_wordpress,
        ),
        Importer(
            "ghost",
            "a Ghost export (.json, Settings > Labs)",
            "brandkit.importers.ghost",
            _is_ghost,
        ),
        Importer(
            "medium",
            "a Medium export (.zip, or its folder)",
            "brandkit.importers.medium",
            _is_medium,
        ),
        Importer(
            "substack",
            "a Substack export (.zip with posts.csv, or its folder)",
            "brandkit.importers.substack",
            _is_substack,
        ),
        Importer(
            "devto",
            "a dev.to export (.zip) or the JSON of /api/articles/me/all",
            "brandkit.importers.devto",
            _is_devto,
        ),
        Importer(
            "feed",
            "an RSS or Atom feed with full content (URL or file)",
            "brandkit.importers.feed",
            _is_feed,
        ),
    ]


def names() -> tuple[str, ...]:
    return tuple(i.name for i in builtin_importers())


def choose(source: str, kind: str | None) -> Importer:
    found = {i.name: i for i in builtin_importers()}
    if kind is not None:
        path = _path(source)
        if path is not None and not path.exists():
            raise BrandkitError(f"{source}: no such file or folder; give the path of the old blog.")
        return found[kind]
    for importer in found.values():
        if importer.recognise(source):
            return importer
    path = _path(source)
    if path is not None and not path.exists():
        raise BrandkitError(f"{source}: no such file or folder; give the path of the old blog.")
    raise BrandkitError(
        f"{source}: cannot tell what kind of blog this is; pass --from "
        f"{', '.join(names()[:-1])} or {names()[-1]}."
    )
