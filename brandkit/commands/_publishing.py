"""The steps `deploy` and `publish` share: git preflight, check, strict build, branch deploy.

Each step returns what it did (for `publish`'s summary) or raises a BrandkitError that names what
failed; nothing after a failed step runs, so a broken build is never pushed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from brandkit import __version__
from brandkit.commands._common import mkdocs_logging
from brandkit.errors import BrandkitError
from brandkit.text import count

if TYPE_CHECKING:
    from brandkit.deploy.pages import DeployPlan, DeployResult, Target
    from brandkit.project import Project


@dataclass
class Preflight:
    project: Project
    target: Target
    dirty: list[str]
    cname: str | None


def load(config_file: Path | None) -> Project:
    from brandkit.mkdocs.project import load_project

    with mkdocs_logging():
        return load_project(config_file)


def preflight(
    project: Project, *, remote: str | None, branch: str | None, allow_dirty: bool
) -> Preflight:
    """Git checks that must pass before anything is built: repo, remote, committed sources."""
    from brandkit.deploy.pages import resolve_target, uncommitted

    section = project.config.deploy
    remote = remote or section.remote
    branch = branch or section.branch
    target = resolve_target(project.root, remote, branch)
    watched = [project.config_file, project.docs_dir]
    custom_dir = _theme_dir(project)
    if custom_dir is not None:
        watched.append(custom_dir)
    dirty = uncommitted(target.repo, watched)
    if dirty and not allow_dirty:
        shown = ", ".join(dirty[:5]) + (f" and {len(dirty) - 5} more" if len(dirty) > 5 else "")
        raise BrandkitError(
            f"uncommitted changes in {shown}: commit them first so the deployed site matches a "
            "commit, or pass --allow-dirty. Nothing was deployed."
        )
    cname = section.custom_domain
    return Preflight(project=project, target=target, dirty=dirty, cname=cname)


def _theme_dir(project: Project) -> Path | None:
    custom = project.site.custom_dir
    return Path(custom) if custom else None


def run_check(config_file: Path | None, *, allow_placeholders: bool = False) -> str:
    """Validate config and content like `brandkit check`; returns its one-line verdict. Starter
    text from `brandkit new` stops it unless `allow_placeholders`."""
    from brandkit.content.loader import load_posts

    project = load(config_file)
    refuse_placeholders(project, allow=allow_placeholders)
    result = load_posts(project.docs_dir, project.settings, display_root=project.root)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    result.raise_for_problems()
    return (
        f"{count(len(result.posts), 'post')}, {count(len(result.warnings), 'warning')}, no problems"
    )


def refuse_placeholders(project: Project, *, allow: bool) -> None:
    """Stop before publishing starter text from `brandkit new`, naming each file that holds it
    (or only warn with `--allow-placeholders`)."""
    from brandkit.placeholders import files_with_placeholders, find_placeholders

    found = find_placeholders(project.root, project.docs_dir, project.config_file)
    if not found:
        return
    for placeholder in found:
        click.echo(f"{'warning' if allow else 'error'}: {placeholder}", err=True)
    files = files_with_placeholders(found)
    if allow:
        click.echo(
            f"warning: publishing starter text in {count(len(files), 'file')} "
            "(--allow-placeholders)",
            err=True,
        )
        return
    raise BrandkitError(
        f"starter text from `brandkit new` is still in {count(len(files), 'file')}: "
        f"{', '.join(files)}; replace it (listed above), or pass --allow-placeholders to "
        "publish it anyway. Nothing was deployed."
    )


def run_strict_build(config_file: Path | None, *, quiet: bool = False) -> str:
    from brandkit.commands._progress import reporting
    from brandkit.commands.build import run_build

    with reporting("Building", quiet=quiet) as progress:
        return run_build(config_file, strict=True, progress=progress).summary()


def plan(pre: Preflight, *, force: bool) -> DeployPlan:
    from brandkit.deploy.pages import commit_message, plan_deploy, source_commit

    message = commit_message(source_commit(pre.target.repo), __version__, dirty=bool(pre.dirty))
    return plan_deploy(
        pre.target,
        pre.project.root / pre.project.site_dir,
        cname=pre.cname,
        message=message,
        force=force,
    )


def push(deploy_plan: DeployPlan, *, quiet: bool = False) -> DeployResult:
    from brandkit.commands._progress import reporting
    from brandkit.deploy.pages import deploy

    with reporting("Deploying", quiet=quiet) as progress:
        target = deploy_plan.target
        progress.stage(f"committing site/ and pushing it to {target.remote}/{target.branch}")
        return deploy(deploy_plan)
