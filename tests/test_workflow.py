"""The GitHub Actions workflow `brandkit ci` writes: valid YAML, right permissions and job order,
clean under actionlint and shellcheck."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from brandkit import __version__
from brandkit.ci.workflow import WorkflowOptions, recorded_version, render
from tests.conftest import RunCli
from tests.gitrepo import commit_all, init_repo
from tests.lint_tools import actionlint, shellcheck


def load(text: str) -> dict[str, Any]:
    doc = yaml.safe_load(text)
    assert isinstance(doc, dict)
    doc["on"] = doc.pop(True)  # YAML 1.1 reads the key `on` as True
    return doc


def steps_using(job: dict[str, Any], action: str) -> list[dict[str, Any]]:
    return [s for s in job["steps"] if str(s.get("uses", "")).startswith(action + "@")]


def runs(job: dict[str, Any]) -> str:
    return "\n".join(str(s.get("run", "")) for s in job["steps"])


VARIANTS = {
    "actions": WorkflowOptions(version=__version__),
    "actions+newsletter": WorkflowOptions(
        version=__version__,
        newsletter=True,
        secret_env=("SMTP_PASSWORD", "BUTTONDOWN_API_KEY"),
        plugins=("brandkit-pigeon==1.0",),
    ),
    "branch": WorkflowOptions(version=__version__, method="branch"),
    "branch+newsletter+subdir": WorkflowOptions(
        version=__version__,
        method="branch",
        newsletter=True,
        working_directory="blog",
        source_branch="trunk",
        pages_branch="pages",
    ),
}


def test_actions_method_jobs_permissions_and_order() -> None:
    doc = load(render(VARIANTS["actions+newsletter"]))
    assert doc["on"]["push"] == {"branches": ["main"]}
    cron = doc["on"]["schedule"][0]["cron"]
    assert cron.split()[0] != "0" and cron.split()[2:] == ["*", "*", "*"]  # daily, off the hour
    assert "workflow_dispatch" in doc["on"]
    assert doc["permissions"] == {"contents": "read"}
    assert doc["concurrency"]["cancel-in-progress"] is False
    jobs = doc["jobs"]
    assert list(jobs) == ["build", "deploy", "notify"]
    build, deploy, notify = jobs["build"], jobs["deploy"], jobs["notify"]
    assert "needs" not in build
    assert deploy["needs"] == "build" and notify["needs"] == "deploy"
    assert "needs.build.outputs.deploy == 'true'" in deploy["if"]
    assert notify["if"] == "needs.deploy.result == 'success'"
    # The Pages actions, with exactly the permissions deploy-pages needs.
    assert steps_using(build, "actions/configure-pages")
    upload = steps_using(build, "actions/upload-pages-artifact")
    assert upload and upload[0]["with"]["path"] == "site"
    assert steps_using(deploy, "actions/deploy-pages")
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert "permissions" not in build  # read-only default
    # Full history so dates are right; strict build before anything is uploaded.
    assert steps_using(build, "actions/checkout")[0]["with"]["fetch-depth"] == 0
    script = runs(build)
    assert script.index("brandkit check") < script.index("brandkit build --strict")
    assert "brandkit ci changed --live" in script
    # Notify: announce, then commit the state file back.
    assert notify["permissions"] == {"contents": "write"}
    notify_script = runs(notify)
    assert "brandkit announce --yes" in notify_script
    assert "git add .brandkit/state.json" in notify_script and "git push" in notify_script
    send = next(s for s in notify["steps"] if "announce --yes" in str(s.get("run")))
    assert send["env"] == {
        "BUTTONDOWN_API_KEY": "${{ secrets.BUTTONDOWN_API_KEY }}",
        "SMTP_PASSWORD": "${{ secrets.SMTP_PASSWORD }}",
    }


def test_branch_method_pushes_with_brandkit_deploy() -> None:
    doc = load(render(VARIANTS["branch+newsletter+subdir"]))
    jobs = doc["jobs"]
    assert list(jobs) == ["deploy", "notify"]
    deploy = jobs["deploy"]
    assert deploy["permissions"] == {"contents": "write"}
    assert deploy["defaults"]["run"]["working-directory"] == "blog"
    assert not steps_using(deploy, "actions/deploy-pages")
    script = runs(deploy)
    assert "brandkit deploy --remote origin --branch pages" in script
    assert "brandkit ci changed --branch origin/pages" in script
    assert doc["on"]["push"] == {"branches": ["trunk"]}
    assert jobs["notify"]["if"] == "needs.deploy.outputs.deployed == 'true'"
    assert "git add blog/.brandkit/state.json" in runs(jobs["notify"])


def test_no_notify_job_without_a_newsletter() -> None:
    assert "notify" not in load(render(VARIANTS["actions"]))["jobs"]
    assert "brandkit announce" not in render(VARIANTS["branch"])


def test_records_the_brandkit_version_and_explains_itself() -> None:
    text = render(VARIANTS["actions"])
    assert recorded_version(text) == __version__
    assert f'python -m pip install "brandkit=={__version__}"' in text
    comments = [line for line in text.splitlines() if line.lstrip().startswith("#")]
    assert len(comments) >= 15


def test_off_the_hour_schedule_is_enforced() -> None:
    with pytest.raises(ValueError, match="off the hour"):
        render(WorkflowOptions(version="1", schedule="0 6 * * *"))


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_actionlint_and_shellcheck_pass(variant: str, tmp_path: Path) -> None:
    path = tmp_path / ".github" / "workflows" / "brandkit.yml"
    path.parent.mkdir(parents=True)
    path.write_text(render(VARIANTS[variant]), encoding="utf-8")
    assert actionlint(path) == []
    assert shellcheck(path) == []


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    """Control: the linter really runs, and would catch a wrong job order or permission."""
    text = render(VARIANTS["actions+newsletter"])
    text = text.replace("needs: build", "needs: bulid").replace("pages: write", "pagez: write")
    path = tmp_path / "broken.yml"
    path.write_text(text, encoding="utf-8")
    kinds = {finding["kind"] for finding in actionlint(path)}
    assert {"job-needs", "permissions"} <= kinds


def test_ci_command_writes_the_file_at_the_repository_root(site: Path, cli: RunCli) -> None:
    init_repo(site)
    commit_all(site, "New site")
    out = cli("ci").output
    path = site / ".github" / "workflows" / "brandkit.yml"
    assert "Wrote .github/workflows/brandkit.yml" in out
    assert load(path.read_text())["jobs"]["deploy"]["permissions"]["pages"] == "write"
    again = cli("ci", "--method", "branch", expect=1)
    assert "already exists; pass --force" in again.output
    assert "actions/deploy-pages" in path.read_text()  # untouched
    cli("ci", "--method", "branch", "--force")
    assert "brandkit deploy" in path.read_text()
    assert actionlint(path) == []


def test_ci_rejects_an_on_the_hour_schedule(site: Path, cli: RunCli) -> None:
    config = site / "mkdocs.yml"
    text = config.read_text()
    config.write_text(
        text.replace("  - brandkit:\n", "  - brandkit:\n      deploy: {schedule: '0 6 * * *'}\n")
    )
    result = cli("ci", expect=1)
    assert "plugins.brandkit.deploy" in result.output and "off the hour" in result.output
    assert not (site / ".github").exists()
