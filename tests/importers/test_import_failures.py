"""`brandkit import` on broken or awkward input: clear one-line errors, nothing half-written,
line numbers that point into the old files, and re-runs that finish what a stopped run began."""

from __future__ import annotations

import json
import shutil
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from brandkit.errors import BrandkitError
from brandkit.importers.context import Context
from tests.importers.test_import import (
    FIXTURES,
    assert_redirect,
    brandkit,
    build,
    new_site,
    post_meta,
)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def jekyll_copy(tmp_path: Path) -> Path:
    old = tmp_path / "old-jekyll"
    shutil.copytree(FIXTURES / "jekyll", old)
    return old


def test_bad_yaml_in_a_jekyll_post_stops_before_writing(tmp_path: Path) -> None:
    site = new_site(tmp_path)
    old = jekyll_copy(tmp_path)
    broken = old / "_posts" / "2021-07-01-broken.md"
    broken.write_text('---\ntitle: "Unclosed\ntags: [a, b]\n---\nBody\n')
    (old / "_posts" / "2021-07-02-colon.md").write_text("---\ntitle: a: b\n---\nBody\n")
    before = tree(site / "content")
    result = brandkit("import", str(old), cwd=site)
    assert result.returncode == 1
    err = result.stderr
    assert "Traceback" not in err
    assert (
        "_posts/2021-07-01-broken.md:4: front matter cannot be read (while scanning a quoted "
        "scalar on line 2: found unexpected end of stream); fix it and import again"
    ) in err
    assert (
        "_posts/2021-07-02-colon.md:2: front matter cannot be read (mapping values are not "
        "allowed in this context); fix it and import again" in err
    )
    assert "2 files cannot be read: nothing was imported." in err
    assert tree(site / "content") == before  # not the good posts, images or redirects either

    broken.write_text('---\ntitle: "Closed"\ntags: [a, b]\n---\nBody\n')
    (old / "_posts" / "2021-07-02-colon.md").unlink()
    fixed = brandkit("import", str(old), cwd=site)
    assert fixed.returncode == 0, fixed.stderr
    assert "Imported 4 posts, 2 files, 5 old URLs kept as redirect_from" in fixed.stdout
    assert post_meta(site, "broken")["title"] == "Closed"


def test_bad_site_configuration_is_one_line(tmp_path: Path) -> None:
    site = new_site(tmp_path)
    old = jekyll_copy(tmp_path)
    (old / "_config.yml").write_text("title: x\ntimezone: Mars/Olympus\n")
    zone = brandkit("import", str(old), cwd=site)
    assert zone.returncode == 1 and "Traceback" not in zone.stderr
    assert "_config.yml: timezone: 'Mars/Olympus' is not an IANA time zone" in zone.stderr
    (old / "_config.yml").write_text("title: [x\n")
    config = brandkit("import", str(old), cwd=site)
    assert config.returncode == 1 and "Traceback" not in config.stderr
    assert "_config.yml:2: the Jekyll configuration cannot be read (" in config.stderr
    assert len(config.stderr.strip().splitlines()) == 1


def test_liquid_in_html_posts_and_after_raw_blocks_is_reported_at_its_line(
    tmp_path: Path,
) -> None:
    site = new_site(tmp_path)
    old = jekyll_copy(tmp_path)
    (old / "_posts" / "2021-08-01-html-liquid.html").write_text(
        "---\ntitle: HTML with Liquid\n---\n"  # lines 1-3
        "<p>Intro</p>\n"  # 4
        "{% highlight python %}\ndef f():\n    return 1\n{% endhighlight %}\n"  # 5-8
        "<p>{% include card.html %}</p>\n"  # 9
    )
    (old / "_posts" / "2021-08-02-raw.md").write_text(
        "---\ntitle: Raw\n---\n"  # 1-3
        "{% raw %}\n{{ a }}\n{{ b }}\n{% endraw %}\n"  # 4-7
        "\n{% include after.html %}\n"  # 8-9
    )
    result = brandkit("import", str(old), cwd=site)
    assert result.returncode == 0, result.stderr
    assert "_posts/2021-08-01-html-liquid.html:9: Liquid tag {% include card.html %}" in (
        result.stdout
    )
    assert "_posts/2021-08-02-raw.md:9: Liquid tag {% include after.html %}" in result.stdout
    assert "{{ a }}" not in result.stdout  # inside {% raw %}: text, not a tag
    body = (site / "content" / "posts" / "html-liquid.md").read_text()
    assert "```python\ndef f():\n    return 1\n```" in body  # line breaks kept
    # What the import could not convert stays in the post: `check` names it at its new line,
    # and a strict build refuses it.
    check = brandkit("check", cwd=site)
    assert check.returncode == 0, check.stderr
    assert (
        "warning: content/posts/raw.md:14: {% include after.html %} is template syntax of "
        "another blog engine, shown as it is; rewrite it in Markdown, or put it in backticks"
    ) in check.stderr
    assert "content/posts/html-liquid.md:" in check.stderr and "{% include card.html %}" in (
        check.stderr
    )
    strict = brandkit("build", "--strict", cwd=site)
    assert strict.returncode == 1 and "{% include after.html %}" in strict.stderr


