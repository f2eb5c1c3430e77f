"""Write imported posts into the site: new files only, images copied, redirect pages left at the
old URLs so links from elsewhere keep working."""

from __future__ import annotations

import html
import posixpath
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin

from brandkit.content.fields import DATE_PREFIX_RE
from brandkit.content.posts import RESERVED_SEGMENTS
from brandkit.content.write import existing_slugs, front_matter
from brandkit.files import write_new_file
from brandkit.importers.model import Batch, Imported, Problem


@dataclass
class Report:
    written: list[tuple[Imported, str]] = field(default_factory=list)  # (post, docs path)
    assets: list[str] = field(default_factory=list)
    redirects: list[tuple[str, str]] = field(default_factory=list)  # (old path, new URL)
    problems: list[Problem] = field(default_factory=list)


def post_file_text(post: Imported) -> str:
    meta: dict[str, Any] = {
        "id": f"urn:uuid:{uuid.uuid4()}",
        "title": post.title,
        "date": post.date,
    }
    if post.updated and post.updated != post.date:
        meta["updated"] = post.updated
    if post.description:
        meta["description"] = post.description
    meta["tags"] = list(post.tags)
    if post.series:
        meta["series"] = post.series
    if DATE_PREFIX_RE.match(post.slug):
        meta["slug"] = post.slug  # the loader would strip a date-like prefix from the file name
    if post.draft:
        meta["draft"] = True
    if post.cover:
        meta["cover"] = post.cover
    if post.canonical_url:
        meta["canonical_url"] = post.canonical_url
    if post.old_paths:
        meta["redirect_from"] = list(post.old_paths)
    return front_matter(meta) + "\n" + post.body.strip() + "\n"


def redirect_page(title: str, target: str) -> str:
    url = html.escape(target, quote=True)
    name = html.escape(title)
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<title>Moved: {name}</title>\n<link rel="canonical" href="{url}">\n'
        '<meta name="robots" content="noindex">\n'
        f'<meta http-equiv="refresh" content="0; url={url}">\n</head>\n<body>\n'
        f'<p>This page has moved to <a href="{url}">{name}</a>.</p>\n</body>\n</html>\n'
    )


def redirect_file(old_path: str) -> str | None:
    """Docs-relative file that serves `old_path` on a static host, or None if it cannot."""
    path = unquote(old_path.split("#")[0].split("?")[0]).lstrip("/")
    if not path or ".." in path.split("/"):
        return None
    if path.endswith("/") or not posixpath.splitext(path)[1]:
        return posixpath.join(path.rstrip("/"), "index.html")
    if posixpath.splitext(path)[1].lower() in (".html", ".htm"):
        return path
    return None


def write_batch(
    batch: Batch,
    docs_dir: Path,
    posts_dir: str,
    post_url: Any,  # Callable[[Imported], str]: the site-relative URL the post will have
    site_url: str | None,
    *,
    blog_url: str = "blog/",
    dry_run: bool = False,
) -> Report:
    report = Report(problems=list(batch.problems))
    folder = docs_dir / posts_dir
    taken = existing_slugs(folder)
    for post in sorted(batch.posts, key=lambda p: p.date):
        rel = posixpath.join(posts_dir, f"{post.slug}.md") if posts_dir else f"{post.slug}.md"
        if post.slug in RESERVED_SEGMENTS:
            report.problems.append(
                Problem(
                    post.origin,
                    0,
                    f"slug {post.slug!r} is reserved by "
                    "brandkit; skipped (rename it and import again)",
                )
            )
            continue
        if post.slug in taken or (docs_dir / rel).exists():
            report.problems.append(
                Problem(
                    post.origin,
                    0,
                    f"a post with slug {post.slug!r} already exists ({rel}); "
                    "not overwritten, skipped",
                )
            )
            continue
        taken.add(post.slug)
        new_url = post_url(post)
        target_url = urljoin(site_url, new_url) if site_url else "/" + new_url
        page = redirect_page(post.title, target_url)
        redirects = _redirects(post, new_url, page, docs_dir, blog_url, report.problems)
        for asset in post.assets:
            target = docs_dir / asset.dest
            data = asset.read()
            if target.exists():
                if target.read_bytes() != data:
                    report.problems.append(
                        Problem(
                            post.origin,
                            0,
                            f"{asset.dest} exists with other content; kept it, the "
                            "post links to the existing file",
                        )
                    )
                continue
            if not dry_run:
                write_new_file(target, data)
            report.assets.append(asset.dest)
        # The post file goes last: if a run stops early, the next one sees no post and writes
        # the missing pieces (files already there with the same content are fine).
        if not dry_run:
            for _, dest in redirects:
                write_new_file(docs_dir / dest, page)
            if not write_new_file(docs_dir / rel, post_file_text(post)):
                report.problems.append(
                    Problem(post.origin, 0, f"{rel} appeared meanwhile; skipped")
                )
                continue
        report.written.append((post, rel))
        report.redirects.extend((old, new_url) for old, _ in redirects)
    return report


def _redirects(
    post: Imported,
    new_url: str,
    page: str,
    docs_dir: Path,
    blog_url: str,
    problems: list[Problem],
) -> list[tuple[str, str]]:
    """(old path, docs-relative file) of each redirect page the post can have."""
    result: list[tuple[str, str]] = []
    for old in post.old_paths:
        if old.strip("/") == new_url.strip("/"):
            continue  # same address on the new site: nothing to redirect
        dest = redirect_file(old)
        if dest is None:
            problems.append(
                Problem(
                    post.origin,
                    0,
                    f"old URL {old} cannot be served as a static redirect page; not redirected",
                )
            )
            continue
        taken_by = _occupied(docs_dir, dest, blog_url, page)
        if taken_by:
            problems.append(
                Problem(post.origin, 0, f"old URL {old}: {taken_by}; no redirect page written")
            )
            continue
        if all(d != dest for _, d in result):
            result.append((old, dest))
    return result


def _occupied(docs_dir: Path, dest: str, blog_url: str, page: str) -> str | None:
    """Why `dest` cannot hold this redirect page: a file of the site is (or will be) there."""
    existing = docs_dir / dest
    if existing.exists():
        same = existing.is_file() and existing.read_bytes() == page.encode("utf-8")
        return None if same else f"{dest} exists; not overwritten"
    if dest.endswith("/index.html"):
        folder = dest[: -len("/index.html")]
        for page in (f"{folder}.md", f"{folder}/index.md", f"{folder}/README.md"):
            if (docs_dir / page).exists():
                return f"the page {page} has that address"
    blog = blog_url.strip("/")
    rest = dest[len(blog) + 1 :] if blog and dest.startswith(blog + "/") else None
    if rest is not None and rest.split("/", 1)[0] in RESERVED_SEGMENTS:
        return f"{blog}/{rest.split('/', 1)[0]}/ is where brandkit writes its blog pages"
    return None
