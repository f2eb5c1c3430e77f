"""`brandkit check`: validate configuration and every content file without building."""

from __future__ import annotations

from pathlib import Path

import click

from brandkit.commands._common import config_option, mkdocs_logging
from brandkit.errors import ContentError
from brandkit.text import count


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
    from brandkit.mkdocs.project import load_project
    from brandkit.placeholders import find_placeholders
    from brandkit.portfolio import project_portfolio
    from brandkit.site import build_now

    with mkdocs_logging():
        project = load_project(config_file, strict=strict)
    result = load_posts(project.docs_dir, project.settings, display_root=project.root)
    portfolio = project_portfolio(project, build_now())
    # Starter text from `brandkit new`: a warning each (so --strict fails), since deploy and
    # publish refuse to publish it.
    starter = find_placeholders(project.root, project.docs_dir, project.config_file)
    warnings: list[object] = [*result.warnings, *portfolio.warnings, *starter]
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    problems = [str(p) for p in result.problems + portfolio.problems]
    if strict:
        problems += [str(w) for w in warnings]
    if problems:
        raise ContentError(problems)
    drafts = sum(1 for p in result.posts if p.draft)
    click.echo(
        f"OK: {count(len(result.posts), 'post')} ({count(drafts, 'draft')}), "
        f"{count(len(portfolio.projects), 'project')}, {count(len(portfolio.talks), 'talk')}, "
        f"{'a' if portfolio.resume else 'no'} resume, {count(len(warnings), 'warning')}, "
        "no problems."
    )
