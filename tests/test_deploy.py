"""`brandkit deploy` against a real local bare repository standing in for GitHub."""

from __future__ import annotations

from pathlib import Path

import pytest

from brandkit import __version__
from tests.conftest import RunCli, write_post
from tests.gitrepo import bare_origin, branch_files, commit_all, git, init_repo, remote_head, show

UID = "urn:uuid:00000001-0000-4000-8000-0000000000{:02d}"


def set_deploy(root: Path, block: str) -> None:
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - brandkit:\n", f"  - brandkit:\n      deploy: {block}\n"))


@pytest.fixture
def repo(site: Path, tmp_path: Path) -> Path:
    """The `brandkit new` site committed to git, with a bare `origin` and a custom domain."""
    set_deploy(site, "{custom_domain: jane.example.com}")
    init_repo(site)
    commit_all(site, "New site")
    bare_origin(site, tmp_path / "origin.git")
    return site


def origin(repo: Path) -> Path:
    return repo.parent / "origin.git"


def test_deploy_twice_keeps_history_and_cname(repo: Path, cli: RunCli) -> None:
    first_source = git(repo, "rev-parse", "HEAD")
    out = cli("deploy").output
    assert "Deployed" in out and "origin/gh-pages" in out
    bare = origin(repo)
    files = branch_files(bare)
    assert {"index.html", ".nojekyll", "CNAME", "blog/hello-world/index.html", "feed.xml"} <= files
    assert show(bare, "gh-pages:CNAME").strip() == "jane.example.com"
    assert show(bare, "gh-pages:.nojekyll") == ""
    first_deploy = remote_head(bare)

    write_post(repo, "second.md", f"id: {UID.format(2)}\ntitle: Second post\ndate: 2025-05-01")
    second_source = commit_all(repo, "Second post")
    cli("deploy")
    bare_files = branch_files(bare)
    assert "blog/second-post/index.html" in bare_files or "blog/second/index.html" in bare_files
    assert show(bare, "gh-pages:CNAME").strip() == "jane.example.com"  # never lost
    assert ".nojekyll" in bare_files
    log = git(bare, "log", "--format=%H%x00%P%x00%B%x1e", "gh-pages").split("\x1e")
    commits = [entry.strip().split("\x00") for entry in log if entry.strip()]
    assert len(commits) == 2  # history kept
    (_, parent, message), (oldest, _, old_message) = commits
    assert oldest == first_deploy and parent == first_deploy  # a fast-forward, not a rewrite
    assert f"Source commit: {second_source}" in message
    assert f"brandkit {__version__}" in message
    assert message.startswith(f"Deploy {second_source[:12]} (brandkit {__version__})")
    assert f"Source commit: {first_source}" in old_message
    # The source branch is untouched and nothing of the site leaked into it.
    assert git(repo, "rev-parse", "HEAD") == second_source
    assert git(repo, "status", "--porcelain") == ""


def test_deploy_builds_once_with_the_projects_cache(repo: Path, cli: RunCli) -> None:
    """The committed copy is built once (not checked by a build, then built again), with the
    project's cache: warm after a `brandkit build`, and still right when a commit changed a
    post since (the cache is keyed by content)."""
    cli("build")
    out = cli("deploy").output
    assert out.count("Built ") == 1, out
    assert "check: mkdocs.yml loads, no starter text from `brandkit new`" in out
    assert "[0 rendered, 1 from cache]" in out, out
    post = repo / "content" / "posts" / "hello-world.md"
    post.write_text(post.read_text() + "\nA sentence written after the first deploy.\n")
    commit_all(repo, "Edit the post")
    out = cli("deploy").output
    assert "[1 rendered, 0 from cache]" in out, out
    page = show(origin(repo), "gh-pages:blog/hello-world/index.html")
    assert "A sentence written after the first deploy." in page
    cache = repo / ".cache" / "brandkit"
    assert list((cache / "deploy").iterdir()) == []  # the copy is gone
    assert not (repo / "content" / ".cache").exists()


def test_check_failure_pushes_nothing(repo: Path, cli: RunCli) -> None:
    write_post(repo, "broken.md", "title: No id or date")
    commit_all(repo, "Broken post")
    result = cli("deploy", expect=1)
    assert "broken.md" in result.output
    assert "Traceback" not in result.output
    assert remote_head(origin(repo)) is None
    assert git(repo, "branch", "--list", "gh-pages") == ""


def test_strict_build_failure_pushes_nothing(repo: Path, cli: RunCli) -> None:
    cli("deploy")
    deployed = remote_head(origin(repo))
    about = repo / "content" / "about.md"
    about.write_text(about.read_text() + "\nSee [my old page](missing-page.md).\n")
    commit_all(repo, "Link to a page that does not exist")
    result = cli("deploy", expect=1)
    assert "missing-page.md" in result.output
    assert remote_head(origin(repo)) == deployed  # the live site is untouched


