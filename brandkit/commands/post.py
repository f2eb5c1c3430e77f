"""`brandkit post new`: start a post with complete, valid front matter."""

from __future__ import annotations

from pathlib import Path

import click

from brandkit.commands._common import config_option, mkdocs_logging
from brandkit.commands._habits import SuggestingGroup, reject_post_path


@click.group(cls=SuggestingGroup)
def post() -> None:
    """Write posts."""


@post.command("new")
@click.argument("title", callback=reject_post_path)
@click.option("-t", "--tag", "tags", multiple=True, help="A tag; repeat for more.")
@click.option("-s", "--series", default=None, help="Name of the series this post belongs to.")
@click.option("--draft", is_flag=True, help="Mark as draft: shown by serve, left out of build.")
@click.option("--date", "date", default=None, help="Publication date (default: now).")
@click.option("--description", default="", help="One-sentence summary for listings and feeds.")
@config_option
def new_post(
    title: str,
    tags: tuple[str, ...],
    series: str | None,
    draft: bool,
    date: str | None,
    description: str,
    config_file: Path | None,
) -> None:
    """Create a new post titled TITLE and print its path (last line of output).

    The post gets a permanent id (used by feeds and the newsletter; never change it), a
    timezone-aware date and a unique URL-safe file name.

    \b
    Examples:
      brandkit post new "Why I moved my blog to MkDocs" --tag python --tag writing
      brandkit post new "Part 2: the parser" --series "Building a compiler" --draft
      brandkit post new "Launch day" --date 2026-12-01T09:00
    """
    from brandkit.content.write import create_post, parse_when
    from brandkit.mkdocs.project import load_project

    with mkdocs_logging():
        project = load_project(config_file)
    when = parse_when(date, project.settings.timezone)
    path = create_post(
        project.posts_dir,
        title,
        when,
        tags=tags,
        series=series,
        draft=draft,
        description=description,
    )
    click.echo(project.relative(path))
