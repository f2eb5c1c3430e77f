"""What `brandkit serve` does so that MkDocs' dirty rebuilds (`mkdocs serve --dirty`: only files
MkDocs finds modified are written again) give the same site a fresh server would.

MkDocs decides with `File.is_modified()`: a file it reads from disk is modified when the site's
copy is older than the source; a file whose content a plugin set in memory always is. So:

- brandkit's own pages are generated or given to MkDocs in memory, so they are always rendered,
  unless `page_reuse` publishes a cached copy, which MkDocs copies only when it is newer than
  the site's (a page whose fingerprint changed gets a new cache file);
- the user's pages show the navigation and the latest posts, which change without their source
  changing: they are given to MkDocs in memory too (`File.content_bytes`), so they are rendered
  on every rebuild (they are few);
- files a rebuild no longer makes (a deleted post, a tag nobody uses any more, a feed, a card, a
  deleted page of the user's) are removed: each rebuild records every file it made, and removes
  those the one before made and it did not.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from mkdocs.structure.files import Files, InclusionLevel


def render_every_time(files: Files) -> None:
    """Make MkDocs render the user's pages on every dirty rebuild."""
    for file in files.documentation_pages():
        if file.abs_src_path is not None:
            file.content_bytes = file.content_bytes


class Outputs:
    """The site files one rebuild made, to remove those the next one no longer makes."""

    def __init__(self) -> None:
        self.previous: set[str] = set()

    def sweep(self, site_dir: Path, files: Files, extras: Iterable[str]) -> None:
        made = {f.dest_uri for f in files if f.inclusion != InclusionLevel.EXCLUDED} | set(extras)
        for stale in sorted(self.previous - made):
            target = site_dir / stale
            if target.is_file():
                target.unlink()
        self.previous = made
