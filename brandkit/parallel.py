"""Run a pure function over many items in worker processes, when there are enough to pay off.

Workers are started with "spawn": brandkit may run inside a threaded server (mkdocs serve), where
forking is unsafe. If processes cannot be used (no permission, unpicklable arguments) the work is
done in this process instead, with the same results.
"""

from __future__ import annotations

import concurrent.futures
import logging
import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MAX_WORKERS = 4
log = logging.getLogger("mkdocs.plugins.brandkit")


def workers() -> int:
    """Processes to use: the available cores (at most 4), or BRANDKIT_WORKERS if set (1 = none)."""
    configured = os.environ.get("BRANDKIT_WORKERS", "")
    if configured.isdigit() and int(configured) > 0:
        return min(int(configured), MAX_WORKERS)
    return min(len(os.sched_getaffinity(0)), MAX_WORKERS)


def process_map(
    fn: Callable[[list[T]], list[R]],
    items: Sequence[T],
    *,
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
) -> list[R]:
    """`fn` takes a chunk of items and returns one result per item, in order."""
    count = workers()
    if count < 2 or len(items) < 2:
        if initializer is not None:
            initializer(*initargs)
        return fn(list(items))
    size = -(-len(items) // (count * 4))
    chunks = [list(items[i : i + size]) for i in range(0, len(items), size)]
    try:
        with concurrent.futures.ProcessPoolExecutor(
            count,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=initializer,
            initargs=initargs,
        ) as pool:
            results = list(pool.map(fn, chunks))
    except (OSError, RuntimeError, TypeError, AttributeError, ImportError) as exc:
        log.debug("worker processes unavailable (%s); working in this process", exc)
        if initializer is not None:
            initializer(*initargs)
        return fn(list(items))
    return [result for chunk in results for result in chunk]
