"""Webmention endpoint discovery, as the W3C Recommendation (section 3.1.2) says: fetch the target
(following redirects), take the first `Link` header with rel="webmention", else the first `<link>`
or `<a>` element with rel="webmention" in document order; resolve it against the URL that
answered (after redirects), keep its query string; an empty href means the target itself."""

from __future__ import annotations

import ipaddress
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

_LINK_VALUE = re.compile(r"<([^>]*)>\s*((?:;\s*[^;,]*)*)")
_REL = re.compile(r"""rel\s*=\s*(?:"([^"]*)"|([^\s;,"]+))""", re.IGNORECASE)


def from_link_header(value: str) -> str | None:
    """The first URL of a `Link` header whose rel list holds `webmention`."""
    for match in _LINK_VALUE.finditer(value):
        params = match.group(2)
        for rel in _REL.finditer(params):
            rels = (rel.group(1) or rel.group(2) or "").lower().split()
            if "webmention" in rels:
                return match.group(1).strip()
    return None


class _Endpoint(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.found is not None or tag not in ("link", "a"):
            return
        values = dict(attrs)
        rels = (values.get("rel") or "").lower().split()
        if "webmention" in rels and values.get("href") is not None:
            self.found = values["href"] or ""


def from_html(markup: str) -> str | None:
    parser = _Endpoint()
    parser.feed(markup)
    parser.close()
    return parser.found


def endpoint(answer_url: str, link_header: str | None, markup: str) -> str | None:
    """The absolute endpoint URL, or None when the target accepts no webmentions."""
    href = from_link_header(link_header) if link_header else None
    if href is None and markup:
        href = from_html(markup)
    if href is None:
        return None
    url = urljoin(answer_url, href)
    return url if urlsplit(url).scheme in ("http", "https") else None


def is_private(url: str) -> bool:
    """Loopback, private, link-local or unqualified hosts: a post's link to localhost:8000 is
    an example in the text, not a site to notify."""
    host = (urlsplit(url).hostname or "").lower()
    if not host or host == "localhost" or host.endswith(".localhost") or "." not in host:
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host.endswith((".local", ".internal", ".test", ".invalid", ".example"))
    return address.is_private or address.is_loopback or address.is_link_local
