"""Writing files into the user's site safely: new files only, never half-written."""

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
