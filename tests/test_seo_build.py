"""SEO through a real build: meta tags per page type, JSON-LD, sitemap, robots, llms.txt, cards."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import struct
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from brandkit.cli import main

HOSTILE = 'Quotes " & <b>tags</b> </script><script>alert(1)</script>'


class HeadParser(HTMLParser):
    """Collects <meta>, <link rel=canonical>, <title> and JSON-LD scripts of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: list[tuple[str, str]] = []
        self.canonical: list[str] = []
        self.json_ld: list[str] = []
        self.title = ""
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "meta" and "content" in a:
            key = a.get("property") or a.get("name")
            if key:
                self.meta.append((key, a["content"]))
        elif tag == "link" and a.get("rel") == "canonical":
            self.canonical.append(a["href"])
        elif tag == "script" and a.get("type") == "application/ld+json":
            self._in = "ld"
            self.json_ld.append("")
        elif tag == "title":
            self._in = "title"

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "ld":
            self.json_ld[-1] += data
        elif self._in == "title":
            self.title += data


class Page:
    def __init__(self, path: Path) -> None:
        self.html = path.read_text(encoding="utf-8")
        parser = HeadParser()
        parser.feed(self.html)
        self.title = parser.title
        self.canonical = parser.canonical
        self.meta_pairs = parser.meta
        self.json_ld = [json.loads(text) for text in parser.json_ld]

    def meta(self, key: str) -> str:
        values = self.all(key)
        assert len(values) == 1, (key, values)
        return values[0]

    def all(self, key: str) -> list[str]:
        return [v for k, v in self.meta_pairs if k == key]

    def ld(self, type_: str) -> dict[str, Any]:
        found = [d for d in self.json_ld if d.get("@type") == type_]
        assert len(found) == 1, (type_, self.json_ld)
        return found[0]


def run(*args: str, expect: int = 0) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == expect, result.output
    return result.output


