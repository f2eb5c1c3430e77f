"""Helpers for tests that compare whole folders: a site with a clean build, a project before and
after a command, and brandkit commands run as real processes."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

# What a project holds besides its sources: copying a project copies none of these.
GENERATED = (".cache", "site", ".git")


def tree(root: Path, *, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """Every file and symbolic link under `root` (relative path -> digest of its bytes or the
    link's target), folders included as "dir"; names in `skip` are left out at any depth."""
    found: dict[str, str] = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in skip)
        base = Path(folder)
        for name in dirs:
            path = base / name
            key = path.relative_to(root).as_posix()
            found[key] = f"link:{os.readlink(path)}" if path.is_symlink() else "dir"
        for name in files:
            if name in skip:
                continue
            path = base / name
            key = path.relative_to(root).as_posix()
            if path.is_symlink():
                found[key] = f"link:{os.readlink(path)}"
            else:
                found[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def differences(a: dict[str, str], b: dict[str, str]) -> list[str]:
    """What differs between two trees, in a form that reads well in an assertion message."""
    only_a = sorted(set(a) - set(b))
    only_b = sorted(set(b) - set(a))
    changed = sorted(k for k in set(a) & set(b) if a[k] != b[k])
    return [f"-{k}" for k in only_a] + [f"+{k}" for k in only_b] + [f"~{k}" for k in changed]


def copy_sources(project: Path, target: Path) -> Path:
    """The project's sources without its build output, cache or git history."""
    shutil.copytree(project, target, ignore=shutil.ignore_patterns(*GENERATED, ".site.*"))
    return target


def clean_build(project: Path, scratch: Path) -> dict[str, str]:
    """The tree a clean build of `project`'s sources makes, built in a copy under `scratch`."""
    copy = copy_sources(project, scratch)
    proc = brandkit(copy, "build")
    assert proc.returncode == 0, proc.stderr
    return tree(copy / "site")


def brandkit_process(cwd: Path, *args: str, **env: str) -> subprocess.Popen[str]:
    """`brandkit ARGS` as a separate process (the way a user runs it), started, not waited for."""
    return subprocess.Popen(
        [sys.executable, "-m", "brandkit", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO), **env},
    )


def brandkit(
    cwd: Path, *args: str, timeout: float = 300, **env: str
) -> subprocess.CompletedProcess[str]:
    proc = brandkit_process(cwd, *args, **env)
    out, err = proc.communicate(timeout=timeout)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
