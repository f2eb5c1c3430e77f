"""Starter text from `brandkit new` never reaches the public site unnoticed: `check` and `doctor`
list it, `deploy` and `publish` refuse it (naming each file) unless --allow-placeholders, and
the starter post is a draft."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from brandkit.placeholders import STARTER_PHRASES, find_placeholders
from tests.conftest import RunCli, personalize
from tests.gitrepo import bare_origin, commit_all, init_repo, remote_head

# The files an untouched new site must be warned about.
STARTER_FILES = {
    "content/about.md",
    "content/now.md",
    "content/uses.md",
    "content/projects/example-tool.md",
    "content/projects/my-website.md",
    "content/resume.json",
    "content/talks/what-i-learned-building-my-own-site.md",
}


def _shipped_text() -> str:
    root = resources.files("brandkit") / "templates" / "site"
    texts = []
    stack = [root]
    while stack:
        entry = stack.pop()
        if entry.is_dir():
            stack.extend(entry.iterdir())
        elif entry.name.endswith((".md", ".json", ".tmpl")):
            texts.append(entry.read_text(encoding="utf-8"))
    return "\n".join(texts)


def test_every_starter_phrase_is_one_brandkit_new_writes() -> None:
    shipped = _shipped_text() + (Path(__file__).parents[1] / "brandkit/commands/new.py").read_text()
    missing = [phrase for phrase, _ in STARTER_PHRASES if phrase not in shipped]
    assert missing == []


def test_the_example_site_has_no_starter_text() -> None:
    repo = Path(__file__).parents[1]
    assert find_placeholders(repo, repo / "content", repo / "mkdocs.yml") == []


def test_check_lists_starter_text_and_strict_fails(untouched_site: Path, cli: RunCli) -> None:
    result = cli("check")
    named = {
        line.split(":")[1].strip() for line in result.stderr.splitlines() if "starter text" in line
    }
    assert named == STARTER_FILES
    # The starter post is a draft, so its text is not listed: it is never published.
    assert "hello-world" not in result.stderr
    assert "1 draft" in result.output
    assert cli("check", "--strict", expect=1).exit_code == 1
    personalize(untouched_site)
    assert "starter text" not in cli("check", "--strict").stderr


def test_starter_post_is_a_draft_and_not_built(untouched_site: Path, cli: RunCli) -> None:
    post = next((untouched_site / "content" / "posts").glob("*.md"))
    assert "draft: true" in post.read_text(encoding="utf-8")
    cli("build")
    assert not (untouched_site / "site" / "blog" / "hello-world").exists()
    assert "This is the first post" not in (untouched_site / "site" / "feed.xml").read_text()


def test_a_published_post_with_starter_text_is_listed(untouched_site: Path, cli: RunCli) -> None:
    post = next((untouched_site / "content" / "posts").glob("*.md"))
    post.write_text(post.read_text(encoding="utf-8").replace("draft: true\n", ""))
    found = find_placeholders(
        untouched_site, untouched_site / "content", untouched_site / "mkdocs.yml"
    )
    assert any(p.path == f"content/posts/{post.name}" for p in found)


def _repo(site: Path, tmp_path: Path) -> Path:
    init_repo(site)
    commit_all(site, "New site")
    bare_origin(site, tmp_path / "origin.git")
    return tmp_path / "origin.git"


def test_deploy_refuses_starter_text_naming_each_file(
    untouched_site: Path, tmp_path: Path, cli: RunCli
) -> None:
    origin = _repo(untouched_site, tmp_path)
    result = cli("deploy", expect=1)
    assert "starter text from `brandkit new` is still in 7 files" in result.output
    for name in STARTER_FILES:
        assert name in result.output
    assert "--allow-placeholders" in result.output and "Nothing was deployed" in result.output
    assert remote_head(origin) is None
    cli("deploy", "--allow-placeholders")
    assert remote_head(origin) is not None


def test_deploy_after_personalizing(untouched_site: Path, tmp_path: Path, cli: RunCli) -> None:
    personalize(untouched_site)
    origin = _repo(untouched_site, tmp_path)
    cli("deploy")
    assert remote_head(origin) is not None


def test_publish_stops_at_check_on_starter_text(
    untouched_site: Path, tmp_path: Path, cli: RunCli
) -> None:
    origin = _repo(untouched_site, tmp_path)
    result = cli("publish", expect=1)
    assert "check     FAILED   starter text" in result.output
    assert "deploy    not run" in result.output
    assert remote_head(origin) is None


def test_doctor_lists_starter_text(untouched_site: Path, cli: RunCli) -> None:
    out = cli("doctor", expect=None).output
    listed = {line.split(":")[1].strip() for line in out.splitlines() if "starter text" in line}
    assert listed == STARTER_FILES
    personalize(untouched_site)
    assert "no starter text" in cli("doctor", expect=None).output
