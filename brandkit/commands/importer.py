"""`brandkit import`: bring posts in from Jekyll, Hugo, WordPress, Ghost, Medium, Substack, dev.to
or an RSS/Atom feed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from brandkit.commands._common import config_option, quiet_option
from brandkit.commands._progress import reporting
from brandkit.errors import BrandkitError
from brandkit.text import count

if TYPE_CHECKING:
    from brandkit.importers.writer import Plan
    from brandkit.project import Project

MATH_EXTENSION = "brandkit.render.math"


@click.command("import")
@click.argument("source")
@click.option(
    "--from",
    "kind",
    default=None,
    help="What SOURCE is: jekyll, hugo, wordpress, ghost, medium, substack, devto, feed or an "
    "importer a plugin adds (default: recognised from SOURCE; `brandkit plugins` lists them).",
)
@click.option(
    "--old-url",
    default=None,
    metavar="URL",
    help="The old site's address, when SOURCE does not say it (Ghost, Substack, Medium with a "
    "custom domain): old URLs, feed ids and images are found with it.",
)
@click.option(
    "--dry-run", is_flag=True, help="Report exactly what would be imported; write nothing."
)
@config_option
@quiet_option
def import_(
    source: str,
    kind: str | None,
    old_url: str | None,
    dry_run: bool,
    config_file: Path | None,
    quiet: bool,
) -> None:
    """Import posts from another blog into this site.

    SOURCE is a Jekyll or Hugo site folder, a WordPress export (.xml), a Ghost export (.json), a
    Medium or Substack export (.zip, or its unpacked folder), a dev.to export (.zip, or the JSON
    of /api/articles/me/all), or an RSS/Atom feed (URL or file) with full content. Titles, dates,
    tags, series and their order, slugs, images and math are kept; each post keeps the id its old
    feed gave it (so feed readers see nothing new), and its old addresses go into
    `redirect_from`, from which `brandkit build` writes redirect pages. dev.to and Hashnode
    copies found are recorded, so `brandkit syndicate` updates them instead of posting again.
    What could not be converted is listed as file:line. Existing files are never overwritten, so
    running it again only adds what is missing.

    Examples:

    \b
      brandkit import ../old-hugo-site --dry-run
      brandkit import ~/Downloads/blog.WordPress.2024-05-01.xml
      brandkit import ~/Downloads/ghost-export.json --old-url https://blog.example.com/
      brandkit import https://old.example.com/feed.xml
    """
    from brandkit.importers import writer
    from brandkit.importers.context import Context, base_url
    from brandkit.importers.read import guess_kind, importer_named, read_source
    from brandkit.mkdocs.project import load_project

    project = load_project(config_file)
    settings = project.settings
    if old_url is not None and base_url(old_url) is None:
        raise BrandkitError(f"--old-url {old_url!r}: give the old site's full address, https://...")
    kind = kind or guess_kind(source)
    importer_named(kind)  # an unknown --from fails before anything is read
    ctx = Context(
        posts_dir=settings.posts_dir,
        timezone=settings.timezone,
        site_url=settings.site_url,
        old_url=base_url(old_url),
    )
    with reporting("Importing", quiet=quiet) as progress:
        progress.stage(f"reading {source} ({kind})")
        batch = read_source(kind, source, ctx)
    if batch.errors:
        number = len(batch.errors)
        raise BrandkitError(
            "\n".join(
                [
                    *(str(e) for e in batch.errors),
                    f"{count(number, 'file')} cannot be read: nothing was imported. Fix "
                    f"{'them' if number > 1 else 'it'} in {source} and run the import again.",
                ]
            )
        )
    if not batch.posts and not batch.problems:
        raise BrandkitError(f"{source}: no posts found to import as {kind}.")
    with reporting("Importing", quiet=quiet) as progress:
        verb = "checking" if dry_run else "writing"
        progress.stage(f"{verb} {count(len(batch.posts), 'post')} and their images")
        plan = writer.plan(batch, project.docs_dir, settings)
        plan.notes.extend(_math_note(project, plan))
        late = [] if dry_run else writer.write(plan, project.docs_dir, project.root, _now)
    _report(project, plan, dry_run, late)


def _now() -> datetime:
    return datetime.now(UTC)


def _math_note(project: Project, plan: Plan) -> list[str]:
    from brandkit.importers.htmltext import MATH_RE

    with_math = sum(1 for p in plan.posts if MATH_RE.search(p.post.body))
    extensions = [str(e) for e in project.mkdocs_config["markdown_extensions"]]
    if not with_math or any(MATH_EXTENSION in e for e in extensions):
        return []
    return [
        f"{count(with_math, 'post')} with TeX math: add `- {MATH_EXTENSION}` under "
        "markdown_extensions in mkdocs.yml to draw it (as MathML, no script needed)"
    ]


def _report(project: Project, plan: Plan, dry_run: bool, late: Sequence[object]) -> None:
    would = "would " if dry_run else ""
    docs = project.relative(project.docs_dir)
    for note in plan.notes:
        click.echo(f"note: {note}")
    for planned in plan.posts:
        click.echo(
            f"{would or ''}{'import' if dry_run else 'imported'} {docs}/{planned.rel}  <- "
            f"{planned.post.origin}"
        )
        for old in planned.redirect_from:
            click.echo(f"  redirect_from {old}")
        for copy in planned.post.copies:
            click.echo(
                f"  {copy.service} copy {copy.remote_id} {would}recorded in the state ledger"
            )
    posts, files = len(plan.posts), len(plan.assets)
    olds = sum(len(p.redirect_from) for p in plan.posts)
    copies = len(plan.copies)
    summary = (
        f"{count(posts, 'post')}, {count(files, 'file')}, {count(olds, 'old URL')} kept as "
        f"redirect_from (the build writes their redirect pages), {count(copies, 'cross-post')} "
        "recorded"
    )
    if dry_run:
        click.echo(f"Dry run: would import {summary}; nothing written.")
    else:
        click.echo(f"Imported {summary}.")
    problems = [*plan.problems, *late]
    if problems:
        click.echo(f"{count(len(problems), 'thing')} to review (not converted or skipped):")
        for problem in problems:
            click.echo(f"  {problem}")
