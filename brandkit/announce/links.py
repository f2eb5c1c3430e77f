"""The pages a post links to: the targets its webmentions go to. Pure: HTML in, URLs out."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def outgoing_links(markup: str, page_url: str) -> list[str]:
    """Absolute http(s) links of `markup` to other sites than `page_url`'s, in order, once each
    (fragments dropped: a webmention names a page)."""
    parser = _Links()
    parser.feed(markup)
    parser.close()
    own = (urlsplit(page_url).hostname or "").lower()
    found: list[str] = []
    for href in parser.hrefs:
        url = urldefrag(urljoin(page_url, href.strip())).url
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            continue
        if parts.hostname.lower() == own or url in found:
            continue
        found.append(url)
    return found
