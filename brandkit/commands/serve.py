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
    from brandkit.mkdocs.project import load_project

    with mkdocs_logging(logging.INFO, verbose=verbose) as log:
        project = load_project(config_file)  # fail early with brandkit's messages
        log.docs = project.relative(project.docs_dir)
        try:
            mkdocs_serve(
                config_file=str(project.config_file),
                livereload=not no_livereload,
                dev_addr=dev_addr,
                open_in_browser=open_browser,
                # Dirty builds let brandkit rebuild only the pages an edit affects (listings,
                # neighbours, series and feeds included): see BrandkitPlugin._select_dirty_pages.
                build_type="dirty",
            )
        except Abort as exc:
            raise BrandkitError("\n".join([*log.errors, str(exc)])) from exc
