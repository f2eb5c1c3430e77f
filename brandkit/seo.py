"""Search and social metadata: titles, canonical URLs, Open Graph, Twitter cards, JSON-LD,
sitemap.xml, robots.txt and llms.txt. Pure functions of the content models: no MkDocs here.

Everything returned is plain data (strings not yet escaped for HTML) except `json_ld_script`,
which is safe to print inside `<script type="application/ld+json">` as it is.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from brandkit.content.links import absolute_url
from brandkit.content.models import Author, Person, Post, Settings

SCHEMA = "https://schema.org"
# Google shows at most 110 characters of a BlogPosting headline.
HEADLINE_MAX = 110


@dataclass(frozen=True)
class Image:
    url: str  # absolute
    width: int
    height: int
    alt: str
    type: str = "image/png"


@dataclass(frozen=True)
class PageInfo:
    """What SEO needs to know about one page, whatever made it."""

    kind: str  # "home", "post", "listing" or "page"
    title: str  # the page's own title, without the site name
    url: str  # site-relative, e.g. "blog/my-post/"
    description: str = ""
    post: Post | None = None
    # The trail from the home page to this page: (name, site-relative URL) pairs, home excluded.
    trail: tuple[tuple[str, str], ...] = ()
    image: Image | None = None
    authors: tuple[Author, ...] = ()
    lastmod: datetime | None = None


@dataclass(frozen=True)
class PageSeo:
    title: str  # the document <title>
    description: str
    canonical: str | None
    meta: tuple[tuple[str, str, str], ...]  # (attribute, key, content): <meta {attr}="{key}" ...>
    json_ld: tuple[dict[str, Any], ...] = field(default_factory=tuple)

    @property
    def json_ld_scripts(self) -> list[str]:
        return [json_ld_script(data) for data in self.json_ld]


def fediverse_handle(url: str) -> str | None:
    """`https://fosstodon.org/@jane` -> `@jane@fosstodon.org` (a Mastodon profile), else None."""
    match = re.fullmatch(r"https://([A-Za-z0-9.-]+\.[A-Za-z]{2,})/@([A-Za-z0-9_]+)/?", url.strip())
    return f"@{match[2]}@{match[1].lower()}" if match else None


def person_from_author(author: Author) -> Person:
    return Person(name=author.name, url=author.url, image=author.avatar)


def document_title(settings: Settings, page: PageInfo) -> str:
    if page.kind == "home" or not page.title or page.title == settings.site_name:
        return settings.site_name
    return f"{page.title} · {settings.site_name}"


def canonical_url(settings: Settings, page: PageInfo) -> str | None:
    if page.post is not None and page.post.canonical_url:
        return page.post.canonical_url
    if not settings.site_url:
        return None
    return absolute_url(settings, page.url)


def page_seo(settings: Settings, page: PageInfo, owner: Person | None) -> PageSeo:
    description = page.description or settings.site_description
    canonical = canonical_url(settings, page)
    page_url = absolute_url(settings, page.url) if settings.site_url else None
    title = document_title(settings, page)
    og_title = page.title or settings.site_name
    meta: list[tuple[str, str, str]] = []

    def prop(key: str, value: str | None) -> None:
        if value:
            meta.append(("property", key, value))

    def name(key: str, value: str | None) -> None:
        if value:
            meta.append(("name", key, value))

    post = page.post
    prop("og:type", "article" if post is not None else "website")
    prop("og:title", og_title)
    prop("og:description", description)
    prop("og:url", page_url)
    prop("og:site_name", settings.site_name)
    prop("og:locale", _og_locale(settings.language))
    if page.image is not None:
        prop("og:image", page.image.url)
        prop("og:image:type", page.image.type)
        prop("og:image:width", str(page.image.width))
        prop("og:image:height", str(page.image.height))
        prop("og:image:alt", page.image.alt)
    if post is not None:
        prop("article:published_time", post.date.isoformat())
        prop("article:modified_time", post.last_modified.isoformat())
        for author in page.authors:
            prop("article:author", author.url or author.name)
        for tag in post.tags:
            prop("article:tag", tag)
    if post is not None and owner is not None:
        # Mastodon credits shared links to this account ("More from @jane@host").
        name("fediverse:creator", next(filter(None, map(fediverse_handle, owner.same_as)), None))
    name("twitter:card", "summary_large_image" if page.image else "summary")
    name("twitter:title", og_title)
    name("twitter:description", description)
    if page.image is not None:
        name("twitter:image", page.image.url)
        name("twitter:image:alt", page.image.alt)

    json_ld: list[dict[str, Any]] = []
    if settings.site_url:
        if page.kind == "home":
            json_ld.append(website(settings, owner))
            if owner is not None:
                json_ld.append(person(owner))
        if post is not None:
            json_ld.append(blog_posting(settings, page, owner))
        if page.kind != "home":
            json_ld.append(breadcrumb_list(settings, page))
    return PageSeo(
        title=title,
        description=description,
        canonical=canonical,
        meta=tuple(meta),
        json_ld=tuple(json_ld),
    )


def _og_locale(language: str) -> str | None:
    # Open Graph wants language_TERRITORY; a bare "en" says nothing a crawler cannot guess.
    parts = language.replace("-", "_").split("_")
    if len(parts) == 2 and all(parts):
        return f"{parts[0].lower()}_{parts[1].upper()}"
    return None


def person(owner: Person, *, nested: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {} if nested else {"@context": SCHEMA}
    data["@type"] = "Person"
    data["name"] = owner.name
    if owner.url:
        data["url"] = owner.url
    if owner.image:
        data["image"] = owner.image
    if not nested:
        if owner.job_title:
            data["jobTitle"] = owner.job_title
        if owner.description:
            data["description"] = owner.description
        if owner.same_as:
            data["sameAs"] = list(owner.same_as)
    return data


def website(settings: Settings, owner: Person | None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "WebSite",
        "name": settings.site_name,
        "url": absolute_url(settings, ""),
        "inLanguage": settings.language,
    }
    if settings.site_description:
        data["description"] = settings.site_description
    if owner is not None:
        data["author"] = person(owner, nested=True)
    return data


def blog_posting(settings: Settings, page: PageInfo, owner: Person | None) -> dict[str, Any]:
    post = page.post
    assert post is not None
    url = absolute_url(settings, page.url)
    authors = [person(person_from_author(a), nested=True) for a in page.authors]
    if not authors and owner is not None:
        authors = [person(owner, nested=True)]
    images = [page.image.url] if page.image is not None else []
    if post.cover:
        images.insert(0, absolute_url(settings, post.cover))
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "BlogPosting",
        "headline": _headline(post.title),
        "url": canonical_url(settings, page) or url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": post.date.isoformat(),
        "dateModified": post.last_modified.isoformat(),
        "inLanguage": settings.language,
        "isPartOf": {
            "@type": "Blog",
            "@id": absolute_url(settings, settings.blog_url),
            "name": settings.site_name,
        },
    }
    description = page.description or post.description
    if description:
        data["description"] = description
    if authors:
        data["author"] = authors
    if owner is not None:
        data["publisher"] = person(owner, nested=True)
    if images:
        data["image"] = images
    if post.tags:
        data["keywords"] = list(post.tags)
    return data


def _headline(title: str) -> str:
    if len(title) <= HEADLINE_MAX:
        return title
    return title[: HEADLINE_MAX - 1].rstrip() + "…"


def breadcrumb_list(settings: Settings, page: PageInfo) -> dict[str, Any]:
    trail = [(settings.site_name, ""), *page.trail]
    if not page.trail or page.trail[-1][1] != page.url:
        trail.append((page.title or settings.site_name, page.url))
    return {
        "@context": SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": label,
                "item": absolute_url(settings, url),
            }
            for position, (label, url) in enumerate(trail, start=1)
        ],
    }


def json_ld_script(data: Any) -> str:
    """JSON for a `<script type="application/ld+json">` element that user text cannot end early.

    `<`, `>` and `&` become JSON unicode escapes, so neither `</script>` nor `<!--` can appear;
    the parsed JSON is unchanged.
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, indent=None)
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