def test_devto_line_numbers_count_the_front_matter(tmp_path: Path) -> None:
    site = new_site(tmp_path)
    export = tmp_path / "articles.json"
    body = "---\ntitle: T\ntags: a\n---\n\nText\n\n{% katex %}x{% endkatex %}\n"
    article = {"title": "T", "published_at": "2024-01-10T12:00:00Z", "body_markdown": body}
    export.write_text(json.dumps([article]))
    result = brandkit("import", str(export), cwd=site)
    assert result.returncode == 0, result.stderr
    assert "articles.json#1 (T):8: dev.to Liquid tag {% katex %} left as-is" in result.stdout
    article["body_markdown"] = "---\ntitle: [T\n---\nText\n"
    export.write_text(json.dumps([article]))
    again = brandkit("import", str(export), cwd=site)
    assert again.returncode == 1 and "Traceback" not in again.stderr
    assert "articles.json#1:3: front matter in body_markdown cannot be read (" in again.stderr


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    site = new_site(tmp_path)
    before = tree(site)
    for source, posts in (
        ("jekyll", 3),
        ("hugo", 4),
        ("devto/api-articles.json", 2),
        ("feed/atom.xml", 2),
    ):
        result = brandkit("import", str(FIXTURES / source), "--dry-run", cwd=site)
        assert result.returncode == 0, result.stderr
        assert f"Dry run: would import {posts} posts" in result.stdout
        assert "would import content/posts/" in result.stdout
    assert tree(site) == before


def test_hugo_rerun_is_idempotent_and_finishes_a_stopped_run(tmp_path: Path) -> None:
    site = new_site(tmp_path)
    first = brandkit("import", str(FIXTURES / "hugo"), cwd=site)
    assert first.returncode == 0, first.stderr
    snapshot = tree(site / "content")
    again = brandkit("import", str(FIXTURES / "hugo"), cwd=site)
    assert "Imported 0 posts, 0 files, 0 old URLs" in again.stdout
    assert tree(site / "content") == snapshot
    # A run stopped after the images, before the post file (written last):
    (site / "content" / "posts" / "first-hugo.md").unlink()
    resumed = brandkit("import", str(FIXTURES / "hugo"), cwd=site)
    assert resumed.returncode == 0, resumed.stderr
    assert "Imported 1 post, 0 files, 4 old URLs" in resumed.stdout
    # Images from the stopped run are not "in the way":
    assert "other content" not in resumed.stdout
    assert sorted(tree(site / "content")) == sorted(snapshot)
    build(site)
    assert_redirect(site, "/blog/old/first/", "https://jane.example.com/blog/first-hugo/")


def test_malformed_feed_is_refused_with_its_line(tmp_path: Path) -> None:
    site = new_site(tmp_path)
    good = (FIXTURES / "feed" / "atom.xml").read_text()
    cut = tmp_path / "cut.xml"
    cut.write_text(good[: good.rindex("<entry>")] + "<entry>\n<title>Half")
    result = brandkit("import", str(cut), cwd=site)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    line = cut.read_text().count("\n") + 1
    assert f"cut.xml:{line}: the feed is not well-formed XML (no element found)" in result.stderr
    assert list((site / "content" / "posts").glob("*.md")) == []
    # HTML entities are not XML, but every reader accepts them: so does the import.
    entities = tmp_path / "entities.xml"
    entities.write_text(good.replace("Rust lifetimes, explained", "Rust&nbsp;lifetimes"))
    ok = brandkit("import", str(entities), cwd=site)
    assert ok.returncode == 0, ok.stderr
    assert post_meta(site, "rust-lifetimes")["title"] == "Rust\u00a0lifetimes"
    missing = brandkit("import", str(tmp_path / "gone.xml"), cwd=site)
    assert missing.returncode == 1 and "gone.xml: no such file" in missing.stderr


class _Answers(BaseHTTPRequestHandler):
    delay = 0.0

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path == "/slow.xml":
            time.sleep(self.delay)
        if self.path == "/gone.xml":
            self.send_error(404, "Not Found")
            return
        data = (FIXTURES / "feed" / "atom.xml").read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "application/atom+xml")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class _QuietServer(ThreadingHTTPServer):
    # The slow answer is written after the client gave up; joining handler threads on close (not
    # daemon threads) and staying quiet about the broken pipe keeps a late traceback from landing
    # in a later test's captured output.
    daemon_threads = False
    block_on_close = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass


@pytest.fixture
def feed_host() -> Iterator[str]:
    server = _QuietServer(("127.0.0.1", 0), _Answers)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_unreachable_or_missing_feed_urls(tmp_path: Path, feed_host: str) -> None:
    site = new_site(tmp_path)
    gone = brandkit("import", feed_host + "gone.xml", cwd=site)
    assert gone.returncode == 1 and "Traceback" not in gone.stderr
    assert "gone.xml: the server answered 404 Not Found; check the feed's URL." in gone.stderr
    probe = ThreadingHTTPServer(("127.0.0.1", 0), _Answers)
    port = probe.server_address[1]
    probe.server_close()  # nothing listens there now
    refused = brandkit("import", f"http://127.0.0.1:{port}/feed.xml", cwd=site)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert f"http://127.0.0.1:{port}/feed.xml: cannot download the feed (" in refused.stderr
    assert "check the URL and your network" in refused.stderr
    assert list((site / "content" / "posts").glob("*.md")) == []


def test_a_feed_that_never_answers_times_out(
    feed_host: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from brandkit.importers import feed

    monkeypatch.setattr(feed, "FETCH_TIMEOUT", 0.3)
    monkeypatch.setattr(_Answers, "delay", 1.5)
    with pytest.raises(BrandkitError, match=r"cannot download the feed \(no answer within 0.3s\)"):
        feed.read_feed(feed_host + "slow.xml", Context(posts_dir="posts", timezone="UTC"))
