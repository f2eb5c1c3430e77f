"""One brandkit command at a time per site: the lock that `build`, `serve`, `deploy` and `publish`
take before they touch the site directory or the cache.

The lock is a `filelock.FileLock` on `site.lock` in the project's cache folder (the cache is what
every build of the project shares, whatever its site directory). The operating system releases it
when its holder dies, so a killed build never leaves a stale lock; filelock also lets go of it in
forked workers, so a worker left behind by a killed build does not hold it either. Whoever holds
the lock writes who it is next to it (`site.lock.holder`), so a second command can say whom it is
waiting for.

A command that already holds the lock may take it again (`deploy` runs a build): the same lock
object is reused and counts its holders.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from brandkit.errors import BrandkitError
from brandkit.files import replace_file

LOCK_NAME = "site.lock"
DEFAULT_WAIT = 300.0  # seconds a command waits for another one before it gives up


class SiteBusyError(BrandkitError):
    """Another brandkit command held the site for longer than this one would wait."""


def lock_path(cache_dir: Path) -> Path:
    return cache_dir / LOCK_NAME


def _holder_path(lock_file: Path) -> Path:
    return lock_file.with_name(lock_file.name + ".holder")


def holder(lock_file: Path) -> str:
    """Who holds the lock, as the user should read it ("brandkit build, pid 41, since 09:12:03")."""
    try:
        data = json.loads(_holder_path(lock_file).read_text(encoding="utf-8"))
        started = time.strftime("%H:%M:%S", time.localtime(float(data["since"])))
        return f"brandkit {data['command']}, pid {int(data['pid'])}, since {started}"
    except (OSError, ValueError, KeyError, TypeError):
        return "another brandkit command"


@contextlib.contextmanager
def site_lock(
    cache_dir: Path,
    command: str,
    *,
    wait: float | None = DEFAULT_WAIT,
    notify: Callable[[str], None] | None = None,
) -> Iterator[None]:
    """Hold the site's lock for the body of the `with`.

    When another command holds it, `notify` is told once whom this one waits for; after `wait`
    seconds (None: for ever, 0: not at all) SiteBusyError says so in one line."""
    path = lock_path(cache_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(path, is_singleton=True)
    outermost = not lock.is_locked
    try:
        lock.acquire(timeout=0)
    except Timeout:
        who = holder(path)
        if wait == 0:
            raise SiteBusyError(_busy(who, command, wait)) from None
        if notify is not None:
            limit = "" if wait is None else f", up to {wait:g} s"
            notify(f"waiting for another build of this site to finish ({who}){limit}...")
        try:
            lock.acquire(timeout=-1 if wait is None else wait)
        except Timeout:
            raise SiteBusyError(_busy(holder(path), command, wait)) from None
    try:
        if outermost:
            _write_holder(path, command)
        yield
    finally:
        if outermost:
            _holder_path(path).unlink(missing_ok=True)
        lock.release()


def _write_holder(path: Path, command: str) -> None:
    record = {"command": command, "pid": os.getpid(), "since": time.time()}
    target = _holder_path(path)
    replace_file(target, json.dumps(record))


def _busy(who: str, command: str, wait: float | None) -> str:
    still = f" still running after {wait:g} s" if wait else " running"
    return (
        f"another build of this site is{still} ({who}): run `brandkit {command}` again when it "
        "has finished, or pass --wait SECONDS to wait for it."
    )