@dataclass(frozen=True)
class SitemapEntry:
    url: str  # absolute
    lastmod: datetime | None = None


def sitemap_xml(entries: Iterable[SitemapEntry]) -> bytes:
    """sitemap.xml with one <url> per page, sorted so the file only changes when content does."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    seen: set[str] = set()
    for entry in sorted(entries, key=lambda e: e.url):
        if entry.url in seen:
            continue
        seen.add(entry.url)
        lastmod = f"<lastmod>{entry.lastmod.isoformat()}</lastmod>" if entry.lastmod else ""
        lines.append(f"  <url><loc>{xml_escape(entry.url)}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def gzipped(data: bytes) -> bytes:
    # mtime=0 and no file name in the header: the same input always gives the same bytes.
    return gzip.compress(data, compresslevel=9, mtime=0)


def robots_txt(settings: Settings) -> str:
    lines = ["User-agent: *", "Allow: /"]
    if settings.site_url:
        lines += ["", f"Sitemap: {absolute_url(settings, 'sitemap.xml')}"]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class LlmsLink:
    title: str
    url: str  # absolute
    summary: str = ""


def llms_txt(settings: Settings, posts: Sequence[LlmsLink], pages: Sequence[LlmsLink] = ()) -> str:
    """llms.txt (https://llmstxt.org/): the site in one Markdown file a language model can read."""
    out = [f"# {_md_line(settings.site_name)}", ""]
    if settings.site_description:
        out += [f"> {_md_line(settings.site_description)}", ""]
    for heading, links in (("Posts", posts), ("Pages", pages)):
        if not links:
            continue
        out += [f"## {heading}", ""]
        for link in links:
            text = f"- [{_md_link_text(link.title)}]({_md_url(link.url)})"
            if link.summary:
                text += f": {_md_line(link.summary)}"
            out.append(text)
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _md_line(text: str) -> str:
    return " ".join(text.split())


def _md_link_text(text: str) -> str:
    return _md_line(text).replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def _md_url(url: str) -> str:
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
