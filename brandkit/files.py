"""Writing files safely, through one atomic writer: new files that never replace a user's, and
atomic replacement (durable for the state file, fast for caches). Files copied from a cache into
the site are `brandkit.site_files`' (never hard links to the cache)."""

from __future__ import annotations

import os
import threading
from pathlib import Path


def write_new_file(path: Path, data: str | bytes, *, private: bool = False) -> bool:
    """Create `path` with `data` atomically, never replacing an existing file; `private`: readable
    and writable by its owner only (a key).

    Returns False (and writes nothing) when the file already exists. A crash never leaves a
    half-written file: the content is written and synced first, then linked into place."""
    return _write(path, data, replace=False, durable=True, mode=0o600 if private else 0o644)


def replace_file(path: Path, data: str | bytes, *, durable: bool = False) -> None:
    """Write `path` atomically: a reader sees the old file or the new one, never half of one.
    `durable`: also synced to disk, file and folder, before returning (the state file, which
    must survive a crash); caches skip that, as they write thousands of files in one build."""
    _write(path, data, replace=True, durable=durable)


_made: set[Path] = set()  # folders this process has made (or found), so as not to ask again
_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC


def _write(
    path: Path, data: str | bytes, *, replace: bool, durable: bool, mode: int = 0o644
) -> bool:
    """brandkit's one atomic writer: a temporary file next to `path`, named after this process
    and thread, written (and synced if `durable`), then renamed over `path` (`replace`) or
    linked to it only if it does not exist yet."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    parent = path.parent
    if parent not in _made:
        parent.mkdir(parents=True, exist_ok=True)
        _made.add(parent)
    tmp = parent / f".{path.name}.{os.getpid()}-{threading.get_ident()}.tmp"
    try:
        fd = os.open(tmp, _FLAGS, mode)
    except FileNotFoundError:  # the folder was removed since (a cache cleared under `serve`)
        _made.discard(parent)
        parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, _FLAGS, mode)
    except FileExistsError:  # left by a killed process that had this pid
        tmp.unlink()
        fd = os.open(tmp, _FLAGS, mode)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        if replace:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)
            except FileExistsError:
                return False
        if durable:
            _sync_folder(parent)
        return True
    finally:
        tmp.unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
