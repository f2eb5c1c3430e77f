"""A warm build keeps the previous site's unchanged cards, feeds and image variants (hard links
between the old site folder and the new one), and writes again any that changed or were touched
in `site/`."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PIL import Image

from tests.test_cache_damage import blog  # noqa: F401  (the fixture)
from tests.test_incremental import tree

FEED = "feed.xml"


def card(site: Path) -> Path:
    return next((site / "assets/brandkit/cards").glob("*.png"))


def inode(path: Path) -> int:
    return path.stat().st_ino


def clean(blog: Path, cli) -> dict[str, bytes]:  # noqa: F811
    shutil.rmtree(blog / ".cache", ignore_errors=True)
    cli("build")
    return tree(blog / "site")


def test_unchanged_cards_and_feeds_are_kept_not_written(blog: Path, cli) -> None:  # noqa: F811
    Image.new("RGB", (1000, 500), (20, 90, 160)).save(blog / "content/posts/chart.png")
    post = blog / "content/posts/post-2.md"
    post.write_text(post.read_text() + "\n![A chart](chart.png)\n")
    cli("build")
    site = blog / "site"
    before = {FEED: inode(site / FEED), "card": inode(card(site))}
    variants = {p.name: inode(p) for p in (site / "assets/brandkit/img").glob("*.webp")}
    assert len(variants) == 3  # 480, 960 and 1000 px wide
    name = card(site).name
    cli("build")
    assert inode(site / FEED) == before[FEED]
    assert inode(site / "assets/brandkit/cards" / name) == before["card"]
    assert {p.name: inode(p) for p in (site / "assets/brandkit/img").glob("*.webp")} == variants
    # The old folder is gone: each file has one name again, none shared with the cache.
    assert (site / FEED).stat().st_nlink == 1
    assert tree(site) == clean(blog, cli)


def test_a_changed_post_writes_its_feeds_again(blog: Path, cli) -> None:  # noqa: F811
    cli("build")
    kept = inode(blog / "site" / FEED)
    post = blog / "content/posts/post-2.md"
    post.write_text(post.read_text().replace("title: Post 2", "title: Renamed"))
    cli("build")
    assert inode(blog / "site" / FEED) != kept
    assert b"Renamed" in (blog / "site" / FEED).read_bytes()
    assert tree(blog / "site") == clean(blog, cli)


@pytest.mark.parametrize("touch", ["edited in place", "replaced", "removed", "same size"])
def test_a_file_touched_in_the_site_is_written_again(blog: Path, cli, touch: str) -> None:  # noqa: F811
    expected = clean(blog, cli)
    site = blog / "site"
    for path in (site / FEED, card(site)):
        if touch == "edited in place":
            with path.open("ab") as fh:
                fh.write(b"<!-- changed -->")
        elif touch == "replaced":
            data = path.read_bytes()
            path.unlink()
            path.write_bytes(data[:-1])
        elif touch == "removed":
            path.unlink()
        else:  # same size, new modification time
            data = bytearray(path.read_bytes())
            data[len(data) // 2] ^= 1
            info = path.stat()
            path.write_bytes(bytes(data))
            os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000))
    cli("build")
    assert tree(site) == expected


def test_check_leaves_the_record_of_the_live_site(blog: Path, cli) -> None:  # noqa: F811
    cli("build")
    kept = inode(blog / "site" / FEED)
    cli("check")
    cli("build")
    assert inode(blog / "site" / FEED) == kept
