"""Build brandkit's pages in two processes during `brandkit build`.

MkDocs renders pages one after another, and on a large blog the Jinja rendering of
mkdocs-material's templates is most of a warm build. brandkit owns its post and listing pages, so
during a `brandkit build` (never `serve`) a forked child renders them too, with the same
configuration, navigation and Jinja environment, while MkDocs renders them in its own order. Each
page goes to whichever process claims it first in a table both share: MkDocs takes them from the
front, the child (after its own work, the feeds) from the back, so both finish together however
long each page or the child's work takes.

This uses MkDocs' private `_build_page`, and so only runs when the plugins in use are ones known
to keep no per-page state that the child would lose (search and brandkit); otherwise the build is
sequential. The child sends back the SEO entries of its pages and how many warnings it logged,
so sitemaps stay complete and `--strict` still fails on a warning.
"""

from __future__ import annotations

import functools
import gc
import logging
import mmap
import multiprocessing
import os
import pickle
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger("mkdocs.plugins.brandkit")

# Plugins known to keep no per-page state a forked child would lose.
SAFE_PLUGINS = frozenset({"search", "material/search", "brandkit"})


def known_plugins(config: Any) -> bool:
    """Whether the plugins are only those known to keep no per-page state and to change neither
    what a page's context holds nor the template environment (search and brandkit)."""
    return set(config.plugins.keys()) <= SAFE_PLUGINS


MIN_PAGES = 200


@dataclass
class ChildResult:
    error: str | None = None
    warnings: int = 0
    sitemap: dict[str, Any] = field(default_factory=dict)
    other_pages: dict[str, Any] = field(default_factory=dict)
    records: dict[str, Any] = field(default_factory=dict)


class _Count(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def can_split(config: Any, pages: int) -> bool:
    from brandkit.render.pool import workers

    return hasattr(os, "fork") and workers() > 1 and pages >= MIN_PAGES and known_plugins(config)


class Claims:
    """Which process builds each of `count` pages: a byte per page in memory shared with a forked
    child (0: nobody yet), changed under a lock shared the same way."""

    def __init__(self, count: int) -> None:
        self.table = mmap.mmap(-1, max(count, 1))
        self.lock = multiprocessing.get_context("fork").Lock()
        self.me = 1  # 2 in the child

    def take(self, index: int) -> bool:
        """Claim page `index` for this process unless the other one has: whether it is ours."""
        with self.lock:
            if self.table[index] == 0:
                self.table[index] = self.me
            return self.table[index] == self.me


class PageSplitter:
    """Forks a child that builds some of `files` while the parent (MkDocs) builds the rest."""

    def __init__(self) -> None:
        self.pid: int | None = None
        self.read_fd: int | None = None

    def start(
        self,
        files: Sequence[Any],
        all_files: Any,
        config: Any,
        nav: Any,
        env: Any,
        seo: Any,
        first: Callable[[], None] | None = None,
    ) -> None:
        """Share `files` (in the order MkDocs builds them) with a child process, which runs
        `first` (work whose results it leaves on disk) and then builds pages from the end."""
        claims = Claims(len(files))
        for index, file in enumerate(files):
            # MkDocs (in a dirty build) asks each page whether to build it, just before.
            file.is_modified = functools.partial(claims.take, index)
        read_fd, write_fd = os.pipe()
        # Objects that exist now stay out of garbage collection in both processes: a collection
        # would walk (and so write to) every one of them, copying in the child every memory page
        # it shares with this process, and costing either process a tenth of a second each time.
        # The build ends soon after; `run_build` lets them be collected again.
        gc.freeze()
        pid = os.fork()
        if pid == 0:  # the child: build, report, and leave without running any cleanup
            os.close(read_fd)
            claims.me = 2
            result = ChildResult()
            counter = _Count()
            logging.getLogger("mkdocs").addHandler(counter)
            try:
                from mkdocs.commands.build import _build_page

                if first is not None:
                    first()
                doc_files = all_files.documentation_pages()
                for index in reversed(range(len(files))):
                    if claims.take(index):
                        _build_page(files[index].page, config, doc_files, nav, env)
                result.sitemap = dict(seo.sitemap)
                result.other_pages = dict(seo.other_pages)
                result.records = dict(seo.records)
            except BaseException:
                result.error = traceback.format_exc(limit=3)
            result.warnings = counter.count
            with os.fdopen(write_fd, "wb") as fh:
                fh.write(pickle.dumps(result))
            os._exit(0)
        os.close(write_fd)
        self.pid, self.read_fd = pid, read_fd

    def finish(self) -> ChildResult | None:
        if self.pid is None or self.read_fd is None:
            return None
        with os.fdopen(self.read_fd, "rb") as fh:
            data = fh.read()
        _, status = os.waitpid(self.pid, 0)
        self.pid = self.read_fd = None
        if not data:
            return ChildResult(error=f"the page-building process died (status {status})")
        result: ChildResult = pickle.loads(data)
        return result
