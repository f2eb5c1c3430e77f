"""Run pure functions over many items in worker processes, when there are enough to pay off.

Workers end with the process that started them, even when it is killed (`parent_watch`).

Workers are started with "spawn" unless the caller knows forking is safe: brandkit may run inside
a threaded server (mkdocs serve), where forking is unsafe; `brandkit build` has no other thread and
forks them (no interpreter to start, no module to import again). If processes cannot be used (no
permission, unpicklable arguments) the work is done in this process instead, with the same results.
"""

from __future__ import annotations

import collections
import concurrent.futures
import functools
import gc
import itertools
import logging
import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import Any

from brandkit.render.parent_watch import die_with_parent

MAX_WORKERS = 4
MIN_CHUNK = 2  # items: the last chunks of a job
log = logging.getLogger("mkdocs.plugins.brandkit")


def workers() -> int:
    """Processes to use: the available cores (at most 4), or BRANDKIT_WORKERS if set (1 = none)."""
    configured = os.environ.get("BRANDKIT_WORKERS", "")
    if configured.isdigit() and int(configured) > 0:
        return min(int(configured), MAX_WORKERS)
    return min(len(os.sched_getaffinity(0)), MAX_WORKERS)


Job = tuple[Callable[[list[Any]], list[Any]], Sequence[Any]]
_POOL_ERRORS = (OSError, RuntimeError, TypeError, AttributeError, ImportError)


def _nothing() -> None:
    """A task that makes the pool start its workers."""


class Pool:
    """`workers() - 1` worker processes, which may be started (`start`) well before there is work
    for them, so that starting them, and `warm` in each (imports, setup), overlaps other work."""

    def __init__(self, *, fork: bool = False, warm: Callable[[], None] | None = None) -> None:
        self.count = workers()
        self.fork = fork and hasattr(os, "fork")
        self.warm = warm
        self._executor: concurrent.futures.ProcessPoolExecutor | None = None

    def start(self) -> None:
        if self._executor is not None or self.count < 2:
            return
        if self.fork:
            # Objects that exist now stay out of garbage collection in both processes: a
            # collection would write to every one of them, copying in the worker every memory
            # page it shares with this process. `brandkit build` unfreezes them at the end.
            gc.freeze()
        steps: list[Callable[[], None]] = [functools.partial(die_with_parent, os.getpid())]
        if self.warm is not None:
            steps.append(self.warm)
        try:
            context = multiprocessing.get_context("fork" if self.fork else "spawn")
            self._executor = concurrent.futures.ProcessPoolExecutor(
                self.count - 1, mp_context=context, initializer=functools.partial(call_all, steps)
            )
            self._executor.submit(_nothing)
        except _POOL_ERRORS as exc:
            log.debug("worker processes unavailable (%s); working in this process", exc)
            self.count = 1

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown()
            self._executor = None

    def run(self, jobs: Sequence[Job], *, parallel: bool = True) -> list[list[Any]]:
        """Several `process_map`s at once: each job is a function taking a chunk of its items.

        The chunks of all jobs are interleaved and shared by the workers and this process (one
        worker fewer to start and to hold in memory), which take them in order. Chunks shrink
        towards the end, so that nobody waits long for another's last one. Returns each job's
        results in order."""
        if parallel:
            self.start()
        if not parallel or self._executor is None:
            return _serially(jobs)
        per_job = []
        for index, (fn, items) in enumerate(jobs):
            chunks = []
            start = 0
            while start < len(items):
                # A share of what is left ("guided" scheduling): big chunks first, few tasks.
                size = max(MIN_CHUNK, -(-(len(items) - start) // (2 * self.count)))
                chunks.append((index, fn, list(items[start : start + size])))
                start += size
            per_job.append(chunks)
        # Round-robin between jobs, in order within each job.
        tasks = [t for group in itertools.zip_longest(*per_job) for t in group if t is not None]
        done: list[list[Any] | None] = [None] * len(tasks)
        try:
            waiting = collections.deque(range(len(tasks)))
            running: dict[concurrent.futures.Future[list[Any]], int] = {}
            while waiting or running:
                while waiting and len(running) < 2 * (self.count - 1):
                    i = waiting.popleft()
                    running[self._executor.submit(tasks[i][1], tasks[i][2])] = i
                if waiting:
                    i = waiting.popleft()
                    done[i] = tasks[i][1](tasks[i][2])
                else:
                    concurrent.futures.wait(running, return_when=concurrent.futures.FIRST_COMPLETED)
                for future in [f for f in running if f.done()]:
                    done[running.pop(future)] = future.result()
        except _POOL_ERRORS as exc:
            log.debug("worker processes unavailable (%s); working in this process", exc)
            self.close()
            self.count = 1
            return _serially(jobs)
        results: list[list[Any]] = [[] for _ in jobs]
        for (index, _, _), result in zip(tasks, done, strict=True):
            assert result is not None
            results[index].extend(result)
        return results


def run_jobs(jobs: Sequence[Job], *, parallel: bool = True) -> list[list[Any]]:
    """`Pool.run` with spawned workers started for these jobs alone."""
    pool = Pool()
    try:
        return pool.run(jobs, parallel=parallel)
    finally:
        pool.close()


def call_all(functions: Sequence[Callable[[], None]]) -> None:
    """Call each of `functions`: several `warm` steps as one (picklable) function."""
    for function in functions:
        function()


def _serially(jobs: Sequence[Job]) -> list[list[Any]]:
    return [fn(list(items)) if items else [] for fn, items in jobs]
