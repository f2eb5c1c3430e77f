"""Shared by the browser tests and scripts/: build the example site or a fresh `brandkit new`
site, serve it on 127.0.0.1, launch Debian's chromium through Playwright."""

from __future__ import annotations

import functools
import gzip
import http.server
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.conftest import NEW_SITE_OPTIONS

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def build_example(dest: Path) -> Path:
    """Build the repo's example site (mkdocs.yml + content/ at the repo root) into `dest`."""
    work = dest / "src"
    work.mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", work / "mkdocs.yml")
    shutil.copytree(REPO / "content", work / "content")
    if (REPO / "themes").is_dir():
        shutil.copytree(REPO / "themes", work / "themes")
    _brandkit("build", cwd=work)
    return work / "site"


def build_new(dest: Path) -> Path:
    """Build what `brandkit new` writes, untouched, into `dest`: the site a user starts from, as
    they preview it (with `--drafts`: the starter post is a draft until they have written it)."""
    work = dest / "src"
    dest.mkdir(parents=True, exist_ok=True)
    _brandkit(
        "new",
        str(work),
        *NEW_SITE_OPTIONS,
        cwd=dest,
    )
    _brandkit("build", "--drafts", cwd=work)
    return work / "site"


def build_bench(dest: Path, posts: int = 300) -> Path:
    """Build the benchmark's generated blog (bench/generate.py) with `posts` posts into `dest`."""
    corpus = dest / "corpus"
    done = subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "generate.py"),
            "--posts",
            str(posts),
            "--out",
            str(corpus),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    _brandkit("build", cwd=corpus / "brandkit")
    return corpus / "brandkit" / "site"


def newest_post(site: Path) -> str:
    """The path of the newest post on a built site (the first one its blog index links)."""
    index = (site / "blog" / "index.html").read_text(encoding="utf-8")
    found = re.search(r'class="bk-card__title"><a href="([^"]+)"', index)
    assert found, "no post on the blog index"
    return "blog/" + found.group(1).removeprefix("./")


# The sites the browser tests and scripts check: builder, and the path of a post on it.
SITES = {
    "example": (build_example, "blog/tracing-a-slow-query/"),
    "new": (build_new, "blog/hello-world/"),
}


def pages_to_check(site: Path, post: str) -> list[str]:
    """The pages the browser tests visit on a built site: fixed ones, `post`, and the first page
    of each generated kind found in its sitemap (a tag, a series, a project, a technology, a
    talk, preferring one with a click-to-play recording)."""
    fixed = ["", "blog/", post, "blog/tags/", "blog/archive/", "projects/", "talks/", "resume/"]
    fixed += ["about/", "now/", "uses/", "subscribe/", "404.html"]
    locs = re.findall(r"<loc>https?://[^/<]+/([^<]*)</loc>", (site / "sitemap.xml").read_text())
    kinds = {
        "tag": r"blog/tags/[^/]+/",
        "series": r"blog/series/[^/]+/",
        "tech": r"projects/tech/[^/]+/",
        "project": r"projects/(?!tech/)[^/]+/",
        "talk": r"talks/[^/]+/",
    }
    found = []
    for pattern in kinds.values():
        matches = [u for u in locs if re.fullmatch(pattern, u)]
        embedded = [u for u in matches if "data-bk-embed" in (site / u / "index.html").read_text()]
        found += (embedded or matches)[:1]
    return [p for p in fixed + found if (site / p / "index.html").is_file() or (site / p).is_file()]


def _brandkit(*args: str, cwd: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "brandkit", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
    )
    # Say why in the test report: a bare CalledProcessError hides brandkit's own message.
    assert done.returncode == 0, f"brandkit {' '.join(args)} failed:\n{done.stdout}{done.stderr}"


_COMPRESSIBLE = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".map"}


class _Handler(http.server.SimpleHTTPRequestHandler):
    """A static host like the ones sites are deployed to (GitHub Pages, Netlify): text files
    are sent gzip-compressed when the browser asks for it."""

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        missing = not path.exists() and not path.with_suffix(".html").exists()
        not_found = Path(self.translate_path("/404.html"))
        if missing and not_found.is_file():
            # Like GitHub Pages: the site's own 404.html, with status 404.
            body = not_found.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        if not (accepts and path.suffix in _COMPRESSIBLE and path.is_file()):
            super().do_GET()  # also redirects "dir" to "dir/"
            return
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 (a free port) and yield the base URL."""
    handler = functools.partial(_Handler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
