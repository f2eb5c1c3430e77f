"""`brandkit serve`: MkDocs' live-reloading server with drafts and scheduled posts shown."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from brandkit.commands._common import config_option, mkdocs_logging


@click.command()
@config_option
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, metavar="IP:PORT")
@click.option("--open", "open_browser", is_flag=True, help="Open the site in a browser.")
@click.option(
    "--no-livereload",
    is_flag=True,
    help="Build once and serve; do not watch files or reload pages.",
)
@click.option("-v", "--verbose", is_flag=True, help="Also show what MkDocs does, step by step.")
def serve(
    config_file: Path | None,
    dev_addr: str,
    open_browser: bool,
    no_livereload: bool,
    verbose: bool,
) -> None:
    """Preview the site with live reload; drafts and future posts are shown (marked as drafts).

    \b
    Examples:
      brandkit serve                      # http://127.0.0.1:8000/
      brandkit serve --dev-addr 127.0.0.1:1313 --open
    """
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.exceptions import Abort

    from brandkit.errors import BrandkitError
    from brandkit.mkdocs.page_reuse import known_plugins
    from brandkit.mkdocs.project import load_project

    with mkdocs_logging(logging.INFO, verbose=verbose) as log:
        project = load_project(config_file)  # fail early with brandkit's messages
        # MkDocs' `serve --dirty` (rewrite only what changed, instead of deleting and writing the
        # whole site on every save) when brandkit knows every page an edit affects: with no
        # plugin but search and brandkit (`mkdocs.page_reuse`, `mkdocs.serve_updates`).
        log.docs = project.relative(project.docs_dir)
        # MkDocs' notice that a dirty build may leave links stale does not apply: brandkit
        # rebuilds every page an edit affects (brandkit.mkdocs.messages never shows it).
        dirty = known_plugins(project.mkdocs_config)
        try:
            mkdocs_serve(
                config_file=str(project.config_file),
                livereload=not no_livereload,
                build_type="dirty" if dirty else None,
                dev_addr=dev_addr,
                open_in_browser=open_browser,
            )
        except Abort as exc:
            raise BrandkitError("\n".join([*log.errors, str(exc)])) from exc
