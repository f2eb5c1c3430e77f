"""How `brandkit import` recognises a SOURCE given without --from: by a folder's layout, a
zip archive's names, or the first bytes of a file. Each importer's `recognises` is one of these."""

from __future__ import annotations

import zipfile
from pathlib import Path


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


def is_jekyll(source: str) -> bool:
    path = _path(source)
    if path is None or not path.is_dir():
        return False
    if (path / "_posts").is_dir():
        return True
    config = path / "_config.yml"  # its `source:` may put _posts/ in a folder
    return config.is_file() and any(
        (path / line.split(":", 1)[1].strip().strip("'\"") / "_posts").is_dir()
        for line in config.read_text(encoding="utf-8", errors="replace").splitlines()
        if line.startswith("source:")
    )


def is_hugo(source: str) -> bool:
    path = _path(source)
    return path is not None and (path / "content").is_dir() and not is_jekyll(source)


def is_wordpress(source: str) -> bool:
    head = _head(source)
    return b"xmlns:wp=" in head or b"<wp:wxr_version" in head


def is_ghost(source: str) -> bool:
    head = _head(source, 4096).lstrip()
    return head.startswith(b"{") and b'"db"' in head[:200]


def is_devto(source: str) -> bool:
    if any(n.endswith("articles.json") for n in _zip_names(source)):
        return True
    path = _path(source)
    return path is not None and path.suffix.lower() == ".json" and not is_ghost(source)


def is_medium(source: str) -> bool:
    names = _names(source)
    return any(n.split("/")[-2:-1] == ["posts"] and n.endswith(".html") for n in names) and any(
        n.endswith("README.html") or "/profile/" in n or n.startswith("profile/") for n in names
    )


def is_substack(source: str) -> bool:
    return any(n.split("/")[-1] == "posts.csv" for n in _names(source))


def is_feed(source: str) -> bool:
    if source.startswith(("http://", "https://")):
        return True
    path = Path(source)
    return path.suffix.lower() in (".xml", ".rss", ".atom", ".feed") and not is_wordpress(source)
