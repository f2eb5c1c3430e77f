"""Real git repositories for deploy tests: a site repository and a local bare `origin`."""

from __future__ import annotations

import subprocess
from pathlib import Path


def git(cwd: Path, *args: str) -> str:
    proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return proc.stdout.strip()


def init_repo(root: Path) -> None:
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Jane Doe")
    git(root, "config", "user.email", "jane@example.com")
    git(root, "config", "commit.gpgsign", "false")


def commit_all(root: Path, message: str) -> str:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)
    return git(root, "rev-parse", "HEAD")


def bare_origin(root: Path, bare: Path, name: str = "origin") -> Path:
    git(bare.parent, "init", "-q", "--bare", str(bare))
    git(root, "remote", "add", name, str(bare))
    return bare


def remote_head(bare: Path, branch: str = "gh-pages") -> str | None:
    out = git(bare, "for-each-ref", "--format=%(objectname)", f"refs/heads/{branch}")
    return out or None


def branch_files(bare: Path, branch: str = "gh-pages") -> set[str]:
    return set(git(bare, "ls-tree", "-r", "--name-only", branch).splitlines())


def show(bare: Path, ref_path: str) -> str:
    return git(bare, "show", ref_path)
