"""`brandkit check`: validate configuration and every content file without building."""

from __future__ import annotations

from pathlib import Path

import click

from brandkit.commands._common import config_option, mkdocs_logging
from brandkit.exceptions import ContentError


@click.command()
@config_option
@click.option("-s", "--strict", is_flag=True, help="Treat warnings (e.g. unknown keys) as errors.")
def check(config_file: Path | None, strict: bool) -> None:
    """Validate mkdocs.yml and all posts, listing every problem at once.

    Each problem names the file, the front-matter key and how to fix it. Exits non-zero when
    anything must be fixed.

    \b
    Example:
      brandkit check --strict
    """
    from brandkit.content.loader import load_posts
    from brandkit.project import load_project

    with mkdocs_logging():
        project = load_project(config_file, strict=strict)
    result = load_posts(project.docs_dir, project.settings, display_root=project.root)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    problems = [str(p) for p in result.problems]
    if strict:
        problems += [str(w) for w in result.warnings]
    if problems:
        raise ContentError(problems)
    drafts = sum(1 for p in result.posts if p.draft)
    click.echo(
        f"OK: {len(result.posts)} posts ({drafts} drafts), "
        f"{len(result.warnings)} warnings, no problems."
    )
