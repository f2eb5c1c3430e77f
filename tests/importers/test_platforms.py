"""The platforms developers leave (WordPress, Ghost, Medium, Substack), end to end: import the
export into a site made by `brandkit new`, `build --strict`, then every old address resolves
through a redirect to a page, the feeds keep the old feed's ids, and no draft shows anywhere."""

from __future__ import annotations

import shutil
import threading
import zipfile
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from brandkit.importers.read import guess_kind
from tests.importers.migration import assert_migrated, feed_ids
from tests.importers.test_import import FIXTURES, brandkit, build, new_site, post_meta


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def old_host(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The old custom domain, still online on 127.0.0.1 (it serves the images)."""
    root = tmp_path / "old-host"
    root.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", root
    server.shutdown()
    server.server_close()


def with_host(source: Path, target: Path, host: str) -> Path:
    """A copy of a fixture folder with {{HOST}} replaced by the old host's address."""
    shutil.copytree(source, target)
    for path in target.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".csv"):
            path.write_text(path.read_text(encoding="utf-8").replace("{{HOST}}", host))
    return target


def test_wordpress_export(tmp_path: Path) -> None:
    site = new_site(tmp_path)
    source = FIXTURES / "wordpress" / "export.xml"
    result = brandkit("import", str(source), cwd=site)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "note: not posts, not imported: 1 attachment, 1 page" in out
    assert 'export.xml:61: WordPress shortcode [gallery ids="1,2,3"] left as-is' in out
    hello = post_meta(site, "hello-wordpress")
    assert hello["id"] == "https://jane.example.com/?p=10"  # WordPress' feed <guid>
    assert hello["title"] == "Hello from WordPress & friends"
    assert (
        hello["tags"] == ["Notes", "php"] and hello["description"] == "A first post on WordPress."
    )
    assert hello["cover"] == "../wp-content/uploads/2020/01/photo.png"  # the featured image
    body = (site / "content" / "posts" / "hello-wordpress.md").read_text()
    assert "First paragraph, with a line  \nbreak in it.\n\nSecond paragraph: **bold**." in body
    assert "- one\n- two" in body
    assert '```python\nif a < b:\n    print("less")\n```' in body
    assert "![A photo](../wp-content/uploads/2020/01/photo.png)" in body and "The caption" in body
    assert "<!-- wp:" not in body
    unicode = post_meta(site, "yi-unicode")  # the percent-encoded slug, decoded
    assert unicode["redirect_from"] == ["/2020/02/%e4%b8%80-unicode/"]
    assert (
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
        in (site / "content" / "posts" / "yi-unicode.md").read_text()
    )
    assert post_meta(site, "wordpress-secret-draft")["draft"] is True
    build(site)
    assert (site / "site" / "wp-content" / "uploads" / "2020" / "01" / "photo.png").is_file()
    assert_migrated(
        site, FIXTURES / "wordpress" / "feed.xml", [], drafts=["WordPress secret draft"]
    )


def test_ghost_export(tmp_path: Path) -> None:
    site = new_site(tmp_path)
    source = FIXTURES / "ghost" / "ghost-export.json"
    result = brandkit("import", str(source), "--old-url", "https://jane.example.com/", cwd=site)
    assert result.returncode == 0, result.stderr
    assert "note: 1 page not imported (not posts)" in result.stdout
    assert "(Members only musings): for paid readers only in Ghost; imported as a draft" in (
        result.stdout
    )
    meta = post_meta(site, "ghost-writes-html")
    # Ghost's feed ids are bare ids (not URIs): a stable id from the post's Ghost uuid instead.
    assert meta["id"] == "urn:uuid:0b6f3a10-5c2e-4f53-9d6e-2f1c9a8b7c01"
    assert meta["tags"] == ["JavaScript"]  # '#hidden' is an internal tag
    assert meta["cover"] == "../content/images/2021/05/pic.png"
    body = (site / "content" / "posts" / "ghost-writes-html.md").read_text()
    assert "```javascript\nconst a = 1 < 2;\n```" in body
    assert "[An article](https://example.org/article)" in body
    assert post_meta(site, "members-only")["draft"] is True
    build(site)
    assert meta["id"] in feed_ids(site / "site")["atom"]
    assert_migrated(
        site,
        None,
        ["https://jane.example.com/ghost-writes-html/"],
        drafts=["Ghost secret draft", "Members only musings", "For paying readers"],
    )


