"""`brandkit syndicate`: cross-post published posts to dev.to and Hashnode with canonical URLs."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from brandkit.commands._common import config_option, confirm_or_refuse
from brandkit.errors import BrandkitError, ConfigError

if TYPE_CHECKING:
    from brandkit.content.models import Post
    from brandkit.project import Project
    from brandkit.state import State
    from brandkit.syndicate import sync
    from brandkit.syndicate.base import Service, ServiceType


@click.command()
@click.option(
    "--to",
    "targets",
    multiple=True,
    required=True,
    help="Service to post to: devto, hashnode or one a plugin adds; repeat for several "
    "(--to devto --to hashnode).",
)
@click.option(
    "--dry-run", is_flag=True, help="Show what would be created or updated; send nothing."
)
@click.option("-y", "--yes", is_flag=True, help="Do not ask for confirmation.")
@config_option
def syndicate(targets: tuple[str, ...], dry_run: bool, yes: bool, config_file: Path | None) -> None:
    """Cross-post published posts to dev.to and Hashnode, pointing back to your site.

    Only published posts present in the built site are sent (run `brandkit build` first). Each
    copy carries canonical_url = the post's URL on your site, absolute links and images, tags,
    series and cover image. Remote ids are kept in .brandkit/state.json, so running it again
    updates edited posts and skips unchanged ones; commit that file. Opt a post out with
    `syndicate: false` in its front matter. Keys come from the environment only.

    Examples:

    \b
      export DEVTO_API_KEY=...     # https://dev.to/settings/extensions
      export HASHNODE_TOKEN=...    # https://hashnode.com/settings/developer
      brandkit build --strict
      brandkit syndicate --to devto --dry-run
      brandkit syndicate --to devto --to hashnode --yes
    """
    from brandkit.content.loader import load_valid_posts
    from brandkit.mkdocs.project import load_project
    from brandkit.site import build_now
    from brandkit.state import STATE_PATH, State, locked_state
    from brandkit.syndicate import sync

    # Strict: a typo such as `publised: false` or `syndicte: false` must stop the run, not
    # publish what the user meant to hold back.
    project = load_project(config_file, strict=True)
    site_url = project.settings.site_url
    if not site_url:
        raise ConfigError(
            "mkdocs.yml: site_url is required to syndicate (copies link back to it): set "
            "`site_url: https://your.domain/`."
        )
    posts = load_valid_posts(project, strict=True)
    built = _built(project, posts)
    md_urls = {post.source: post.url for post in posts}
    now = build_now()  # the same moment the build uses to decide what is published
    kinds = _service_types(targets)
    services = [_service(project, kind, None) for kind in kinds.values()]
    for post in posts:
        if sync.wants_syndication(post, now) and post.source not in built:
            click.echo(
                f"note: {post.title!r} is published but not in the built site; run "
                "`brandkit build` to syndicate it.",
                err=True,
            )
    ready = [p for p in posts if p.source in built]
    wanted = {p.id for p in posts if sync.wants_syndication(p, now)}
    state_path = project.root / STATE_PATH

    if dry_run:
        state = State.load(state_path)  # read only: a dry run writes nothing, not even a lock
        for service in services:
            ledger = state.section(sync.SECTION).get(service.name, {})
            planned = sync.plan(
                ready, service, ledger, site_url, md_urls, now, **_continuity(project, state)
            )
            _show(service, planned, sync.left_behind(wanted, ledger), True)
        click.echo("Dry run: nothing sent, nothing recorded.")
        return

    with locked_state(state_path) as state:
        plans = []
        for service in services:
            ledger = state.section(sync.SECTION).get(service.name, {})
            planned = sync.plan(
                ready, service, ledger, site_url, md_urls, now, **_continuity(project, state)
            )
            if _show(service, planned, sync.left_behind(wanted, ledger), False):
                plans.append((service.name, planned))
        if not plans:
            return
        # Everything that can stop the run is checked before the first call to any service.
        secrets = {name: _secret(kinds[name]) for name, _ in plans}
        count = sum(1 for _, planned in plans for p in planned if p.action != "unchanged")
        if not yes:
            confirm_or_refuse(
                f"Send {count} copies?",
                f"not sending {count} copies without confirmation (no terminal): run again "
                "with --yes (or --dry-run to preview).",
            )
        for name, planned in plans:
            service = _service(project, kinds[name], secrets[name])
            outcomes = sync.execute(planned, service, state, _report(service.label))
            unchanged = len(planned) - len(outcomes)
            click.echo(
                f"{service.label}: {len(outcomes)} sent, {unchanged} unchanged; state saved to "
                f"{STATE_PATH.as_posix()} (commit it)."
            )


def _built(project: Project, posts: list[Post]) -> set[str]:
    """Sources of the posts whose page is in the built site: only those are sent, so a copy
    never points back at a page the site does not have yet."""
    site_dir = project.root / project.site_dir
    if not site_dir.is_dir():
        raise BrandkitError(
            f"{project.relative(site_dir)}/: no built site; run `brandkit build` first (only "
            "posts present in the built site are syndicated)."
        )
    return {p.source for p in posts if (site_dir / p.url / "index.html").is_file()}


def _continuity(project: Project, state: State) -> dict[str, Any]:
    """What lets `plan` find copies made before a move: the site's settings (for each post's
    redirect_from) and the old addresses `brandkit import` recorded."""
    from brandkit.state import MOVED

    moved = state.data.get(MOVED)
    return {"settings": project.settings, "moved": moved if isinstance(moved, dict) else {}}


def _show(
    service: Service, planned: list[sync.Planned], left_behind: list[str], dry_run: bool
) -> bool:
    """Print the plan for one service; False when there is nothing to do."""
    for url in left_behind:
        click.echo(
            f"note: {service.label}: {url} is a copy of a post that is no longer published here "
            f"or is opted out; brandkit leaves copies in place: unpublish it on {service.label} "
            "if you want it gone.",
            err=True,
        )
    todo = [p for p in planned if p.action != "unchanged"]
    if not todo:
        click.echo(f"{service.label}: {len(planned)} copies up to date; nothing to do.")
        return False
    prefix = "would " if dry_run else ""
    for item in todo:
        verb = {
            "create": "create (or adopt a copy already there with this canonical URL)",
            "reconcile": "look for the copy a stopped run may have made, else create",
            "update": "update",
        }[item.action]
        where = item.copy.canonical_url
        click.echo(f"{service.label}: {prefix}{verb} {item.post.title!r} ({where})")
        for note in item.payload.notes:
            click.echo(f"  note: {note}")
    return True


def _service_types(targets: tuple[str, ...]) -> dict[str, type[ServiceType]]:
    """The registered services named by --to, in the order given (each once)."""
    from brandkit.plugins import syndication_services
    from brandkit.text import join_words

    known = syndication_services()
    chosen = {}
    for name in dict.fromkeys(targets):
        if name not in known:
            raise BrandkitError(
                f"--to {name}: no such syndication service; use {join_words(list(known), 'or')} "
                "(`brandkit plugins` lists what is installed)."
            )
        chosen[name] = known[name]
    return chosen


def _secret(kind: type[ServiceType]) -> str:
    from brandkit.secrets import register

    secret = os.environ.get(kind.secret_env, "").strip()
    register(secret)
    if not secret:
        raise BrandkitError(
            f"{kind.secret_env} is not set: {kind.secret_help} and `export {kind.secret_env}=...` "
            "(or use --dry-run to preview). Nothing was sent."
        )
    return secret


def _service(project: Project, kind: type[ServiceType], secret: str | None) -> ServiceType:
    """The service built from its section of the brandkit block, checked by its own schema
    (unknown keys are errors: a misspelt `published: false` must not publish)."""
    from brandkit.config.options import WHERE, load

    raw = project.config.syndicate.extra.get(kind.name) or {}
    options = load(kind.Options, raw, f"{WHERE}.syndicate.{kind.name}")
    return kind.connect(options, secret) if secret else kind(options, None)


def _report(label: str) -> Callable[[sync.Outcome], None]:
    def report(outcome: sync.Outcome) -> None:
        click.echo(f"{label}: {outcome.action} {outcome.title!r} -> {outcome.url}")
        for note in outcome.notes:
            click.echo(f"  note: {note}")

    return report
