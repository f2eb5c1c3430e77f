"""The files a build copies from its cache into the site (social cards, feeds), and the previous
site's copies it can keep.

A build writes a whole new site folder and swaps it in (`brandkit.staging`), so without this
every warm build would write all its cards and feeds again (about 100 MB on a 1,000-post blog)
and delete the old ones. A file the previous site already holds, made from the same cache entry
and untouched since (same inode, size and modification time as when this module put it there,
recorded in a checksummed manifest), is hard-linked into the new folder instead of written. The
link is between the old site and the new one only: the old folder is deleted after the swap, so
each published file has one name again, and the site never shares a file with the cache
(changing the cache cannot change the site). Anything that does not match, a file edited or
replaced in `site/`, a damaged manifest, a file system without hard links, is written from the
cache as before.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path

from brandkit import cache_file

_KIND = "site-files"
_VERSION = 1

Stamp = tuple[int, int, int]  # inode, size, mtime in ns


class SiteFiles:
    """One build's cache-made files in `site` (the folder being built). `previous`: the live
    site folder this build will replace, or None (a server rebuilding in place, a first build).
    `manifest`: where the record of what was put where is kept between builds."""

    def __init__(self, site: Path, previous: Path | None, manifest: Path) -> None:
        self.site = site
        self.previous = previous
        self.manifest = manifest
        self._before: dict[str, tuple[str, Stamp]] = {}
        self._now: dict[str, tuple[str, Stamp]] = {}
        self._folders: set[Path] = set()  # made already (958 cards share one folder)
        if previous is not None:
            self._before = _load(manifest)

    def put(self, path: str, source: str, data: Callable[[], bytes]) -> None:
        """Make the site file at `path` (site-relative), whose bytes are `data()`, made from the
        cache entry named `source`; a file already there (the user's) is replaced."""
        target = self.site / path
        if target.parent not in self._folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(target.parent)
        if not self._link(path, source, target):
            target.write_bytes(data())
        with contextlib.suppress(OSError):  # gone already: nothing to keep next time
            self._now[path] = (source, _stamp(target))

    def save(self) -> None:
        """Record what this build put where (call it once the site is complete)."""
        entries = {path: [source, *stamp] for path, (source, stamp) in self._now.items()}
        with contextlib.suppress(OSError):  # the next build writes every file again
            cache_file.write_json(self.manifest, _KIND, _VERSION, entries)

    def _link(self, path: str, source: str, target: Path) -> bool:
        known = self._before.get(path)
        if self.previous is None or known is None or known[0] != source or target.exists():
            return False
        old = self.previous / path
        try:
            if _stamp(old) != known[1]:
                return False  # changed, replaced or removed since this module put it there
            os.link(old, target)
        except OSError:  # no hard links here (another file system, FAT, a quota...)
            return False
        return True


def _stamp(path: Path) -> Stamp:
    # Not the ctime: linking and unlinking the other name change it, though not the bytes.
    info = os.stat(path, follow_symlinks=False)
    return (info.st_ino, info.st_size, info.st_mtime_ns)


def _load(manifest: Path) -> dict[str, tuple[str, Stamp]]:
    value = cache_file.read_json(manifest, _KIND, _VERSION)
    if not isinstance(value, dict):
        return {}
    entries: dict[str, tuple[str, Stamp]] = {}
    for path, entry in value.items():
        if (
            isinstance(entry, list)
            and len(entry) == 4
            and isinstance(entry[0], str)
            and all(isinstance(n, int) for n in entry[1:])
        ):
            entries[path] = (entry[0], (entry[1], entry[2], entry[3]))
    return entries
