"""`brandkit serve` rebuilds only what an edit affects, and everything an edit affects."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import write_post


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# No proxies: these requests only ever go to the local server.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def fetch(base: str, path: str) -> tuple[int, str]:
    try:
        with _OPENER.open(base + path, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except (urllib.error.URLError, ConnectionError):
        return 0, ""


def wait_for(check: Callable[[], bool], what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def served(site: Path) -> Iterator[tuple[Path, str]]:
    for n in range(1, 6):
        write_post(
            site,
            f"post-{n}.md",
            f"id: urn:uuid:{n:08d}-2222-4000-8000-000000000000\ntitle: Post {n}\n"
            f"date: 2025-0{n}-01\ntags: [{'odd' if n % 2 else 'even'}, all]\n"
            "series: Saga",
            f"Body {n}.\n",
        )
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "brandkit",
            "serve",
            "--dev-addr",
            f"127.0.0.1:{port}",
        ],
        cwd=site,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: fetch(base, "blog/post-3/")[0] == 200, "the server to start")
        yield site, base
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_edit_updates_every_affected_page(served: tuple[Path, str]) -> None:
    site, base = served
    post = site / "content/posts/post-3.md"
    post.write_text(
        post.read_text()
        .replace("title: Post 3", "title: Fresh & new")
        .replace("tags: [odd, all]", "tags: [all, brandnew]")
    )
    wait_for(lambda: "Fresh &amp; new" in fetch(base, "blog/post-3/")[1], "the post to update")
    for page in (
        "blog/",
        "blog/archive/",
        "blog/archive/2025/",
        "blog/tags/all/",
        "blog/tags/brandnew/",
        "blog/series/saga/",
        "blog/post-2/",
        "blog/post-4/",
        "",
        "feed.xml",
        "atom.xml",
        "blog/tags/all/feed.xml",
    ):
        status, body = fetch(base, page)
        assert status == 200 and "Fresh &amp; new" in body, page
        assert "Post 3" not in body, page
    assert "Fresh" in fetch(base, "feed.json")[1]
    assert "Fresh &amp; new" in fetch(base, "search/search_index.json")[1]
    assert "Post 3" not in fetch(base, "blog/tags/odd/")[1]
    assert "Fresh &amp; new" in fetch(base, "blog/post-1/")[1]  # same series: its list changed

    post.unlink()
    wait_for(lambda: fetch(base, "blog/post-3/")[0] == 404, "the deleted post to disappear")
    assert "Fresh" not in fetch(base, "blog/archive/")[1]
    assert fetch(base, "blog/tags/brandnew/")[0] == 404
    assert "Fresh" not in fetch(base, "feed.xml")[1]


def test_serve_shows_drafts(served: tuple[Path, str]) -> None:
    site, base = served
    write_post(
        site,
        "wip.md",
        "id: urn:uuid:99999999-2222-4000-8000-000000000000\n"
        "title: Work in progress\ndate: 2025-09-01\ndraft: true",
    )
    wait_for(lambda: fetch(base, "blog/wip/")[0] == 200, "the draft to be served")
    assert "draft" in fetch(base, "blog/wip/")[1]


def test_a_replaced_photo_is_on_the_cards_a_server_draws_next(site: Path) -> None:
    """The owner's photo replaced under the same name (while `serve` runs) is on the cards of
    the next rebuild: the card's key covers the photo's bytes, not only its path."""
    photo = site / "content/images/me.png"
    Image.new("RGB", (96, 96), "#336699").save(photo)
    config = site / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("avatar: images/avatar.svg", "avatar: images/me.png")
    )
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "brandkit", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=site,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/"

    def card() -> bytes | None:
        """The post's card as served now (None while a rebuild has the page or card away)."""
        page = fetch(base, "blog/hello-world/")[1]
        found = re.search(r'<meta property="og:image" content="https?://[^/]+/([^"]+)"', page)
        if found is None:
            return None
        try:
            with _OPENER.open(base + found.group(1), timeout=10) as answer:
                return bytes(answer.read())
        except OSError:
            return None

    try:
        wait_for(lambda: card() is not None, "the server to start")
        first = card()
        Image.new("RGB", (96, 96), "#cc3311").save(photo)
        wait_for(lambda: card() not in (None, first), "a card with the new photo")
    finally:
        process.terminate()
        process.wait(timeout=10)
