"""`brandkit doctor`: gather the facts (git, mkdocs.yml, site/, environment) and run the checks."""

from __future__ import annotations

import os
from pathlib import Path

import click

from brandkit import __version__
from brandkit.commands._common import config_option
from brandkit.deploy.doctor import Finding
from brandkit.errors import BrandkitError
from brandkit.secrets import redact
from brandkit.text import count


@click.command()
@config_option
def doctor(config_file: Path | None) -> None:
    """Check the publishing setup: site_url, custom domain, build output, secrets, workflow.

    Prints one line per check (ok / warn / fail) and exits non-zero when something must be
    fixed. Never prints the value of a secret, only whether it is set.

    \b
    Example:
      brandkit doctor
    """
    from brandkit.commands import _newsletter
    from brandkit.commands._publishing import load
    from brandkit.commands.ci import render_for, workflow_path
    from brandkit.deploy import doctor as d
    from brandkit.deploy.pages import git, repo_root
    from brandkit.placeholders import find_placeholders

    project = load(config_file)
    section = project.config.deploy
    custom_domain = section.custom_domain
    method = section.method
    remote = section.remote
    branch = section.branch

    remote_url: str | None = None
    deployed_cname: str | None = None
    try:
        repo: Path | None = repo_root(project.root)
    except BrandkitError:
        repo = None
    if repo is not None:
        proc = git(repo, "remote", "get-url", remote, check=False)
        remote_url = proc.stdout.strip() or None
        shown = git(repo, "show", f"{remote}/{branch}:CNAME", check=False)
        deployed_cname = shown.stdout.strip() or None if shown.returncode == 0 else None

    docs_cname_file = project.docs_dir / "CNAME"
    docs_cname = (
        docs_cname_file.read_text(encoding="utf-8").strip() or None
        if docs_cname_file.is_file()
        else None
    )
    findings = []
    if repo is None:
        findings.append(d.Finding(d.WARN, "git", "not a git repository; run `git init`."))
    elif remote_url is None:
        findings.append(
            d.Finding(d.WARN, "git", f"no remote {remote!r}; `git remote add {remote} URL`.")
        )
    findings.append(d.check_site_url(project.settings.site_url, remote_url, custom_domain))
    findings += d.check_cname(custom_domain, docs_cname, deployed_cname, method)
    site_dir = project.root / project.site_dir
    findings.append(
        d.check_build(site_dir, feeds=project.settings.feeds, shown=project.relative(site_dir))
    )
    findings += d.check_placeholders(
        find_placeholders(project.root, project.docs_dir, project.config_file)
    )
    if _newsletter.configured(project):
        try:
            needs = [(need.env, need.who) for need in _newsletter.needs(project)]
        except BrandkitError as exc:
            findings.append(d.Finding(d.FAIL, "senders", exc.message))
        else:
            findings.append(d.check_environment(needs, os.environ))
            findings += _subscriber_files(project, repo)
    path = workflow_path(project)
    current = path.read_text(encoding="utf-8") if path.is_file() else None
    try:
        expected = render_for(project)
    except BrandkitError as exc:
        findings.append(d.Finding(d.FAIL, "workflow", exc.message))
    else:
        findings.append(
            d.check_workflow(current, expected, __version__, os.path.relpath(path, project.root))
        )

    for finding in findings:
        click.echo(redact(finding.line()))
    failed = sum(1 for f in findings if f.level == d.FAIL)
    warned = sum(1 for f in findings if f.level == d.WARN)
    if failed:
        problems = count(failed, "problem")
        raise BrandkitError(f"{problems} to fix, {count(warned, 'warning')}; see above.")
    click.echo(f"No problems ({count(warned, 'warning')}).")


def _subscriber_files(project: object, repo: Path | None) -> list[Finding]:
    """A finding for each SMTP subscriber file: never inside the repository unignored."""
    from brandkit.commands import _newsletter
    from brandkit.deploy import doctor as d
    from brandkit.deploy.pages import git
    from brandkit.project import Project

    assert isinstance(project, Project)
    found: list[Finding] = []
    for sender in _newsletter.senders(project):
        listed = getattr(sender.options, "subscribers", None) if sender.type == "smtp" else None
        if not listed:
            continue
        path = (project.root / Path(listed).expanduser()).resolve()
        inside = repo is not None and path.is_relative_to(repo.resolve())
        ignored = tracked = False
        if inside and repo is not None:
            ignored = git(repo, "check-ignore", "-q", str(path), check=False).returncode == 0
            listed_files = git(repo, "ls-files", "--", str(path), check=False).stdout
            tracked = bool(listed_files.strip())
        found.append(
            d.check_subscribers(listed, in_repository=inside, ignored=ignored, tracked=tracked)
        )
    return found
