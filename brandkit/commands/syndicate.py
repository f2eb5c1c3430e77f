"""`brandkit syndicate`: cross-post published posts to dev.to and Hashnode with canonical URLs."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from brandkit.commands._common import config_option
from brandkit.exceptions import BrandkitError, ConfigError

if TYPE_CHECKING:
    from brandkit.project import Project
    from brandkit.syndicate import sync
    from brandkit.syndicate.base import Service

SERVICES = ("devto", "hashnode")
ENV = {"devto": "DEVTO_API_KEY", "hashnode": "HASHNODE_TOKEN"}
HOW_TO_GET = {
    "devto": "create one at https://dev.to/settings/extensions",
    "hashnode": "create a Personal Access Token at https://hashnode.com/settings/developer",
}


@click.command()
@click.option(
    "--to",
    "targets",
    type=click.Choice(SERVICES),
    multiple=True,
    required=True,
    help="Service to post to; repeat for both (--to devto --to hashnode).",
)
@click.option(
    "--dry-run", is_flag=True, help="Show what would be created or updated; send nothing."
)
@click.option("-y", "--yes", is_flag=True, help="Do not ask for confirmation.")
@config_option
def syndicate(targets: tuple[str, ...], dry_run: bool, yes: bool, config_file: Path | None) -> None:
    """Cross-post published posts to dev.to and Hashnode, pointing back to your site.

    Each copy carries canonical_url = the post's URL on your site, absolute links and images,
    tags, series and cover image. Remote ids are kept in .brandkit/state.json, so running it
    again updates edited posts and skips unchanged ones; commit that file. Opt a post out with
    `syndicate: false` in its front matter. Keys come from the environment only.

    Examples:

    \b
      export DEVTO_API_KEY=...     # https://dev.to/settings/extensions
      export HASHNODE_TOKEN=...    # https://hashnode.com/settings/developer
      brandkit syndicate --to devto --dry-run
      brandkit syndicate --to devto --to hashnode --yes
    """
    from brandkit.content.loader import load_valid_posts
    from brandkit.project import load_project
    from brandkit.site import build_now
    from brandkit.state import STATE_PATH, locked_state
    from brandkit.syndicate import sync

    project = load_project(config_file)
    site_url = project.settings.site_url
    if not site_url:
        raise ConfigError(
            "mkdocs.yml: site_url is required to syndicate (copies link back to it): set "
            "`site_url: https://your.domain/`."
        )
    posts = load_valid_posts(project)
    md_urls = {post.source: post.url for post in posts}
    now = build_now()  # the same moment the build uses to decide what is published
    with locked_state(project.root / STATE_PATH) as state:
        for name in dict.fromkeys(targets):
            service = _service(project, name, None)
            ledger = state.section(sync.SECTION).get(name, {})
            planned = sync.plan(posts, service, ledger, site_url, md_urls, now)
            todo = [p for p in planned if p.action != "unchanged"]
            up_to_date = len(planned) - len(todo)
            if not todo:
                click.echo(f"{service.label}: {up_to_date} copies up to date; nothing to do.")
                continue
            for item in todo:
                verb = "create" if item.action == "create" else "update"
                prefix = "would " if dry_run else ""
                where = item.copy.canonical_url
                click.echo(f"{service.label}: {prefix}{verb} {item.post.title!r} ({where})")
                for note in item.payload.notes:
                    click.echo(f"  note: {note}")
            if dry_run:
                continue
            secret = os.environ.get(ENV[name], "").strip()
            if not secret:
                raise BrandkitError(
                    f"{ENV[name]} is not set: {HOW_TO_GET[name]} and `export {ENV[name]}=...` "
                    f"(or use --dry-run to preview). Nothing was sent to {service.label}."
                )
            if not yes:
                if not sys.stdin.isatty():
                    raise BrandkitError(
                        f"not sending {len(todo)} posts to {service.label} without confirmation:"
                        " run again with --yes (or --dry-run to preview)."
                    )
                click.confirm(f"Send {len(todo)} posts to {service.label}?", abort=True)
            service = _service(project, name, secret)
            outcomes = sync.execute(planned, service, state, _report(service.label))
            click.echo(
                f"{service.label}: {len(outcomes)} sent, {up_to_date} unchanged; state saved to "
                f"{STATE_PATH.as_posix()} (commit it)."
            )


def _service(project: Project, name: str, secret: str | None) -> Service:
    from brandkit.syndicate.devto import Devto
    from brandkit.syndicate.hashnode import Hashnode

    config = project.config.syndicate
    if name == "devto":
        return Devto.connect(config.devto, secret) if secret else Devto(config.devto, None)
    return Hashnode.connect(config.hashnode, secret) if secret else Hashnode(config.hashnode, None)


def _report(label: str) -> Callable[[sync.Outcome], None]:
    def report(outcome: sync.Outcome) -> None:
        click.echo(f"{label}: {outcome.action} {outcome.title!r} -> {outcome.url}")
        for note in outcome.notes:
            click.echo(f"  note: {note}")

    return report
