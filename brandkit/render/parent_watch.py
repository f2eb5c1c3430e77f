"""Worker processes end when the process that started them ends, however it ends.

A worker forked or spawned by a build would otherwise outlive a `kill -9` of the build, blocked
forever on a queue that nobody writes to any more. On Linux the kernel is asked to kill the
worker when its parent dies (`prctl(PR_SET_PDEATHSIG, SIGKILL)`, see prctl(2)); elsewhere, or if
that fails, a thread in the worker checks every half second whether its parent has changed (an
orphan is adopted by another process).
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def die_with_parent(parent_pid: int) -> None:
    """In a child process: end this process as soon as `parent_pid` (its parent) ends."""
    if sys.platform.startswith("linux") and _ask_kernel():
        if os.getppid() != parent_pid:  # the parent died before the request took effect
            os._exit(1)
        return
    threading.Thread(target=_watch, args=(parent_pid,), daemon=True).start()


def _ask_kernel() -> bool:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def _watch(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(0.5)
    os._exit(1)
