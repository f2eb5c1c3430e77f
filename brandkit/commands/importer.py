"""`brandkit import`: bring posts in from Jekyll, Hugo, a dev.to export or an RSS/Atom feed."""

from __future__ import annotations

from pathlib import Path

import click

from brandkit.commands._common import config_option, quiet_option
from brandkit.commands._progress import reporting
from brandkit.errors import BrandkitError
from brandkit.text import count


@click.command("import")
@click.argument("source")
@click.option(
    "--from",
    "kind",
    default=None,
    help="What SOURCE is: jekyll, hugo, devto, feed or an importer a plugin adds (default: "
    "recognised from SOURCE).",
)
@click.option("--dry-run", is_flag=True, help="Report what would be imported; write nothing.")
@config_option
@quiet_option
def import_(
    source: str, kind: str | None, dry_run: bool, config_file: Path | None, quiet: bool
) -> None:
    """Import posts from another blog into this site.

    SOURCE is a Jekyll site folder (with _posts/), a Hugo site folder (with content/posts/), a
    dev.to export (.zip or articles .json from the API), or an RSS/Atom feed (URL or file) with
    full content; plugins may add more (`brandkit plugins`).
    Dates, titles, tags, slugs and images are kept; every post gets a permanent id.
    Old URLs keep working through redirect pages written into your content folder. Existing
    files are never overwritten, so running it again only adds what is missing.

    Examples:

    \b
      brandkit import ../old-jekyll-blog --dry-run
      brandkit import ../old-hugo-site
      brandkit import ~/Downloads/devto-export.zip
      brandkit import https://old.example.com/feed.xml
    """
    from brandkit.content.posts import post_url
    from brandkit.importers.context import Context
    from brandkit.importers.read import guess_kind, importer_named, read_source
    from brandkit.importers.writer import write_batch
    from brandkit.mkdocs.project import load_project

    project = load_project(config_file)
    settings = project.settings
    kind = kind or guess_kind(source)
    importer_named(kind)  # an unknown --from fails before anything is read
    ctx = Context(
        posts_dir=settings.posts_dir, timezone=settings.timezone, site_url=settings.site_url
    )
    with reporting("Importing", quiet=quiet) as progress:
        progress.stage(f"reading {source} ({kind})")
        batch = read_source(kind, source, ctx)
        if batch.errors or not (batch.posts or batch.problems):
            report = None
        else:
            verb = "checking" if dry_run else "writing"
            progress.stage(f"{verb} {count(len(batch.posts), 'post')} and their images")
            report = write_batch(
                batch,
                project.docs_dir,
                settings.posts_dir,
                lambda post: post_url(settings, post.slug, post.date),
                settings.site_url,
                blog_url=settings.blog_url,
                dry_run=dry_run,
            )
    if batch.errors:
        unreadable = len(batch.errors)
        raise BrandkitError(
            "\n".join(
                [
                    *(str(e) for e in batch.errors),
                    f"{count(unreadable, 'file')} cannot be read: nothing was imported. Fix "
                    f"{'them' if unreadable > 1 else 'it'} in {source} and run the import again.",
                ]
            )
        )
    if report is None:
        raise BrandkitError(f"{source}: no posts found to import as {kind}.")
    docs = project.relative(project.docs_dir)
    imported, redirect = ("would import", "would redirect") if dry_run else ("imported", "redirect")
    for post, rel in report.written:
        click.echo(f"{imported} {docs}/{rel}  <- {post.origin}")
    for old, new in report.redirects:
        click.echo(f"{redirect} {old} -> /{new}")
    summary = (
        f"{count(len(report.written), 'post')}, {count(len(report.assets), 'file')}, "
        f"{count(len(report.redirects), 'redirect page')}"
    )
    if dry_run:
        click.echo(f"Dry run: would import {summary}; nothing written.")
    else:
        click.echo(f"Imported {summary}.")
    if report.problems:
        click.echo(f"{count(len(report.problems), 'thing')} to review (not converted or skipped):")
        for problem in report.problems:
            click.echo(f"  {problem}")
