"""Run a command and measure its wall time and the peak memory of its whole process tree.

Memory is sampled every `INTERVAL` seconds from /proc (Linux): every process whose ancestry leads
to the command counts, so worker processes (forked or spawned) are included while they run.
Two sums are kept per sample:

- RSS: each process's resident set size, added up. Pages shared between processes (a forked
  child's copy-on-write pages, shared libraries) are counted once per process, so this
  over-counts a multi-process program: an upper bound.
- PSS: each process's proportional set size (/proc/PID/smaps_rollup), added up. A page shared by
  k processes counts 1/k in each, so the sum is the memory the tree really occupies.

The larger of the sampled RSS sum and the kernel's own `ru_maxrss` of the command (its largest
single process, from wait4) is reported as "peak RSS", so a peak between two samples of a
single-process program is not missed.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

INTERVAL = 0.05
PAGE = os.sysconf("SC_PAGE_SIZE")
MIB = 1024 * 1024


@dataclass
class Measurement:
    seconds: float
    peak_rss_mib: float  # summed over the tree (upper bound)
    peak_pss_mib: float  # summed over the tree (shared pages split)
    max_single_rss_mib: float  # the largest process alone (kernel ru_maxrss)
    cpu_s: float  # user + system time of the command and every process it waited for
    returncode: int
    output: str


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        # The command name may contain spaces and parentheses: split after the last ')'.
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    return children


def tree(root: int) -> list[int]:
    children = _children_map()
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, ()))
    return found


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            return int(fh.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def _pss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            for line in fh:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


class TreeSampler(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_rss = 0
        self.peak_pss = 0
        self.samples = 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            pids = tree(self.pid)
            self.peak_rss = max(self.peak_rss, sum(_rss(p) for p in pids))
            self.peak_pss = max(self.peak_pss, sum(_pss(p) for p in pids))
            self.samples += 1
            self._done.wait(INTERVAL)

    def stop(self) -> None:
        self._done.set()
        self.join()


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> Measurement:
    start = time.perf_counter()
    process = subprocess.Popen(
        cmd,
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    sampler = TreeSampler(process.pid)
    sampler.start()
    assert process.stdout is not None
    output = process.stdout.read()  # until the command (and anything holding its pipe) ends
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    sampler.stop()
    single = usage.ru_maxrss * 1024
    return Measurement(
        seconds=seconds,
        peak_rss_mib=max(sampler.peak_rss, single) / MIB,
        peak_pss_mib=sampler.peak_pss / MIB,
        max_single_rss_mib=single / MIB,
        cpu_s=usage.ru_utime + usage.ru_stime,
        returncode=process.returncode,
        output=output.decode("utf-8", "replace"),
    )
