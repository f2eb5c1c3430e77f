"""`brandkit doctor`'s checks: the publishing setup mistakes new users make most often.

Each check is a pure function of plain values (URLs, file contents, environment names) and
returns Findings; the command gathers the values from git, mkdocs.yml and the site directory.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from brandkit.ci.workflow import recorded_version
from brandkit.placeholders import Placeholder

OK, WARN, FAIL = "ok", "warn", "fail"

_GITHUB_REMOTE = re.compile(
    r"^(?:https?://(?:[^@/]+@)?github\.com/|git@github\.com:|ssh://git@github\.com/)"
    r"(?P<owner>[A-Za-z0-9-]+)/(?P<repo>[A-Za-z0-9._-]+?)(?:\.git)?/?$"
)


@dataclass(frozen=True)
class Finding:
    level: str  # ok | warn | fail
    topic: str
    message: str

    def line(self) -> str:
        return f"{self.level:<4}  {self.topic}: {self.message}"


def github_repo(remote_url: str) -> tuple[str, str] | None:
    match = _GITHUB_REMOTE.match(remote_url.strip())
    return (match["owner"], match["repo"]) if match else None


def pages_url(owner: str, repo: str) -> str:
    """The URL GitHub Pages gives a repository without a custom domain."""
    host = f"{owner.lower()}.github.io"
    if repo.lower() == host:
        return f"https://{host}/"  # a user or organisation site
    return f"https://{host}/{repo}/"  # a project site, served under /repo/


def check_site_url(
    site_url: str | None, remote_url: str | None, custom_domain: str | None
) -> Finding:
    topic = "site_url"
    if not site_url:
        return Finding(FAIL, topic, "mkdocs.yml has no site_url; set the address of your site.")
    if custom_domain:
        expected = f"https://{custom_domain}/"
        if site_url.rstrip("/") + "/" != expected:
            return Finding(
                FAIL,
                topic,
                f"{site_url} does not match deploy.custom_domain {custom_domain}; set "
                f"`site_url: {expected}` so links, feeds and canonical URLs point at it.",
            )
        return Finding(OK, topic, f"{site_url} matches the custom domain.")
    repo = github_repo(remote_url) if remote_url else None
    if repo is None:
        where = f"remote {remote_url}" if remote_url else "no git remote"
        return Finding(WARN, topic, f"cannot compare {site_url} with GitHub Pages ({where}).")
    expected = pages_url(*repo)
    host = (urlsplit(site_url).hostname or "").lower()
    if site_url.rstrip("/") + "/" == expected:
        return Finding(OK, topic, f"{site_url} is this repository's GitHub Pages address.")
    if host.endswith(".github.io"):
        return Finding(
            FAIL,
            topic,
            f"{site_url} is not where GitHub Pages serves {repo[0]}/{repo[1]} ({expected}); "
            f"set `site_url: {expected}` or links and feeds will break.",
        )
    return Finding(
        WARN,
        topic,
        f"{site_url} is not the Pages address {expected} and no deploy.custom_domain is set; "
        f"if you own {host}, add `deploy: {{custom_domain: {host}}}` to the brandkit block, "
        f"otherwise use `site_url: {expected}`.",
    )


def check_cname(
    custom_domain: str | None,
    docs_cname: str | None,
    deployed_cname: str | None,
    method: str,
) -> list[Finding]:
    topic = "custom domain"
    found: list[Finding] = []
    if docs_cname is not None:
        if custom_domain is None:
            found.append(
                Finding(
                    WARN,
                    topic,
                    f"content/CNAME says {docs_cname}; move it to the brandkit block as "
                    f"`deploy: {{custom_domain: {docs_cname}}}` so brandkit checks it.",
                )
            )
        elif docs_cname != custom_domain:
            found.append(
                Finding(
                    FAIL,
                    topic,
                    f"content/CNAME ({docs_cname}) disagrees with deploy.custom_domain "
                    f"({custom_domain}); delete content/CNAME.",
                )
            )
    if custom_domain and method == "actions":
        found.append(
            Finding(
                OK,
                topic,
                f"{custom_domain}: with the Actions method GitHub takes the domain from "
                "Settings > Pages > Custom domain; enter it there too.",
            )
        )
    elif deployed_cname is not None and deployed_cname != custom_domain:
        fix = (
            f"the next `brandkit deploy` writes {custom_domain}"
            if custom_domain
            else f"add `deploy: {{custom_domain: {deployed_cname}}}` or the next deploy drops it"
        )
        found.append(
            Finding(WARN, topic, f"the deployed branch has CNAME {deployed_cname}; {fix}.")
        )
    elif custom_domain:
        found.append(Finding(OK, topic, f"CNAME {custom_domain} is written on every deploy."))
    return found


def check_build(site_dir: Path, *, feeds: bool, shown: str) -> Finding:
    topic = "build"
    if not (site_dir / "index.html").is_file():
        return Finding(WARN, topic, f"no built site in {shown}/; run `brandkit build`.")
    wanted = ["sitemap.xml", "404.html"] + (["feed.xml", "atom.xml", "feed.json"] if feeds else [])
    missing = [name for name in wanted if not (site_dir / name).is_file()]
    if missing:
        return Finding(
            FAIL,
            topic,
            f"{shown}/ lacks {', '.join(missing)}; rebuild with `brandkit build --strict`.",
        )
    return Finding(OK, topic, f"{shown}/ has the sitemap" + (" and the feeds." if feeds else "."))


def check_environment(required: Iterable[tuple[str, str]], environ: Mapping[str, str]) -> Finding:
    """`required`: (variable, who reads it) as the senders and channels declare them."""
    topic = "environment"
    readers: dict[str, list[str]] = {}
    for name, who in required:
        readers.setdefault(name, []).append(who)
    if not readers:
        return Finding(OK, topic, "no secrets needed by the configured senders.")
    missing = [name for name in sorted(readers) if not environ.get(name)]
    if missing:
        named = "; ".join(f"{name} (read by {', '.join(readers[name])})" for name in missing)
        return Finding(
            FAIL,
            topic,
            f"not set: {named}. Export them in your shell, and add each as a repository secret "
            "(Settings > Secrets and variables > Actions): `brandkit ci` passes them to the "
            "notify job.",
        )
    return Finding(OK, topic, f"{', '.join(sorted(readers))} set (values not shown).")


def check_subscribers(shown: str, *, in_repository: bool, ignored: bool, tracked: bool) -> Finding:
    """An SMTP subscriber list must never reach a (public) repository."""
    topic = "subscribers"
    if tracked:
        return Finding(
            FAIL,
            topic,
            f"{shown} (readers' addresses) is committed; `git rm --cached {shown}`, add it to "
            ".gitignore, and in CI pass the list with `subscribers_env` (see the README).",
        )
    if in_repository and not ignored:
        return Finding(
            FAIL,
            topic,
            f"{shown} (readers' addresses) is inside the repository and not ignored; add it to "
            ".gitignore (or move it outside the repository).",
        )
    return Finding(OK, topic, f"{shown} stays out of the repository.")


def check_workflow(current: str | None, expected: str, installed: str, shown: str) -> Finding:
    topic = "workflow"
    if current is None:
        return Finding(WARN, topic, f"no {shown}; run `brandkit ci` to publish from GitHub.")
    version = recorded_version(current)
    if version is None:
        return Finding(
            WARN,
            topic,
            f"{shown} was not written by brandkit; compare with `brandkit ci --stdout`.",
        )
    if version != installed:
        return Finding(
            FAIL,
            topic,
            f"{shown} was written by brandkit {version}, installed is {installed}; "
            "run `brandkit ci --force` and commit it.",
        )
    if current != expected:
        return Finding(
            WARN,
            topic,
            f"{shown} differs from what `brandkit ci` writes now (edited, or mkdocs.yml "
            "changed); see `brandkit ci --stdout`, then `brandkit ci --force`.",
        )
    return Finding(OK, topic, f"{shown} is up to date (brandkit {installed}).")


def check_placeholders(found: Sequence[Placeholder]) -> list[Finding]:
    """Starter text from `brandkit new` left in the site: one warning per place (deploy and
    publish refuse it)."""
    if not found:
        return [Finding(OK, "content", "no starter text from `brandkit new` left.")]
    return [Finding(WARN, "content", f"{p}; deploy refuses it.") for p in found]
