"""One build of a site at a time: `build`, `serve`, `deploy` and `publish` share a lock, and each
build stages in a folder of its own.

Real processes run at once, the way a user starts them from two terminals (or an editor's build
and a deploy); after each round `site/` must equal a clean build of the same sources, and the
deployed branch must hold exactly that site.
"""

from __future__ import annotations

import subprocess
import tarfile
import threading
import time
from pathlib import Path

import pytest

from brandkit.site_lock import site_lock
from tests.conftest import write_post
from tests.gitrepo import bare_origin, commit_all, git, init_repo
from tests.sitetree import brandkit, brandkit_process, clean_build, differences, tree
from tests.test_serve import fetch, free_port, wait_for

POSTS = 40
ROUNDS = 3
# Counted by the README's "What brandkit promises": simultaneous pairs these tests run.
PAIRS = {"build+build": ROUNDS, "build+deploy": ROUNDS}


def add_posts(root: Path, count: int, start: int = 0) -> None:
    for i in range(start, start + count):
        write_post(
            root,
            f"post-{i:03d}.md",
            f"id: urn:uuid:{i:08d}-1111-4000-8000-000000000000\ntitle: Post {i} & friends\n"
            f"date: 2025-{1 + i % 12:02d}-{1 + i % 28:02d}\ntags: [t{i % 5}, all]",
            f"# Heading {i}\n\nPost {i} has `code` and a [link](post-{(i + 1) % count:03d}.md).\n",
        )


def run_pair(root: Path, first: list[str], second: list[str]) -> tuple[str, str]:
    """Start two brandkit commands at once; both must succeed. Returns their stderr."""
    a = brandkit_process(root, *first)
    b = brandkit_process(root, *second)
    results = []
    for proc in (a, b):
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, f"{proc.args}: {out}\n{err}"
        assert "Traceback" not in err
        results.append(err)
    return results[0], results[1]


def change(root: Path, round_: int) -> None:
    """A different site every round: a new post, then an edited one."""
    if round_ == 1:
        add_posts(root, 1, start=POSTS)
    elif round_ == 2:
        post = root / "content/posts/post-007.md"
        post.write_text(post.read_text().replace("Post 7 &", "Post seven &"))


def no_leftovers(root: Path) -> None:
    assert not [p.name for p in root.iterdir() if p.name.startswith(".site.")]


def test_two_builds_at_once_leave_a_clean_site(site: Path, tmp_path: Path) -> None:
    add_posts(site, POSTS)
    waited = 0
    for round_ in range(ROUNDS):
        change(site, round_)
        first, second = run_pair(site, ["build"], ["build"])
        waited += "waiting for another build of this site" in first + second
        expected = clean_build(site, tmp_path / f"clean-{round_}")
        assert differences(tree(site / "site"), expected) == []
        no_leftovers(site)
    # The builds did overlap: in at least one round the second saw the first holding the site.
    assert waited >= 1


def deployed_tree(bare: Path, scratch: Path) -> dict[str, str]:
    archive = scratch / "pages.tar"
    with archive.open("wb") as fh:
        subprocess.run(["git", "archive", "gh-pages"], cwd=bare, stdout=fh, check=True)
    out = scratch / "pages"
    with tarfile.open(archive) as tar:
        tar.extractall(out, filter="data")
    return tree(out)


def test_build_and_deploy_at_once(site: Path, tmp_path: Path) -> None:
    add_posts(site, POSTS)
    init_repo(site)
    commit_all(site, "Site")
    bare = bare_origin(site, tmp_path / "origin.git")
    for round_ in range(ROUNDS):
        if round_:
            change(site, round_)
            commit_all(site, f"Round {round_}")
        run_pair(site, ["build"], ["deploy", "--allow-placeholders"])
        expected = clean_build(site, tmp_path / f"clean-{round_}")
        assert differences(tree(site / "site"), expected) == []
        scratch = tmp_path / f"deployed-{round_}"
        scratch.mkdir()
        deployed = deployed_tree(bare, scratch)
        assert deployed.pop(".nojekyll")
        assert differences(deployed, expected) == []
        no_leftovers(site)
    assert len(git(bare, "rev-list", "gh-pages").split()) == ROUNDS


def test_second_command_stops_with_one_line_when_told_not_to_wait(site: Path) -> None:
    proc = brandkit(site, "build")
    assert proc.returncode == 0, proc.stderr
    before = tree(site / "site")
    with site_lock(site / ".cache/brandkit", "deploy"):
        now = brandkit(site, "build", "--wait", "0")
        later = brandkit(site, "deploy", "--wait", "1", "--allow-placeholders")
    assert now.returncode == 1
    assert now.stderr.count("\n") == 1 and "Traceback" not in now.stderr
    assert now.stderr.startswith(
        "Error: another build of this site is running (brandkit deploy, pid"
    )
    assert "--wait SECONDS" in now.stderr
    assert later.returncode == 1
    assert "waiting for another build of this site to finish" in later.stderr
    assert "still running after 1 s" in later.stderr.splitlines()[-1]
    assert tree(site / "site") == before


