"""`brandkit check`: every check a strict build makes, without touching the site directory.

It is the build itself (`run_build(publish=False)`), thrown away at the end, so `check` and
`build` can never disagree about what is wrong: content, configuration, links, images, forms,
redirects. Then what only `check` looks at: starter text left from `brandkit new`, and posts of
the last build (site/) whose address would now 404.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from brandkit.commands._common import config_option, mkdocs_logging
from brandkit.commands._lock import wait_option
from brandkit.errors import ContentError
from brandkit.site_lock import DEFAULT_WAIT
from brandkit.text import count

if TYPE_CHECKING:
    from brandkit.content.fields import Problem
    from brandkit.content.fix import FileFix
    from brandkit.content.models import Post
    from brandkit.project import Project


@click.command()
@config_option
@click.option("-s", "--strict", is_flag=True, help="Treat warnings (e.g. unknown keys) as errors.")
@click.option(
    "--fix",
    is_flag=True,
    help="Add missing post ids and convert other blog engines' keys (summary, excerpt, "
    "aliases, categories, canonicalURL, lastmod, devto_id...); shows each change first.",
)
@click.option("-y", "--yes", is_flag=True, help="With --fix: make the changes without asking.")
@wait_option
def check(config_file: Path | None, strict: bool, fix: bool, yes: bool, wait: float) -> None:
    """Check mkdocs.yml, every content file, link and image, listing every problem at once.

    Runs everything `brandkit build` runs (it is a build that is thrown away), so a site that
    passes `check --strict` passes `build --strict`. Each problem names the file, the key and
    how to fix it. Old addresses are checked too: redirect_from entries that clash or cannot be
    served, and posts of the last build (site/) whose address would now 404. Exits non-zero
    when anything must be fixed; site/ is never touched.

    \b
    Examples:
      brandkit check --strict
      brandkit check --fix      # posts copied in from Hugo or Jekyll
    """
    if fix:
        from brandkit.mkdocs.project import load_project

        with mkdocs_logging():
            project = load_project(config_file)
        _fix(project, yes)
    click.echo(run_check(config_file, strict=strict, wait=wait))


def run_check(config_file: Path | None, *, strict: bool = False, wait: float = DEFAULT_WAIT) -> str:
    """Build without publishing, then check's own steps; the one-line verdict, or a
    BrandkitError listing every problem."""
    from brandkit.commands.build import run_build
    from brandkit.content.loader import load_posts
    from brandkit.placeholders import find_placeholders

    result = run_build(config_file, strict=strict, wait=wait, publish=False, command="check")
    project = result.project
    # Starter text from `brandkit new`: a warning each (so --strict fails), since deploy and
    # publish refuse to publish it. A build does not look for it.
    starter = find_placeholders(project.root, project.docs_dir, project.config_file)
    loaded = load_posts(
        project.docs_dir,
        project.settings,
        display_root=project.root,
        cache=project.root / project.config.cache_dir / "posts",
    )
    errors, moved = _continuity(project, loaded.posts, loaded.shown)
    warnings: list[object] = [*starter, *moved]
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    problems = [str(p) for p in errors] + ([str(w) for w in warnings] if strict else [])
    problems += _announce_problems(project)
    if problems:
        raise ContentError(problems)
    portfolio = result.portfolio
    projects = len(portfolio.projects) if portfolio else 0
    talks = len(portfolio.talks) if portfolio else 0
    resume = "a" if portfolio and portfolio.resume else "no"
    drafts = sum(1 for p in loaded.posts if p.draft)
    return (
        f"OK: {count(len(loaded.posts), 'post')} ({count(drafts, 'draft')}), "
        f"{count(projects, 'project')}, {count(talks, 'talk')}, {resume} resume, "
        f"{count(result.pages, 'page')}, {count(result.warnings + len(warnings), 'warning')}, "
        "no problems."
    )


def _continuity(
    project: Project, posts: list[Post], shown: dict[str, str]
) -> tuple[list[Problem], list[Problem]]:
    """Old addresses, as the build would see them: redirect_from clashes (errors), and
    addresses that would 404 (warnings). The redirects' own warnings (an address on another
    site...) are not returned: the build has said them already."""
    from brandkit import continuity, redirects
    from brandkit.listings import published
    from brandkit.site import build_now

    now = build_now()
    settings = project.settings
    pages, errors, _said_by_the_build = continuity.check_redirects(
        project.docs_dir, posts, settings, shown, now
    )
    served = {f"{p.url}index.html" for p in published(posts, now)} | {r.dest for r in pages}
    served |= set(continuity.listing_files(posts, settings, now))
    served |= set(redirects.docs_files(project.docs_dir, posts))
    site_dir = project.root / project.site_dir
    return errors, continuity.lost_posts(site_dir, posts, settings, shown, served)


def _fix(project: Project, yes: bool) -> None:
    """Show each change to the posts' front matter, then make them (asked first)."""
    import difflib

    from brandkit.commands._common import confirm_or_refuse
    from brandkit.content.fix import plan_fixes
    from brandkit.content.posts import KNOWN_KEYS
    from brandkit.files import replace_file

    fixes, skipped = plan_fixes(project.docs_dir / project.settings.posts_dir, KNOWN_KEYS)
    for item in fixes:
        shown = project.relative(item.path)
        click.echo(f"{shown}: {', '.join(item.changes)}")
        diff = difflib.unified_diff(
            item.old.splitlines(keepends=True),
            item.new.splitlines(keepends=True),
            fromfile=f"a/{shown}",
            tofile=f"b/{shown}",
            n=0,
        )
        click.echo("".join(line for line in diff if not line.startswith("@@")), nl=False)
    for left in skipped:
        click.echo(f"not fixed: {project.relative(left.path)}: {left.reason}", err=True)
    if not fixes:
        click.echo("Nothing to fix.")
        return
    if not yes:
        confirm_or_refuse(
            f"Change {count(len(fixes), 'file')}?",
            f"not changing {count(len(fixes), 'file')} without confirmation (no terminal): "
            "run again with --yes.",
        )
    for item in fixes:
        replace_file(item.path, item.new, durable=True)
    _record_copies(project, fixes)
    click.echo(f"Fixed {count(len(fixes), 'file')}.")


def _record_copies(project: Project, fixes: list[FileFix]) -> None:
    """devto_id / hashnode_id taken out of front matter go into the syndication ledger."""
    if not any(item.copies for item in fixes):
        return
    from datetime import UTC, datetime

    from brandkit.state import STATE_PATH, locked_state, record_existing_copy

    with locked_state(project.root / STATE_PATH) as state:
        for item in fixes:
            for service, remote_id in item.copies:
                record_existing_copy(state, service, item.post_id, remote_id, "", datetime.now(UTC))
        state.save()


def _announce_problems(project: Project) -> list[str]:
    """The settings `newsletter send` and `announce` need (sender and channel types and options,
    templates, an unsubscribe link for SMTP), so a typo fails `check` instead of the first send."""
    from brandkit.announce.checks import channel_problems, newsletter_problems
    from brandkit.plugins import sender_classes

    classes, config = sender_classes(), project.config
    return newsletter_problems(config.newsletter, classes, project.root) + channel_problems(
        config.announce, config.newsletter, classes, project.root
    )
