"""`brandkit check`: every check a strict build makes, without touching the site directory.

It is the build itself (`run_build(publish=False)`), thrown away at the end, so `check` and
`build` can never disagree about what is wrong: content, configuration, links, images, forms.
"""

from __future__ import annotations

from pathlib import Path

import click

from brandkit.commands._common import config_option
from brandkit.commands._lock import wait_option
from brandkit.errors import ContentError
from brandkit.site_lock import DEFAULT_WAIT
from brandkit.text import count


def run_check(config_file: Path | None, *, strict: bool = False, wait: float = DEFAULT_WAIT) -> str:
    """Build without publishing; the one-line verdict, or a BrandkitError listing every problem."""
    from brandkit.commands.build import run_build
    from brandkit.placeholders import find_placeholders

    result = run_build(config_file, strict=strict, wait=wait, publish=False, command="check")
    # Starter text from `brandkit new`: a warning each (so --strict fails), since deploy and
    # publish refuse to publish it. A build does not look for it: this is check's own step.
    project = result.project
    starter = find_placeholders(project.root, project.docs_dir, project.config_file)
    for found in starter:
        click.echo(f"warning: {found}", err=True)
    if strict and starter:
        raise ContentError([str(found) for found in starter])
    portfolio = result.portfolio
    projects = len(portfolio.projects) if portfolio else 0
    talks = len(portfolio.talks) if portfolio else 0
    resume = "a" if portfolio and portfolio.resume else "no"
    hidden = f" ({count(result.hidden, 'draft or scheduled', 'drafts or scheduled')})"
    return (
        f"OK: {count(result.posts + result.hidden, 'post')}{hidden if result.hidden else ''}, "
        f"{count(projects, 'project')}, {count(talks, 'talk')}, {resume} resume, "
        f"{count(result.pages, 'page')}, {count(result.warnings + len(starter), 'warning')}, "
        "no problems."
    )


@click.command()
@config_option
@click.option("-s", "--strict", is_flag=True, help="Treat warnings (e.g. unknown keys) as errors.")
@wait_option
def check(config_file: Path | None, strict: bool, wait: float) -> None:
    """Check mkdocs.yml, every content file, link and image, listing every problem at once.

    Runs everything `brandkit build` runs (it is a build that is thrown away), so a site that
    passes `check --strict` passes `build --strict`. Each problem names the file, the key and
    how to fix it. Exits non-zero when anything must be fixed; site/ is never touched.

    \b
    Example:
      brandkit check --strict
    """
    click.echo(run_check(config_file, strict=strict, wait=wait))
