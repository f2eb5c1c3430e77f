"""`brandkit publish`: check -> build -> deploy -> announce, stopping at the first failure."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import RunCli, write_post
from tests.gitrepo import bare_origin, commit_all, init_repo, remote_head


@pytest.fixture
def repo(site: Path, tmp_path: Path) -> Path:
    init_repo(site)
    commit_all(site, "New site")
    bare_origin(site, tmp_path / "origin.git")
    return site


def summary(output: str) -> dict[str, str]:
    lines = output.split("Summary:\n", 1)[1].splitlines()
    rows = [line.split(None, 2) for line in lines if line.startswith("  ") and line.strip()]
    steps = ("check", "build", "deploy", "announce")
    return {r[0]: r[1] if r[1] != "not" else "not run" for r in rows if r[0] in steps}


def test_publish_runs_every_step(repo: Path, cli: RunCli) -> None:
    result = cli("publish")
    steps = summary(result.stdout)
    assert steps["check"] == "ok" and steps["build"] == "ok" and steps["deploy"] == "ok"
    assert steps["announce"] in ("ok", "skipped")
    assert remote_head(repo.parent / "origin.git") is not None


def test_publish_stops_before_announcing_when_deploy_fails(repo: Path, cli: RunCli) -> None:
    hook = repo.parent / "origin.git" / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'deploys are frozen' >&2\nexit 1\n")
    hook.chmod(0o755)
    result = cli("publish", expect=1)
    steps = summary(result.stdout)
    assert steps == {"check": "ok", "build": "ok", "deploy": "FAILED", "announce": "not run"}
    assert "deploys are frozen" in result.stdout
    assert "announce  not run  deploy failed" in result.stdout
    assert result.output.strip().endswith(
        "Error: publish stopped at deploy: nothing was announced."
    )
    assert remote_head(repo.parent / "origin.git") is None
    assert not (repo / ".brandkit" / "state.json").exists()  # no newsletter ledger written


def test_publish_stops_at_check(repo: Path, cli: RunCli) -> None:
    config = repo / "mkdocs.yml"
    config.write_text(config.read_text() + "site_name: Twice\n")
    commit_all(repo, "a key written twice")
    result = cli("publish", expect=1)
    steps = summary(result.stdout)
    assert steps == {
        "check": "FAILED",
        "build": "not run",
        "deploy": "not run",
        "announce": "not run",
    }
    assert "'site_name' is written twice" in result.stdout
    assert not (repo / "site").exists()
    assert remote_head(repo.parent / "origin.git") is None


def test_publish_lists_every_content_problem_in_one_run(repo: Path, cli: RunCli) -> None:
    """A bad post, an unknown key and a broken link are all listed by the one strict build,
    not the front matter first and the links on the next run."""
    write_post(repo, "bad.md", "title: Missing date and id")
    write_post(
        repo,
        "linked.md",
        "id: urn:uuid:7a1c0f00-0000-4000-8000-000000000001\ntitle: Linked\ndate: 2025-01-02"
        "\nsubtitel: oops",
        "See [the missing one](missing.md).\n",
    )
    commit_all(repo, "bad posts")
    result = cli("publish", expect=1)
    steps = summary(result.stdout)
    assert steps == {
        "check": "ok",
        "build": "FAILED",
        "deploy": "not run",
        "announce": "not run",
    }
    assert "bad.md" in result.output and "date" in result.output
    assert "subtitel" in result.output
    assert "missing.md" in result.output
    assert not (repo / "site").exists()
    assert remote_head(repo.parent / "origin.git") is None
