"""The one format of brandkit's cache files: a header naming the kind, the format version, the
length and the SHA-256 of the payload, then the payload.

A cache file is trusted only if all four match what the reader expects: a truncated, damaged,
random-bytes, foreign or older-format file reads as missing (`None`), so the caller rebuilds the
entry instead of using it. Payloads are bytes, or JSON (`read_json`/`write_json`): nothing in a
cache file can name code to run (no pickle, no marshal).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from brandkit.files import replace_file

MAGIC = b"brandkit-cache"


def pack(kind: str, version: int, payload: bytes) -> bytes:
    """`payload` as a cache file of `kind` and `version`: the header, then the payload."""
    if not kind or any(c.isspace() for c in kind):
        raise ValueError(f"a cache kind is one word: {kind!r}")  # the header is split on spaces
    digest = hashlib.sha256(payload).hexdigest().encode()
    head = b"%s %s %d %d %s\n" % (MAGIC, kind.encode(), version, len(payload), digest)
    return head + payload


def unpack(kind: str, version: int, data: bytes, *, verify: bool = True) -> bytes | None:
    """The payload of `data` if it is an intact cache file of `kind` and `version`, else None.
    `verify=False` checks the header only (for bytes already found intact)."""
    head, newline, payload = data.partition(b"\n")
    if not newline:
        return None
    fields = head.split(b" ")
    expected = [MAGIC, kind.encode(), str(version).encode(), str(len(payload)).encode()]
    if len(fields) != 5 or fields[:4] != expected:
        return None
    if verify and hashlib.sha256(payload).hexdigest().encode() != fields[4]:
        return None
    return payload


def read(path: Path, kind: str, version: int) -> bytes | None:
    """The payload of the intact cache file at `path`, or None. A file this process has found
    intact already (`intact`), unchanged since, is not hashed again."""
    tag = f"{kind} {version}"
    try:
        stamp = _stamp(path)
        data = path.read_bytes()
        same = _stamp(path) == stamp
    except OSError:
        return None
    # Hashed intact by this process and unchanged since (a server's rebuilds): the header is
    # checked, not the checksum again.
    known = same and _hashed.get(path) == (stamp, tag)
    payload = unpack(kind, version, data, verify=not known)
    if payload is not None and same and not known:
        _hashed[path] = (stamp, tag)
    return payload


def write(path: Path, kind: str, version: int, payload: bytes) -> None:
    """Write `payload` atomically (a reader sees the old entry or the new one, never half)."""
    replace_file(path, pack(kind, version, payload))


def read_json(path: Path, kind: str, version: int) -> Any:
    """The JSON value of an intact entry, or None (missing, damaged or not JSON)."""
    payload = read(path, kind, version)
    if payload is None:
        return None
    try:
        return json.loads(payload)
    except ValueError:
        return None


def write_json(path: Path, kind: str, version: int, value: Any) -> None:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    write(path, kind, version, text.encode("utf-8"))


# Files this process has hashed, with what `os.stat` said then: a long-running server checks
# thousands of cache files on every rebuild. Any write to a file changes its ctime (which no
# program can set), so a file whose inode, size, mtime and ctime are unchanged holds the bytes
# that were hashed.
_hashed: dict[Path, tuple[tuple[int, int, int, int], str]] = {}


def _stamp(path: Path) -> tuple[int, int, int, int]:
    st = path.stat()
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def file_digest(path: Path) -> str | None:
    """SHA-256 of a file's bytes (for cache files stored as they are published), or None."""
    try:
        stamp = _stamp(path)
        known = _hashed.get(path)
        if known is not None and known[0] == stamp:
            return known[1]
        with path.open("rb") as fh:
            digest = hashlib.file_digest(fh, "sha256").hexdigest()
        if _stamp(path) == stamp:
            _hashed[path] = (stamp, digest)
        return digest
    except OSError:
        return None


def intact(path: Path, kind: str, version: int) -> bool:
    """Whether `path` is an intact cache file of `kind` and `version` (remembered like
    `file_digest`, so a server does not read it again while it is unchanged)."""
    try:
        stamp = _stamp(path)
        known = _hashed.get(path)
        if known is not None and known[0] == stamp:
            return known[1] == f"{kind} {version}"
        return read(path, kind, version) is not None
    except OSError:
        return False