def write_post(root: Path, name: str, front: str, body: str = "Some text.\n") -> None:
    path = root / "content" / "posts" / name
    path.write_text(f"---\n{front.strip()}\n---\n\n{body}", encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "src"
    run("new", str(root), "--name", "Jane Doe", "--author", "Jane Doe", "--url",
        "https://jane.example.com/", "--description", "Backend engineer & writer.")  # fmt: skip
    monkeypatch.chdir(root)
    monkeypatch.delenv("BRANDKIT_NOW", raising=False)
    write_post(
        root,
        "slow-query.md",
        """
id: urn:uuid:2f1c6d9e-8a43-4c55-9d1a-3c1f0f6e9b21
title: "Tracing a slow query"
date: 2025-03-14T09:30:00+01:00
updated: 2025-03-20T10:00:00+01:00
description: "From p99 to a missing index."
tags: [postgres, performance]
""",
    )
    write_post(
        root,
        "hostile.md",
        f"""
id: urn:uuid:3f1c6d9e-8a43-4c55-9d1a-3c1f0f6e9b22
title: {json.dumps(HOSTILE)}
date: 2025-04-01T08:00:00+00:00
description: {json.dumps("Less < more & " + HOSTILE)}
tags: [security]
""",
    )
    write_post(
        root,
        "elsewhere.md",
        """
id: urn:uuid:4f1c6d9e-8a43-4c55-9d1a-3c1f0f6e9b23
title: "First published elsewhere"
date: 2025-02-01T08:00:00+00:00
canonical_url: https://elsewhere.example/post
""",
    )
    return root


def build(root: Path) -> Path:
    run("build")
    return root / "site"


def test_post_has_article_open_graph_twitter_and_canonical(site: Path) -> None:
    out = build(site)
    page = Page(out / "blog/slow-query/index.html")
    assert page.title == "Tracing a slow query · Jane Doe"
    assert page.canonical == ["https://jane.example.com/blog/slow-query/"]
    assert page.meta("description") == "From p99 to a missing index."
    assert page.meta("og:type") == "article"
    assert page.meta("og:title") == "Tracing a slow query"
    assert page.meta("og:url") == "https://jane.example.com/blog/slow-query/"
    assert page.meta("og:site_name") == "Jane Doe"
    assert page.meta("article:published_time") == "2025-03-14T09:30:00+01:00"
    assert page.meta("article:modified_time") == "2025-03-20T10:00:00+01:00"
    assert page.all("article:tag") == ["postgres", "performance"]
    assert page.meta("twitter:card") == "summary_large_image"
    assert page.meta("twitter:title") == "Tracing a slow query"
    image = page.meta("og:image")
    assert image.startswith("https://jane.example.com/assets/brandkit/cards/")
    assert page.meta("twitter:image") == image
    assert (page.meta("og:image:width"), page.meta("og:image:height")) == ("1200", "630")
    card = out / image.removeprefix("https://jane.example.com/")
    assert png_size(card) == (1200, 630)


def test_other_pages_are_websites_without_article_tags(site: Path) -> None:
    out = build(site)
    for path in ("index.html", "about/index.html", "blog/index.html", "blog/tags/index.html"):
        page = Page(out / path)
        assert page.meta("og:type") == "website", path
        assert page.all("article:published_time") == [], path
        assert page.all("article:tag") == [], path
        assert page.meta("og:image").endswith(".png"), path
        assert page.meta("twitter:card") == "summary_large_image", path
        assert len(page.canonical) == 1, path
    home = Page(out / "index.html")
    assert home.title == "Jane Doe"
    assert home.canonical == ["https://jane.example.com/"]
    about = Page(out / "about/index.html")
    assert about.canonical == ["https://jane.example.com/about/"]
    assert about.meta("description") == "Who I am, what I work on and how to reach me."


def test_canonical_url_of_post_published_elsewhere_wins(site: Path) -> None:
    out = build(site)
    page = Page(out / "blog/elsewhere/index.html")
    assert page.canonical == ["https://elsewhere.example/post"]
    assert page.ld("BlogPosting")["url"] == "https://elsewhere.example/post"
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "blog/elsewhere/" not in sitemap  # a sitemap lists only this site's canonical pages


def test_json_ld_blog_posting_and_breadcrumbs(site: Path) -> None:
    out = build(site)
    page = Page(out / "blog/slow-query/index.html")
    post = page.ld("BlogPosting")
    assert post["@context"] == "https://schema.org"
    # Google's recommended BlogPosting properties.
    assert post["headline"] == "Tracing a slow query"
    assert post["datePublished"] == "2025-03-14T09:30:00+01:00"
    assert post["dateModified"] == "2025-03-20T10:00:00+01:00"
    assert post["author"] == [{"@type": "Person", "name": "Jane Doe"}]
    assert post["image"][0] == page.meta("og:image")
    assert post["mainEntityOfPage"] == {
        "@type": "WebPage",
        "@id": "https://jane.example.com/blog/slow-query/",
    }
    assert post["keywords"] == ["postgres", "performance"]
    assert post["description"] == "From p99 to a missing index."
    crumbs = page.ld("BreadcrumbList")["itemListElement"]
    assert [(c["@type"], c["position"], c["name"], c["item"]) for c in crumbs] == [
        ("ListItem", 1, "Jane Doe", "https://jane.example.com/"),
        ("ListItem", 2, "Blog", "https://jane.example.com/blog/"),
        ("ListItem", 3, "Tracing a slow query", "https://jane.example.com/blog/slow-query/"),
    ]
    tag = Page(out / "blog/tags/postgres/index.html")
    names = [c["name"] for c in tag.ld("BreadcrumbList")["itemListElement"]]
    assert names == ["Jane Doe", "Blog", "Tags", "Posts tagged “postgres”"]
    # Portfolio pages sit under their listing, as their URLs do.
    for path, trail in {
        "projects/my-website/": ["Jane Doe", "Projects", "This website"],
        "projects/tech/python/": ["Jane Doe", "Projects", "Projects using Python"],
        "talks/what-i-learned-building-my-own-site/": [
            "Jane Doe",
            "Talks",
            "What I learned building my own site",
        ],
        "resume/": ["Jane Doe", "Resume"],
    }.items():
        crumbs = Page(out / path / "index.html").ld("BreadcrumbList")["itemListElement"]
        assert [c["name"] for c in crumbs] == trail, path
        assert crumbs[-1]["item"] == "https://jane.example.com/" + path
        if len(crumbs) == 3:
            assert crumbs[1]["item"] == "https://jane.example.com/" + path.split("/")[0] + "/"


def test_json_ld_website_and_person_on_home_only(site: Path) -> None:
    out = build(site)
    home = Page(out / "index.html")
    web = home.ld("WebSite")
    assert web["name"] == "Jane Doe"
    assert web["url"] == "https://jane.example.com/"
    assert web["description"] == "Backend engineer & writer."
    person = home.ld("Person")
    assert person["@context"] == "https://schema.org"
    # The site's Person comes from content/resume.json and the profile, not only the author.
    assert person == {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": "Jane Doe",
        "url": "https://jane.example.com/",
        "image": "https://jane.example.com/images/avatar.svg",
        "jobTitle": "Software developer",
        "description": person["description"],
    }
    assert person["description"].startswith("I build reliable software")
    posting = Page(out / "blog/slow-query/index.html").ld("BlogPosting")
    assert posting["publisher"]["name"] == "Jane Doe"
    assert [d["@type"] for d in home.json_ld] == ["WebSite", "Person"]
    about = Page(out / "about/index.html")
    assert [d["@type"] for d in about.json_ld] == ["BreadcrumbList"]


# The schema.org properties each type brandkit emits may carry: a subset of the type's own
# definition on schema.org plus what it inherits (Thing -> CreativeWork -> Article ...).
THING = {"@id", "name", "url", "image", "description", "sameAs", "mainEntityOfPage"}
CREATIVE_WORK = THING | {
    "author",
    "publisher",
    "inLanguage",
    "keywords",
    "headline",
    "datePublished",
    "dateModified",
    "isPartOf",
}
SCHEMA_ORG = {
    "WebSite": CREATIVE_WORK,
    "Blog": CREATIVE_WORK,
    "WebPage": CREATIVE_WORK,
    "BlogPosting": CREATIVE_WORK | {"articleBody", "wordCount"},
    "Person": THING | {"jobTitle", "email"},
    "BreadcrumbList": THING | {"itemListElement", "numberOfItems"},
    "ListItem": THING | {"item", "position"},
}
URL_KEYS = {"url", "image", "item", "sameAs", "@id"}
DATE_KEYS = {"datePublished", "dateModified"}


def schema_problems(node: Any, where: str, top: bool = True) -> list[str]:
    """Each @type known, each property defined for it, URLs absolute, dates ISO with a zone."""
    if isinstance(node, list):
        return [p for item in node for p in schema_problems(item, where, top=False)]
    if not isinstance(node, dict):
        return []
    problems = []
    kind = node.get("@type")
    if top and node.get("@context") != "https://schema.org":
        problems.append(f"{where}: @context {node.get('@context')!r}")
    if kind not in SCHEMA_ORG:
        problems.append(f"{where}: unexpected @type {kind!r}")
    else:
        unknown = set(node) - SCHEMA_ORG[kind] - {"@type", "@context"}
        problems += [f"{where}: {kind} has no property {key!r}" for key in sorted(unknown)]
    for key, value in node.items():
        values = value if isinstance(value, list) else [value]
        if key in URL_KEYS:
            problems += [
                f"{where}: {kind}.{key} {v!r} is not absolute"
                for v in values
                if isinstance(v, str) and not v.startswith("https://")
            ]
        if key in DATE_KEYS and datetime.fromisoformat(value).tzinfo is None:
            problems.append(f"{where}: {kind}.{key} {value!r} has no time zone")
        problems += schema_problems(value, where, top=False)
    if kind == "BreadcrumbList":
        positions = [item.get("position") for item in node["itemListElement"]]
        if positions != list(range(1, len(positions) + 1)):
            problems.append(f"{where}: breadcrumb positions {positions}")
    if kind == "BlogPosting":  # what Google requires for an article's rich result
        for key in ("headline", "image", "datePublished", "author"):
            if not node.get(key):
                problems.append(f"{where}: BlogPosting without {key}")
    return problems


def test_every_json_ld_block_uses_schema_org_types_and_properties(site: Path) -> None:
    out = build(site)
    problems: list[str] = []
    types: set[str] = set()
    for path in sorted(out.rglob("*.html")):
        where = str(path.relative_to(out))
        for data in Page(path).json_ld:
            types.add(data["@type"])
            problems += schema_problems(data, where)
    assert problems == []
    assert {"WebSite", "Person", "BlogPosting", "BreadcrumbList"} <= types


def test_user_text_cannot_break_out_of_json_ld_or_attributes(site: Path) -> None:
    out = build(site)
    page = Page(out / "blog/hostile/index.html")
    html = page.html
    assert "<script>alert(1)" not in html
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
        assert "<" not in block and ">" not in block and "&" not in block
    assert page.ld("BlogPosting")["headline"] == HOSTILE
    assert page.meta("og:title") == HOSTILE
    assert page.meta("description") == "Less < more & " + HOSTILE


def sitemap_entries(out: Path) -> dict[str | None, str | None]:
    """The built sitemap's URLs and their lastmod."""
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.fromstring((out / "sitemap.xml").read_bytes())
    return {
        u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns)
        for u in root.findall("s:url", ns)
    }


