"""Medium: the account export (Settings > Security and apps > Download your information: a .zip,
or the folder unpacked from it). Each `posts/*.html` is one post or draft (`draft_*.html`);
responses (comments) count as posts on Medium too and are imported as drafts for review.
Images on Medium's image hosts (or on the custom domain given with --old-url) are downloaded.
Medium's feed gives each post `https://medium.com/p/<id>` as <guid>: that stays its id."""

from __future__ import annotations

import re
import tempfile
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from brandkit.errors import BrandkitError
from brandkit.hookspecs import hookimpl
from brandkit.importers import recognise
from brandkit.importers.context import Context
from brandkit.importers.convert import Dates, slug_of
from brandkit.importers.fetch import bring_images, hashed_name
from brandkit.importers.htmltext import html_to_markdown
from brandkit.importers.model import Batch, Imported, Importer, Problem

IMAGE_HOSTS = ("cdn-images-1.medium.com", "miro.medium.com")
_ID_SUFFIX_RE = re.compile(r"-[0-9a-f]{8,12}$")
RESPONSE_WORDS = 60  # a titleless post this short is a response (a comment), not an article


def read(source: str, ctx: Context) -> Batch:
    path = Path(source)
    if path.is_file() and zipfile.is_zipfile(path):
        with tempfile.TemporaryDirectory() as folder:
            with zipfile.ZipFile(path) as archive:
                names = [n for n in archive.namelist() if "/posts/" in "/" + n]
                for name in names:
                    if ".." not in name.split("/"):
                        archive.extract(name, folder)
            return _read_folder(Path(folder), path.name, ctx)
    if path.is_dir():
        return _read_folder(path, path.name, ctx)
    raise BrandkitError(f"{source}: not a Medium export; give the .zip Medium sent you.")


def _read_folder(root: Path, shown_root: str, ctx: Context) -> Batch:
    files = sorted(p for p in root.rglob("*.html") if p.parent.name == "posts")
    if not files:
        raise BrandkitError(f"{shown_root}: no posts/*.html inside; is it a Medium export?")
    batch = Batch(old_base=ctx.old_url)
    dates = Dates(None, "Medium dates carry their zone")
    hosts = [*IMAGE_HOSTS, urlsplit(ctx.old_url or "").hostname or ""]
    for path in files:
        shown = f"{shown_root}:{path.relative_to(root).as_posix()}"
        post = _read_post(path, shown, ctx, dates, batch)
        if post is not None:
            bring_images(
                post,
                "https://medium.com/",
                hosts,
                ctx,
                batch.problems,
                dest_of=lambda url: hashed_name(url, "images/medium"),
                extensionless=True,
            )
            batch.posts.append(post)
    return batch


def _read_post(path: Path, shown: str, ctx: Context, dates: Dates, batch: Batch) -> Imported | None:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(path.read_text(encoding="utf-8", errors="replace"), "html.parser")
    title = _text(soup.select_one("h1.p-name")) or _text(soup.find("title"))
    body = soup.select_one("section[data-field=body]")
    if body is None:
        batch.problems.append(Problem(shown, 0, "no post body found; skipped"))
        return None
    for header in body.select(".graf--title, .graf--subtitle, .section-divider"):
        header.decompose()  # the title and subtitle are repeated at the top of the body
    time = soup.select_one("time.dt-published")
    canonical = soup.select_one("a.p-canonical")
    original = next(
        (a["href"] for a in soup.select("footer a[href]") if "/p/" in str(a["href"])), ""
    )
    draft = path.name.startswith("draft_") or time is None
    when = dates.parse(time.get("datetime")) if time is not None else None
    if when is None:
        when = dates.parse(_mtime(path))
    assert when is not None
    text = body.get_text(" ", strip=True)
    response = not title.strip() or (len(text.split()) < RESPONSE_WORDS and not body.find("h3"))
    if response and not draft:
        batch.problems.append(
            Problem(shown, 0, "looks like a response (a comment), not a post; imported as a draft")
        )
        draft = True
    title = title.strip() or " ".join(text.split()[:8]) or "Untitled"
    link = str(canonical["href"]) if canonical is not None else ""
    name = urlsplit(link).path.rstrip("/").rsplit("/", 1)[-1]
    slug = slug_of(_ID_SUFFIX_RE.sub("", name)) or slug_of(title)
    return Imported(
        origin=shown,
        title=title,
        date=when,
        slug=slug,
        body=html_to_markdown(str(body.decode_contents())),
        description=_text(soup.select_one("section[data-field=subtitle]")),
        draft=draft,
        old_urls=[link] if link.startswith(("http://", "https://")) and not draft else [],
        feed_id=str(original) or None,
    )


def _text(element: Any) -> str:
    return " ".join(element.get_text(" ", strip=True).split()) if element is not None else ""


def _mtime(path: Path) -> str:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(path.stat().st_mtime, UTC).isoformat()


IMPORTER = Importer(
    "medium", "a Medium export (.zip, or its unpacked folder)", recognise.is_medium, read
)


@hookimpl
def brandkit_importers() -> list[Importer]:
    return [IMPORTER]
