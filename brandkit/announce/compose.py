"""What an announcement says, and the email it becomes: multipart text + HTML, absolute links,
an unsubscribe line and List-Unsubscribe headers. Pure: no network, no files.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from html.parser import HTMLParser
from typing import ClassVar
from urllib.parse import quote, urlsplit

from brandkit.cards import CardSpec
from brandkit.content.models import Post


@dataclass(frozen=True)
class Announcement:
    """One post as senders see it: every URL absolute, every field plain data."""

    post_id: str
    slug: str
    title: str
    url: str  # absolute URL of the post page
    summary: str
    html: str  # the rendered post with absolute links and images
    tags: tuple[str, ...]
    date: datetime
    updated: datetime | None
    site_name: str
    site_url: str
    cover_url: str | None = None
    author: str | None = None
    unsubscribe_url: str | None = None  # may contain {email}
    unsubscribe_mailto: str | None = None
    source: str = ""  # the post's file as the user knows it, e.g. content/posts/hello.md
    language: str = "en"
    opt_out: frozenset[str] = frozenset()  # sender kinds the post opted out of ("newsletter"...)
    links: tuple[str, ...] = ()  # absolute http(s) URLs the post links to (webmention targets)
    card: CardSpec | None = None  # the post's social card, as the build draws it

    @classmethod
    def from_post(
        cls,
        post: Post,
        *,
        url: str,
        summary: str,
        html_body: str,
        site_name: str,
        site_url: str,
        author: str | None = None,
        unsubscribe_url: str | None = None,
        unsubscribe_mailto: str | None = None,
        source: str = "",
        language: str = "en",
        opt_out: frozenset[str] = frozenset(),
        links: tuple[str, ...] = (),
        card: CardSpec | None = None,
    ) -> Announcement:
        cover = None
        if post.cover:
            from urllib.parse import urljoin

            cover = urljoin(url, post.cover)
        return cls(
            post_id=post.id,
            slug=post.slug,
            title=post.title,
            url=url,
            summary=summary,
            html=html_body,
            tags=post.tags,
            date=post.date,
            updated=post.updated,
            site_name=site_name,
            site_url=site_url,
            cover_url=cover,
            author=author,
            unsubscribe_url=unsubscribe_url,
            unsubscribe_mailto=unsubscribe_mailto,
            source=source,
            language=language,
            opt_out=opt_out,
            links=links,
            card=card,
        )

    def digest(self, scope: str, length: int = 32) -> str:
        """A hex id that stays the same on every run for this post and `scope` (a sender's name,
        a reader's address): idempotency keys, message ids, tags to find a copy by."""
        return hashlib.sha256(f"{self.post_id}\0{scope}".encode()).hexdigest()[:length]

    def unsubscribe_link(self, email: str | None = None) -> str | None:
        if not self.unsubscribe_url:
            return None
        return self.unsubscribe_url.replace("{email}", quote(email or "", safe=""))

    def data(self) -> dict[str, object]:
        """The post as JSON-able data (webhook payloads)."""
        return {
            "id": self.post_id,
            "title": self.title,
            "url": self.url,
            "summary": self.summary,
            "tags": list(self.tags),
            "date": self.date.isoformat(),
            "updated": self.updated.isoformat() if self.updated else None,
            "cover": self.cover_url,
            "site": {"name": self.site_name, "url": self.site_url},
        }


def email_html(a: Announcement, recipient: str | None = None) -> str:
    """The HTML part: the whole post, a link to read it on the site, the unsubscribe line."""
    e = html.escape
    unsub = a.unsubscribe_link(recipient)
    footer = [
        "You receive this because you subscribed to "
        f'<a href="{e(a.site_url)}">{e(a.site_name)}</a>.'
    ]
    if unsub:
        footer.append(f'<a href="{e(unsub)}">Unsubscribe</a>.')
    elif a.unsubscribe_mailto:
        mailto = f"mailto:{a.unsubscribe_mailto}?subject=unsubscribe"
        footer.append(f'<a href="{e(mailto)}">Unsubscribe</a>.')
    cover = (
        f'<p><img src="{e(a.cover_url)}" alt="" style="max-width:100%"></p>\n'
        if a.cover_url
        else ""
    )
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="en"><head><meta charset="utf-8"><title>{e(a.title)}</title></head>\n'
        '<body style="font-family:system-ui,sans-serif;line-height:1.5;max-width:40em;'
        'margin:0 auto;padding:1em">\n'
        f'<h1><a href="{e(a.url)}">{e(a.title)}</a></h1>\n'
        f"{cover}{a.html}\n"
        f'<p><a href="{e(a.url)}">Read “{e(a.title)}” on {e(a.site_name)}</a></p>\n'
        f'<hr><p style="font-size:small;color:#555">{" ".join(footer)}</p>\n'
        "</body></html>\n"
    )


