"""`brandkit import` end to end: fixture blogs imported into a site made by `brandkit new`, then
built with the real `brandkit build --strict`; redirects and images checked in the output."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import frontmatter
import pytest

from tests.importers.migration import assert_migrated, feed_ids

FIXTURES = Path(__file__).parent / "fixtures"


def brandkit(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "brandkit", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def new_site(tmp_path: Path, url: str = "https://jane.example.com/") -> Path:
    result = brandkit("new", "site", "--url", url, "--name", "Jane", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    for starter in (site / "content" / "posts").glob("*.md"):
        starter.unlink()  # only the imported posts, so the counts below are theirs
    return site


def build(site: Path) -> None:
    result = brandkit("build", "--strict", cwd=site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def same_as_dry_run(text: str) -> str:
    """A dry run's report, worded as the real run's."""
    return (
        text.replace("Dry run: would import", "Imported")
        .replace("; nothing written.", ".")
        .replace("would import", "imported")
        .replace(" would recorded", " recorded")
    )


def post_meta(site: Path, slug: str) -> dict[str, object]:
    return dict(frontmatter.load(site / "content" / "posts" / f"{slug}.md").metadata)


def assert_redirect(site: Path, old_path: str, new_url: str) -> None:
    rel = old_path.lstrip("/")
    page = site / "site" / (rel + "index.html" if rel.endswith("/") else rel)
    html = page.read_text(encoding="utf-8")
    assert f'<meta http-equiv="refresh" content="0; url={new_url}">' in html
    assert f'<link rel="canonical" href="{new_url}">' in html
    target = urlsplit(new_url).path.lstrip("/")
    assert (site / "site" / target / "index.html").is_file()


def assert_images_resolve(site: Path, page_url: str) -> list[str]:
    html = (site / "site" / page_url / "index.html").read_text(encoding="utf-8")
    sources = re.findall(r'<img[^>]*\ssrc="([^"]+)"', html)
    local = [s for s in sources if not s.startswith(("http://", "https://"))]
    for src in local:
        resolved = urlsplit(urljoin("https://x/" + page_url, src)).path.lstrip("/")
        assert (site / "site" / resolved).is_file(), f"{src} on {page_url} is broken"
    # The post's own images: those in its body (the page also shows the owner's avatar).
    body = html.partition('class="e-content')[2].partition('class="bk-post__footer"')[0]
    return re.findall(r'<img[^>]*\ssrc="([^"]+)"', body)


def test_jekyll_site_is_imported_built_and_redirected(tmp_path: Path) -> None:
    site = new_site(tmp_path)
    result = brandkit("import", str(FIXTURES / "jekyll"), cwd=site)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Imported 3 posts, 2 files, 4 old URLs kept as redirect_from" in out
    assert "_posts/notes.txt: not a post (a file posts include?); not imported" in out

    meta = post_meta(site, "hello-jekyll")
    assert meta["id"] == "https://jane.example.com/notes/2021/05/04/hello-jekyll"  # jekyll-feed's
    assert meta["title"] == "Hello from Jekyll: a first post"
    assert str(meta["date"]) == "2021-05-04 10:30:00+02:00"
    assert meta["tags"] == ["ruby", "jekyll", "Notes"]
    assert meta["cover"] == "../assets/img/cover.png"
    assert meta["series"] == "Starting out" and meta["series_order"] == 2
    body = (site / "content" / "posts" / "hello-jekyll.md").read_text()
    assert '```ruby\nputs "hello"\n```' in body
    assert "[next post](second-post.md)" in body
    assert "[Watch on YouTube](https://www.youtube.com/watch?v=dQw4w9WgXcQ)" in body
    assert "`{% raw %}`" in body  # Jekyll's {{ "{%" }} escape, as the text it showed
    assert "{% raw %}Template" not in body and "Template syntax like {{ this }} stays" in body
    assert post_meta(site, "second-post")["title"] == "Second post, in HTML"
    second = (site / "content" / "posts" / "second-post.md").read_text()
    assert "## A heading" in second and '```python\nprint("hi")\n```' in second
    assert post_meta(site, "a-draft-idea")["draft"] is True  # from _drafts/

    build(site)
    assert assert_images_resolve(site, "blog/hello-jekyll/") == ["../../assets/img/diagram.png"]
    assert_redirect(
        site, "/notes/2021/05/04/hello-jekyll.html", "https://jane.example.com/blog/hello-jekyll/"
    )
    assert_redirect(site, "/second/", "https://jane.example.com/blog/second-post/")
    post_html = (site / "site" / "blog" / "hello-jekyll" / "index.html").read_text()
    assert 'href="../second-post/"' in post_html
    assert "<math" in post_html and "$$" not in post_html
    series = (site / "site" / "blog" / "series" / "starting-out" / "index.html").read_text()
    assert series.index("Second post, in HTML") < series.index("Hello from Jekyll")
    assert_migrated(
        site, FIXTURES / "jekyll" / "_site" / "feed.xml", [], drafts=["Unpublished Jekyll idea"]
    )


def test_import_never_overwrites(tmp_path: Path) -> None:
    site = new_site(tmp_path)
    mine = site / "content" / "posts" / "hello-jekyll.md"
    mine.write_text("---\ntitle: Mine\ndate: 2020-01-01\n---\nMy own words.\n")
    before = mine.read_bytes()
    page = site / "content" / "2021" / "06" / "01" / "second-post.html"
    page.parent.mkdir(parents=True)
    page.write_text("<p>my own page</p>")
    first = brandkit("import", str(FIXTURES / "jekyll"), cwd=site)
    assert first.returncode == 0
    assert (
        "a post with slug 'hello-jekyll' already exists (posts/hello-jekyll.md); not "
        "overwritten, skipped" in first.stdout
    )
    assert mine.read_bytes() == before
    assert page.read_text() == "<p>my own page</p>"
    assert (
        "old URL https://jane.example.com/2021/06/01/second-post.html is the address of "
        "2021/06/01/second-post.html; not redirected" in first.stdout
    )
    imported = site / "content" / "posts" / "second-post.md"
    snapshot = imported.read_bytes()
    again = brandkit("import", str(FIXTURES / "jekyll"), cwd=site)
    assert again.returncode == 0
    assert "Imported 0 posts, 0 files, 0 old URLs" in again.stdout
    assert imported.read_bytes() == snapshot
    assert sorted(p.name for p in (site / "content" / "posts").glob("*.md")) == [
        "a-draft-idea.md",
        "hello-jekyll.md",
        "second-post.md",
    ]


def test_hugo_site_is_imported_built_and_redirected(tmp_path: Path) -> None:
    site = new_site(tmp_path)
    dry = brandkit("import", str(FIXTURES / "hugo"), "--dry-run", cwd=site)
    assert dry.returncode == 0, dry.stderr
    assert not (site / "content" / "posts" / "first-hugo.md").exists()
    result = brandkit("import", str(FIXTURES / "hugo"), cwd=site)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    # --dry-run said exactly what the real run did.
    assert same_as_dry_run(dry.stdout) == out
    # A site without timeZone mixing 2021-04-03 with ...Z and +01:00 dates: read as UTC, said so.
    assert "note: 1 date without a time zone read as UTC (the Hugo site sets no timeZone)" in out
    assert "Imported 4 posts, 2 files, 8 old URLs kept as redirect_from" in out
    assert "content/about.md: a page outside content/posts/; not imported" in out
    first = post_meta(site, "first-hugo")
    assert first["id"] == "https://jane.example.com/blog/2022/02/first-hugo-post/"  # old guid
    assert first["series"] == "Go basics" and first["series_order"] == 2
    assert first["tags"] == ["go", "hugo"]
    assert str(first["updated"]) == "2022-02-10 08:00:00+01:00"
    assert first["description"] == "A post written for Hugo."
    assert first["extra"] == {"showToc": True}
    assert str(post_meta(site, "naive-date")["date"]) == "2021-04-03 00:00:00+00:00"
    bundle = post_meta(site, "a-bundle")  # slug from TOML front matter
    assert bundle["cover"] == "a-bundle/graph.png"
    body = (site / "content" / "posts" / "first-hugo.md").read_text()
    assert "[bundle](a-bundle.md)" in body and "[part two](naive-date.md)" in body
    assert "```go\nfmt.Println" in body
    assert "<https://twitter.com/jane/status/123>" in body
    assert '```go-html-template\n{{< figure src="/a.png" >}}\n```' in body  # the escape, shown
    assert "!!! info\n    A notice shortcode." in (site / "content/posts/a-bundle.md").read_text()
    state = json.loads((site / ".brandkit" / "state.json").read_text())
    assert state["syndication"]["devto"][first["id"]]["remote_id"] == "1201"

    build(site)
    built = site / "site"
    assert assert_images_resolve(site, "blog/first-hugo/") == ["../../images/photo.png"]
    assert assert_images_resolve(site, "blog/a-bundle/") == ["../../posts/a-bundle/graph.png"]
    math = (built / "blog" / "naive-date" / "index.html").read_text()
    assert math.count("<math") == 2 and "<mtable>" in math and "$$" not in math
    assert "https://github.com/jane/tool" in math and "{% embed" not in math
    series = (built / "blog" / "series" / "go-basics" / "index.html").read_text()
    assert series.index("A bundle with an image") < series.index("First Hugo post")
    # Aliases (absolute, page-relative), the base path /blog/ and the old feed all resolve.
    assert_migrated(
        site,
        FIXTURES / "hugo" / "public" / "index.xml",
        ["/blog/old/first/", "/blog/2022/02/first-draft/", "/blog/notes/first/"],
        drafts=["Secret draft title", "secret-old", "secret-draft-title"],
    )


def test_devto_api_json_and_export_zip(tmp_path: Path) -> None:
    site = new_site(tmp_path)
    result = brandkit("import", str(FIXTURES / "devto" / "api-articles.json"), cwd=site)
    assert result.returncode == 0, result.stderr
    assert "Imported 2 posts, 0 files, 0 old URLs" in result.stdout
    assert "2 cross-posts recorded" in result.stdout
    assert "to review" not in result.stdout  # {% youtube %}, {% codepen %} and {% embed %}
    assert (
        "<https://codepen.io/jane/pen/abc>"
        in (site / "content" / "posts" / "testing-go-code-with-table-tests.md").read_text()
    )
    go = post_meta(site, "testing-go-code-with-table-tests")
    assert go["tags"] == ["go", "testing"]
    assert go["cover"] == "https://media.dev.to/cover/table-tests.png"
    assert str(go["date"]) == "2023-04-05 07:08:09+00:00"
    assert "canonical_url" not in go  # dev.to was the first home: the site is canonical now
    text = (site / "content" / "posts" / "testing-go-code-with-table-tests.md").read_text()
    assert "[Watch on YouTube](https://www.youtube.com/watch?v=dQw4w9WgXcQ)" in text
    draft = post_meta(site, "unfinished-thoughts")
    assert draft["draft"] is True
    assert draft["canonical_url"] == "https://medium.com/@jane/unfinished-thoughts-123"

    export = tmp_path / "devto-export.zip"
    with zipfile.ZipFile(export, "w") as archive:
        archive.write(FIXTURES / "devto" / "export-articles.json", "export/articles.json")
    result = brandkit("import", str(export), cwd=site)
    assert result.returncode == 0, result.stderr
    moved = post_meta(site, "why-i-moved-my-blog")
    assert moved["tags"] == ["blogging", "meta"]
    assert moved["description"] == "Moving to my own site."
    assert (
        "Owning my words matters."
        in (site / "content" / "posts" / "why-i-moved-my-blog.md").read_text()
    )
    assert (
        "title: Why I moved"
        not in (site / "content" / "posts" / "why-i-moved-my-blog.md")
        .read_text()
        .split("---", 2)[2]
    )
    build(site)
    assert (site / "site" / "blog" / "why-i-moved-my-blog" / "index.html").is_file()
    assert not (site / "site" / "blog" / "unfinished-thoughts").exists()  # still a draft
    # dev.to's feed gave each article its URL as id: it stays the post's id.
    assert go["id"] == "https://dev.to/jane/testing-go-code-with-table-tests-4k2j"
    assert go["id"] in feed_ids(site / "site")["rss"]
    assert_migrated(site, None, [], drafts=["Unfinished thoughts", "Draft text with"])


def test_atom_feed_file(tmp_path: Path) -> None:
    site = new_site(tmp_path)
    result = brandkit("import", str(FIXTURES / "feed" / "atom.xml"), cwd=site)
    assert result.returncode == 0, result.stderr
    assert "the feed carries only a summary" in result.stdout
    assert "save it as content/img/lifetimes.png" in result.stdout
    rust = post_meta(site, "rust-lifetimes")
    assert rust["tags"] == ["rust", "programming"]
    assert str(rust["date"]) == "2020-08-15 07:00:00+00:00"
    text = (site / "content" / "posts" / "rust-lifetimes.md").read_text()
    assert "```rust\nfn longest<'a>(x: &'a str) -> &'a str { x }\n```" in text
    build(site)
    assert_redirect(
        site, "/2020/08/rust-lifetimes.html", "https://jane.example.com/blog/rust-lifetimes/"
    )
    assert_redirect(site, "/2020/07/summary-only/", "https://jane.example.com/blog/summary-only/")
    assert_migrated(site, FIXTURES / "feed" / "atom.xml", [], drafts=[])


def test_rss_with_full_posts_in_description(tmp_path: Path) -> None:
    site = new_site(tmp_path)
    feed = FIXTURES / "feed" / "rss-full-description.xml"
    result = brandkit("import", str(feed), cwd=site)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    # A long <description> in several paragraphs is the post; a cut-off one is a teaser.
    assert out.count("the feed carries only a summary") == 1
    assert "(A teaser only): the feed carries only a summary" in out
    assert "save it as content/posts/001-signle-一/images/fig.png" in out
    meta = post_meta(site, "001-signle-yi")  # from the percent-encoded address, decoded
    assert meta["id"] == "tag:jane.example.com,2021:first-post"
    text = (site / "content" / "posts" / "001-signle-yi.md").read_text()
    # Hugo's line-numbered code table: one code block, no line numbers, language kept.
    assert "```go\nfunc main() {\n}\n```" in text
    # A relative image is relative to the entry's own address, not the feed's.
    assert "![fig](https://jane.example.com/posts/001-signle-%E4%B8%80/images/fig.png)" in text
    build(site)
    assert_migrated(site, feed, [], drafts=[])


@pytest.fixture
def old_blog(tmp_path: Path) -> Iterator[str]:
    """The old blog, still online on 127.0.0.1: its RSS feed and an image."""
    root = tmp_path / "old"
    (root / "img").mkdir(parents=True)
    shutil.copy(FIXTURES / "hugo" / "static" / "images" / "photo.png", root / "img" / "pic.png")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(root)))
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    (root / "rss.xml").write_text(f"""<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Old</title><link>{base}</link><description>d</description>
<item><title>Served over HTTP</title><link>{base}posts/served-over-http.html</link>
<pubDate>Tue, 01 Sep 2020 10:00:00 +0000</pubDate><category>web</category>
<description>Teaser.</description>
<content:encoded><![CDATA[<p>Body with <img src="/img/pic.png" alt="pic"> inline.</p>]]>
</content:encoded>
</item></channel></rss>""")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base
    server.shutdown()
    server.server_close()


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def test_rss_feed_over_http_downloads_images(tmp_path: Path, old_blog: str) -> None:
    site = new_site(tmp_path, url=old_blog)  # the new site replaces the old one at its address
    result = brandkit("import", old_blog + "rss.xml", cwd=site)
    assert result.returncode == 0, result.stderr
    assert "Imported 1 post, 1 file, 1 old URL kept as redirect_from" in result.stdout
    assert (site / "content" / "img" / "pic.png").read_bytes() == (
        FIXTURES / "hugo" / "static" / "images" / "photo.png"
    ).read_bytes()
    meta = post_meta(site, "served-over-http")
    assert meta["tags"] == ["web"] and meta["description"] == "Teaser."
    build(site)
    assert assert_images_resolve(site, "blog/served-over-http/") == ["../../img/pic.png"]
    assert_redirect(site, "/posts/served-over-http.html", old_blog + "blog/served-over-http/")


def test_bad_sources_fail_cleanly(tmp_path: Path) -> None:
    site = new_site(tmp_path)
    missing = brandkit("import", str(tmp_path / "nope"), cwd=site)
    assert missing.returncode != 0
    assert "no such file or folder" in missing.stderr and "Traceback" not in missing.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    unknown = brandkit("import", str(empty), cwd=site)
    assert unknown.returncode != 0 and "--from jekyll, hugo, wordpress, ghost" in unknown.stderr
    not_feed = tmp_path / "x.xml"
    not_feed.write_text("<html>nope</html>")
    bad = brandkit("import", str(not_feed), cwd=site)
    assert bad.returncode != 0 and "x.xml: not an RSS or Atom feed" in bad.stderr
    broken = tmp_path / "a.json"
    broken.write_text(json.dumps({"weird": True}))
    result = brandkit("import", str(broken), cwd=site)
    assert result.returncode != 0 and "a.json: not a dev.to export" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in (site / "content" / "posts").glob("*.md")) == []
