"""Caches cannot lie: every kind of cache file, damaged in every way, is rebuilt, never used, and
the built site never shares a file with the cache."""

from __future__ import annotations

import os
import pickle
import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from brandkit import cache_file
from tests.conftest import write_post
from tests.test_incremental import tree

CACHE = Path(".cache/brandkit")
KINDS = {
    "parsed posts": "posts",
    "rendered posts": "render/*/*.entry",
    "render index": "render/index",
    "pages": "pages/build/*/*.html",
    "page manifest": "pages/build/manifest",
    "feeds": "feeds/*/*",
    "cards": "cards/*/*.card",
    "search entries": "search/entries",
    "kept site files": "site-files",
}


class Payload:
    """Runs code if anyone unpickles it: it must never be."""

    def __reduce__(self) -> tuple[Callable[..., object], tuple[str]]:
        return (os.system, ("touch PWNED",))


def _truncate(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _random(data: bytes) -> bytes:
    return random.Random(len(data)).randbytes(max(len(data), 64))


def _flip(data: bytes) -> bytes:
    middle = len(data) * 2 // 3  # in the payload, past the header
    return data[:middle] + bytes([data[middle] ^ 0x20]) + data[middle + 1 :]


def _foreign(data: bytes) -> bytes:
    # Intact, but another kind of cache entry (or, for pages, another page's HTML).
    return cache_file.pack("other", 1, b'{"tag": "x", "entries": [], "pages": {}}')


def _pickle(data: bytes) -> bytes:
    return pickle.dumps(Payload())


DAMAGE = {
    "truncated": _truncate,
    "random bytes": _random,
    "one byte changed": _flip,
    "foreign": _foreign,
    "pickle": _pickle,
}


@pytest.fixture
def blog(site: Path) -> Path:
    for n in range(1, 6):
        write_post(
            site,
            f"post-{n}.md",
            f"id: urn:uuid:{n:08d}-5555-4000-8000-000000000000\ntitle: Post {n}\n"
            f"date: 2025-0{n}-10T08:30:00+02:00\ntags: [python, t{n % 2}]\n"
            f"updated: 2025-0{n}-12\n{'series: Saga' if n % 2 else ''}",
            f"## Part {n}\n\nText of post {n} with `code` and [a link](post-1.md).\n\n"
            "```python\nprint('hi')\n```\n",
        )
    return site


def _clean(blog: Path, cli) -> dict[str, bytes]:
    shutil.rmtree(blog / ".cache", ignore_errors=True)
    cli("build")
    return tree(blog / "site")


@pytest.mark.parametrize("damage", sorted(DAMAGE))
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_damaged_cache_file_is_rebuilt_not_used(blog: Path, cli, kind: str, damage: str) -> None:
    clean = _clean(blog, cli)
    cli("build")  # a warm build: every kind of cache file exists and is read
    damaged = sorted((blog / CACHE).glob(KINDS[kind]))
    assert damaged, kind
    for path in damaged:
        path.write_bytes(DAMAGE[damage](path.read_bytes()))
    result = cli("build")
    assert "Traceback" not in result.output
    assert tree(blog / "site") == clean
    assert not (blog / "PWNED").exists()
    cli("build")  # and the cache it left behind is sound
    assert tree(blog / "site") == clean


def test_changing_the_cache_after_a_build_changes_nothing_in_the_site(blog: Path, cli) -> None:
    cli("build")
    cli("build")  # pages, cards and feeds published from the cache
    site = tree(blog / "site")
    cached = [p for p in (blog / CACHE).rglob("*") if p.is_file()]
    site_inodes = {(p.stat().st_dev, p.stat().st_ino) for p in (blog / "site").rglob("*")}
    assert not site_inodes & {(p.stat().st_dev, p.stat().st_ino) for p in cached}
    for path in cached:
        with path.open("r+b") as fh:  # in place, as an editor or a stray tool would
            fh.seek(0)
            fh.write(b"X" * min(16, path.stat().st_size))
    assert tree(blog / "site") == site
