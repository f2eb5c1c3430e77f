"""A warm rebuild (render cache in place) produces exactly the files a clean build does."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import write_post


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def uid(n: int) -> str:
    return f"urn:uuid:{n:08d}-1111-4000-8000-000000000000"


@pytest.fixture
def blog(site: Path) -> Path:
    for n in range(1, 8):
        tags = ["python", "rust", "go"][: 1 + n % 3]
        series = "series: Deep dive\n" if n in (2, 4, 6) else ""
        write_post(
            site,
            f"post-{n}.md",
            f"id: {uid(n)}\ntitle: Post {n}\ndate: 2025-0{n}-10\n"
            f"tags: {tags}\n{series}description: About {n}.",
            f"## Part {n}\n\nText of post {n} linking [post 1](post-1.md).\n",
        )
    return site


def clean_build(site: Path, cli) -> dict[str, bytes]:
    shutil.rmtree(site / ".cache", ignore_errors=True)
    cli("build")
    return tree(site / "site")


EDITS = {
    "title": lambda p: p.write_text(
        p.read_text().replace("title: Post 3", "title: Renamed & <new>")
    ),
    "tags": lambda p: p.write_text(p.read_text().replace("tags: [", "tags: [zig, ")),
    "date": lambda p: p.write_text(p.read_text().replace("date: 2025-03-10", "date: 2026-01-01")),
    "draft": lambda p: p.write_text(
        p.read_text().replace("description:", "draft: true\ndescription:")
    ),
    "body": lambda p: p.write_text(p.read_text() + "\n## A new section\n\nMore words here.\n"),
    "delete": lambda p: p.unlink(),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_warm_rebuild_after_edit_is_identical_to_clean(blog: Path, cli, edit: str) -> None:
    cli("build")  # warm the cache
    before = tree(blog / "site")
    EDITS[edit](blog / "content/posts/post-3.md")
    out = cli("build").output
    warm = tree(blog / "site")
    assert warm != before, "the edit must change the output"
    if edit != "delete" and edit != "draft":
        assert "[1 rendered," in out  # only the edited post is rendered again
    assert warm == clean_build(blog, cli)


def test_unchanged_rebuild_renders_nothing_and_is_identical(blog: Path, cli) -> None:
    cli("build")
    first = tree(blog / "site")
    out = cli("build").output
    assert "[0 rendered," in out
    assert tree(blog / "site") == first


def test_config_change_invalidates_the_cache(blog: Path, cli) -> None:
    cli("build")
    config = blog / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - footnotes\n", ""))
    out = cli("build").output
    assert "8 rendered, 0 from cache]" in out


def test_search_index_has_posts_and_sections(blog: Path, cli) -> None:
    import json

    cli("build")
    docs = json.loads((blog / "site/search/search_index.json").read_text())["docs"]
    locations = {d["location"] for d in docs}
    assert "blog/post-3/" in locations and "blog/post-3/#part-3" in locations
    assert not any(loc.startswith("blog/tags/") for loc in locations)
