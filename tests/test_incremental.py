"""A warm rebuild (render cache in place) produces exactly the files a clean build does."""

from __future__ import annotations

import functools
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
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


class Server:
    """`brandkit serve` in a subprocess: its site folder and the rebuilds it has finished."""

    def __init__(self, site: Path, port: int, tmp: Path) -> None:
        tmp.mkdir(parents=True)
        self.tmp = tmp
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "brandkit", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=site,
            # MkDocs serves from a new temporary folder: make it one this test can find.
            env={**os.environ, "TMPDIR": str(tmp)},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()
        self.wait(lambda: any("Serving the site on" in line for line in self.lines), "the server")

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)

    def wait(self, check: Callable[[], bool], what: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not check():
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise AssertionError(f"no {what}:\n" + "".join(self.lines))
            time.sleep(0.05)

    def rebuilds(self) -> int:
        return sum("Reloading the browser" in line for line in self.lines)

    def rebuild_after(self, change: Callable[[], object], what: str) -> None:
        done = self.rebuilds()
        change()
        self.wait(lambda: self.rebuilds() > done, f"rebuild after {what}")

    def tree(self) -> dict[str, bytes]:
        (root,) = self.tmp.glob("mkdocs_*")
        return tree(root)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_rebuild_after_each_edit_is_identical_to_a_fresh_server(
    blog: Path, tmp_path: Path
) -> None:
    """After every edit, what `serve` has rebuilt equals what a server started afresh (no
    cache) builds from the edited content."""
    port = free_port()
    server = Server(blog, port, tmp_path / "serve-0")
    try:
        for step, edit in enumerate(("title", "tags", "date", "draft", "body", "delete"), 1):
            before = server.tree()
            post = blog / "content/posts/post-3.md"
            server.rebuild_after(functools.partial(EDITS[edit], post), f"the {edit} edit")
            rebuilt = server.tree()
            assert rebuilt != before, edit
            server.stop()
            shutil.rmtree(blog / ".cache")
            server = Server(blog, port, tmp_path / f"serve-{step}")
            fresh = server.tree()
            assert sorted(rebuilt) == sorted(fresh), edit
            assert [p for p in fresh if rebuilt[p] != fresh[p]] == [], edit
    finally:
        server.stop()


def test_warm_rebuild_after_a_resume_edit_is_identical_to_clean(blog: Path, cli) -> None:
    """Post pages name the owner (from resume.json) as publisher: not a post, still a change."""
    cli("build")
    before = tree(blog / "site")
    resume = blog / "content/resume.json"
    resume.write_text(resume.read_text().replace('"name": "Jane Doe"', '"name": "Jane Q. Doe"', 1))
    cli("build")
    warm = tree(blog / "site")
    assert warm["blog/post-3/index.html"] != before["blog/post-3/index.html"]
    assert warm == clean_build(blog, cli)
