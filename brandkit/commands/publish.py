"""`brandkit publish`: check -> build -> deploy -> announce, stopping at the first failure."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import click

from brandkit.commands import _newsletter
from brandkit.commands import _publishing as steps
from brandkit.commands._common import config_option, each_warning_once, quiet_option
from brandkit.commands._lock import locked, wait_option
from brandkit.errors import BrandkitError

STEPS = ("check", "build", "deploy", "announce")


@dataclass
class Outcome:
    step: str
    status: str  # ok | FAILED | skipped | not run
    detail: str


@dataclass
class Sources:
    """What check and build work on: the committed copy of the project when the git checks
    passed (so what is built is what is deployed), else the folder (the deploy step then
    reports why it cannot deploy)."""

    config_file: Path | None
    preflight: steps.Preflight | None = None
    error: BrandkitError | None = None


def _deploy(sources: Sources, quiet: bool) -> str:
    if sources.preflight is None:
        assert sources.error is not None
        raise sources.error
    committed = sources.config_file
    assert committed is not None  # set with the preflight, which passed
    deploy_plan = steps.plan(sources.preflight, force=False, config_file=committed)
    result = steps.push(deploy_plan, quiet=quiet)
    steps.keep_site(sources.preflight, committed)
    return result.summary()


def _announce(config_file: Path | None, enabled: bool) -> Outcome:
    if not enabled:
        return Outcome("announce", "skipped", "--no-announce")
    if not _newsletter.available():
        return Outcome("announce", "skipped", "this brandkit has no `newsletter` command")
    if not _newsletter.configured(steps.load(config_file)):
        return Outcome("announce", "skipped", "no senders or channels configured in mkdocs.yml")
    _newsletter.announce(config_file)
    return Outcome("announce", "ok", "`brandkit announce` finished")


@click.command()
@config_option
@click.option("--remote", default=None, help="Git remote to push to (default: origin).")
@click.option("--branch", default=None, help="Branch GitHub Pages serves (default: gh-pages).")
@click.option("--allow-dirty", is_flag=True, help="Publish with uncommitted content changes.")
@click.option(
    "--allow-placeholders",
    is_flag=True,
    help="Publish even though starter text from `brandkit new` is still in the site.",
)
@click.option("--no-announce", is_flag=True, help="Deploy, but do not announce new posts.")
@wait_option
@quiet_option
@each_warning_once
def publish(
    config_file: Path | None,
    remote: str | None,
    branch: str | None,
    allow_dirty: bool,
    allow_placeholders: bool,
    no_announce: bool,
    wait: float,
    quiet: bool,
) -> None:
    """Check, build, deploy to GitHub Pages, then announce new posts by email.

    Each step runs only if the one before succeeded: a broken post stops the build, a failed
    build deploys nothing, and nothing is announced unless the deploy succeeded. A summary of
    every step is printed at the end. No other brandkit command builds the site meanwhile (this
    one waits up to --wait seconds for one that is running).

    \b
    Examples:
      brandkit publish
      brandkit publish --no-announce
    """
    sources = Sources(config_file)
    actions: dict[str, Callable[[], Outcome]] = {
        "check": lambda: Outcome(
            "check",
            "ok",
            steps.run_check(sources.config_file, allow_placeholders=allow_placeholders),
        ),
        "build": lambda: Outcome(
            "build",
            "ok",
            steps.run_strict_build(sources.config_file, quiet=quiet, pre=sources.preflight),
        ),
        "deploy": lambda: Outcome("deploy", "ok", _deploy(sources, quiet)),
        "announce": lambda: _announce(config_file, not no_announce),
    }
    outcomes: list[Outcome] = []
    failed: Outcome | None = None
    try:
        project = steps.load(config_file)
    except BrandkitError:
        project = None  # a broken mkdocs.yml: the check step reports it in the summary
    with contextlib.ExitStack() as held:
        if project is not None:
            held.enter_context(locked(project, "publish", wait))
            try:
                sources.preflight = steps.preflight(
                    project, remote=remote, branch=branch, allow_dirty=allow_dirty
                )
                sources.config_file = held.enter_context(
                    steps.committed(sources.preflight, allow_dirty=allow_dirty)
                )
            except BrandkitError as exc:
                sources.preflight, sources.error = None, exc
        for name in STEPS:
            if failed is not None:
                outcomes.append(Outcome(name, "not run", f"{failed.step} failed"))
                continue
            click.echo(f"==> {name}", err=True)
            try:
                outcomes.append(actions[name]())
            except BrandkitError as exc:
                failed = Outcome(name, "FAILED", exc.message)
                outcomes.append(failed)
    click.echo("Summary:")
    for outcome in outcomes:
        first, *rest = outcome.detail.splitlines() or [""]
        click.echo(f"  {outcome.step:<9} {outcome.status:<8} {first}")
        for line in rest:
            click.echo(f"  {'':<9} {'':<8} {line}")
    if failed is not None:
        after = "the site was deployed but " if failed.step == "announce" else ""
        raise BrandkitError(
            f"publish stopped at {failed.step}: {after}"
            + (
                "the announcement failed."
                if failed.step == "announce"
                else "nothing was announced."
            )
        )
