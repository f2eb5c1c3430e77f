"""`brandkit deploy`: check, build strictly, then push the site to the GitHub Pages branch."""

from __future__ import annotations

from pathlib import Path

import click

from brandkit.commands import _publishing as steps
from brandkit.commands._common import config_option, each_warning_once, quiet_option
from brandkit.commands._lock import locked, wait_option


@click.command()
@config_option
@click.option("--remote", default=None, help="Git remote to push to (default: origin).")
@click.option("--branch", default=None, help="Branch GitHub Pages serves (default: gh-pages).")
@click.option(
    "--allow-dirty", is_flag=True, help="Deploy even with uncommitted changes to content/config."
)
@click.option(
    "--allow-placeholders",
    is_flag=True,
    help="Deploy even though starter text from `brandkit new` is still in the site.",
)
@click.option("--dry-run", is_flag=True, help="Check and build, then show what would be pushed.")
@click.option(
    "--force", is_flag=True, help="Replace the branch history with one commit (force-push)."
)
@wait_option
@quiet_option
@each_warning_once
def deploy(
    config_file: Path | None,
    remote: str | None,
    branch: str | None,
    allow_dirty: bool,
    allow_placeholders: bool,
    dry_run: bool,
    force: bool,
    wait: float,
    quiet: bool,
) -> None:
    """Deploy the site to GitHub Pages by committing it to the gh-pages branch.

    Builds what is committed: a copy of HEAD made in the cache, so files git ignores or does
    not track are never published, and the site is the one CI would build (with --allow-dirty,
    the tracked files as they are now). That copy is checked (mkdocs.yml, starter text) and
    built strictly, with every check `brandkit check` makes and the project's cache (so a
    deploy after a build is quick). Nothing is pushed if the check or the build fails, if
    starter text from `brandkit new` is still in the site (each file is named;
    --allow-placeholders publishes it anyway), if the working tree has uncommitted changes to
    your content or mkdocs.yml, or if the remote rejects the push. It holds the site lock from
    the check to the push (waiting up to --wait seconds for another brandkit command). Each
    deploy is a new commit on top of the branch (history is kept), with a `.nojekyll` file
    and, when `deploy.custom_domain` is set, a CNAME file.

    \b
    Examples:
      brandkit deploy --dry-run
      brandkit deploy --remote origin --branch gh-pages
    """
    project = steps.load(config_file)
    with locked(project, "deploy", wait):
        pre = steps.preflight(project, remote=remote, branch=branch, allow_dirty=allow_dirty)
        for name in pre.dirty:
            click.echo(f"warning: deploying uncommitted {name} (--allow-dirty)", err=True)
        with steps.committed(pre, allow_dirty=allow_dirty) as committed:
            check = steps.run_check(committed, allow_placeholders=allow_placeholders)
            click.echo(f"check: {check}", err=True)
            click.echo(
                f"build: {steps.run_strict_build(committed, quiet=quiet, pre=pre)}", err=True
            )
            deploy_plan = steps.plan(pre, force=force, config_file=committed)
            if dry_run:
                click.echo("Dry run: nothing committed or pushed. Would deploy:")
                for line in deploy_plan.describe():
                    click.echo(f"  {line}")
                return
            result = steps.push(deploy_plan, quiet=quiet)
            steps.keep_site(pre, committed)
    click.echo(result.summary())
