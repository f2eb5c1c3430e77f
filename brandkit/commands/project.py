"""`brandkit project new`: start a portfolio project page with complete front matter."""

from __future__ import annotations

from pathlib import Path

import click

from brandkit.commands._common import config_option, mkdocs_logging
from brandkit.commands._habits import SuggestingGroup


@click.group(cls=SuggestingGroup)
def project() -> None:
    """Add portfolio projects (content/projects/*.md)."""


@project.command("new")
@click.argument("name")
@click.option("-s", "--summary", default="", help="One sentence on what it does.")
@click.option("-t", "--tech", "tech", multiple=True, help="A technology used; repeat for more.")
@click.option("--year", type=int, default=None, help="Year of the project (default: this year).")
@click.option("--featured", is_flag=True, help="Show it on the home page.")
@config_option
def new_project(
    name: str,
    summary: str,
    tech: tuple[str, ...],
    year: int | None,
    featured: bool,
    config_file: Path | None,
) -> None:
    """Create a project page named NAME and print its path (last line of output).

    Fill in repository, url, role and status in the front matter; the project appears on
    /projects/, on a page per technology, and (with --featured) on the home page.

    \b
    Examples:
      brandkit project new "pgwatch-lite" --tech Python --tech PostgreSQL --featured
      brandkit project new "My CLI" --summary "A tiny task runner." --year 2024
    """
    from datetime import date

    from brandkit.content.portfolio_write import create_project
    from brandkit.content.projects import PROJECTS_DIR
    from brandkit.mkdocs.project import load_project

    with mkdocs_logging():
        site = load_project(config_file)
    path = create_project(
        site.docs_dir / PROJECTS_DIR,
        name,
        summary=summary,
        tech=tech,
        year=year or date.today().year,
        featured=featured,
    )
    click.echo(site.relative(path))