def test_a_config_warning_is_said_once_and_names_the_users_file(repo: Path, cli: RunCli) -> None:
    config = repo / "mkdocs.yml"
    config.write_text(config.read_text() + "colour_scheme: dark\n")
    commit_all(repo, "A key MkDocs does not know")
    result = cli("deploy", expect=1)
    said = [line for line in result.output.splitlines() if "colour_scheme" in line]
    assert (
        said[0]
        == "warning: mkdocs.yml: colour_scheme: Unrecognised configuration name: colour_scheme"
    )
    assert said[1:] == [
        "Error: mkdocs.yml: Config value 'colour_scheme': Unrecognised configuration name: "
        "colour_scheme (a warning, which stops a --strict build: fix it)"
    ]
    assert ".cache" not in result.output  # not the committed copy deploy builds in
    assert remote_head(origin(repo)) is None


def test_rejected_push_is_reported_and_nothing_changes(repo: Path, cli: RunCli) -> None:
    hook = origin(repo) / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'gh-pages is protected by policy' >&2\nexit 1\n")
    hook.chmod(0o755)
    result = cli("deploy", expect=1)
    line = result.output.strip().splitlines()[-1]
    assert line.startswith("Error: push to origin")
    assert "rejected" in line and "gh-pages is protected by policy" in line
    assert "nothing was deployed" in line
    assert remote_head(origin(repo)) is None
    # The local branch is put back too, so the next attempt starts from what is really deployed.
    assert git(repo, "branch", "--list", "gh-pages") == ""


def test_dirty_tree_is_refused_unless_allowed(repo: Path, cli: RunCli) -> None:
    post = repo / "content" / "posts" / "hello-world.md"
    post.write_text(post.read_text() + "\nAn edit not yet committed.\n")
    write_post(repo, "new.md", f"id: {UID.format(3)}\ntitle: Untracked\ndate: 2025-01-01")
    result = cli("deploy", expect=1)
    assert "uncommitted changes in content/posts/hello-world.md, content/posts/new.md" in (
        result.output
    )
    assert "--allow-dirty" in result.output
    assert remote_head(origin(repo)) is None

    # Files outside the content and config (e.g. notes, the built site) do not count.
    result = cli("deploy", "--allow-dirty")
    assert "warning: deploying uncommitted content/posts/hello-world.md" in result.output
    message = git(origin(repo), "log", "-1", "--format=%B", "gh-pages")
    assert "with uncommitted changes" in message


def test_uncommitted_mkdocs_yml_is_refused(repo: Path, cli: RunCli) -> None:
    config = repo / "mkdocs.yml"
    config.write_text(config.read_text() + "# an edit not yet committed\n")
    assert "uncommitted changes in mkdocs.yml" in cli("deploy", expect=1).output


def test_not_a_git_repository(site: Path, cli: RunCli) -> None:
    result = cli("deploy", expect=1)
    assert result.output.count("\n") == 1
    assert "not a git repository" in result.output and "git init" in result.output


def test_missing_and_unreachable_remote(site: Path, tmp_path: Path, cli: RunCli) -> None:
    init_repo(site)
    commit_all(site, "New site")
    result = cli("deploy", expect=1)
    assert "git remote 'origin' is not configured" in result.output
    assert "git remote add origin URL" in result.output
    git(site, "remote", "add", "upstream", str(tmp_path / "does-not-exist.git"))
    assert "(remotes here: upstream)" in cli("deploy", expect=1).output
    result = cli("deploy", "--remote", "upstream", expect=1)
    assert "cannot reach git remote 'upstream'" in result.output
    assert "nothing was pushed" in result.output
    assert "Traceback" not in result.output


def test_dry_run_shows_the_plan_and_pushes_nothing(repo: Path, cli: RunCli) -> None:
    result = cli("deploy", "--dry-run", "--branch", "pages")
    out = result.stdout
    assert "Dry run: nothing committed or pushed" in out
    assert "branch:  pages (new branch on the remote)" in out
    assert "CNAME:   jane.example.com" in out
    assert "fast-forward, history kept" in out
    assert remote_head(origin(repo), "pages") is None
    assert git(repo, "branch", "--list", "pages") == ""


def test_force_replaces_history_only_when_asked(repo: Path, cli: RunCli) -> None:
    cli("deploy")
    cli("deploy")
    assert git(origin(repo), "rev-list", "--count", "gh-pages") == "2"
    cli("deploy", "--force")
    assert git(origin(repo), "rev-list", "--count", "gh-pages") == "1"
    assert "CNAME" in branch_files(origin(repo))


def test_custom_domain_must_be_a_host_name(repo: Path, cli: RunCli) -> None:
    config = repo / "mkdocs.yml"
    config.write_text(config.read_text().replace("jane.example.com}", "https://jane.example.com/}"))
    result = cli("deploy", "--allow-dirty", expect=1)
    assert "custom_domain" in result.output and "not a bare host name" in result.output
    assert remote_head(origin(repo)) is None
