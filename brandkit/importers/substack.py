"""Substack: the export (Settings > Exports: a .zip, or the folder unpacked from it) with
`posts.csv` (one line a post: id, date, published?, audience, title, subtitle) and each post's
body in `posts/<id>.html`. Old addresses are `<publication>/p/<slug>`: give the publication's
address with --old-url (the export does not hold it) to redirect them and keep feed ids.
Images on Substack's image hosts are downloaded; paid-only posts are imported as drafts."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

from brandkit.errors import BrandkitError
from brandkit.hookspecs import hookimpl
from brandkit.importers import recognise
from brandkit.importers.context import Context, absolute
from brandkit.importers.convert import Dates, slug_of
from brandkit.importers.fetch import bring_images, hashed_name
from brandkit.importers.htmltext import html_to_markdown
from brandkit.importers.model import Batch, Imported, Importer, Problem

IMAGE_HOSTS = ("substackcdn.com", "substack-post-media.s3.amazonaws.com")
# Substack's own blocks: sign-up forms and share buttons are not part of the text.
_CHROME = ".subscription-widget-wrap, .subscription-widget, p.button-wrapper, .share-dialog"


def read(source: str, ctx: Context) -> Batch:
    files = _files(Path(source))
    rows = _rows(files, source)
    batch = Batch(old_base=ctx.old_url)
    dates = Dates(None, "Substack dates carry their zone")
    for number, row in enumerate(rows, start=2):  # line 1 is the header
        post = _read_row(row, f"{Path(source).name}:posts.csv:{number}", files, dates, batch)
        if post is not None:
            bring_images(
                post,
                batch.old_base or "https://substack.com/",
                [*IMAGE_HOSTS, urlsplit(batch.old_base or "").hostname or ""],
                ctx,
                batch.problems,
                dest_of=lambda url: hashed_name(url, "images/substack"),
                extensionless=True,
            )
            batch.posts.append(post)
    if batch.old_base is None:
        batch.notes.append(
            "the export does not say the publication's address: pass --old-url "
            "https://you.substack.com/ (or your custom domain) to keep old URLs and feed ids"
        )
    return batch


def _files(path: Path) -> dict[str, bytes]:
    """The export's posts.csv and posts/*.html by name, from the zip or the folder."""
    found: dict[str, bytes] = {}
    if path.is_file() and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                short = "/".join(name.split("/")[-2:]) if "/posts/" in "/" + name else name
                if name.endswith("posts.csv") or (
                    short.startswith("posts/") and short.endswith(".html")
                ):
                    found[short.split("/")[-1] if short.endswith(".csv") else short] = archive.read(
                        name
                    )
    elif path.is_dir():
        for file in path.rglob("*"):
            if file.name == "posts.csv" or (file.parent.name == "posts" and file.suffix == ".html"):
                key = "posts.csv" if file.name == "posts.csv" else f"posts/{file.name}"
                found[key] = file.read_bytes()
    return found


def _rows(files: dict[str, bytes], source: str) -> list[dict[str, str]]:
    if "posts.csv" not in files:
        raise BrandkitError(f"{source}: no posts.csv inside; is it a Substack export?")
    text = files["posts.csv"].decode("utf-8-sig", errors="replace")
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "post_id" not in reader.fieldnames:
        raise BrandkitError(f"{source}: posts.csv has no post_id column; is it a Substack export?")
    return list(reader)


def _read_row(
    row: dict[str, str], shown: str, files: dict[str, bytes], dates: Dates, batch: Batch
) -> Imported | None:
    post_id = (row.get("post_id") or "").strip()
    title = (row.get("title") or "").strip()
    shown = f"{shown} ({title or post_id})"
    html = files.get(f"posts/{post_id}.html")
    if html is None:
        batch.problems.append(Problem(shown, 0, f"no posts/{post_id}.html in the export; skipped"))
        return None
    when = dates.parse(row.get("post_date") or row.get("email_sent_at"))
    if when is None:
        batch.problems.append(Problem(shown, 0, "no date (a draft never published); skipped"))
        return None
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html.decode("utf-8", errors="replace"), "html.parser")
    for chrome in soup.select(_CHROME):
        chrome.decompose()
    body = html_to_markdown(str(soup))
    podcast = (row.get("podcast_url") or "").strip()
    if podcast.startswith("https://"):
        body = f"[Listen to the episode]({podcast})\n\n{body}"
    draft = (row.get("is_published") or "").lower() != "true"
    audience = (row.get("audience") or "everyone").strip()
    if audience not in ("everyone", ""):
        batch.problems.append(
            Problem(shown, 0, f"for {audience} subscribers on Substack; imported as a draft")
        )
        draft = True
    slug_part = post_id.split(".", 1)[1] if "." in post_id else ""
    slug = slug_of(slug_part) or slug_of(title) or slug_of(post_id)
    old = absolute(batch.old_base, f"/p/{slug_part}") if batch.old_base and slug_part else None
    return Imported(
        origin=shown,
        title=title or "Untitled",
        date=when,
        slug=slug,
        body=body,
        description=(row.get("subtitle") or "").strip(),
        draft=draft,
        old_urls=[old] if old and not draft else [],
        # Substack's feed gives each post its address as <guid>.
        feed_id=old,
    )


IMPORTER = Importer(
    "substack",
    "a Substack export (.zip with posts.csv, or its unpacked folder)",
    recognise.is_substack,
    read,
)


@hookimpl
def brandkit_importers() -> list[Importer]:
    return [IMPORTER]
