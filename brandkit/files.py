"""Writing files safely: new files that never replace a user's; atomic replacement for caches."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_new_file(path: Path, data: str | bytes) -> bool:
    """Create `path` with `data` atomically, never replacing an existing file.

    Returns False (and writes nothing) when the file already exists. The content goes to a temp
    file first and is hard-linked into place, so a crash never leaves a half-written file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            return False
        return True
    finally:
        os.unlink(tmp)


_made: set[Path] = set()  # folders this process has made (or found), so as not to ask again


def replace_file(path: Path, data: bytes) -> None:
    """Write `path` atomically: a reader sees the old file or the new one, never half of one.

    For caches, which write thousands of files in one build: the parent folder is made once per
    process, and the temporary file is named after the process instead of by `mkstemp`."""
    parent = path.parent
    if parent not in _made:
        parent.mkdir(parents=True, exist_ok=True)
        _made.add(parent)
    tmp = f"{path}.{os.getpid()}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC
    try:
        fd = os.open(tmp, flags, 0o644)
    except FileNotFoundError:  # the folder was removed since (a cache cleared under `serve`)
        _made.discard(parent)
        parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, flags, 0o644)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
