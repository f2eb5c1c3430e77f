"""`brandkit import`: bring posts in from Jekyll, Hugo, a dev.to export or an RSS/Atom feed."""

from __future__ import annotations

from pathlib import Path

import click

from brandkit.commands._common import config_option
from brandkit.errors import BrandkitError

KINDS = ("jekyll", "hugo", "devto", "feed")


@click.command("import")
@click.argument("source")
@click.option(
    "--from",
    "kind",
    type=click.Choice(KINDS),
    default=None,
    help="What SOURCE is (default: guessed from it).",
)
@click.option("--dry-run", is_flag=True, help="Report what would be imported; write nothing.")
@config_option
def import_(source: str, kind: str | None, dry_run: bool, config_file: Path | None) -> None:
    """Import posts from another blog into this site.

    SOURCE is a Jekyll site folder (with _posts/), a Hugo site folder (with content/posts/), a
    dev.to export (.zip or articles .json from the API), or an RSS/Atom feed (URL or file) with
    full content. Dates, titles, tags, slugs and images are kept; every post gets a permanent id.
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
    from brandkit.importers.read import guess_kind, read_source
    from brandkit.importers.writer import write_batch
    from brandkit.project import load_project

    project = load_project(config_file)
    settings = project.settings
    kind = kind or guess_kind(source)
    ctx = Context(
        posts_dir=settings.posts_dir, timezone=settings.timezone, site_url=settings.site_url
    )
    batch = read_source(kind, source, ctx)
    if batch.errors:
        count = len(batch.errors)
        raise BrandkitError(
            "\n".join(
                [
                    *(str(e) for e in batch.errors),
                    f"{count} {_plural(count, 'file')} cannot be read: nothing was imported. Fix "
                    f"{'them' if count > 1 else 'it'} in {source} and run the import again.",
                ]
            )
        )
    if not batch.posts and not batch.problems:
        raise BrandkitError(f"{source}: no posts found to import as {kind}.")
    report = write_batch(
        batch,
        project.docs_dir,
        settings.posts_dir,
        lambda post: post_url(settings, post.slug, post.date),
        settings.site_url,
        blog_url=settings.blog_url,
        dry_run=dry_run,
    )
    docs = project.relative(project.docs_dir)
    imported, redirect = ("would import", "would redirect") if dry_run else ("imported", "redirect")
    for post, rel in report.written:
        click.echo(f"{imported} {docs}/{rel}  <- {post.origin}")
    for old, new in report.redirects:
        click.echo(f"{redirect} {old} -> /{new}")
    posts, files, pages = len(report.written), len(report.assets), len(report.redirects)
    summary = (
        f"{posts} {_plural(posts, 'post')}, {files} {_plural(files, 'file')}, "
        f"{pages} redirect {_plural(pages, 'page')}"
    )
    if dry_run:
        click.echo(f"Dry run: would import {summary}; nothing written.")
    else:
        click.echo(f"Imported {summary}.")
    if report.problems:
        count = len(report.problems)
        click.echo(f"{count} {_plural(count, 'thing')} to review (not converted or skipped):")
        for problem in report.problems:
            click.echo(f"  {problem}")


def _plural(count: int, noun: str) -> str:
    return noun if count == 1 else noun + "s"
