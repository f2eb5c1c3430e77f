"""Work a build hands to a second process while MkDocs renders the pages: the feeds and the posts'
search entries, written into the cache (brandkit's own code only; nothing of MkDocs runs there).

During `brandkit build` (no other thread runs then) the process is forked once everything is
read and rendered, so it starts with the site model in memory; the plugin waits for it before
publishing what it wrote (`join`), and does whatever it did not do itself. The process ends
with its parent, even if the build is killed (`render.parent_watch`).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable

from brandkit.render.parent_watch import die_with_parent

log = logging.getLogger("mkdocs.plugins.brandkit")


def _run(parent: int, work: Callable[[], None]) -> None:
    die_with_parent(parent)
    work()


class Background:
    def __init__(self) -> None:
        self.process: multiprocessing.process.BaseProcess | None = None

    def start(self, work: Callable[[], None]) -> None:
        context = multiprocessing.get_context("fork")
        try:
            process = context.Process(target=_run, args=(os.getpid(), work), daemon=True)
            process.start()
        except OSError as exc:
            log.debug("no second process (%s): the feeds are written after the pages", exc)
            return
        self.process = process

    def join(self) -> None:
        """Wait for the work to end (the caller redoes whatever it did not finish)."""
        process, self.process = self.process, None
        if process is not None:
            process.join()
            if process.exitcode:
                log.debug("background work ended with %s; done again here", process.exitcode)

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is not None and process.is_alive():
            process.kill()
            process.join()
