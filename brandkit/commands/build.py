"""`brandkit build`: the whole site, through MkDocs, into a fresh site directory."""

from __future__ import annotations

import contextlib
import gc
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from brandkit import staging
from brandkit.commands._common import config_option, mkdocs_logging, output_options
from brandkit.commands._lock import locked, wait_option
from brandkit.commands._progress import reporting
from brandkit.errors import BrandkitError
from brandkit.progress import SILENT, Progress
from brandkit.site_lock import DEFAULT_WAIT
from brandkit.text import count


@dataclass
class BuildResult:
    site_dir: Path
    pages: int
    posts: int
    hidden: int
    feeds: int
    rendered: int
    cached: int
    seconds: float
    warnings: int = 0
    portfolio: Any = None  # brandkit.portfolio.Portfolio, for `check`'s summary
    project: Any = None  # brandkit.project.Project that was built

    def summary(self) -> str:
        hidden = (
            f", {count(self.hidden, 'draft or scheduled post', 'drafts or scheduled posts')} "
            "left out"
            if self.hidden
            else ""
        )
        warnings = f"; {count(self.warnings, 'warning')} (above)" if self.warnings else ""
        return (
            f"Built {count(self.pages, 'page')} ({count(self.posts, 'post')}{hidden}) and "
            f"{count(self.feeds, 'feed')} "
            f"in {self.seconds:.2f}s -> {self.site_dir}/ "
            f"[{self.rendered} rendered, {self.cached} from cache]{warnings}"
        )


def run_build(
    config_file: Path | None = None,
    *,
    site_dir: str | None = None,
    strict: bool = False,
    drafts: bool = False,
    wait: float | None = DEFAULT_WAIT,
    progress: Progress = SILENT,
    verbose: bool = False,
    publish: bool = True,
    command: str = "build",
    cache_dir: Path | None = None,
    previous_site: Path | None = None,
) -> BuildResult:
    """Build the site; on any failure the previous site directory is left untouched. `progress`
    hears of each stage; `verbose` shows MkDocs' own steps too.

    Holds the site lock (brandkit.site_lock) throughout, waiting up to `wait` seconds for it.
    With `publish=False` (`check`) the build runs every check and is then thrown away: the
    site directory is not touched.

    `cache_dir` and `previous_site` are for a build in another folder that stands for the
    project (deploy's committed copy): the project's cache, and the live site the result will
    replace (whose unchanged cards and feeds it may keep)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import Abort

    from brandkit.mkdocs.project import load_project

    start = time.perf_counter()
    with mkdocs_logging(verbose=verbose) as log, contextlib.ExitStack() as held:
        progress.stage("reading mkdocs.yml")
        project = load_project(config_file, site_dir=site_dir, strict=strict, cache_dir=cache_dir)
        log.docs = project.relative(project.docs_dir)
        held.enter_context(locked(project, command, wait))
        cfg = project.mkdocs_config
        plugin = cfg.plugins["brandkit"]
        plugin.progress = progress
        plugin.config.drafts = drafts or plugin.config.drafts
        final = Path(cfg["site_dir"])
        # Unchanged cards and feeds may be kept from the live site (`check` publishes nothing).
        plugin.previous_site = (previous_site or final) if publish else None
        # Build in a folder of its own next to the real site dir and swap at the end: a failed
        # or killed build never leaves a half-written site behind for `deploy` to publish.
        staging.clean_leftovers(final)
        building = staging.new_staging(final)
        cfg["site_dir"] = str(building)
        try:
            cfg.plugins.on_startup(command="build", dirty=False)
            mkdocs_build(cfg)
        except Abort as exc:
            shutil.rmtree(building, ignore_errors=True)
            details = "\n".join(log.errors)
            reason = str(exc)
            if "strict mode" in reason:
                # MkDocs says "Aborted with 1 warnings in strict mode!"; brandkit counts its own.
                found = count(log.warnings, "warning") if log.warnings else "a warning"
                them = "it" if log.warnings <= 1 else "them"
                reason = (
                    f"stopped by {found} in strict mode (listed above): fix {them} or build "
                    "without --strict. The previous site was left as it was."
                )
            elif details and reason == "Aborted with a BuildError!":
                # MkDocs' own words add nothing to brandkit's message, which says what to fix.
                raise BrandkitError(details) from exc
            raise BrandkitError(f"{details}\n{reason}" if details else reason) from exc
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            raise
        finally:
            cfg["site_dir"] = str(final)
            cfg.plugins.on_shutdown()
            gc.unfreeze()  # frozen before forking worker processes (render.pool)
        if publish:
            staging.publish(building, final)
        else:
            shutil.rmtree(building, ignore_errors=True)
    stats = plugin.stats
    return BuildResult(
        site_dir=Path(project.relative(final)),
        pages=stats.pages,
        posts=stats.posts,
        hidden=stats.hidden,
        feeds=stats.feeds,
        rendered=stats.rendered,
        cached=stats.cached,
        seconds=time.perf_counter() - start,
        warnings=log.warnings,
        portfolio=plugin.portfolio,
        project=project,
    )


@click.command()
@config_option
@click.option("-d", "--site-dir", default=None, help="Output directory (default: site/).")
@click.option("-s", "--strict", is_flag=True, help="Fail on any warning (unknown keys, bad links).")
@click.option("--drafts", is_flag=True, help="Include drafts and posts dated in the future.")
@wait_option
@output_options
def build(
    config_file: Path | None,
    site_dir: str | None,
    strict: bool,
    drafts: bool,
    wait: float,
    quiet: bool,
    verbose: bool,
) -> None:
    """Build the site: posts, listings, feeds and pages into site/.

    Works offline and never writes into your content folder. The previous site/ is replaced only
    when the build succeeds. One brandkit command at a time builds a site: while another one
    (build, serve, deploy, publish) holds it, this one waits up to --wait seconds.

    \b
    Examples:
      brandkit build
      brandkit build --strict --site-dir public
      brandkit build --drafts --quiet
    """
    with reporting("Building", quiet=quiet) as progress:
        result = run_build(
            config_file,
            site_dir=site_dir,
            strict=strict,
            drafts=drafts,
            wait=wait,
            progress=progress,
            verbose=verbose,
        )
    click.echo(result.summary())
