"""Choose the reader for a source and run it."""

from __future__ import annotations

from pathlib import Path

from brandkit.errors import BrandkitError
from brandkit.importers.context import Context
from brandkit.importers.model import Batch


def guess_kind(source: str) -> str:
    if source.startswith(("http://", "https://")):
        return "feed"
    path = Path(source)
    if path.is_dir():
        if (path / "_posts").is_dir():
            return "jekyll"
        if (path / "content").is_dir():
            return "hugo"
    elif path.suffix.lower() in (".zip", ".json"):
        return "devto"
    elif path.suffix.lower() in (".xml", ".rss", ".atom", ".feed"):
        return "feed"
    if not path.exists():
        raise BrandkitError(f"{source}: no such file or folder; give the path of the old blog.")
    raise BrandkitError(
        f"{source}: cannot tell what kind of blog this is; pass --from jekyll, hugo, devto or feed."
    )


def read_source(kind: str, source: str, ctx: Context) -> Batch:
    if kind == "feed":
        from brandkit.importers.feed import read_feed

        return read_feed(source, ctx)
    path = Path(source)
    if not path.exists():
        raise BrandkitError(f"{source}: no such file or folder; give the path of the old blog.")
    if kind == "jekyll":
        from brandkit.importers.jekyll import read_jekyll

        return read_jekyll(path, ctx)
    if kind == "hugo":
        from brandkit.importers.hugo import read_hugo

        return read_hugo(path, ctx)
    from brandkit.importers.devto import read_devto

    return read_devto(path, ctx)
