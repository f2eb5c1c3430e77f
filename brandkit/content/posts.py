"""One blog post file -> a validated `Post`: its front-matter keys, slug, cover, permanent id and
URL. Values are read with the shared vocabulary in `fields.py`; what is special to posts (the slug
from the file name, the id fallback, known authors) lives here.
"""

from __future__ import annotations

import hashlib
import re
import uuid
import zoneinfo
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from brandkit import confine, urls
from brandkit.content import fields as f
from brandkit.content.fields import DATE_PREFIX_RE, SLUG_RE, Collected, Problem, ProblemFn
from brandkit.content.leftovers import template_leftovers
from brandkit.content.models import Post, Settings

KNOWN_KEYS = (
    "id",
    "title",
    "date",
    "updated",
    "description",
    "tags",
    "series",
    "draft",
    "slug",
    "cover",
    "canonical_url",
    "authors",
    "syndicate",
    "newsletter",
    "announce",
    "mentions",
    "redirect_from",
    "series_order",
    "extra",
)
# URL segments under the blog that brandkit generates itself; a post may not take them.
RESERVED_SEGMENTS = ("page", "tags", "archive", "series")
TAG_URI_RE = re.compile(r"^tag:[^,\s]+,\d{4}(?:-\d{2}(?:-\d{2})?)?:\S+$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Any absolute URI is a stable id: an imported post keeps the id its old feed gave it (Hugo and
# Jekyll feeds use the post's old URL, WordPress its ?p= link), so readers see nothing new.
URI_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$")
DATE_FIX = "write it as YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+HH:MM"


def post_url(settings: Settings, slug: str, when: datetime) -> str:
    return settings.post_url.format(
        blog=settings.blog_url,
        slug=slug,
        year=f"{when.year:04d}",
        month=f"{when.month:02d}",
        day=f"{when.day:02d}",
    )


def read_post(
    path: Path, source: str, shown: str, settings: Settings, found: Collected, raw: bytes
) -> Post | None:
    """The post in `raw` (the bytes of `path`), or None; problems and warnings go to `found`."""

    def problem(key: str | None, message: str, fix: str) -> None:
        found.problems.append(Problem(shown, key, message, fix))

    parsed = f.parse_front_matter(
        raw, problem, "start the file with a '---' block holding at least title and date"
    )
    if parsed is None:
        return None
    meta, content = parsed
    found.warnings.extend(f.unknown_keys(meta, KNOWN_KEYS, shown))
    # Feeds are XML, which cannot carry control characters; an invisible one is a paste
    # accident (or, written as an escape in YAML, a trick).
    text = raw.decode("utf-8-sig")
    control = _CONTROL.search(text)
    if control is not None:
        problem(
            f"line {text.count(chr(10), 0, control.start()) + 1}",
            f"holds the control character U+{ord(control.group()):04X}",
            "delete it (it is invisible in most editors; retype the line)",
        )
    for key, value in meta.items():
        values = value if isinstance(value, list) else [value]
        bad = next((c for v in values if isinstance(v, str) for c in _CONTROL.findall(v)), None)
        if bad is not None and control is None:
            problem(str(key), f"holds the control character U+{ord(bad):04X}", "remove it")
    for line, why in urls.markdown_link_problems(
        content, first_line=f.body_line(raw.decode("utf-8-sig"), content)
    ):
        problem(f"link on line {line}", why, "link with http(s), mailto or a relative path")

    tz = zoneinfo.ZoneInfo(settings.timezone)
    title = f.text(meta, "title", problem, required="Your post title")
    when = f.moment(
        meta,
        "date",
        problem,
        tz,
        fix=DATE_FIX,
        required="add `date: 2026-01-31T09:00:00+00:00` to the front matter",
    )
    updated = f.moment(meta, "updated", problem, tz, fix=DATE_FIX)
    if updated is not None and when is not None and updated < when:
        problem("updated", "is earlier than date", "set it to the date of the last edit")
    description = f.text(meta, "description", problem)
    tags = f.text_list(meta, "tags", problem, "[python, testing]")
    series = f.text(meta, "series", problem) or None
    draft = f.flag(meta, "draft", problem)
    for flag in ("syndicate", "newsletter", "announce", "mentions"):
        f.flag(meta, flag, problem, fix=f"write `{flag}: false`")
    slug = _slug(meta, path, problem)
    cover = _cover(meta.get("cover"), path, source, problem)
    canonical = f.url(
        meta,
        "canonical_url",
        problem,
        "https://dev.to/you/your-post",
        fix="write the full address, e.g. https://dev.to/you/your-post",
    )
    authors = f.text_list(meta, "authors", problem, "[jane]", what="author keys")
    known_authors = {a.key for a in settings.authors}
    for key in authors:
        if key not in known_authors:
            choices = ", ".join(sorted(known_authors)) or "none configured"
            problem(
                "authors",
                f"unknown author {key!r}",
                f"use a key of the brandkit `authors` map in mkdocs.yml ({choices})",
            )
    f.text_list(meta, "redirect_from", problem, "[/old/]", what="old URL paths")
    series_order = _series_order(meta.get("series_order"), problem)
    if not isinstance(meta.get("extra", {}), dict):
        problem("extra", "must be a map of your own keys", "write `extra: {my_key: value}`")
    offset = _body_line(raw, content)
    for line, syntax in template_leftovers(content):
        found.warnings.append(
            Problem(
                f"{shown}:{line + offset}",
                None,
                f"{syntax} is template syntax of another blog engine, shown as it is",
                "rewrite it in Markdown, or put it in backticks to show it as code",
            )
        )

    post_id = _id(meta.get("id"), problem)
    if post_id is None and "id" not in meta and when is not None and slug and settings.site_url:
        host = urlsplit(settings.site_url).hostname or "localhost"
        post_id = f"tag:{host},{when.date().isoformat()}:{slug}"
        found.warnings.append(
            Problem(
                shown,
                "id",
                "missing: feeds fall back to an id built from the date and slug, which changes "
                "if either does",
                f"add `id: urn:uuid:{uuid.uuid4()}` to the front matter",
            )
        )
    if not title or when is None or slug is None or post_id is None:
        return None
    return Post(
        source=source,
        id=post_id,
        title=title,
        date=when,
        slug=slug,
        url=post_url(settings, slug, when),
        body=content,
        updated=updated,
        description=description,
        tags=tags,
        series=series,
        series_order=series_order,
        draft=draft,
        cover=cover,
        canonical_url=canonical,
        authors=authors,
        extra={
            k: v
            for k, v in meta.items()
            if k in ("syndicate", "newsletter", "announce", "mentions", "redirect_from")
        },
        source_hash=hashlib.sha256(raw).hexdigest(),
        front_matter=dict(meta),
    )


def _slug(meta: dict[str, Any], path: Path, problem: ProblemFn) -> str | None:
    if "slug" in meta:
        slug = meta["slug"]
        if not isinstance(slug, str) or not SLUG_RE.match(slug):
            suggestion = f.slugify(str(slug)) or "my-post"
            if not isinstance(slug, str) and SLUG_RE.match(suggestion):
                # `slug: 2026` is read as a number: the fix is the same text, quoted.
                fix = f'write it in quotes, e.g. `slug: "{suggestion}"`'
            else:
                fix = f"use lowercase ASCII letters, digits and hyphens, e.g. `slug: {suggestion}`"
            problem("slug", f"{slug!r} is not a URL-safe slug", fix)
            return None
    else:
        slug = f.slugify(DATE_PREFIX_RE.sub("", path.stem))
        if not slug:
            problem(
                "slug",
                f"cannot make a URL from the file name {path.name!r}",
                "rename the file or add `slug: my-post` to the front matter",
            )
            return None
    if slug in RESERVED_SEGMENTS:
        problem(
            "slug",
            f"{slug!r} is reserved for brandkit's generated blog pages",
            f"choose another slug, e.g. `slug: {slug}-post`",
        )
        return None
    return str(slug)


def _cover(value: Any, path: Path, source: str, problem: ProblemFn) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        problem("cover", "must be an image path or URL", "write `cover: images/cover.png`")
        return None
    if f.is_http_url(value):
        return value
    why = urls.url_problem(value, urls.LOAD)
    if why is not None:
        problem("cover", why, "write `cover: images/cover.png` or an https:// URL")
        return None
    if value.startswith("/"):
        problem(
            "cover",
            f"{value!r} starts with '/', which breaks on project sites",
            "write the path relative to the post file, e.g. `cover: images/cover.png`",
        )
        return None
    target = (path.parent / value).resolve()
    docs_dir = path.parents[len(Path(source).parts) - 1]
    if not confine.within(target, docs_dir):
        problem(
            "cover",
            f"{value!r} is outside the docs folder, which is all a site publishes",
            "put the image in the docs folder, e.g. next to the post",
        )
        return None
    if not target.is_file():
        problem(
            "cover",
            f"image {value!r} not found next to the post",
            "check the path; it is relative to the post's Markdown file",
        )
        return None
    base = Path(source).parent
    return (base / value).as_posix() if base != Path(".") else value


def _id(value: Any, problem: ProblemFn) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    if text.startswith("urn:uuid:"):
        try:
            uuid.UUID(text[len("urn:uuid:") :])
            return text
        except ValueError:
            pass
    elif TAG_URI_RE.match(text) or (URI_RE.match(text) and _is_web_or_other(text)):
        return text
    problem(
        "id",
        f"{text!r} is not a permanent id",
        f"use a URI such as `id: urn:uuid:{uuid.uuid4()}` or the post's old URL (never change it "
        "later)",
    )
    return None


def _is_web_or_other(text: str) -> bool:
    """An http(s) URI must name a host; other schemes (urn:, tag:) need not."""
    return not f.is_url_like(text) or f.is_http_url(text)


def _series_order(value: Any, problem: ProblemFn) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        problem("series_order", f"{value!r} is not a number", "write `series_order: 2`")
        return None
    return value


def _body_line(raw: bytes, content: str) -> int:
    """How many lines precede the body in the file (for line numbers in reports)."""
    text = raw.decode("utf-8-sig", errors="replace")
    index = text.rfind(content[:200]) if content.strip() else -1
    return text.count("\n", 0, index) if index > 0 else 0
