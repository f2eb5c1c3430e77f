"""The steps `deploy` and `publish` share: git preflight, check, strict build, branch deploy.

Each step returns what it did (for `publish`'s summary) or raises a BrandkitError that names what
failed; nothing after a failed step runs, so a broken build is never pushed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
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
    """What deploy and publish check before their strict build: mkdocs.yml loads, and no
    starter text from `brandkit new` is left (refused unless `allow_placeholders`). Everything
    else `brandkit check` finds, the strict build that follows finds too (check is that build,
    thrown away), and lists all at once: content errors, front-matter warnings and broken
    links together, in one run, rather than the front matter first and the links next time."""
    project = load(config_file)
    found = refuse_placeholders(project, allow=allow_placeholders)
    if found:
        return f"mkdocs.yml loads; starter text in {count(found, 'file')} (--allow-placeholders)"
    return "mkdocs.yml loads, no starter text from `brandkit new`"


def refuse_placeholders(project: Project, *, allow: bool) -> int:
    """Stop before publishing starter text from `brandkit new`, naming each file that holds it
    (or only warn with `--allow-placeholders`); how many files hold it."""
    from brandkit.placeholders import files_with_placeholders, find_placeholders

    found = find_placeholders(project.root, project.docs_dir, project.config_file)
    if not found:
        return 0
    for placeholder in found:
        click.echo(f"{'warning' if allow else 'error'}: {placeholder}", err=True)
    files = files_with_placeholders(found)
    if allow:
        click.echo(
            f"warning: publishing starter text in {count(len(files), 'file')} "
            "(--allow-placeholders)",
            err=True,
        )
        return len(files)
    raise BrandkitError(
        f"starter text from `brandkit new` is still in {count(len(files), 'file')}: "
        f"{', '.join(files)}; replace it (listed above), or pass --allow-placeholders to "
        "publish it anyway. Nothing was deployed."
    )


def run_strict_build(
    config_file: Path | None, *, quiet: bool = False, pre: Preflight | None = None
) -> str:
    """A strict build of `config_file`; when it is the committed copy of `pre`'s project, with
    that project's cache (every cache is keyed by content, and the site lock is the same one,
    so a deploy after a build is a warm build) and in place of its site/ (whose unchanged
    cards, feeds and image variants it keeps, as a build of the project would)."""
    from brandkit.commands._progress import reporting
    from brandkit.commands.build import run_build

    cache = live = None
    if pre is not None:
        cache = pre.project.root / pre.project.config.cache_dir
        live = pre.project.root / pre.project.site_dir
    with reporting("Building", quiet=quiet) as progress:
        result = run_build(
            config_file, strict=True, progress=progress, cache_dir=cache, previous_site=live
        )
    return result.summary()


@contextlib.contextmanager
def committed(pre: Preflight, *, allow_dirty: bool) -> Iterator[Path]:
    """The mkdocs.yml of a copy of the project holding only what git tracks (at HEAD, or as
    it is now with --allow-dirty), in the cache: what check, build and deploy work on."""
    from brandkit.deploy.source_tree import committed_copy

    project = pre.project
    scratch = project.root / project.config.cache_dir / "deploy"
    with committed_copy(pre.target.repo, project.root, scratch, working_tree=allow_dirty) as root:
        try:
            yield root / project.config_file.name
        except BrandkitError as exc:
            # Name the user's own files, not the copy's (which is gone once this returns).
            shown = project.config_file.parent
            prefix = "" if shown == Path() or shown.is_absolute() else f"{shown}/"
            exc.message = exc.message.replace(f"{root}/", prefix)
            raise


def keep_site(pre: Preflight, config_file: Path) -> None:
    """Make the site built in the committed copy the project's site/ too (it is what was
    deployed), swapped in as a build does."""
    from brandkit import staging

    final = pre.project.root / pre.project.site_dir
    built = config_file.parent / pre.project.relative(final)
    if not built.is_dir():
        return
    staging.clean_leftovers(final)
    building = staging.new_staging(final)
    building.rmdir()
    built.rename(building)
    staging.publish(building, final)


def plan(pre: Preflight, *, force: bool, config_file: Path) -> DeployPlan:
    """What to push: the site built from `config_file` (the committed copy's mkdocs.yml)."""
    from brandkit.deploy.pages import commit_message, plan_deploy, source_commit

    message = commit_message(source_commit(pre.target.repo), __version__, dirty=bool(pre.dirty))
    site_dir = config_file.parent / pre.project.relative(pre.project.root / pre.project.site_dir)
    return plan_deploy(
        pre.target,
        site_dir,
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
