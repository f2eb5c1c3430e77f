"""Ghost: the JSON export (Settings > Labs > Export, or `ghost export`). Posts with their tags,
excerpt, feature image and status; Ghost's HTML (cards for images, code, bookmarks, embeds)
converted; images under `__GHOST_URL__/content/images/` taken from a local copy of Ghost's
`content/images/` next to the export, else downloaded from the old site (`--old-url`).

Ghost's RSS feed identifies posts by a bare id, which cannot be a feed id here (ids are URIs),
so each post keeps a `urn:uuid:` made from its Ghost uuid: stable, but new to feed readers."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from brandkit.errors import BrandkitError
from brandkit.hookspecs import hookimpl
from brandkit.importers import recognise
from brandkit.importers.context import Context, absolute, localize, within
from brandkit.importers.convert import Dates, slug_of
from brandkit.importers.fetch import bring_images
from brandkit.importers.htmltext import html_to_markdown
from brandkit.importers.model import Batch, Imported, Importer, Problem
from brandkit.text import count

PLACEHOLDER = "__GHOST_URL__"


def read(source: str, ctx: Context) -> Batch:
    path = Path(source)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        content = (data["db"][0] if "db" in data else data)["data"]
        posts = content["posts"]
    except (OSError, ValueError, KeyError, IndexError, TypeError) as exc:
        raise BrandkitError(
            f"{source}: not a Ghost export ({exc}); export the site again (Settings > Labs > "
            "Export your content) and import the .json file."
        ) from exc
    batch = Batch(old_base=ctx.old_url)
    tags_by_id = {t.get("id"): t for t in content.get("tags") or [] if isinstance(t, dict)}
    post_tags: dict[Any, list[str]] = defaultdict(list)
    for link in sorted(content.get("posts_tags") or [], key=lambda r: r.get("sort_order") or 0):
        tag = tags_by_id.get(link.get("tag_id"))
        if tag and not str(tag.get("name", "")).startswith("#"):  # '#x' tags are Ghost-internal
            post_tags[link.get("post_id")].append(str(tag["name"]))
    dates = Dates(None, "Ghost dates carry their zone")
    roots = [path.parent / "content" / "images", path.parent / "images", path.parent]
    host = urlsplit(batch.old_base or "").hostname or ""
    pages = 0
    for index, post in enumerate(posts):
        if post.get("type") == "page" or post.get("page") in (1, True):
            pages += 1
            continue
        item = _read_post(post, f"{path.name}#{index + 1}", post_tags, dates, batch)
        if item is not None:
            if batch.old_base:
                bring_images(item, batch.old_base, [host], ctx, batch.problems, local_roots=roots)
            else:
                _local_images(item, roots, ctx, batch.problems)
            batch.posts.append(item)
    if pages:
        batch.notes.append(f"{count(pages, 'page')} not imported (not posts): copy them by hand")
    if batch.old_base is None:
        batch.notes.append(
            "the export does not say the site's address: pass --old-url https://your.blog/ to "
            "redirect old URLs and download images"
        )
    return batch


def _local_images(post: Imported, roots: list[Path], ctx: Context, problems: list[Problem]) -> None:
    """Without the site's address, images are looked up in a local copy of content/images."""

    def locate(link: str) -> tuple[Path, str] | None:
        parts = [p for p in link.split("/") if p]
        for root in roots:
            for start in range(len(parts)):
                found = within(root, "/".join(parts[start:]))
                if found is not None:
                    return found, link.lstrip("/")
        return None

    def missing(url: str) -> None:
        problems.append(
            Problem(post.origin, 0, f"image {url} not found next to the export; pass --old-url")
        )

    post.body = localize(post.body, ctx, locate, post.assets, missing=missing)


def _read_post(
    post: dict[str, Any],
    shown: str,
    tags: dict[Any, list[str]],
    dates: Dates,
    batch: Batch,
) -> Imported | None:
    title = str(post.get("title") or "").strip()
    shown = f"{shown} ({title or 'untitled'})"
    status = str(post.get("status") or "")
    when = dates.parse(post.get("published_at") or post.get("created_at"))
    if not title or when is None:
        batch.problems.append(Problem(shown, 0, "no title or date; skipped"))
        return None
    html = post.get("html")
    if not html and post.get("plaintext"):
        html = "<p>" + str(post["plaintext"]).replace("\n\n", "</p><p>") + "</p>"
    base = batch.old_base or ""
    body = html_to_markdown(str(html or "").replace(PLACEHOLDER + "/", base or "/"))
    draft = status != "published" and status != "scheduled"
    visibility = str(post.get("visibility") or "public")
    if visibility != "public":
        batch.problems.append(
            Problem(shown, 0, f"for {visibility} readers only in Ghost; imported as a draft")
        )
        draft = True
    slug = slug_of(str(post.get("slug") or "")) or slug_of(title)
    cover = str(post.get("feature_image") or "").replace(PLACEHOLDER + "/", base or "/") or None
    uuid = str(post.get("uuid") or "")
    return Imported(
        origin=shown,
        title=title,
        date=when,
        updated=dates.parse(post.get("updated_at")),
        slug=slug,
        body=body,
        description=str(post.get("custom_excerpt") or "").strip(),
        tags=tags.get(post.get("id"), []),
        draft=draft,
        cover=cover if cover and cover.startswith(("http://", "https://")) else None,
        old_urls=[absolute(base, f"/{post.get('slug')}/")] if post.get("slug") else [],
        canonical_url=str(post.get("canonical_url") or "") or None,
        feed_id=f"urn:uuid:{uuid}" if len(uuid) == 36 else None,
    )


IMPORTER = Importer(
    "ghost", "a Ghost export (.json: Settings > Labs > Export)", recognise.is_ghost, read
)


@hookimpl
def brandkit_importers() -> list[Importer]:
    return [IMPORTER]