def test_a_waiting_build_runs_once_the_site_is_free(site: Path) -> None:
    holder = site_lock(site / ".cache/brandkit", "publish")
    holder.__enter__()
    try:
        proc = brandkit_process(site, "build")
        time.sleep(1.5)
        assert proc.poll() is None  # still waiting
        assert not (site / "site").exists()
    finally:
        holder.__exit__(None, None, None)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert "waiting for another build of this site to finish (brandkit publish, pid" in err
    assert (site / "site/index.html").is_file()


def test_serve_rebuilds_wait_for_a_running_build(site: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    holder = site_lock(site / ".cache/brandkit", "build")
    holder.__enter__()
    server = brandkit_process(site, "serve", "--dev-addr", f"127.0.0.1:{port}")
    lines: list[str] = []

    def read() -> None:
        assert server.stderr is not None
        lines.extend(server.stderr)

    threading.Thread(target=read, daemon=True).start()
    waiting = "waiting for another build of this site to finish (brandkit build, pid"
    try:
        wait_for(lambda: any(waiting in line for line in lines), "serve to wait", timeout=60)
        assert fetch(base, "")[0] == 0  # not serving: its first build waits for the lock
        holder.__exit__(None, None, None)
        wait_for(lambda: fetch(base, "")[0] == 200, "the server's first build", timeout=60)
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_leftover_staging_folders_are_removed_by_the_next_build(site: Path) -> None:
    killed = site / ".site.building-k1ll3d"
    (killed / "blog").mkdir(parents=True)
    (killed / "blog/index.html").write_text("half a site")
    proc = brandkit(site, "build")
    assert proc.returncode == 0, proc.stderr
    no_leftovers(site)
    assert (site / "site/index.html").is_file()


@pytest.mark.parametrize("aside", [True, False])
def test_a_site_set_aside_by_a_killed_swap_comes_back(site: Path, aside: bool) -> None:
    """Where folders cannot be exchanged in one step, the old site is renamed aside first; a
    build killed just then leaves no site/, and the next command puts it back (or replaces it)."""
    proc = brandkit(site, "build")
    assert proc.returncode == 0, proc.stderr
    old = tree(site / "site")
    (site / "site").rename(site / ".site.old-x1")
    if aside:
        from brandkit.staging import recover

        recover(site / "site")
        assert tree(site / "site") == old
    else:
        assert brandkit(site, "build").returncode == 0
        assert tree(site / "site") == old
    no_leftovers(site)


def test_deploy_publishes_only_what_is_committed(site: Path, tmp_path: Path) -> None:
    """Files git ignores or does not track in content/ are never deployed (an ignored file does
    not even stop a deploy; an untracked one does, and with --allow-dirty it stays out)."""
    (site / ".gitignore").write_text((site / ".gitignore").read_text() + "*.secret\n")
    init_repo(site)
    commit_all(site, "Site")
    bare = bare_origin(site, tmp_path / "origin.git")
    (site / "content/notes.secret").write_text("ignored by git")
    proc = brandkit(site, "deploy", "--allow-placeholders")
    assert proc.returncode == 0, proc.stderr
    scratch = tmp_path / "first"
    scratch.mkdir()
    deployed = deployed_tree(bare, scratch)
    expected = clean_build(site, tmp_path / "clean")  # a build of the folder has the file...
    assert "notes.secret" in expected
    assert set(expected) - set(deployed) == {"notes.secret"}  # ... the deploy does not
    assert tree(site / "site") == {k: v for k, v in deployed.items() if k != ".nojekyll"}

    (site / "content/images/untracked.txt").write_text("never added")
    post = site / "content/posts/hello-world.md"
    post.write_text(post.read_text() + "\nAn uncommitted edit.\n")
    refused = brandkit(site, "deploy", "--allow-placeholders")
    assert refused.returncode == 1 and "uncommitted changes in" in refused.stderr
    proc = brandkit(site, "deploy", "--allow-dirty", "--allow-placeholders")
    assert proc.returncode == 0, proc.stderr
    scratch = tmp_path / "second"
    scratch.mkdir()
    deployed = deployed_tree(bare, scratch)
    assert not [name for name in deployed if "secret" in name or "untracked" in name]
    page = (scratch / "pages/blog/hello-world/index.html").read_text()
    assert "An uncommitted edit." in page  # tracked changes do go out with --allow-dirty
    assert not list((site / ".cache/brandkit").glob("deploy/*"))  # the copy is removed
