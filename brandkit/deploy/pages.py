"""Deploy a built site to a GitHub Pages branch, through ghp-import used as a library.

Pure of MkDocs and Click: it takes a site directory and a git repository and either commits the
site onto the Pages branch and pushes it, or raises `DeployError` having pushed nothing.

Why the extra steps around ghp-import:
- ghp-import builds on `<remote>/<branch>` as last fetched; we fetch it first so the new commit
  sits on top of what is really deployed and the push is a fast-forward (history kept).
- ghp-import's own push raises a bare `CalledProcessError`; we push ourselves to report git's
  message, and put the local branch back where it was when the push is rejected.
- CNAME is written on every deploy from the configured domain, so a deploy never removes it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import subprocess
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from brandkit.errors import BrandkitError

log = logging.getLogger(__name__)


class DeployError(BrandkitError):
    """The deploy cannot go ahead or failed; nothing was pushed."""


@dataclass(frozen=True)
class Target:
    """Where a deploy goes."""

    repo: Path  # top of the git working tree holding the site's sources
    remote: str
    remote_url: str
    branch: str


@dataclass(frozen=True)
class DeployPlan:
    target: Target
    site_dir: Path
    cname: str | None
    message: str
    force: bool
    files: int
    remote_head: str | None  # the Pages branch on the remote before this deploy, if any

    def describe(self) -> list[str]:
        t = self.target
        lines = [
            f"site:    {self.site_dir} ({self.files} files, plus .nojekyll)",
            f"remote:  {t.remote} ({t.remote_url})",
            f"branch:  {t.branch} "
            + (
                f"(on top of {self.remote_head[:12]})"
                if self.remote_head
                else "(new branch on the remote)"
            ),
            f"CNAME:   {self.cname}" if self.cname else "CNAME:   none (no custom domain set)",
            "push:    "
            + (
                "FORCED: the branch history is replaced by one commit"
                if self.force
                else "fast-forward, history kept"
            ),
            f"message: {self.message.splitlines()[0]}",
        ]
        return lines


@dataclass(frozen=True)
class DeployResult:
    plan: DeployPlan
    commit: str

    def summary(self) -> str:
        t = self.plan.target
        return f"Deployed {self.commit[:12]} to {t.remote}/{t.branch} ({self.plan.files} files)"


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run git in `repo`; with check, a failure becomes a DeployError quoting git."""
    proc = subprocess.run(
        ["git", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"},
    )
    if check and proc.returncode != 0:
        raise DeployError(f"git {' '.join(args)} failed: {_git_message(proc.stderr)}")
    return proc


def _git_message(stderr: str) -> str:
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
    lines = [ln.removeprefix("fatal: ").removeprefix("error: ") for ln in lines]
    return "; ".join(lines[-3:]) or "no message from git"


def repo_root(path: Path) -> Path:
    proc = git(path, "rev-parse", "--show-toplevel", check=False)
    if proc.returncode != 0:
        raise DeployError(
            f"{path}: not a git repository; run `git init`, commit your site and add the GitHub "
            "remote (`git remote add origin URL`) before deploying."
        )
    return Path(proc.stdout.strip())


def resolve_target(path: Path, remote: str, branch: str) -> Target:
    repo = repo_root(path)
    proc = git(repo, "remote", "get-url", remote, check=False)
    if proc.returncode != 0:
        known = git(repo, "remote", check=False).stdout.split()
        hint = f" (remotes here: {', '.join(known)})" if known else ""
        raise DeployError(
            f"git remote {remote!r} is not configured{hint}; add it with "
            f"`git remote add {remote} URL` or pass --remote NAME."
        )
    if git(repo, "check-ref-format", f"refs/heads/{branch}", check=False).returncode != 0:
        raise DeployError(f"--branch {branch!r} is not a valid git branch name.")
    return Target(repo=repo, remote=remote, remote_url=proc.stdout.strip(), branch=branch)


def uncommitted(repo: Path, paths: Sequence[Path]) -> list[str]:
    """Changed, staged or untracked (not ignored) files under `paths`, relative to the repo."""
    inside = [str(p.resolve()) for p in paths if _within(p, repo)]
    if not inside:
        return []
    out = git(repo, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", *inside).stdout
    entries = [e for e in out.split("\0") if e]
    files: list[str] = []
    skip = False
    for entry in entries:
        if skip:  # the second half of a rename record is its old path
            skip = False
            continue
        status, name = entry[:2], entry[3:]
        skip = "R" in status or "C" in status
        files.append(name)
    return files


def _within(path: Path, repo: Path) -> bool:
    try:
        path.resolve().relative_to(repo.resolve())
    except ValueError:
        return False
    return True


def source_commit(repo: Path) -> str | None:
    proc = git(repo, "rev-parse", "--verify", "-q", "HEAD^{commit}", check=False)
    return proc.stdout.strip() or None


def commit_message(source: str | None, version: str, *, dirty: bool) -> str:
    """The Pages commit's message: which source commit, built by which brandkit."""
    if source is None:
        head = "Deploy uncommitted sources"
        body = "Source commit: none (the repository has no commits yet)"
    else:
        head = f"Deploy {source[:12]}" + (" with uncommitted changes" if dirty else "")
        body = f"Source commit: {source}" + (" (plus uncommitted changes)" if dirty else "")
    return f"{head} (brandkit {version})\n\n{body}\nBuilt by: brandkit {version}\n"


def remote_branch_head(target: Target) -> str | None:
    """The Pages branch's commit on the remote (None if it does not exist yet).

    Also proves the remote is reachable before anything is built or committed.
    """
    proc = git(
        target.repo,
        "ls-remote",
        "--heads",
        target.remote,
        f"refs/heads/{target.branch}",
        check=False,
    )
    if proc.returncode != 0:
        raise DeployError(
            f"cannot reach git remote {target.remote!r} ({target.remote_url}): "
            f"{_git_message(proc.stderr)}; check the URL and your access, nothing was pushed."
        )
    first = proc.stdout.split()
    return first[0] if first else None


def plan_deploy(
    target: Target,
    site_dir: Path,
    *,
    cname: str | None,
    message: str,
    force: bool = False,
) -> DeployPlan:
    if not site_dir.is_dir() or not (site_dir / "index.html").is_file():
        raise DeployError(
            f"{site_dir}: no built site (index.html missing); run `brandkit build` first."
        )
    files = sum(len(names) for _, _, names in os.walk(site_dir))
    return DeployPlan(
        target=target,
        site_dir=site_dir,
        cname=cname,
        message=message,
        force=force,
        files=files,
        remote_head=remote_branch_head(target),
    )


def deploy(plan: DeployPlan) -> DeployResult:
    """Commit the site onto the Pages branch and push it; on failure nothing is left pushed."""
    import ghp_import

    t = plan.target
    local_ref = f"refs/heads/{t.branch}"
    tracking = f"refs/remotes/{t.remote}/{t.branch}"
    before = _rev(t.repo, local_ref)
    if plan.remote_head is not None:
        git(t.repo, "fetch", "--quiet", t.remote, f"+{local_ref}:{tracking}")
    elif _rev(t.repo, tracking) is not None:
        # The branch is gone from the remote: do not resurrect a stale copy of it.
        git(t.repo, "update-ref", "-d", tracking)
    try:
        with _in_dir(t.repo), _committer_identity(t.repo):
            ghp_import.ghp_import(
                str(plan.site_dir.resolve()),
                mesg=plan.message,
                remote=t.remote,
                branch=t.branch,
                nojekyll=True,
                cname=plan.cname,
                push=False,
                force=False,
                # --force starts the branch afresh (one commit); otherwise history is kept.
                no_history=plan.force,
            )
    except ghp_import.GhpError as exc:
        _restore(t.repo, local_ref, before)
        raise DeployError(f"could not commit the site to {t.branch}: {exc.message}") from exc
    except Exception as exc:  # ghp-import reports a failed fast-import by crashing on stdout
        _restore(t.repo, local_ref, before)
        raise DeployError(
            f"could not commit the site to {t.branch} (git fast-import failed); nothing pushed."
        ) from exc
    commit = _rev(t.repo, local_ref)
    if commit is None or commit in (before, plan.remote_head):
        _restore(t.repo, local_ref, before)
        raise DeployError(f"could not commit the site to {t.branch}; nothing was pushed.")
    push = ["push", "--porcelain", t.remote, f"{local_ref}:{local_ref}"]
    if plan.force:
        push.insert(1, "--force")
    proc = git(t.repo, *push, check=False)
    if proc.returncode != 0:
        _restore(t.repo, local_ref, before)
        raise DeployError(
            f"push to {t.remote} ({t.remote_url}) was rejected: "
            f"{_push_message(proc)}; nothing was deployed."
        )
    log.info("pushed %s to %s/%s", commit, t.remote, t.branch)
    return DeployResult(plan=plan, commit=commit)


def _push_message(proc: subprocess.CompletedProcess[str]) -> str:
    # --porcelain puts the per-ref verdict on stdout ("!\trefs/...\t[rejected] (reason)") and a
    # hook's own words on stderr as "remote: ..."; the user needs both.
    reasons = [ln.split("\t")[-1] for ln in proc.stdout.splitlines() if ln.startswith("!")]
    remote = [
        ln.removeprefix("remote:").strip()
        for ln in proc.stderr.splitlines()
        if ln.startswith("remote:") and ln.removeprefix("remote:").strip()
    ]
    parts = [*reasons, *remote[-2:]] or [_git_message(proc.stderr)]
    return "; ".join(parts)


def _rev(repo: Path, ref: str) -> str | None:
    proc = git(repo, "rev-parse", "--verify", "-q", ref, check=False)
    return proc.stdout.strip() or None


def _restore(repo: Path, ref: str, old: str | None) -> None:
    if old is None:
        git(repo, "update-ref", "-d", ref, check=False)
    else:
        git(repo, "update-ref", ref, old, check=False)


@contextlib.contextmanager
def _in_dir(path: Path) -> Iterator[None]:
    # ghp-import runs git in the current directory and has no parameter for another one.
    with contextlib.chdir(path):
        yield


@contextlib.contextmanager
def _committer_identity(repo: Path) -> Iterator[None]:
    """Give ghp-import a committer when git has none configured (a fresh CI runner)."""
    added: list[str] = []
    for key, env, fallback in (
        ("user.name", "GIT_COMMITTER_NAME", "brandkit"),
        ("user.email", "GIT_COMMITTER_EMAIL", "brandkit@users.noreply.github.com"),
    ):
        if env in os.environ or git(repo, "config", key, check=False).stdout.strip():
            continue
        os.environ[env] = fallback
        added.append(env)
    try:
        yield
    finally:
        for env in added:
            os.environ.pop(env, None)