def test_sitemap_robots_llms(site: Path) -> None:
    out = build(site)
    entries = sitemap_entries(out)
    assert entries["https://jane.example.com/blog/slow-query/"] == "2025-03-20T10:00:00+01:00"
    assert "https://jane.example.com/" in entries
    assert "https://jane.example.com/about/" in entries
    assert "https://jane.example.com/blog/tags/postgres/" in entries
    assert not any("404" in url for url in entries)
    assert (
        gzip.decompress((out / "sitemap.xml.gz").read_bytes()) == (out / "sitemap.xml").read_bytes()
    )
    robots = (out / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in robots
    assert "Sitemap: https://jane.example.com/sitemap.xml" in robots.splitlines()
    llms = (out / "llms.txt").read_text(encoding="utf-8")
    assert llms.startswith("# Jane Doe\n\n> Backend engineer & writer.\n")
    assert (
        "- [Tracing a slow query](https://jane.example.com/blog/slow-query/): "
        "From p99 to a missing index."
    ) in llms
    assert "## Pages" in llms and "[About](https://jane.example.com/about/)" in llms


def test_every_sitemap_url_of_a_new_site_has_a_lastmod_none_in_the_future(site: Path) -> None:
    out = build(site)
    entries = sitemap_entries(out)
    for url in ("projects/", "projects/my-website/", "projects/tech/python/", "resume/"):
        assert "https://jane.example.com/" + url in entries, url
    assert "https://jane.example.com/talks/what-i-learned-building-my-own-site/" in entries
    missing = [url for url, lastmod in entries.items() if not lastmod]
    assert missing == []
    now = datetime.now(UTC)
    future = [url for url, lastmod in entries.items() if datetime.fromisoformat(lastmod) > now]
    assert future == []  # the starter talk is a month ahead: its date is not a lastmod


def test_users_own_robots_txt_is_kept(site: Path) -> None:
    (site / "content" / "robots.txt").write_text("User-agent: *\nDisallow: /\n", encoding="utf-8")
    out = build(site)
    assert (out / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nDisallow: /\n"


def test_rebuild_is_byte_identical_and_cards_are_not_redrawn(site: Path) -> None:
    first = build(site)
    snapshot = {p.relative_to(first): p.read_bytes() for p in first.rglob("*") if p.is_file()}
    cache = site / ".cache" / "brandkit" / "cards"
    cards = {p: p.stat().st_mtime_ns for p in cache.rglob("*.card")}
    assert cards
    second = build(site)
    again = {p.relative_to(second): p.read_bytes() for p in second.rglob("*") if p.is_file()}
    assert again.keys() == snapshot.keys()
    changed = [str(p) for p in snapshot if snapshot[p] != again[p]]
    assert changed == []
    assert {p: p.stat().st_mtime_ns for p in cache.rglob("*.card")} == cards
    # A clean build (no cache at all) gives the very same files too.
    shutil.rmtree(site / ".cache")
    third = build(site)
    clean = {p.relative_to(third): p.read_bytes() for p in third.rglob("*") if p.is_file()}
    assert [str(p) for p in snapshot if snapshot[p] != clean.get(p)] == []


def test_changed_title_draws_only_that_card(site: Path) -> None:
    build(site)
    cache = site / ".cache" / "brandkit" / "cards"
    before = set(cache.rglob("*.card"))
    post = site / "content" / "posts" / "slow-query.md"
    post.write_text(
        post.read_text(encoding="utf-8").replace("Tracing a slow query", "Tracing a slower query"),
        encoding="utf-8",
    )
    out = build(site)
    after = set(cache.rglob("*.card"))
    new = after - before
    # The post's card and the listing-free card of its tag pages are unchanged; only the post's
    # own card is new.
    assert len(new) == 1
    page = Page(out / "blog/slow-query/index.html")
    assert new.pop().stem[:20] in page.meta("og:image")


def test_analytics_and_comments_are_off_by_default_and_one_line_each(site: Path) -> None:
    out = build(site)
    html = (out / "blog/slow-query/index.html").read_text(encoding="utf-8")
    assert "plausible" not in html and "giscus" not in html
    config = site / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace(
        "  - brandkit:\n",
        "  - brandkit:\n"
        "      analytics: {plausible: jane.example.com}\n"
        "      comments: {giscus: {repo: jane/site, repo_id: R_1, category: Comments,"
        " category_id: DIC_1}}\n",
    )
    config.write_text(text, encoding="utf-8")
    out = build(site)
    html = (out / "blog/slow-query/index.html").read_text(encoding="utf-8")
    assert (
        '<script defer src="https://plausible.io/js/script.js" data-domain="jane.example.com">'
        in html
    )
    assert 'src="https://giscus.app/client.js" data-repo="jane/site"' in html
    about = (out / "about/index.html").read_text(encoding="utf-8")
    assert "giscus" not in about  # comments only under posts


@pytest.mark.parametrize(
    ("option", "script"),
    [
        (
            "{goatcounter: jane}",
            '<script defer src="https://gc.zgo.at/count.js" '
            'data-goatcounter="https://jane.goatcounter.com/count">',
        ),
        (
            "{umami: 4fb7fa4c-5b46-438d, src: https://cloud.umami.is/script.js}",
            '<script defer src="https://cloud.umami.is/script.js" '
            'data-website-id="4fb7fa4c-5b46-438d">',
        ),
    ],
)
def test_goatcounter_and_umami_are_one_line_each(site: Path, option: str, script: str) -> None:
    config = site / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("  - brandkit:\n", f"  - brandkit:\n      analytics: {option}\n"),
        encoding="utf-8",
    )
    out = build(site)
    for path in ("index.html", "blog/slow-query/index.html", "projects/index.html"):
        assert script in (out / path).read_text(encoding="utf-8"), path


def test_two_analytics_providers_is_a_clear_error(site: Path) -> None:
    config = site / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  - brandkit:\n",
            "  - brandkit:\n      analytics: {plausible: a.example, goatcounter: jane}\n",
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code != 0
    assert "analytics: plausible and goatcounter are both set; keep one provider" in result.output
    assert "Traceback" not in result.output
    assert not (site / "site").exists()


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height
