"""The sources a deploy builds: exactly what is committed, never what merely lies in the folder.

A deploy builds from a copy of the project as git has it, made in a temporary folder inside the
cache: `git archive` of HEAD, or, with --allow-dirty, the tracked files as they are now. Files
that git ignores or does not track (a draft left in content/, a subscribers.csv, an editor's
backup) are not in the copy, so they can never be published; the deployed site is the one CI
would build from the same commit.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path

from brandkit.deploy.pages import DeployError, git


@contextlib.contextmanager
def committed_copy(
    repo: Path, project_root: Path, scratch: Path, *, working_tree: bool = False
) -> Iterator[Path]:
    """A copy of the project folder (inside git repository `repo`) holding only what git
    tracks, at HEAD or (`working_tree`) as it is now; yields the copy's project folder and
    removes it afterwards."""
    scratch.mkdir(parents=True, exist_ok=True)
    top = Path(tempfile.mkdtemp(prefix="deploy-", dir=scratch))
    try:
        inside = project_root.resolve().relative_to(repo.resolve()).as_posix()
        if working_tree:
            _copy_tracked(repo, inside, top)
        else:
            _extract_head(repo, inside, top)
        yield top / inside
    finally:
        shutil.rmtree(top, ignore_errors=True)


def _extract_head(repo: Path, inside: str, target: Path) -> None:
    if git(repo, "rev-parse", "--verify", "-q", "HEAD^{commit}", check=False).returncode:
        raise DeployError(
            "the repository has no commits yet: commit your site first (a deploy publishes "
            "what is committed), or pass --allow-dirty. Nothing was deployed."
        )
    proc = subprocess.run(
        ["git", "archive", "--format=tar", "HEAD", "--", inside],
        cwd=repo,
        capture_output=True,
        check=False,
    )
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
        raise DeployError(f"git archive HEAD failed: {' '.join(message)}; nothing was deployed.")
    with tarfile.open(fileobj=io.BytesIO(proc.stdout)) as tar:
        tar.extractall(target, filter="tar")


def _copy_tracked(repo: Path, inside: str, target: Path) -> None:
    listed = git(repo, "ls-files", "-z", "--cached", "--", inside).stdout
    for name in filter(None, listed.split("\0")):
        source = repo / name
        if not source.exists() and not source.is_symlink():
            continue  # deleted, not yet committed
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, destination, follow_symlinks=False)
