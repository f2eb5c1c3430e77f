"""A build killed with SIGKILL at any moment leaves site/ as the old site or the new one, never
half of one, and the next build is correct and removes what the killed one left behind."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.sitetree import brandkit, clean_build, differences, tree
from tests.test_site_lock import add_posts

# When a build is killed, as a share of how long a cold build takes on this machine: while
# Python starts, while posts are read and rendered (in worker processes), while pages are
# written, and near the swap.
KILL_AT = (0.1, 0.25, 0.4, 0.55, 0.7, 0.85, 0.95)


def set_version(root: Path, version: int) -> None:
    post = root / "content/posts/post-003.md"
    text = post.read_text()
    post.write_text(
        text.replace("Post 3 &", "Post three &")
        if version
        else text.replace("Post three &", "Post 3 &")
    )


def test_killed_builds_leave_the_old_or_the_new_site(site: Path, tmp_path: Path) -> None:
    add_posts(site, 80)
    versions = []
    for version in (0, 1):
        set_version(site, version)
        start = time.monotonic()
        versions.append(clean_build(site, tmp_path / f"clean-{version}"))
        cold = time.monotonic() - start
    assert differences(versions[0], versions[1])  # the edit changes the site
    set_version(site, 0)
    proc = brandkit(site, "build")
    assert proc.returncode == 0, proc.stderr
    interrupted = 0
    for round_, share in enumerate(KILL_AT):
        delay = share * cold
        before = tree(site / "site")
        after = versions[(round_ + 1) % 2]
        set_version(site, (round_ + 1) % 2)
        # A cold build each time (cache removed), so that the kill lands in real work.
        shutil.rmtree(site / ".cache", ignore_errors=True)
        build = subprocess.Popen(
            [sys.executable, "-m", "brandkit", "build"],
            cwd=site,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its workers share its process group, for the cleanup
        )
        time.sleep(delay)
        os.kill(build.pid, signal.SIGKILL)  # the build itself, as `kill -9 PID` would
        build.wait(timeout=60)
        now = tree(site / "site")
        # Workers a killed build leaves behind are not this test's subject (issue 13, item 7).
        with contextlib.suppress(ProcessLookupError):
            os.killpg(build.pid, signal.SIGKILL)
        assert now in (before, after), f"half a site after {delay} s: {differences(now, after)[:5]}"
        interrupted += now == before
        proc = brandkit(site, "build")  # the next build is correct and cleans up
        assert proc.returncode == 0, proc.stderr
        assert differences(tree(site / "site"), after) == []
        assert not [p.name for p in site.iterdir() if p.name.startswith(".site.")]
    # Most kills must land inside a build for the test to mean anything.
    assert interrupted >= len(KILL_AT) // 2, interrupted
