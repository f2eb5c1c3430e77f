"""Serve a built site on 127.0.0.1 under a path prefix, the way GitHub Pages serves a project site,
and check that every internal link and asset of every page resolves to a file."""

from __future__ import annotations

import contextlib
import http.server
import os
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from functools import partial
from html.parser import HTMLParser
from pathlib import Path


class _PrefixHandler(http.server.SimpleHTTPRequestHandler):
    prefix = "/"

    def translate_path(self, path: str) -> str:
        clean = urllib.parse.urlsplit(path).path
        if not clean.startswith(self.prefix):
            # Outside the prefix: a 404, as on GitHub Pages outside the project path.
            return os.path.join(self.directory, "__outside_the_prefix__")
        return super().translate_path("/" + clean[len(self.prefix) :])

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(site_dir: Path, prefix: str = "/") -> Iterator[str]:
    """Yield the base URL (ending with `prefix`) of `site_dir` served on 127.0.0.1."""
    handler = type("Handler", (_PrefixHandler,), {"prefix": prefix})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(handler, directory=str(site_dir))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.urls.append(value)


def _status(url: str) -> int:
    try:
        request = urllib.request.Request(url, method="HEAD")
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def broken_links(site_dir: Path, base_url: str, public_url: str) -> list[str]:
    """Every href/src of every HTML page that does not resolve to a served file.

    `base_url` is where the site is served locally (e.g. http://127.0.0.1:PORT/notes/);
    `public_url` is its site_url (e.g. https://jane.github.io/notes/): absolute links to the
    public host are checked against the local server too. Links to other hosts are ignored.
    """
    local = urllib.parse.urlsplit(base_url)
    public = urllib.parse.urlsplit(public_url)
    checked: dict[str, int] = {}
    broken: list[str] = []
    for page in sorted(site_dir.rglob("*.html")):
        rel = page.relative_to(site_dir).as_posix()
        page_url = base_url + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for raw in parser.urls:
            if raw.startswith(("#", "mailto:", "data:", "javascript:", "tel:")):
                continue
            target = urllib.parse.urlsplit(urllib.parse.urljoin(page_url, raw))
            if target.netloc == public.netloc and target.scheme in ("http", "https"):
                target = target._replace(scheme=local.scheme, netloc=local.netloc)
            elif target.netloc != local.netloc:
                continue  # another site: not ours to check
            url = urllib.parse.urlunsplit(target._replace(fragment="", query=""))
            if url not in checked:
                checked[url] = _status(url)
            if checked[url] != 200:
                broken.append(f"{rel}: {raw} -> {url} ({checked[url]})")
    return broken
