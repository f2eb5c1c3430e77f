"""`brandkit doctor` on real repositories: the mistakes it must catch, and a clean bill."""

from __future__ import annotations

from pathlib import Path

from brandkit import __version__
from tests.conftest import RunCli
from tests.gitrepo import commit_all, git, init_repo


def configure(root: Path, *, site_url: str, deploy: str = "") -> None:
    config = root / "mkdocs.yml"
    lines = [
        f'site_url: "{site_url}"' if line.startswith("site_url:") else line
        for line in config.read_text(encoding="utf-8").splitlines()
    ]
    text = "\n".join(lines) + "\n"
    if deploy:
        text = text.replace("  - brandkit:\n", f"  - brandkit:\n      deploy: {deploy}\n")
    config.write_text(text, encoding="utf-8")


def lines(output: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in output.splitlines():
        level, _, rest = line.partition("  ")
        if level.strip() in ("ok", "warn", "fail"):
            topic = rest.split(":", 1)[0].strip()
            found[topic] = found.get(topic, "") + f"{level.strip()}: {rest}\n"
    return found


def test_project_site_url_must_include_the_repository(site: Path, cli: RunCli) -> None:
    init_repo(site)
    git(site, "remote", "add", "origin", "git@github.com:Jane/notes.git")
    configure(site, site_url="https://jane.github.io/")
    result = cli("doctor", expect=1)
    found = lines(result.output)
    assert found["site_url"].startswith("fail")
    assert "https://jane.github.io/notes/" in found["site_url"]
    configure(site, site_url="https://jane.github.io/notes/")
    cli("build")
    cli("ci")
    result = cli("doctor")
    found = lines(result.output)
    assert found["site_url"].startswith("ok") and found["build"].startswith("ok")
    assert found["workflow"].startswith("ok") and __version__ in found["workflow"]


def test_custom_domain_mismatches(site: Path, cli: RunCli) -> None:
    init_repo(site)
    git(site, "remote", "add", "origin", "https://github.com/jane/jane.github.io.git")
    configure(site, site_url="https://jane.dev/", deploy="{custom_domain: blog.jane.dev}")
    (site / "content" / "CNAME").write_text("jane.dev\n")
    found = lines(cli("doctor", expect=1).output)
    assert found["site_url"].startswith("fail") and "blog.jane.dev" in found["site_url"]
    assert found["custom domain"].startswith("fail") and "content/CNAME" in found["custom domain"]
    # A custom site_url with no custom_domain: the classic vanishing-CNAME setup.
    configure(site, site_url="https://jane.dev/")
    (site / "content" / "CNAME").unlink()
    text = (
        (site / "mkdocs.yml")
        .read_text()
        .replace("      deploy: {custom_domain: blog.jane.dev}\n", "")
    )
    (site / "mkdocs.yml").write_text(text)
    found = lines(cli("doctor").output)
    assert found["site_url"].startswith("warn") and "custom_domain: jane.dev" in found["site_url"]


def test_missing_build_outputs_and_stale_workflow(site: Path, cli: RunCli) -> None:
    init_repo(site)
    commit_all(site, "New site")
    cli("build")
    cli("ci")
    (site / "site" / "feed.json").unlink()
    workflow = site / ".github/workflows/brandkit.yml"
    workflow.write_text(
        workflow.read_text().replace(f"brandkit-version: {__version__}", "brandkit-version: 0.0.1")
    )
    result = cli("doctor", expect=1)
    found = lines(result.output)
    assert found["build"].startswith("fail") and "feed.json" in found["build"]
    assert found["workflow"].startswith("fail") and "brandkit 0.0.1" in found["workflow"]
    assert "brandkit ci --force" in found["workflow"]
    assert "to fix, " in result.output and "problem" in result.output