def test_medium_export_zip(tmp_path: Path, old_host: tuple[str, Path]) -> None:
    host, served = old_host
    (served / "img").mkdir()
    shutil.copy(FIXTURES / "hugo" / "static" / "images" / "photo.png", served / "img" / "1*pic")
    export = with_host(FIXTURES / "medium", tmp_path / "medium-export", host)
    archive = tmp_path / "medium-export.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in export.rglob("*"):
            zipped.write(path, path.relative_to(tmp_path).as_posix())
    site = new_site(tmp_path, url=host)  # the custom domain moves to the new site
    result = brandkit("import", str(archive), "--old-url", host, cwd=site)
    assert result.returncode == 0, result.stderr
    assert "looks like a response (a comment), not a post; imported as a draft" in result.stdout
    meta = post_meta(site, "shipping-code-with-medium")
    assert meta["id"] == "https://medium.com/p/a1b2c3d4e5f6"  # Medium's feed <guid>
    assert meta["description"] == "Code blocks survive the move"
    body = (site / "content" / "posts" / "shipping-code-with-medium.md").read_text()
    assert "### Shipping code with Medium" not in body  # the title is not repeated in the body
    assert "```\ndef add(a, b):\n    return a + b\n```" in body
    assert "](../images/medium/1-pic-" in body  # downloaded from the custom domain
    build(site)
    assert_migrated(
        site,
        export / "feed.xml",
        [],
        drafts=["Medium secret draft", "Nice point, thanks"],
        site_url=host,
    )


def test_substack_export_folder(tmp_path: Path, old_host: tuple[str, Path]) -> None:
    host, served = old_host
    (served / "images").mkdir()
    shutil.copy(
        FIXTURES / "hugo" / "static" / "images" / "photo.png", served / "images" / "hello.png"
    )
    export = with_host(FIXTURES / "substack", tmp_path / "substack-export", host)
    site = new_site(tmp_path, url=host)
    result = brandkit("import", str(export), "--from", "substack", "--old-url", host, cwd=site)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "(Paid thoughts): for only_paid subscribers on Substack; imported as a draft" in out
    assert "posts.csv:4 (Substack secret draft): no date (a draft never published); skipped" in out
    meta = post_meta(site, "hello-substack")
    assert meta["id"] == f"{host}p/hello-substack"
    assert meta["description"] == "A newsletter moves home"
    body = (site / "content" / "posts" / "hello-substack.md").read_text()
    assert "Subscribe" not in body  # Substack's sign-up widgets are not the text
    assert "![Hello](../images/substack/hello-" in body  # downloaded from the custom domain
    build(site)
    assert_migrated(
        site,
        export / "feed.xml",
        [],
        drafts=["Substack secret draft", "Paid thoughts"],
        site_url=host,
    )


def test_importers_are_told_apart(tmp_path: Path) -> None:
    site = new_site(tmp_path)
    for source, kind in (
        (FIXTURES / "wordpress" / "export.xml", "wordpress"),
        (FIXTURES / "ghost" / "ghost-export.json", "ghost"),
        (FIXTURES / "medium", "medium"),
        (FIXTURES / "substack", "substack"),
        (FIXTURES / "devto" / "api-articles.json", "devto"),
        (FIXTURES / "feed" / "atom.xml", "feed"),
    ):
        assert guess_kind(str(source)) == kind  # the importer `import` picks for it
        result = brandkit("import", str(source), "--dry-run", cwd=site)
        assert result.returncode == 0, (kind, result.stderr)
        assert "would import content/posts/" in result.stdout, kind
