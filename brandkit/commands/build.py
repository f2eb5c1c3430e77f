"""`brandkit build`: the whole site, through MkDocs, into a fresh site directory."""

from __future__ import annotations

import gc
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import click

from brandkit.commands._common import config_option, mkdocs_logging
from brandkit.errors import BrandkitError
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

    def summary(self) -> str:
        hidden = f", {self.hidden} drafts/scheduled left out" if self.hidden else ""
        return (
            f"Built {count(self.pages, 'page')} ({count(self.posts, 'post')}{hidden}) and "
            f"{count(self.feeds, 'feed')} "
            f"in {self.seconds:.2f}s -> {self.site_dir}/ "
            f"[{self.rendered} rendered, {self.cached} from cache]"
        )


def run_build(
    config_file: Path | None = None,
    *,
    site_dir: str | None = None,
    strict: bool = False,
    drafts: bool = False,
) -> BuildResult:
    """Build the site; on any failure the previous site directory is left untouched."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import Abort

    from brandkit.project import load_project

    start = time.perf_counter()
    with mkdocs_logging() as log:
        project = load_project(config_file, site_dir=site_dir, strict=strict)
        cfg = project.mkdocs_config
        plugin = cfg.plugins["brandkit"]
        plugin.config.drafts = drafts or plugin.config.drafts
        final = Path(cfg["site_dir"])
        # Build next to the real site dir and swap at the end: a failed build never leaves a
        # half-written site behind for `deploy` to publish.
        staging = final.with_name(f".{final.name}.building")
        shutil.rmtree(staging, ignore_errors=True)
        cfg["site_dir"] = str(staging)
        try:
            cfg.plugins.on_startup(command="build", dirty=False)
            mkdocs_build(cfg)
        except Abort as exc:
            shutil.rmtree(staging, ignore_errors=True)
            details = "\n".join(log.errors)
            reason = str(exc)
            if "strict mode" in reason:
                reason += " (the warnings are listed above; fix them or build without --strict)"
            elif details and reason == "Aborted with a BuildError!":
                # MkDocs' own words add nothing to brandkit's message, which says what to fix.
                raise BrandkitError(details) from exc
            raise BrandkitError(f"{details}\n{reason}" if details else reason) from exc
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        finally:
            cfg["site_dir"] = str(final)
            cfg.plugins.on_shutdown()
            gc.unfreeze()  # frozen before forking worker processes (render.pool)
    _swap(staging, final)
    stats = plugin.stats
    return BuildResult(
        site_dir=_shown(final, project.root),
        pages=stats.pages,
        posts=stats.posts,
        hidden=stats.hidden,
        feeds=stats.feeds,
        rendered=stats.rendered,
        cached=stats.cached,
        seconds=time.perf_counter() - start,
    )


def _swap(staging: Path, final: Path) -> None:
    old = final.with_name(f".{final.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        final.rename(old)
    staging.rename(final)
    shutil.rmtree(old, ignore_errors=True)


def _shown(path: Path, root: Path) -> Path:
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


@click.command()
@config_option
@click.option("-d", "--site-dir", default=None, help="Output directory (default: site/).")
@click.option("-s", "--strict", is_flag=True, help="Fail on any warning (unknown keys, bad links).")
@click.option("--drafts", is_flag=True, help="Include drafts and posts dated in the future.")
def build(config_file: Path | None, site_dir: str | None, strict: bool, drafts: bool) -> None:
    """Build the site: posts, listings, feeds and pages into site/.

    Works offline and never writes into your content folder. The previous site/ is replaced only
    when the build succeeds.

    \b
    Examples:
      brandkit build
      brandkit build --strict --site-dir public
    """
    result = run_build(config_file, site_dir=site_dir, strict=strict, drafts=drafts)
    click.echo(result.summary())
