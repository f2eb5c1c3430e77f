"""`kill -9` of a build leaves no worker process behind, whatever it was doing at the time."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from brandkit.render.markdown import PARALLEL_MIN
from tests.conftest import write_post

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")


def _parents() -> dict[int, int]:
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            found[int(entry.name)] = int(stat.rpartition(")")[2].split()[1])
    return found


def _descendants(pid: int) -> set[int]:
    parents = _parents()
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has ended; only its parent (now init) has yet to reap it


@pytest.fixture
def big_blog(site: Path) -> Path:
    for n in range(PARALLEL_MIN * 2):
        write_post(
            site,
            f"p{n:03d}.md",
            f"id: urn:uuid:{n:08d}-7777-4000-8000-000000000000\ntitle: Post {n}\n"
            f"date: 2024-01-01T00:{n % 60:02d}:00+00:00\ntags: [t{n % 5}, all]",
            f"## Heading {n}\n\n" + "Some words here. " * 200 + "\n\n```python\nprint(1)\n```\n",
        )
    return site


# When to kill: at a fixed time after the start (before, during or after the workers), or a
# moment after the n-th worker process has appeared. Fixed times alone depend on the machine's
# speed (CI once hit a worker with one of six), so the worker-relative kills make sure at least
# two happen while workers run, wherever they fall in the build.
KILLS: list[tuple[str, float, int]] = [
    ("after", 0.05, 0),
    ("worker", 0.0, 1),
    ("worker", 0.15, 1),
    ("worker", 0.0, 2),
    ("after", 0.8, 0),
    ("after", 2.0, 0),
]


@pytest.mark.slow
def test_kill_9_of_a_cold_build_leaves_no_worker_behind(big_blog: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "BRANDKIT_WORKERS"}
    env["BRANDKIT_WORKERS"] = "2"
    killed_with_children = 0
    for kind, seconds, nth in KILLS:
        shutil.rmtree(big_blog / ".cache", ignore_errors=True)
        build = subprocess.Popen(
            [sys.executable, "-m", "brandkit", "build"],
            cwd=big_blog,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        start = time.monotonic()
        children: set[int] = set()
        armed_at = start if kind == "after" else None
        while build.poll() is None:
            children |= _descendants(build.pid)
            if armed_at is None and len(children) >= nth:
                armed_at = time.monotonic()
            if armed_at is not None and time.monotonic() - armed_at >= seconds:
                break
            time.sleep(0.01)
        children |= _descendants(build.pid)
        if build.poll() is None:
            build.send_signal(signal.SIGKILL)
            if any(_alive(c) for c in children):
                killed_with_children += 1
        build.wait()
        deadline = time.monotonic() + 10
        while any(_alive(c) for c in children) and time.monotonic() < deadline:
            time.sleep(0.05)
        left = [c for c in children if _alive(c)]
        for pid in left:  # do not leave them running if the test fails
            os.kill(pid, signal.SIGKILL)
        assert left == [], f"orphaned after kill -9 ({kind} {seconds} s, worker {nth}): {left}"
    assert killed_with_children >= 2, "the build was never killed while its workers ran"