def email_text(a: Announcement, recipient: str | None = None) -> str:
    unsub = a.unsubscribe_link(recipient)
    lines = [a.title, "=" * min(len(a.title), 72), "", html_to_text(a.html).strip(), ""]
    lines += [f"Read it on {a.site_name}: {a.url}", "", "-- "]
    lines.append(f"You receive this because you subscribed to {a.site_name} ({a.site_url}).")
    if unsub:
        lines.append(f"Unsubscribe: {unsub}")
    elif a.unsubscribe_mailto:
        lines.append(f"Unsubscribe: write to {a.unsubscribe_mailto} with the subject 'unsubscribe'")
    return "\n".join(lines) + "\n"


def build_email(
    a: Announcement,
    *,
    from_address: str,
    to: str,
    per_recipient: bool,
    reply_to: str | None = None,
    date: datetime | None = None,
) -> EmailMessage:
    """One email for `to`. Per-recipient mails get that reader's own unsubscribe link."""
    recipient = to if per_recipient else None
    msg = EmailMessage()
    # A header is one line: a title's U+2028 (or any other line break) becomes a space.
    msg["Subject"] = one_line(a.title)
    msg["From"] = _address(from_address)
    msg["To"] = _address(to)
    if reply_to:
        msg["Reply-To"] = _address(reply_to)
    msg["Date"] = format_datetime(date or a.date)
    domain = urlsplit(a.site_url).hostname or "brandkit.invalid"
    # Stable per post and reader: a copy sent again threads with (and dedupes against) the first.
    msg["Message-ID"] = f"<{a.digest(to.lower())}@{domain}>"
    unsubscribe = []
    if a.unsubscribe_mailto:
        unsubscribe.append(f"<mailto:{a.unsubscribe_mailto}?subject=unsubscribe>")
    link = a.unsubscribe_link(recipient)
    if link:
        unsubscribe.append(f"<{link}>")
    if unsubscribe:
        msg["List-Unsubscribe"] = ", ".join(unsubscribe)
    if link and link.startswith("https://"):
        # RFC 8058: lets mail clients unsubscribe with one click through a POST to the link.
        msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    msg["List-Id"] = f"{_header_safe(a.site_name)} <newsletter.{domain}>"
    # quoted-printable keeps every line under SMTP's 998-octet limit, whatever the post holds.
    msg.set_content(email_text(a, recipient), cte="quoted-printable")
    msg.add_alternative(email_html(a, recipient), subtype="html", cte="quoted-printable")
    return msg


def one_line(text: str) -> str:
    """`text` with every run of whitespace, line and paragraph separators included, as one
    space: what a one-line field (a mail header, a status's first line) can carry."""
    return " ".join(text.split())


def _header_safe(text: str) -> str:
    return one_line(text.replace('"', "'"))


def _address(value: str) -> str:
    name, addr = parseaddr(value)
    if not addr or "@" not in addr:
        raise ValueError(f"not an email address: {value!r}")
    user, _, domain = addr.rpartition("@")
    return str(Address(display_name=name, username=user, domain=domain))


_SPACES = re.compile(r"\s+")


class _TextExtractor(HTMLParser):
    """HTML -> readable plain text: paragraphs, headings, lists, code, links as `text <url>`."""

    BLOCKS: ClassVar[set[str]] = {
        "p",
        "div",
        "section",
        "article",
        "blockquote",
        "table",
        "tr",
        "figure",
        "hr",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.href: list[str | None] = []
        self.pre = 0
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in self.BLOCKS or tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.out.append("\n\n")
            if tag.startswith("h") and len(tag) == 2:
                self.out.append("#" * int(tag[1]) + " ")
        elif tag == "br":
            self.out.append("\n")
        elif tag == "li":
            self.out.append("\n- ")
        elif tag == "pre":
            self.pre += 1
            self.out.append("\n\n")
        elif tag == "a":
            self.href.append(attr.get("href"))
        elif tag == "img" and attr.get("alt"):
            self.out.append(f"[{attr['alt']}]")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag == "pre":
            self.pre = max(0, self.pre - 1)
            self.out.append("\n\n")
        elif tag == "a" and self.href:
            href = self.href.pop()
            if href and not href.startswith("#"):
                self.out.append(f" <{href}>")
        elif tag in self.BLOCKS:
            self.out.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        self.out.append(data if self.pre else _SPACES.sub(" ", data))


def html_to_text(markup: str) -> str:
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.out)
    lines = [line.rstrip() for line in text.splitlines()]
    cleaned: list[str] = []
    for line in lines:
        if not line.strip() and cleaned and not cleaned[-1].strip():
            continue
        if line.startswith(" ") and not line.startswith("  "):
            line = line[1:]  # the space left between two block elements at a line start
        cleaned.append(line)
    return "\n".join(cleaned).strip() + "\n"
