"""The daily CI run deploys only when a scheduled post became visible (`brandkit ci changed`)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import RunCli, write_post
from tests.gitrepo import bare_origin, commit_all, git, init_repo
from tests.httpsite import serve


@pytest.fixture
def scheduled(site: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_post(
        site,
        "launch.md",
        "id: urn:uuid:00000000-0000-4000-8000-00000000aaaa\ntitle: Launch day\n"
        "date: 2030-06-01T09:00:00+00:00",
    )
    monkeypatch.setenv("BRANDKIT_NOW", "2030-05-31T12:00:00+00:00")
    return site


def changed(cli: RunCli, output: Path, *args: str) -> tuple[str, str]:
    result = cli("ci", "changed", *args)
    return result.stdout.strip(), output.read_text().strip().splitlines()[-1]


def test_live_site_compared_over_http(
    scheduled: Path, tmp_path: Path, cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = tmp_path / "github_output"
    output.touch()
    monkeypatch.setenv("GITHUB_OUTPUT", str(output))
    cli("build", "--strict")
    live = tmp_path / "live"
    shutil.copytree(scheduled / "site", live)  # what Pages serves after the last deploy
    with serve(live, "/") as url:
        # The next day's run, before the post's date: same pages, nothing to deploy.
        cli("build", "--strict")
        line, verdict = changed(cli, output, "--live", url)
        assert verdict == "changed=false" and "nothing new is visible" in line
        # The post's date has come: its page, tag/archive pages and feed item appear.
        monkeypatch.setenv("BRANDKIT_NOW", "2030-06-01T09:17:00+00:00")
        cli("build", "--strict")
        line, verdict = changed(cli, output, "--live", url)
        assert verdict == "changed=true"
        assert "/blog/launch/" in line
    # No live site at all (first deploy, or Pages unreachable): deploy.
    with serve(tmp_path / "empty-dir-that-does-not-exist", "/") as url:
        line, verdict = changed(cli, output, "--live", url)
        assert verdict == "changed=true" and "nothing readable is deployed" in line


def test_branch_compared_with_git(
    scheduled: Path, tmp_path: Path, cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    init_repo(scheduled)
    commit_all(scheduled, "Site with a scheduled post")
    bare_origin(scheduled, tmp_path / "origin.git")
    cli("deploy")
    assert "nothing new is visible" in cli("ci", "changed", "--branch", "origin/gh-pages").stdout
    git(scheduled, "fetch", "-q", "origin")
    monkeypatch.setenv("BRANDKIT_NOW", "2030-06-02T00:00:00+00:00")
    cli("build", "--strict")
    line = cli("ci", "changed", "--branch", "origin/gh-pages").stdout
    assert line.startswith("newly visible:") and "/blog/launch/" in line
