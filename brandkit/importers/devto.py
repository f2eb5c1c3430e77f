"""dev.to: the account export (a .zip holding articles.json) or the API's article JSON
(GET /api/articles/me/all). Bodies are already Markdown; Forem's Liquid embeds become links."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import frontmatter
import yaml

from brandkit.errors import BrandkitError
from brandkit.hookspecs import hookimpl
from brandkit.importers import recognise
from brandkit.importers.context import Context
from brandkit.importers.convert import (
    body_line_offset,
    parse_date,
    slug_of,
    string_list,
    unreadable,
)
from brandkit.importers.embeds import liquid_embeds
from brandkit.importers.model import Batch, Imported, Importer, Problem, RemoteCopy

_SLUG_SUFFIX_RE = re.compile(r"-[0-9a-z]{4,5}$")  # dev.to appends a short random id to slugs


def read(source: str, ctx: Context) -> Batch:
    return read_devto(Path(source), ctx)


def read_devto(path: Path, ctx: Context) -> Batch:
    articles, shown = _articles(path)
    batch = Batch()
    for index, article in enumerate(articles):
        post = _read_article(article, f"{shown}#{index + 1}", ctx, batch)
        if post is not None:
            batch.posts.append(post)
    return batch


def _articles(path: Path) -> tuple[list[dict[str, Any]], str]:
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                names = [n for n in archive.namelist() if n.endswith("articles.json")]
                if not names:
                    raise BrandkitError(f"{path}: no articles.json inside; is it a dev.to export?")
                data = json.loads(archive.read(names[0]).decode("utf-8"))
                shown = f"{path.name}:{names[0]}"
        else:
            data = json.loads(path.read_text(encoding="utf-8"))
            shown = path.name
    except (OSError, ValueError, zipfile.BadZipFile) as exc:
        raise BrandkitError(f"{path}: cannot read the dev.to export ({exc}).") from exc
    if isinstance(data, dict):
        data = data.get("articles", [data])
    if (
        not isinstance(data, list)
        or not all(isinstance(a, dict) for a in data)
        or not any("body_markdown" in a or "title" in a for a in data)
    ):
        raise BrandkitError(
            f"{path}: not a dev.to export: expected articles with a title and body_markdown "
            "(the export's articles.json, or the JSON of GET /api/articles/me/all)."
        )
    return data, shown


def _read_article(
    article: dict[str, Any], shown: str, ctx: Context, batch: Batch
) -> Imported | None:
    problems = batch.problems
    body = str(article.get("body_markdown") or "")
    meta: dict[str, Any] = {}
    offset = 0  # lines of front matter before the body, for line numbers in the report
    if body.lstrip().startswith("---"):
        # Articles written in dev.to's first editor keep their settings as front matter.
        try:
            doc = frontmatter.loads(body.lstrip())
        except yaml.YAMLError as exc:
            batch.errors.append(unreadable(shown, exc, "front matter in body_markdown"))
            return None
        else:
            offset = body_line_offset(body, doc.content)
            meta, body = dict(doc.metadata), doc.content
    title = str(article.get("title") or meta.get("title") or "").strip()
    if not title:
        problems.append(Problem(shown, 0, "article without a title; skipped"))
        return None
    when = None
    for key in ("published_at", "published_timestamp", "created_at"):
        when = parse_date(article.get(key), ctx.timezone)
        if when is not None:
            break
    when = when or parse_date(meta.get("date"), ctx.timezone)
    if when is None:
        problems.append(Problem(shown, 0, f"{title!r} has no publication date; skipped"))
        return None
    shown = f"{shown} ({title})"
    slug = str(article.get("slug") or "")
    # Unpublished dev.to articles carry a temporary slug ("...-temp-slug-123").
    slug = "" if "temp-slug" in slug else _SLUG_SUFFIX_RE.sub("", slug)
    slug = slug or slug_of(title)
    tags = string_list(
        article.get("tag_list")
        or article.get("tags")
        or article.get("cached_tag_list")
        or meta.get("tags")
    )
    cover = article.get("cover_image") or article.get("main_image") or meta.get("cover_image")
    published = article.get("published", meta.get("published", True))
    canonical = str(article.get("canonical_url") or meta.get("canonical_url") or "")
    own_url = str(article.get("url") or "")
    body = liquid_embeds(body, shown, offset, problems, "dev.to Liquid tag")
    remote_id = str(article.get("id") or "")
    return Imported(
        origin=shown,
        title=title,
        date=when,
        updated=parse_date(article.get("edited_at"), ctx.timezone),
        slug=slug_of(slug),
        body=body,
        description=str(article.get("description") or meta.get("description") or "").strip(),
        tags=tags,
        series=str(article.get("series") or meta.get("series") or "") or None,
        draft=published is False,
        cover=str(cover) if cover else None,
        canonical_url=_foreign_canonical(canonical, own_url, ctx),
        # dev.to's own feed gives each article its URL as <guid>.
        feed_id=own_url or None,
        # The article is the post's dev.to copy: `brandkit syndicate` updates it, never doubles it.
        copies=[RemoteCopy("devto", remote_id, own_url)] if remote_id.isdigit() else [],
    )


def _foreign_canonical(canonical: str, own_url: str, ctx: Context) -> str | None:
    """Keep a canonical URL only if the article was first published on a third site."""
    if not canonical or canonical == own_url:
        return None
    host = urlsplit(canonical).hostname or ""
    if host.endswith("dev.to"):
        return None
    if ctx.site_url and host == urlsplit(ctx.site_url).hostname:
        return None
    return canonical


IMPORTER = Importer(
    "devto", "a dev.to export (.zip, or the articles .json from the API)", recognise.is_devto, read
)


@hookimpl
def brandkit_importers() -> list[Importer]:
    return [IMPORTER]
