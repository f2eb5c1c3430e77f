"""`brandkit ci`: write the GitHub Actions workflow; `brandkit ci changed`: used by it."""

from __future__ import annotations

import os
from pathlib import Path

import click

from brandkit import __version__
from brandkit.commands._common import config_option
from brandkit.commands._habits import SuggestingGroup
from brandkit.errors import BrandkitError


def workflow_options(project: object, *, method: str | None = None) -> object:
    """The workflow the project's configuration asks for (shared with `doctor`)."""
    from brandkit.ci.workflow import WorkflowOptions
    from brandkit.commands import _newsletter
    from brandkit.deploy.pages import repo_root
    from brandkit.project import Project

    assert isinstance(project, Project)
    section = project.config.deploy
    try:
        top = repo_root(project.root)
        workdir = project.root.resolve().relative_to(top.resolve()).as_posix()
    except (BrandkitError, ValueError):
        workdir = ""
    install = "-r requirements.txt" if (project.root / "requirements.txt").is_file() else ""
    return WorkflowOptions(
        version=__version__,
        method=method or section.method,
        source_branch=section.source_branch,
        pages_branch=section.branch,
        remote=section.remote,
        schedule=section.schedule,
        install=install,
        working_directory="" if workdir == "." else workdir,
        site_dir=project.relative(project.root / project.site_dir),
        newsletter=_newsletter.configured(project),
        secret_env=tuple(_newsletter.required_env(project)),
        plugins=tuple(_newsletter.plugin_packages(project)),
    )


def workflow_path(project: object) -> Path:
    """Where the workflow file goes: the git repository's top (GitHub reads it only there)."""
    from brandkit.ci.workflow import WORKFLOW_PATH
    from brandkit.deploy.pages import repo_root
    from brandkit.project import Project

    assert isinstance(project, Project)
    try:
        top = repo_root(project.root)
    except BrandkitError:
        top = project.root
    return top / WORKFLOW_PATH


def render_for(project: object, *, method: str | None = None) -> str:
    from brandkit.ci.workflow import WorkflowOptions, render

    options = workflow_options(project, method=method)
    assert isinstance(options, WorkflowOptions)
    try:
        return render(options)
    except ValueError as exc:
        raise BrandkitError(f"mkdocs.yml: plugins.brandkit.deploy: {exc}") from exc


@click.group(cls=SuggestingGroup, invoke_without_command=True)
@config_option
@click.option(
    "--method",
    type=click.Choice(["actions", "branch"]),
    default=None,
    help="Deploy with GitHub's Pages actions (default) or by pushing to the gh-pages branch.",
)
@click.option("--force", is_flag=True, help="Replace an existing workflow file.")
@click.option("--stdout", "to_stdout", is_flag=True, help="Print the workflow instead of writing.")
@click.pass_context
def ci(
    ctx: click.Context, config_file: Path | None, method: str | None, force: bool, to_stdout: bool
) -> None:
    """Write .github/workflows/brandkit.yml: build and deploy on push, daily scheduled posts.

    The workflow checks and builds on every push to your main branch and deploys to GitHub
    Pages; a daily run publishes posts dated in the future on their day; after a deploy it
    announces new posts when a newsletter is configured. Settings come from the `deploy` block
    of the brandkit plugin in mkdocs.yml.

    \b
    Examples:
      brandkit ci                   # GitHub Pages actions (Settings > Pages > GitHub Actions)
      brandkit ci --method branch   # push to gh-pages instead
      brandkit ci --force           # regenerate after upgrading brandkit
    """
    if ctx.invoked_subcommand is not None:
        return
    from brandkit.commands._publishing import load
    from brandkit.files import replace_file, write_new_file

    project = load(config_file)
    text = render_for(project, method=method)
    if to_stdout:
        click.echo(text, nl=False)
        return
    path = workflow_path(project)
    shown = os.path.relpath(path, project.root)  # like every path: from the site root
    if path.exists():
        if not force:
            raise BrandkitError(
                f"{shown} already exists; pass --force to replace it (your edits will be lost)."
            )
        if path.read_text(encoding="utf-8") == text:
            click.echo(f"{shown} is up to date.")
            return
        replace_file(path, text)
        click.echo(f"Rewrote {shown} for brandkit {__version__}.")
        return
    write_new_file(path, text)
    click.echo(f"Wrote {shown}. Commit it and push; see the README's 'Publish to GitHub Pages'.")


@ci.command()
@config_option
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The new build (default: the project's site/).",
)
@click.option("--live", metavar="URL", default=None, help="Compare with the live site at URL.")
@click.option("--branch", metavar="REF", default=None, help="Compare with a git ref (gh-pages).")
def changed(
    config_file: Path | None, site_dir: Path | None, live: str | None, branch: str | None
) -> None:
    """Say whether the build shows pages or posts the deployed site does not.

    Prints the verdict and, inside GitHub Actions, sets the step output `changed=true|false`.
    Used by the daily scheduled run so it deploys only when a scheduled post went live.

    \b
    Examples:
      brandkit ci changed --live https://jane.github.io/notes/
      brandkit ci changed --branch origin/gh-pages
    """
    from brandkit.ci import visible_changes as vc

    if (live is None) == (branch is None):
        raise click.UsageError("pass exactly one of --live URL or --branch REF.")
    if site_dir is None:
        from brandkit.commands._publishing import load

        project = load(config_file)
        site_dir = project.root / project.site_dir
    if not (site_dir / "index.html").is_file():
        raise BrandkitError(f"{site_dir}: no built site; run `brandkit build` first.")
    built = vc.surface(vc.dir_reader(site_dir))
    reader = vc.url_reader(live) if live else vc.git_reader(Path.cwd(), str(branch))
    result = vc.compare(built, vc.surface(reader))
    click.echo(result.summary())
    output = os.environ.get("GITHUB_OUTPUT")
    if output:
        with open(output, "a", encoding="utf-8") as fh:
            fh.write(f"changed={'true' if result.changed else 'false'}\n")
